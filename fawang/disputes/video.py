"""Video sessions (a mediation by video, a video hearing): an adapter with one backend. No video
service is connected: `LocalVideoBackend` records the room it would ask for and says so on every page
and record, never pretending a connection was made."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, Protocol

LOCAL_NOTE = "本地记录：未接入视频服务，未建立真实视频连线 (local record: no video service connected)"


class VideoBackend(Protocol):
    name: str

    def open_room(self, *, order: Any, starts_at: dt.datetime) -> dict[str, Any]:
        """Ask the video service for a room; returns what was sent and what it answered."""


class LocalVideoBackend:
    name = "local"

    def open_room(self, *, order: Any, starts_at: dt.datetime) -> dict[str, Any]:
        return {
            "would_send": {
                "order": order.tracking_no,
                "starts_at": starts_at.isoformat(),
                "room": secrets.token_hex(6),
            },
            "connected": False,
            "note": LOCAL_NOTE,
        }


def backend() -> VideoBackend:
    return LocalVideoBackend()
