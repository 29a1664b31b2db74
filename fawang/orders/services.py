"""Writes on service orders: intake, the lifecycle transitions and supervision (督办).

Every function here runs in one `transaction.atomic()`: the order row, its events, its attachments,
the audit entries, the hooks of other apps and the applicant's notice (a task enqueued with the
change, see fawang/notify/tasks.py) commit together or not at all. Status changes are conditional UPDATEs (`... WHERE status = <the
status the actor saw>`), so of two clerks acting at once exactly one wins and the other is told what
happened. See docs/adr/0007-service-order-lifecycle.md and docs/adr/0008-routing.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import inspect
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.catalog.models import ServiceItem
from fawang.core.context import current_meta, request_meta
from fawang.core.errors import Conflict, ErrorCollector, FieldError, Forbidden, NotFound, ValidationFailed
from fawang.core.identity import (
    InvalidIdentity,
    mobile_index,
    normalise_mobile,
    normalise_resident_id,
    resident_id_index,
)
from fawang.network.enums import Language
from fawang.regions.models import Region, RegionLevel

from . import reasons, routing
from .enums import (
    NOTIFY_EVENTS,
    OPEN_STATUSES,
    PUBLIC_EVENTS,
    ApplicantKind,
    Channel,
    ErrorCode,
    EventKind,
    OrderStatus,
    PriorityGroup,
    SupervisionKind,
    SupervisionStatus,
)
from .enums import TransitionAction as Action
from .models import Attachment, OrderEvent, ServiceOrder, SupervisionOrder
from .tracking import new_tracking_number
from .transitions import Transition, transition_for

DESCRIPTION_MIN = 5
DESCRIPTION_MAX = 5000
NAME_MAX = 64
ENTERPRISE_NAME_MAX = 128
TEXT_MAX = 5000  # reasons, resolutions, answers, supervision responses
MAX_ATTACHMENTS = 10
TRACKING_RETRIES = 5
# Channels on which staff take a request in person or on the phone and may answer it on the spot.
FIRST_CONTACT_CHANNELS = frozenset({Channel.HOTLINE, Channel.WINDOW})
# Region levels an order may name: where the applicant lives, precise enough to route.
INTAKE_LEVELS = frozenset({RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE})

# Magic numbers of the attachment types we accept: the claimed type is the client's word, the first
# bytes are the file's.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
# GB 32100-2015 unified social credit code: 18 characters from this alphabet, last one a check char.
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


# ---- small helpers ---------------------------------------------------------------------------------


def credit_code_is_valid(code: str) -> bool:
    """Unified social credit code (统一社会信用代码): shape and GB 32100 check character."""
    if len(code) != 18 or any(c not in _CREDIT_ALPHABET for c in code):
        return False
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(code[:17], _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_ALPHABET[(31 - total % 31) % 31] == code[17]


def _is_user(actor: Any) -> bool:
    return actor is not None and getattr(actor, "pk", None) is not None


def _actor_label(actor: Any) -> str:
    if actor is None:
        return _("Fawang (automatic)")
    if policy.is_staff_actor(actor):
        return actor.display_name or actor.username
    return _("Applicant")


def _local(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _snapshot(order: ServiceOrder) -> dict[str, Any]:
    """What the audit trail records of an order before and after a change (no personal numbers)."""
    return {
        "status": order.status,
        "assigned_point": order.assigned_point_id,
        "assigned_institution": order.assigned_institution_id,
        "assigned_practitioner": order.assigned_practitioner_id,
        "handler_region_path": order.handler_region_path,
        "accepted_by": order.accepted_by_id,
        "due_at": order.due_at,
        "warn_at": order.warn_at,
        "clock_paused_working_days": order.clock_paused_working_days,
        "suspended_at": order.suspended_at,
        "resolved_at": order.resolved_at,
    }


def _audit(*, actor: Any, action: str, entity: Any, before: dict | None, after: dict | None) -> None:
    from fawang.audit.services import audit_record

    audit_record(
        actor=actor if _is_user(actor) else None, action=action, entity=entity, before=before, after=after
    )


def _enqueue_notice(order: ServiceOrder, event: OrderEvent) -> None:
    """The applicant's notice as a task enqueued with this change (fawang/notify/tasks.py): with the
    database task backend one INSERT in this transaction, otherwise enqueued on commit."""
    from fawang.notify.tasks import enqueue_with_change, notify_order_event_task

    enqueue_with_change(notify_order_event_task, args=(event.pk, str(order.status)))


def _new_event(
    order: ServiceOrder,
    kind: str,
    *,
    actor: Any,
    now: dt.datetime,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    data: dict | None = None,
    channel: str | None = None,
) -> OrderEvent:
    """An unsaved event; `_save_events` writes it."""
    return OrderEvent(
        order=order,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        actor=actor if _is_user(actor) else None,
        actor_label=_actor_label(actor),
        channel=channel or current_meta().channel,
        reason=reason,
        data=data or {},
        is_public=kind in PUBLIC_EVENTS,
        created_at=now,
    )


def _save_events(events: Sequence[OrderEvent]) -> list[OrderEvent]:
    """Write `events` (of one order or many) in one INSERT and enqueue the applicant's notices for
    those in NOTIFY_EVENTS, in event order, once the rows exist so the task can name them."""
    events = list(events)
    if len(events) == 1:
        events[0].save(force_insert=True)
    elif events:
        OrderEvent.objects.bulk_create(events)  # sets the ids on PostgreSQL and SQLite >= 3.35
    for event in events:
        if event.kind in NOTIFY_EVENTS:
            _enqueue_notice(event.order, event)
    return events


def _add_event(order: ServiceOrder, kind: str, **kwargs: Any) -> OrderEvent:
    """Write one event (see `_new_event` for the arguments) and enqueue its notice if it has one."""
    return _save_events([_new_event(order, kind, **kwargs)])[0]


def _deadline(order: ServiceOrder, *, start: dt.datetime | None = None, paused: int | None = None) -> Any:
    """The order's due and warning times from its clock (fawang.core.calendar does the counting);
    `start` and `paused` replace the order's own values for a clock about to change."""
    from fawang.core.calendar import compute_deadline

    from .clock import order_deadline

    if start is None and paused is None:
        return order_deadline(order)
    item = order.service_item
    return compute_deadline(
        start=start or order.clock_started_at,
        limit=item.time_limit,
        unit=item.time_limit_unit,
        paused_working_days=order.clock_paused_working_days if paused is None else paused,
        warn_ratio=item.warn_ratio,
    )


