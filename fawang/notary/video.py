"""Remote video sessions (远程视频公证, issue 12 Part B item 6): a booking of a video slot, opened by the
notary through a video adapter, with the identity checks recorded step by step. The only backend,
`LocalVideoBackend`, records the room it would ask for and says that no video service is connected.
An application booked by video is issued only once every identity step passed (`require_identity`)."""

from __future__ import annotations

import secrets
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.audit.services import audit_record
from fawang.core.errors import Conflict, FieldError, ValidationFailed
from fawang.core.types import Actor
from fawang.orders.models import ServiceOrder

from .enums import IdentityStep, SlotKind
from .models import Slot, VideoSession

LOCAL_NOTE = "本地记录：未接入视频服务，未建立真实视频连线 (local record: no video service connected)"


class VideoBackend(Protocol):
    name: str

    def open_room(self, *, slot: Slot) -> dict[str, Any]:
        """Ask the video service for a room for the slot; returns what was sent and answered."""


class LocalVideoBackend:
    name = "local"

    def open_room(self, *, slot: Slot) -> dict[str, Any]:
        return {
            "would_send": {
                "slot": slot.pk,
                "starts_at": slot.starts_at.isoformat(),
                "room": secrets.token_hex(6),
            },
            "note": LOCAL_NOTE,
        }


def backend() -> VideoBackend:
    return LocalVideoBackend()


def _video_slot(order: ServiceOrder) -> Slot | None:
    return Slot.objects.filter(order=order, kind=SlotKind.VIDEO).first()


def video_session_open(*, actor: Actor, order: ServiceOrder) -> VideoSession:
    policy.require_order(actor, "order.handle", order)
    slot = _video_slot(order)
    if slot is None:
        raise ValidationFailed([FieldError("invalid", _("This application has no video appointment."), None)])
    with transaction.atomic():
        if VideoSession.objects.filter(slot=slot).exists():
            raise Conflict("video_open", _("The video session is already open."), None)
        gateway = backend()
        session = VideoSession.objects.create(
            slot=slot, backend=gateway.name, room=gateway.open_room(slot=slot), opened_by=actor
        )
        audit_record(
            actor=actor, action="notary.video_open", entity=session, before=None, after={"slot": slot.pk}
        )
    return session


def identity_check_record(
    *, actor: Actor, order: ServiceOrder, step: str, passed: bool, note: str = ""
) -> VideoSession:
    """Record one identity step of the session, in the order of `IdentityStep` (a step after a failed
    or missing one is refused: the notary checks the document before the face, the face before the
    intent)."""
    policy.require_order(actor, "order.handle", order)
    if step not in IdentityStep.values:
        raise ValidationFailed([FieldError("invalid", _("Unknown identity check."), "step")])
    with transaction.atomic():
        session = VideoSession.objects.select_for_update().filter(slot__order=order).first()
        if session is None:
            raise Conflict("video_not_open", _("Open the video session first."), None)
        done = [c["step"] for c in session.checks if c["passed"]]
        expected = next((s for s in IdentityStep.values if s not in done), None)
        if step != expected:
            raise ValidationFailed(
                [
                    FieldError(
                        "invalid", _("Record the identity checks in order: this one is not next."), "step"
                    )
                ]
            )
        session.checks = [
            *session.checks,
            {
                "step": step,
                "passed": bool(passed),
                "by": actor.pk if actor else None,
                "at": timezone.now().isoformat(),
                "note": (note or "").strip()[:500],
            },
        ]
        session.save(update_fields=["checks", "updated_at"])
        audit_record(
            actor=actor,
            action="notary.identity_check",
            entity=session,
            before=None,
            after={"step": step, "passed": passed},
        )
    return session


def require_identity(order: ServiceOrder) -> None:
    """An application booked by video is issued only after every identity step passed."""
    if _video_slot(order) is None:
        return
    session = VideoSession.objects.filter(slot__order=order).first()
    passed = {c["step"] for c in (session.checks if session else []) if c["passed"]}
    if not set(IdentityStep.values) <= passed:
        raise ValidationFailed(
            [
                FieldError(
                    "identity_unchecked", _("Record every identity check of the video session first."), None
                )
            ]
        )
