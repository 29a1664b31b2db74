"""What arbitration takes from the disputes base (parties and representatives, scheduled sessions with
notices and a video adapter, documents served, the case file handed between orders), in one place so
that pointing it at `fawang.disputes` is an edit of this file only.

Until the base is merged these are arbitration's own minimal stand-ins, and they say so: the hearing's
video room comes from a local adapter that records what it would ask for; the case file of a failed
mediation is named on the case (`from_mediation`) and nothing is copied; a party is the order's own
applicant (the respondent is a name on the case)."""

from __future__ import annotations

import secrets
from typing import Any

from fawang.orders.models import ServiceOrder

LOCAL_VIDEO_NOTE = "本地记录：未接入视频服务，未建立真实视频连线 (local record: no video service connected)"


class LocalVideoBackend:
    """Records the room it would ask a video service for, and says that none is connected."""

    name = "local"

    def open_room(self, *, order: ServiceOrder, starts_at: Any) -> dict[str, Any]:
        return {
            "would_send": {
                "case": order.tracking_no,
                "starts_at": starts_at.isoformat(),
                "room": secrets.token_hex(6),
            },
            "note": LOCAL_VIDEO_NOTE,
        }


def video_backend() -> LocalVideoBackend:
    return LocalVideoBackend()


def case_file_copy(*, source: ServiceOrder, target: ServiceOrder, actor: Any) -> int:
    """Copy the case file of `source` (a failed mediation) onto `target`: the base's helper once it is
    merged. Without it nothing is copied (0), and the case keeps the source's tracking number."""
    return 0


def is_party(actor: Any, order: ServiceOrder) -> bool:
    """Whether `actor` is a party of the case (the base's parties once merged; now the applicant)."""
    return bool(getattr(actor, "pk", None)) and order.applicant_id == actor.pk