def _after_commit_load(key: str | None, delta: int) -> None:
    if key:
        transaction.on_commit(partial(routing.adjust_load, key, delta))


def _order_handler_key(order: ServiceOrder) -> str | None:
    return routing.handler_key(point_id=order.assigned_point_id, institution_id=order.assigned_institution_id)


# ---- intake ----------------------------------------------------------------------------------------


def _handler_name(order: ServiceOrder) -> str:
    """The name of the place the order is assigned to now."""
    place = order.assigned_place
    return place.name if place else ""


def _sniff(head: bytes) -> str | None:
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def _check_attachments(attachments: Sequence[Any], errors: ErrorCollector) -> list[tuple[Any, str]]:
    """Size and sniffed type of each file; returns (file, content type) for the good ones."""
    if len(attachments) > MAX_ATTACHMENTS:
        errors.add(
            "attachments",
            ErrorCode.ATTACHMENT_TOO_MANY,
            _("At most %(n)d files may be attached.") % {"n": MAX_ATTACHMENTS},
        )
        return []
    allowed = settings.FAWANG_ATTACHMENT_TYPES
    limit = settings.FAWANG_ATTACHMENT_MAX_BYTES
    good: list[tuple[Any, str]] = []
    for upload in attachments:
        name = getattr(upload, "name", "") or "file"
        if upload.size > limit:
            errors.add(
                "attachments",
                ErrorCode.ATTACHMENT_TOO_LARGE,
                _("%(name)s is larger than %(mb)d MB.") % {"name": name, "mb": limit // (1024 * 1024)},
            )
            continue
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        content_type = _sniff(head)
        if content_type not in allowed:
            errors.add(
                "attachments",
                ErrorCode.ATTACHMENT_TYPE,
                _("%(name)s is not a PDF, JPEG or PNG file.") % {"name": name},
            )
            continue
        good.append((upload, content_type))
    return good


def _store_attachment(upload: Any, content_type: str, written: list[Path]) -> tuple[str, str, int]:
    """Write the file under MEDIA_ROOT by its SHA-256 (identical files are stored once). Paths this call
    created are appended to `written` so a failed intake can delete them again."""
    root = Path(settings.MEDIA_ROOT) / "attachments"
    root.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=root, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            upload.seek(0)
            for chunk in (
                upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b"")
            ):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        if size > settings.FAWANG_ATTACHMENT_MAX_BYTES:  # the declared size lied
            raise ValidationFailed(
                [
                    FieldError(
                        ErrorCode.ATTACHMENT_TOO_LARGE,
                        _("%(name)s is too large.") % {"name": upload.name},
                        "attachments",
                    )
                ]
            )
        sha = digest.hexdigest()
        storage_name = f"attachments/{sha[:2]}/{sha}{settings.FAWANG_ATTACHMENT_TYPES[content_type]}"
        target = Path(settings.MEDIA_ROOT) / storage_name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp_name, target)
            written.append(target)
        return sha, storage_name, size
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)


def _resolve_region(region: Region | str | None, errors: ErrorCollector) -> Region | None:
    if region is None or region == "":
        errors.add("region", ErrorCode.REQUIRED, _("Choose the county or township where you live."))
        return None
    if not isinstance(region, Region):
        found = Region.objects.filter(code=str(region).strip()).first()
        if found is None:
            errors.add("region", ErrorCode.REGION_UNKNOWN, _("Unknown region code."))
            return None
        region = found
    if region.level not in INTAKE_LEVELS:
        errors.add(
            "region",
            ErrorCode.REGION_TOO_COARSE,
            _("Choose a county or township, not a whole prefecture or the province."),
        )
        return None
    return region


def _validate_intake(
    *,
    actor: Any,
    channel: str,
    service_item: ServiceItem | None,
    region: Region | str | None,
    description: str,
    applicant_kind: str,
    applicant_name: str,
    applicant_phone: str,
    applicant_id_number: str,
    enterprise_name: str,
    enterprise_credit_code: str,
    language: str,
    priority_groups: Sequence[str],
    attachments: Sequence[Any],
    applicant: Any,
    resolved_at_first_contact: str | None,
) -> dict[str, Any]:
    """Check every field and report all problems at once (one FieldError per field)."""
    errors = ErrorCollector()
    clean: dict[str, Any] = {}

    if channel not in Channel.values:
        errors.add("channel", ErrorCode.CHANNEL_UNKNOWN, _("Unknown channel."))
    if service_item is None:
        errors.add("service_item", ErrorCode.REQUIRED, _("Choose a service."))
    elif not service_item.is_active:
        errors.add("service_item", ErrorCode.SERVICE_ITEM_INACTIVE, _("This service is no longer offered."))
    clean["region"] = _resolve_region(region, errors)

    text = (description or "").strip()
    if not text:
        errors.add("description", ErrorCode.REQUIRED, _("Describe your problem."))
    elif len(text) < DESCRIPTION_MIN:
        errors.add(
            "description",
            ErrorCode.DESCRIPTION_TOO_SHORT,
            _("Describe your problem in at least %(n)d characters.") % {"n": DESCRIPTION_MIN},
        )
    elif len(text) > DESCRIPTION_MAX:
        errors.add(
            "description",
            ErrorCode.DESCRIPTION_TOO_LONG,
            _("The description may have at most %(n)d characters.") % {"n": DESCRIPTION_MAX},
        )
    clean["description"] = text

    if applicant_kind not in ApplicantKind.values:
        errors.add("applicant_kind", ErrorCode.APPLICANT_KIND_UNKNOWN, _("Unknown kind of applicant."))
    name = (applicant_name or "").strip() or (getattr(applicant, "display_name", "") or "")
    if len(name) > NAME_MAX:
        errors.add(
            "applicant_name",
            ErrorCode.NAME_TOO_LONG,
            _("The name may have at most %(n)d characters.") % {"n": NAME_MAX},
        )
    clean["applicant_name"] = name[:NAME_MAX]

    # The phone: how the applicant is reached and how they track the order without an account. A
    # signed-in applicant's verified number is used when none is given.
    phone = (applicant_phone or "").strip() or (getattr(applicant, "phone", "") or "")
    clean["phone"] = ""
    if not phone:
        errors.add(
            "applicant_phone",
            ErrorCode.REQUIRED,
            _("A mobile number is required so we can reach you and you can track the request."),
        )
    else:
        try:
            clean["phone"] = normalise_mobile(phone, field="applicant_phone")
        except InvalidIdentity as exc:
            errors.add("applicant_phone", exc.code, exc.message)

    clean["id_number"] = ""
    if (applicant_id_number or "").strip():
        try:
            clean["id_number"] = normalise_resident_id(applicant_id_number, field="applicant_id_number")
        except InvalidIdentity as exc:
            errors.add("applicant_id_number", exc.code, exc.message)

    clean["enterprise_name"] = clean["credit_code"] = ""
    if applicant_kind == ApplicantKind.ENTERPRISE:
        ent = (enterprise_name or "").strip()
        if not ent:
            errors.add("enterprise_name", ErrorCode.REQUIRED, _("Enter the enterprise's registered name."))
        elif len(ent) > ENTERPRISE_NAME_MAX:
            errors.add(
                "enterprise_name",
                ErrorCode.NAME_TOO_LONG,
                _("The name may have at most %(n)d characters.") % {"n": ENTERPRISE_NAME_MAX},
            )
        code = re.sub(r"\s", "", enterprise_credit_code or "").upper()
        if not code:
            errors.add(
                "enterprise_credit_code",
                ErrorCode.REQUIRED,
                _("Enter the enterprise's unified social credit code."),
            )
        elif not credit_code_is_valid(code):
            errors.add(
                "enterprise_credit_code",
                ErrorCode.CREDIT_CODE_INVALID,
                _("A unified social credit code has 18 characters and a valid check character (GB 32100)."),
            )
        clean["enterprise_name"], clean["credit_code"] = ent, code

    if language not in Language.values:
        errors.add("language", ErrorCode.LANGUAGE_UNKNOWN, _("Unknown language."))
    groups = list(dict.fromkeys(priority_groups or ()))
    unknown = [g for g in groups if g not in PriorityGroup.values]
    if unknown:
        errors.add(
            "priority_groups",
            ErrorCode.PRIORITY_GROUP_UNKNOWN,
            _("Unknown priority group: %(groups)s.") % {"groups": ", ".join(map(str, unknown))},
        )
    clean["priority_groups"] = groups

    if resolved_at_first_contact is not None:
        answer = resolved_at_first_contact.strip()
        if not (policy.is_staff_actor(actor) and channel in FIRST_CONTACT_CHANNELS):
            errors.add(
                "resolved_at_first_contact",
                ErrorCode.FIRST_CONTACT_NOT_ALLOWED,
                _("Only a hotline agent or window clerk can answer a request on the spot."),
            )
        elif not answer:
            errors.add(
                "resolved_at_first_contact", ErrorCode.RESOLUTION_REQUIRED, _("Write down the answer given.")
            )
        elif len(answer) > TEXT_MAX:
            errors.add(
                "resolved_at_first_contact",
                ErrorCode.DESCRIPTION_TOO_LONG,
                _("The answer may have at most %(n)d characters.") % {"n": TEXT_MAX},
            )
        clean["answer"] = answer

    clean["files"] = _check_attachments(list(attachments or ()), errors)
    errors.raise_if_any()
    return clean


def order_submit(
    *,
    actor: Any,
    channel: str,
    service_item: ServiceItem,
    region: Region,
    description: str,
    applicant_kind: str,
    applicant_name: str = "",
    applicant_phone: str = "",
    applicant_id_number: str = "",
    enterprise_name: str = "",
    enterprise_credit_code: str = "",
    language: str = "zh",
    priority_groups: Sequence[str] = (),
    attachments: Sequence[Any] = (),
    applicant: Any = None,
    resolved_at_first_contact: str | None = None,
    now: dt.datetime | None = None,
) -> ServiceOrder:
    """Take in one request from any channel: validate every field (all errors at once), route it,
    start its clock, write the order, its attachments, events and audit entry in one transaction and
    notify the applicant after commit.

    `actor` is the staff member receiving it (window, hotline), the signed-in citizen, or None for an
    anonymous web/app request. With `resolved_at_first_contact` (hotline/window only) the order is
    created already resolved with that answer."""
    if policy.is_staff_actor(actor):
        policy.require_action(actor, "order.create")
    elif actor is not None and getattr(actor, "is_citizen", False):
        applicant = applicant or actor  # a citizen files for themselves
    clean = _validate_intake(
        actor=actor,
        channel=channel,
        service_item=service_item,
        region=region,
        description=description,
        applicant_kind=applicant_kind,
        applicant_name=applicant_name,
        applicant_phone=applicant_phone,
        applicant_id_number=applicant_id_number,
        enterprise_name=enterprise_name,
        enterprise_credit_code=enterprise_credit_code,
        language=language,
        priority_groups=priority_groups,
        attachments=attachments,
        applicant=applicant,
        resolved_at_first_contact=resolved_at_first_contact,
    )
    region = clean["region"]
    now = now or timezone.now()
    staff_receiver = actor if policy.is_staff_actor(actor) else None
    on_the_spot = resolved_at_first_contact is not None

    written: list[Path] = []
    today = timezone.localtime(now).date()
    try:
        for attempt in range(TRACKING_RETRIES):
            meta = current_meta()
            # Without a request context (a command, a test) the audit entry still names the intake channel.
            context = request_meta(channel, meta.ip) if meta.channel == "system" else contextlib.nullcontext()
            try:
                with context, transaction.atomic():
                    return _intake_write(
                        actor=actor,
                        channel=channel,
                        service_item=service_item,
                        region=region,
                        applicant=applicant,
                        applicant_kind=applicant_kind,
                        language=language,
                        clean=clean,
                        staff_receiver=staff_receiver,
                        on_the_spot=on_the_spot,
                        tracking_no=new_tracking_number(today=today),
                        now=now,
                        written=written,
                    )
            except _TrackingNumberTaken:
                # The whole transaction (a savepoint inside a caller's one) rolled back; nothing of
                # this attempt remains but content-addressed files the next attempt reuses.
                if attempt == TRACKING_RETRIES - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover
    except BaseException:
        # Nothing of a failed intake may remain: the rows rolled back, the files go too.
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise


class _TrackingNumberTaken(IntegrityError):
    """The random tracking number is already used: retry the intake with a fresh one."""


def _intake_write(
    *,
    actor: Any,
    channel: str,
    service_item: ServiceItem,
    region: Region,
    applicant: Any,
    applicant_kind: str,
    language: str,
    clean: dict[str, Any],
    staff_receiver: Any,
    on_the_spot: bool,
    tracking_no: str,
    now: dt.datetime,
    written: list[Path],
) -> ServiceOrder:
    """Route, time and write one validated order with its attachments, events, audit entry and the
    applicant's notice, in the caller's transaction. Round trips on the usual path (no attachments):
    INSERT order, INSERT events (one statement), INSERT audit entry, INSERT task (database backend)."""
    order = ServiceOrder(
        tracking_no=tracking_no,
        channel=channel,
        service_item=service_item,
        applicant_kind=applicant_kind,
        applicant=applicant,
        applicant_name=clean["applicant_name"],
        applicant_phone=clean["phone"],
        applicant_phone_index=mobile_index(clean["phone"]),
        applicant_id_number=clean["id_number"],
        applicant_id_number_index=resident_id_index(clean["id_number"]) if clean["id_number"] else "",
        enterprise_name=clean["enterprise_name"],
        enterprise_credit_code=clean["credit_code"],
        region=region,
        region_path=region.path,
        language=language,
        priority_groups=clean["priority_groups"],
        description=clean["description"],
        first_responder=staff_receiver,  # 首问负责: the person who took the request
        submitted_at=now,
        clock_started_at=now,
    )
    if on_the_spot:
        decision = None
        point = staff_receiver.service_point
        order.assigned_point = point
        order.handler_region_path = (
            point.region.path if point else (policy.jurisdiction_path(staff_receiver) or region.path)
        )
        order.routing_facts = {
            "kind": reasons.FIRST_CONTACT,
            "place": point.name if point else _actor_label(staff_receiver),
        }
        order.routing_reason = reasons.reason_for_record(order.routing_facts)
        order.status = OrderStatus.RESOLVED
        order.resolution = clean["answer"]
        order.resolved_at = order.accepted_at = now
        order.accepted_by = staff_receiver
        order.resolved_at_first_contact = True
    else:
        decision = routing.route(service_item=service_item, region=region, language=language)
        order.assigned_point_id = decision.point_id
        order.assigned_institution_id = decision.institution_id
        order.assigned_practitioner_id = decision.practitioner_id
        order.handler_region_path = decision.handler_region_path
        order.routing_facts = decision.facts
        order.routing_reason = decision.reason
        if staff_receiver is None:
            # Nobody received it in person: the staff of the place it was routed to answer.
            order.first_responder_point_id = decision.point_id
        deadline = _deadline(order)
        order.due_at, order.warn_at = deadline.due_at, deadline.warn_at
        order.due_is_provisional = deadline.provisional
    _insert_order(order)

    for upload, content_type in clean["files"]:
        sha, storage_name, size = _store_attachment(upload, content_type, written)
        Attachment.objects.create(
            order=order,
            original_name=(upload.name or "file")[:255],
            content_type=content_type,
            size=size,
            sha256=sha,
            storage_name=storage_name,
            uploaded_by=actor if _is_user(actor) else None,
        )

    events = [
        _new_event(
            order,
            EventKind.SUBMITTED,
            actor=actor,
            now=now,
            to_status=OrderStatus.SUBMITTED,
            channel=channel,
            data={"attachments": len(clean["files"])},
        )
    ]
    if decision is None:
        events.append(
            _new_event(
                order,
                EventKind.FIRST_CONTACT_RESOLVED,
                actor=actor,
                now=now,
                from_status=OrderStatus.SUBMITTED,
                to_status=OrderStatus.RESOLVED,
                channel=channel,
                reason=order.resolution,
            )
        )
    else:
        events.append(
            _new_event(
                order,
                EventKind.ROUTED,
                actor=None,
                now=now,
                channel=channel,
                reason=order.routing_reason,
                data={
                    "point": decision.point_id,
                    "institution": decision.institution_id,
                    "practitioner": decision.practitioner_id,
                    "handler": decision.handler_name,
                    "due_at": order.due_at.isoformat(),
                    "provisional": order.due_is_provisional,
                    "facts": decision.facts,
                },
            )
        )
        _after_commit_load(decision.handler_key, +1)
    _save_events(events)
    _audit(actor=actor, action="order.submit", entity=order, before=None, after=_snapshot(order))
    if on_the_spot:
        from fawang.feedback.services import feedback_on_order_resolved

        feedback_on_order_resolved(order=order, actor=actor)
    return order


def _insert_order(order: ServiceOrder) -> None:
    """Random number + unique constraint + retry of the whole intake: no counter row that every intake
    must lock, and no savepoint round trips around the INSERT for the rare collision."""
    try:
        order.save(force_insert=True)
    except IntegrityError as exc:
        if "tracking_no" in str(exc):
            raise _TrackingNumberTaken(str(exc)) from exc
        raise


# ---- the lifecycle ---------------------------------------------------------------------------------


def _check_actor(actor: Any, order: ServiceOrder, t: Transition | None) -> None:
    if actor is None:
        if t is not None and t.allow_system:
            return
        raise Forbidden("permission_denied", _("Only a member of staff can do this."), None)
    # Outside the jurisdiction the order does not exist for the actor (NotFound, not Forbidden).
    if not policy.can_see_order(actor, order):
        raise NotFound(ErrorCode.ORDER_NOT_FOUND, _("No such service order."), "tracking_no")
    if not policy.is_staff_actor(actor) or (
        t is not None and not any(policy.has_action(actor, p) for p in t.policy)
    ):
        raise Forbidden("permission_denied", _("Your role does not allow this action."), None)
    if t is not None and not any(policy.can_act_on_order(actor, p, order) for p in t.policy):
        raise Forbidden(
            ErrorCode.ORDER_ELSEWHERE,
            _("This order is handled by %(place)s: only staff there, or above them, can act on it.")
            % {"place": _handler_name(order) or _("another place")},
            None,
        )


def _conflict(order: ServiceOrder, action: str) -> Conflict:
    """Explain why a conditional update matched no row: somebody else changed the order first."""
    current = ServiceOrder.objects.filter(pk=order.pk).select_related("accepted_by").first()
    if current is None:
        return Conflict(ErrorCode.ORDER_NOT_FOUND, _("No such service order."), "tracking_no")
    if action == Action.ACCEPT and current.accepted_by_id:
        return Conflict(
            ErrorCode.ALREADY_ACCEPTED,
            _("%(name)s already accepted this order at %(time)s.")
            % {"name": _actor_label(current.accepted_by), "time": _local(current.accepted_at)},
            "status",
        )
    return Conflict(
        ErrorCode.ORDER_CHANGED,
        _("Someone changed this order meanwhile: it is now “%(status)s”. Reload it and try again.")
        % {"status": OrderStatus(current.status).label},
        "status",
    )


def _require_text(value: str, field: str, code: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed([FieldError(code, message, field)])
    if len(text) > TEXT_MAX:
        raise ValidationFailed(
            [
                FieldError(
                    ErrorCode.DESCRIPTION_TOO_LONG, _("At most %(n)d characters.") % {"n": TEXT_MAX}, field
                )
            ]
        )
    return text


def _transition(
    *,
    actor: Any,
    order: ServiceOrder,
    action: str,
    reason: str = "",
    changes: Callable[[dt.datetime], dict[str, Any]] | None = None,
    expect: dict[str, Any] | None = None,
    data: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    after: Callable[[ServiceOrder, dt.datetime], None] | None = None,
    now: dt.datetime | None = None,
) -> ServiceOrder:
    """The one place a status changes: table lookup, policy, conditional UPDATE, event, audit, notice.

    `changes(now)` gives the other columns to set; `expect` adds columns the UPDATE must still find as
    the actor saw them; `after` runs inside the transaction once the row changed (hooks of other apps)."""
    t = transition_for(order.status, action)
    _check_actor(actor, order, t)
    if t is None:
        if action == Action.ACCEPT and order.accepted_by_id:
            raise _conflict(order, action)
        raise Conflict(
            ErrorCode.TRANSITION_NOT_ALLOWED,
            _("An order that is “%(status)s” cannot be given the action “%(action)s”.")
            % {"status": OrderStatus(order.status).label, "action": Action(action).label},
            "action",
        )
    if t.reason_required:
        reason = _require_text(reason, "reason", ErrorCode.REASON_REQUIRED, _("Give a reason."))
    else:
        reason = (reason or "").strip()[:TEXT_MAX]

    with transaction.atomic():
        now = now or timezone.now()
        fields = {"status": t.to, "updated_at": now, **(changes(now) if changes else {})}
        before = _snapshot(order)
        from_status = order.status
        matched = ServiceOrder.objects.filter(pk=order.pk, status=from_status, **(expect or {})).update(
            **fields
        )
        if matched != 1:
            raise _conflict(order, action)
        for name, value in fields.items():
            setattr(order, name, value)
        _add_event(
            order,
            t.event,
            actor=actor,
            now=now,
            from_status=from_status,
            to_status=t.to,
            reason=reason,
            data=data(fields) if data else {},
        )
        _audit(actor=actor, action=f"order.{action}", entity=order, before=before, after=_snapshot(order))
        if from_status in OPEN_STATUSES and t.to not in OPEN_STATUSES:
            _after_commit_load(_order_handler_key(order), -1)
        elif from_status not in OPEN_STATUSES and t.to in OPEN_STATUSES:
            _after_commit_load(_order_handler_key(order), +1)
        if after:
            after(order, now)
    return order


def order_accept(*, actor: Any, order: ServiceOrder) -> ServiceOrder:
    """受理: the handler takes the order on and from now answers for it (the first responder's duty
    ends). Of two concurrent accepts exactly one wins; the other gets Conflict "order_already_accepted"."""
    return _transition(
        actor=actor,
        order=order,
        action=Action.ACCEPT,
        changes=lambda now: {"accepted_by": actor, "accepted_at": now},
    )


def order_reject(*, actor: Any, order: ServiceOrder, reason: str) -> ServiceOrder:
    """不予受理 with a written reason the applicant sees (final)."""
    return _transition(
        actor=actor, order=order, action=Action.REJECT, reason=reason, changes=lambda now: {"closed_at": now}
    )


def order_start(*, actor: Any, order: ServiceOrder) -> ServiceOrder:
    return _transition(actor=actor, order=order, action=Action.START)


def order_suspend(*, actor: Any, order: ServiceOrder, reason: str) -> ServiceOrder:
    """补正: waiting for materials from the applicant; the time limit stops until `order_resume`."""
    return _transition(
        actor=actor,
        order=order,
        action=Action.SUSPEND,
        reason=reason,
        changes=lambda now: {"suspended_at": now},
    )


def order_resume(*, actor: Any, order: ServiceOrder, reason: str = "") -> ServiceOrder:
    """Materials arrived: the working days spent suspended are added to the clock and the due and
    warning times recomputed (a new warning and overdue check follow if they now lie ahead)."""
    from fawang.core.calendar import working_days_between

    suspended_at = order.suspended_at
    paused_before = order.clock_paused_working_days

    def changes(now: dt.datetime) -> dict[str, Any]:
        paused = 0
        if suspended_at is not None:
            paused = working_days_between(timezone.localdate(suspended_at), timezone.localdate(now))
        deadline = _deadline(order, paused=paused_before + paused)
        fields: dict[str, Any] = {
            "suspended_at": None,
            "clock_paused_working_days": paused_before + paused,
            "due_at": deadline.due_at,
            "warn_at": deadline.warn_at,
            "due_is_provisional": deadline.provisional,
        }
        if deadline.warn_at > now:
            fields["warned_at"] = None
        if deadline.due_at > now:
            fields["overdue_at"] = None
        return fields

    return _transition(
        actor=actor,
        order=order,
        action=Action.RESUME,
        reason=reason,
        changes=changes,
        expect={"suspended_at": suspended_at},
        data=lambda f: {
            "paused_working_days": f["clock_paused_working_days"] - paused_before,
            "due_at": f["due_at"].isoformat(),
            "provisional": f["due_is_provisional"],
        },
    )


def order_transfer(
    *,
    actor: Any,
    order: ServiceOrder,
    reason: str,
    to_point: Any = None,
    to_institution: Any = None,
    to_level: str | None = None,
) -> ServiceOrder:
    """转办 to another service point or institution, or up to `to_level` (routing picks the place
    there). The order waits for acceptance at the new place; whoever received it stays answerable
    until then. The routing reason becomes "转办：<reason>" (Transferred: <reason>)."""
    reason_text = _require_text(
        reason, "reason", ErrorCode.REASON_REQUIRED, _("Give a reason for the transfer.")
    )
    current_key = _order_handler_key(order)
    if to_institution is not None:
        if not to_institution.is_active:
            raise ValidationFailed(
                [FieldError(ErrorCode.NO_HANDLER, _("That institution is not active."), "to_institution")]
            )
        decision = routing.decision_for_place(institution=to_institution)
    elif to_point is not None:
        if not to_point.is_active:
            raise ValidationFailed(
                [FieldError(ErrorCode.NO_HANDLER, _("That service point is not active."), "to_point")]
            )
        decision = routing.decision_for_place(point=to_point)
    elif to_level:
        if to_level not in RegionLevel.values:
            raise ValidationFailed([FieldError(ErrorCode.REQUIRED, _("Unknown level."), "to_level")])
        # Check access before routing so an outsider learns nothing from the routing error.
        _check_actor(actor, order, transition_for(order.status, Action.TRANSFER))
        decision = routing.route(
            service_item=order.service_item,
            region=order.region_path,
            language=order.language,
            min_level=to_level,
            exclude=[current_key] if current_key else [],
        )
    else:
        raise ValidationFailed(
            [
                FieldError(
                    ErrorCode.TRANSFER_TARGET_REQUIRED,
                    _("Choose the service point, institution or level to transfer to."),
                    "to_point",
                )
            ]
        )
    if decision.handler_key == current_key:
        raise ValidationFailed(
            [FieldError(ErrorCode.TRANSFER_SAME_PLACE, _("The order is already there."), "to_point")]
        )
    from_name = _handler_name(order)
    facts = {"kind": reasons.TRANSFER, "reason": reason_text}

    def after(o: ServiceOrder, now: dt.datetime) -> None:
        _after_commit_load(current_key, -1)
        _after_commit_load(decision.handler_key, +1)

    return _transition(
        actor=actor,
        order=order,
        action=Action.TRANSFER,
        reason=reason_text,
        expect={
            "assigned_point_id": order.assigned_point_id,
            "assigned_institution_id": order.assigned_institution_id,
        },
        changes=lambda now: {
            "assigned_point_id": decision.point_id,
            "assigned_institution_id": decision.institution_id,
            "assigned_practitioner_id": decision.practitioner_id,
            "handler_region_path": decision.handler_region_path,
            "routing_facts": facts,
            "routing_reason": reasons.reason_for_record(facts),
            "accepted_by": None,
            "accepted_at": None,
        },
        data=lambda f: {
            "from": from_name,
            "from_key": current_key,
            "to": decision.handler_name,
            "to_key": decision.handler_key,
            "routing": decision.reason,
        },
        after=after,
    )


def order_resolve(*, actor: Any, order: ServiceOrder, resolution: str) -> ServiceOrder:
    """办结 with the answer given; the feedback app then invites the rating and, for hotline orders,
    schedules the return visit."""
    text = _require_text(
        resolution, "resolution", ErrorCode.RESOLUTION_REQUIRED, _("Write down the resolution.")
    )

    def after(o: ServiceOrder, now: dt.datetime) -> None:
        from fawang.feedback.services import feedback_on_order_resolved

        feedback_on_order_resolved(order=o, actor=actor)

    return _transition(
        actor=actor,
        order=order,
        action=Action.RESOLVE,
        reason=text,
        changes=lambda now: {"resolution": text, "resolved_at": now},
        after=after,
    )


def order_reopen(*, actor: Any, order: ServiceOrder, reason: str) -> ServiceOrder:
    """A bad rating sends a resolved order back to work. The rework gets a fresh time limit from now
    (the original one was met or already supervised), so the sweep watches it again."""

    def changes(now: dt.datetime) -> dict[str, Any]:
        deadline = _deadline(order, start=now, paused=0)
        return {
            "resolved_at": None,
            "clock_started_at": now,
            "clock_paused_working_days": 0,
            "due_at": deadline.due_at,
            "warn_at": deadline.warn_at,
            "due_is_provisional": deadline.provisional,
            "warned_at": None,
            "overdue_at": None,
        }

    return _transition(
        actor=actor,
        order=order,
        action=Action.REOPEN,
        reason=reason,
        changes=changes,
        data=lambda f: {"due_at": f["due_at"].isoformat()},
    )


def order_close(*, actor: Any, order: ServiceOrder, reason: str) -> ServiceOrder:
    """Close a resolved order (rated, or its rating window passed: then `actor` is None)."""
    return _transition(
        actor=actor, order=order, action=Action.CLOSE, reason=reason, changes=lambda now: {"closed_at": now}
    )


_ACTIONS: dict[str, Callable[..., ServiceOrder]] = {
    Action.ACCEPT: order_accept,
    Action.REJECT: order_reject,
    Action.START: order_start,
    Action.SUSPEND: order_suspend,
    Action.RESUME: order_resume,
    Action.TRANSFER: order_transfer,
    Action.RESOLVE: order_resolve,
    Action.REOPEN: order_reopen,
    Action.CLOSE: order_close,
}


def order_transition(*, actor: Any, order: ServiceOrder, action: str, **kwargs: Any) -> ServiceOrder:
    """Dispatch by action name (the API's `POST /orders/{tracking_no}/transitions`)."""
    service = _ACTIONS.get(action)
    if service is None:
        raise ValidationFailed(
            [
                FieldError(
                    ErrorCode.ACTION_UNKNOWN,
                    _("Unknown action. Use one of: %(actions)s.") % {"actions": ", ".join(_ACTIONS)},
                    "action",
                )
            ]
        )
    try:
        inspect.signature(service).bind(actor=actor, order=order, **kwargs)
    except TypeError as exc:
        # A missing or unexpected field from the API is the caller's mistake, not a server error.
        raise ValidationFailed(
            [
                FieldError(
                    ErrorCode.REQUIRED, _("Wrong fields for this action: %(detail)s") % {"detail": exc}, None
                )
            ]
        ) from None
    return service(actor=actor, order=order, **kwargs)


# ---- supervision (督办) -----------------------------------------------------------------------------


def supervision_region_above(path: str) -> str:
    """The region code one level above the region at the end of `path` (the province stays itself)."""
    codes = path.rstrip("/").split("/")
    return codes[-2] if len(codes) > 1 else codes[-1]


@dataclass
class SupervisionSpec:
    """One supervision order for `supervisions_create`."""

    order: ServiceOrder
    kind: str
    issued_to_code: str
    reason: str
    deadline: dt.datetime
    parent: SupervisionOrder | None = None


@dataclass
class PendingWrites:
    """Events and audit entries collected by batch work and written by `flush` in one INSERT each."""

    events: list[OrderEvent] = field(default_factory=list)
    audits: list[Any] = field(default_factory=list)  # fawang.audit.services.AuditItem

    def event(self, order: ServiceOrder, kind: str, **kwargs: Any) -> None:
        self.events.append(_new_event(order, kind, **kwargs))

    def audit(self, *, actor: Any, action: str, entity: Any, before: dict | None, after: dict | None) -> None:
        from fawang.audit.services import AuditItem

        self.audits.append(AuditItem(actor if _is_user(actor) else None, action, entity, before, after))

    def flush(self) -> None:
        from fawang.audit.services import audit_record_many

        _save_events(self.events)
        audit_record_many(self.audits)
        self.events, self.audits = [], []


def supervisions_create(
    *, specs: Sequence[SupervisionSpec], now: dt.datetime, issued_by: Any = None, writes: PendingWrites
) -> list[SupervisionOrder]:
    """Write supervision orders in one INSERT; their order events and audit entries go to `writes`
    (the caller flushes them with its own, inside the same transaction)."""
    supervisions = SupervisionOrder.objects.bulk_create(
        [
            SupervisionOrder(
                order=spec.order,
                kind=spec.kind,
                issued_to_region_id=spec.issued_to_code,
                issued_by=issued_by,
                reason=spec.reason,
                deadline=spec.deadline,
                parent=spec.parent,
                created_at=now,
            )
            for spec in specs
        ]
    )
    for spec, supervision in zip(specs, supervisions, strict=True):
        parent = spec.parent
        writes.event(
            spec.order,
            EventKind.SUPERVISION_ESCALATED if parent is not None else EventKind.SUPERVISION_ISSUED,
            actor=issued_by,
            now=now,
            reason=spec.reason,
            data={
                "supervision": supervision.pk,
                "kind": spec.kind,
                "issued_to_region": spec.issued_to_code,
                "deadline": spec.deadline.isoformat(),
                "parent": parent.pk if parent else None,
            },
        )
        writes.audit(
            actor=issued_by,
            action="supervision.issue",
            entity=supervision,
            before=None,
            after={
                "order": spec.order.pk,
                "kind": spec.kind,
                "issued_to_region": spec.issued_to_code,
                "deadline": spec.deadline,
            },
        )
    return supervisions


def supervision_create(
    *,
    order: ServiceOrder,
    kind: str,
    issued_to_code: str,
    reason: str,
    deadline: dt.datetime,
    now: dt.datetime,
    issued_by: Any = None,
    parent: SupervisionOrder | None = None,
) -> SupervisionOrder:
    """Write a supervision order with its order event and audit entry (the caller holds the transaction)."""
    writes = PendingWrites()
    spec = SupervisionSpec(order, kind, issued_to_code, reason, deadline, parent)
    (supervision,) = supervisions_create(specs=[spec], now=now, issued_by=issued_by, writes=writes)
    writes.flush()
    return supervision


def supervision_issue(
    *, actor: Any, order: ServiceOrder, reason: str, deadline: dt.datetime, now: dt.datetime | None = None
) -> SupervisionOrder:
    """A supervisor orders the handler's level to act on an order by `deadline` (aware datetime)."""
    if not policy.can_see_order(actor, order):
        raise NotFound(ErrorCode.ORDER_NOT_FOUND, _("No such service order."), "tracking_no")
    policy.require_action(actor, "order.supervise")
    now = now or timezone.now()
    errors = ErrorCollector()
    text = (reason or "").strip()
    if not text:
        errors.add("reason", ErrorCode.REASON_REQUIRED, _("Say what must be done."))
    elif len(text) > TEXT_MAX:
        errors.add("reason", ErrorCode.DESCRIPTION_TOO_LONG, _("At most %(n)d characters.") % {"n": TEXT_MAX})
    if deadline is None:
        errors.add("deadline", ErrorCode.REQUIRED, _("Set a deadline."))
    elif timezone.is_naive(deadline):
        errors.add("deadline", ErrorCode.DEADLINE_IN_PAST, _("The deadline needs a time zone."))
    elif deadline <= now:
        errors.add("deadline", ErrorCode.DEADLINE_IN_PAST, _("The deadline must lie in the future."))
    errors.raise_if_any()
    issued_to = order.handler_region_path.rstrip("/").rsplit("/", 1)[-1]
    with transaction.atomic():
        return supervision_create(
            order=order,
            kind=SupervisionKind.MANUAL,
            issued_to_code=issued_to,
            reason=text,
            deadline=deadline,
            now=now,
            issued_by=actor,
        )


def _may_answer(actor: Any, supervision: SupervisionOrder) -> bool:
    # One rule for the service and the order page's answer form: it lives in the selectors.
    from .selectors import supervision_may_answer

    return supervision_may_answer(actor, supervision)


def supervision_answer(
    *, actor: Any, supervision: SupervisionOrder, response: str, now: dt.datetime | None = None
) -> SupervisionOrder:
    """The region a supervision order was issued to answers it in writing."""
    if not _may_answer(actor, supervision):
        raise NotFound(ErrorCode.SUPERVISION_NOT_FOUND, _("No such supervision order."), "supervision")
    text = _require_text(response, "response", ErrorCode.RESPONSE_REQUIRED, _("Write the answer."))
    now = now or timezone.now()
    with transaction.atomic():
        matched = SupervisionOrder.objects.filter(pk=supervision.pk, status=SupervisionStatus.OPEN).update(
            status=SupervisionStatus.ANSWERED, response=text, answered_by=actor, answered_at=now
        )
        if matched != 1:
            current = SupervisionOrder.objects.get(pk=supervision.pk)
            raise Conflict(
                ErrorCode.SUPERVISION_CLOSED,
                _("This supervision order is already “%(status)s”.")
                % {"status": SupervisionStatus(current.status).label},
                "supervision",
            )
        supervision.status, supervision.response = SupervisionStatus.ANSWERED, text
        supervision.answered_by, supervision.answered_at = actor, now
        _add_event(
            supervision.order,
            EventKind.SUPERVISION_ANSWERED,
            actor=actor,
            now=now,
            reason=text,
            data={"supervision": supervision.pk},
        )
        _audit(
            actor=actor,
            action="supervision.answer",
            entity=supervision,
            before={"status": SupervisionStatus.OPEN},
            after={"status": SupervisionStatus.ANSWERED, "response": text},
        )
    return supervision
