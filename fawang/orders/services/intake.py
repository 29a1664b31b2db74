"""Intake: one request from any channel becomes one service order (docs/adr/0007).

Validate every field first (all errors at once, nothing written), then route, start the clocks the law
table starts on submission, and write the order, its clocks, attachments, events, audit entry and the
applicant's notice in one transaction. A request answered on the spot by a hotline agent or window
clerk is received and then resolved through the workflow's first-contact step."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.catalog.models import ServiceItem
from fawang.core.context import current_meta, request_meta
from fawang.core.errors import ErrorCollector, Forbidden
from fawang.core.identity import (
    InvalidIdentity,
    credit_code_is_valid,
    mobile_index,
    normalise_mobile,
    normalise_resident_id,
    resident_id_index,
)
from fawang.core.types import Actor
from fawang.network.enums import Language
from fawang.regions.models import Region, RegionLevel

from .. import reasons, routing, workflow
from ..clock import clock_new, law_table, mirror_fields
from ..engine import (
    TEXT_MAX,
    actor_label,
    after_commit_load,
    audit,
    events_save,
    is_user,
    new_event,
    order_snapshot,
    order_step,
)
from ..enums import (
    ApplicantKind,
    Channel,
    ErrorCode,
    EventKind,
    OrderStatus,
    PriorityGroup,
    TransitionAction,
)
from ..models import Attachment, OrderClock, ServiceOrder
from ..tracking import new_tracking_number
from .attachments import check_attachments, store_attachment

if TYPE_CHECKING:
    from fawang.accounts.models import User

DESCRIPTION_MIN = 5
DESCRIPTION_MAX = 5000
NAME_MAX = 64
ENTERPRISE_NAME_MAX = 128
TRACKING_RETRIES = 5
# Channels on which staff take a request in person or on the phone and may answer it on the spot.
FIRST_CONTACT_CHANNELS = frozenset({Channel.HOTLINE, Channel.WINDOW})
# Region levels an order may name: where the applicant lives, precise enough to route.
INTAKE_LEVELS = frozenset({RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE})


def _validate_details(
    service_item: ServiceItem | None, details: dict[str, Any] | None, errors: ErrorCollector
) -> dict[str, Any]:
    """The service module's own intake fields (its workflow's `intake_form`), checked with the rest;
    each error names its field as `details.<name>`."""
    if service_item is None:
        return {}
    form_class = workflow.workflow_get(service_item.workflow).intake_form
    if form_class is None:
        if details:
            errors.add(
                "details",
                ErrorCode.DETAILS_NOT_EXPECTED,
                _("This service takes no further details; leave them out."),
            )
        return {}
    form = form_class(data=details or {})
    if form.is_valid():
        return dict(form.cleaned_data)
    for name, problems in form.errors.as_data().items():
        for problem in problems:
            message = " ".join(str(m) for m in problem.messages)
            errors.add(f"details.{name}", problem.code or "invalid", message)
    return {}


def _clean_description(description: str | None, errors: ErrorCollector) -> str:
    """The description as stored, with its errors added to `errors`: required, DESCRIPTION_MIN to
    DESCRIPTION_MAX characters. One Unicode form for every script (Tibetan stacks may arrive composed or
    decomposed), so a word typed into the queue's search finds the text however the keyboard encoded it.
    Used by `order_submit` and `order_make` alike."""
    text = unicodedata.normalize("NFC", (description or "").strip())
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
    return text


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
    actor: Actor,
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
    applicant: User | None,
    resolved_at_first_contact: str | None,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Check every field and report all problems at once (one FieldError per field)."""
    errors = ErrorCollector()
    clean: dict[str, Any] = {}

    if channel not in Channel.values or channel == Channel.INTERNAL:
        errors.add("channel", ErrorCode.CHANNEL_UNKNOWN, _("Unknown channel."))
    if service_item is None:
        errors.add("service_item", ErrorCode.REQUIRED, _("Choose a service."))
    elif not service_item.is_active:
        errors.add("service_item", ErrorCode.SERVICE_ITEM_INACTIVE, _("This service is no longer offered."))
    elif not service_item.offered_to_citizens:
        # Made by its module only (order_make): a request between two centres, not a citizen's.
        errors.add(
            "service_item", ErrorCode.SERVICE_ITEM_INACTIVE, _("This service is not offered to the public.")
        )
    clean["region"] = _resolve_region(region, errors)

    clean["description"] = _clean_description(description, errors)

    if applicant_kind not in ApplicantKind.values or applicant_kind == ApplicantKind.INSTITUTION:
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

    clean["details"] = _validate_details(service_item, details, errors)
    clean["files"] = check_attachments(list(attachments or ()), errors)
    errors.raise_if_any()
    return clean


def order_submit(
    *,
    actor: Actor,
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
    applicant: User | None = None,
    resolved_at_first_contact: str | None = None,
    details: dict[str, Any] | None = None,
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
        details=details,
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
    actor: Actor,
    channel: str,
    service_item: ServiceItem,
    region: Region,
    applicant: User | None,
    applicant_kind: str,
    language: str,
    clean: dict[str, Any],
    staff_receiver: User | None,
    on_the_spot: bool,
    tracking_no: str,
    now: dt.datetime,
    written: list[Path],
    chosen: routing.RoutingDecision | None = None,
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
        workflow=service_item.workflow,
    )
    if on_the_spot:
        decision = None
        assert staff_receiver is not None  # only staff answer on the spot (_validate_intake)
        point = staff_receiver.service_point
        order.assigned_point = point
        order.handler_region_path = (
            point.region.path if point else (policy.jurisdiction_path(staff_receiver) or region.path)
        )
        order.routing_facts = {
            "kind": reasons.FIRST_CONTACT,
            "place": point.name if point else actor_label(staff_receiver),
        }
        order.routing_reason = reasons.reason_for_record(order.routing_facts)
        clocks: list[OrderClock] = []  # answered before any limit could run
    else:
        # A module-made order goes to the place its module chose (order_make); any other is routed.
        # A module may let the applicant choose the place (Workflow.choose_handler, docs/adr/0025).
        choose = workflow.workflow_get(service_item.workflow).choose_handler
        decision = (
            chosen
            or (choose(clean["details"]) if choose is not None else None)
            or routing.route(service_item=service_item, region=region, language=language)
        )
        order.assigned_point_id = decision.point_id
        order.assigned_institution_id = decision.institution_id
        order.assigned_practitioner_id = decision.practitioner_id
        order.handler_region_path = decision.handler_region_path
        order.routing_facts = decision.facts
        order.routing_reason = clean.get("chosen_reason") or decision.reason
        if staff_receiver is None:
            # Nobody received it in person: the staff of the place it was routed to answer.
            order.first_responder_point_id = decision.point_id
        # The clocks the law starts on receipt (a notary's starts only at acceptance: 公证法第三十条).
        clocks = [clock_new(order, limit, now) for limit in _starting(service_item)]
        for name, value in mirror_fields(order, clocks).items():
            setattr(order, name, value)
    _insert_order(order)
    flow = workflow.workflow_get(service_item.workflow)
    if flow.on_intake is not None:
        # The module's own fields, in its one-to-one detail row, in the same transaction.
        flow.on_intake(order=order, data=clean["details"], actor=actor)
    if (flow.clock_conditions or flow.clock_deadlines) and clocks:
        # A clock the workflow makes conditional on its detail row (docs/adr/0019), or whose last day
        # the requester set in it (docs/adr/0022), is judged now that the row exists; a change
        # recounts the order's due time.
        kept = [
            clock_new(order, limit, now) if limit.name in flow.clock_deadlines else clock
            for limit, clock in zip(_starting(service_item), clocks, strict=True)
            if workflow.clock_applies(order, clock.name)
        ]
        if [(c.name, c.due_at) for c in kept] != [(c.name, c.due_at) for c in clocks]:
            clocks = kept
            mirror = mirror_fields(order, clocks) or {
                "due_at": None,
                "warn_at": None,
                "due_is_provisional": False,
            }
            ServiceOrder.objects.filter(pk=order.pk).update(**mirror)
            for name, value in mirror.items():
                setattr(order, name, value)
    for clock in clocks:
        clock.order = order  # written with the events below, in one statement on PostgreSQL

    for upload, content_type in clean["files"]:
        sha, storage_name, size = store_attachment(upload, content_type, written)
        Attachment.objects.create(
            order=order,
            original_name=(upload.name or "file")[:255],
            content_type=content_type,
            size=size,
            sha256=sha,
            storage_name=storage_name,
            uploaded_by=actor if is_user(actor) else None,
        )

    events = [
        new_event(
            order,
            EventKind.SUBMITTED,
            actor=actor,
            now=now,
            to_status=OrderStatus.SUBMITTED,
            channel=channel,
            data={"attachments": len(clean["files"])},
        )
    ]
    if decision is not None:
        events.append(
            new_event(
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
                    "due_at": order.due_at.isoformat() if order.due_at else None,
                    "provisional": order.due_is_provisional,
                    "facts": decision.facts,
                },
            )
        )
        after_commit_load(decision.handler_key, +1)
    events_save(events, actors=[actor] * len(events), with_rows=clocks)
    audit(actor=actor, action="order.submit", entity=order, before=None, after=order_snapshot(order))
    if on_the_spot:
        answer = clean["answer"]
        order_step(
            actor=actor,
            order=order,
            action=TransitionAction.RESOLVE_AT_FIRST_CONTACT,
            reason=answer,
            changes=lambda at: {
                "resolution": answer,
                "resolved_at": at,
                "accepted_at": at,
                "accepted_by": staff_receiver,
                "resolved_at_first_contact": True,
            },
            now=now,
        )
    return order


def _starting(service_item: ServiceItem) -> list[Any]:
    """The limits of the item's law table that start on receipt."""
    return [limit for limit in law_table(service_item) if EventKind.SUBMITTED in limit.starts_on]


def order_make(
    *,
    actor: Actor,
    service_item: ServiceItem,
    region: Region,
    description: str,
    handler: routing.RoutingDecision,
    reason: str,
    applicant_name: str = "",
    language: str = "zh",
    details: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> ServiceOrder:
    """An order a module makes for its own work between two places (docs/adr/0022), e.g. a legal aid
    centre's request to another region's centre: no applicant of the public (nobody's phone, no
    citizen sees it), `region` the place it is made for (the requester's: its staff see it there),
    the handler the module chose (`routing.decision_for_place`), not routed, with the module's
    `reason` on the "routed" event. The item may be one not offered to citizens. Whether `actor` may
    make it is the module's check (its policy action); the engine asks a member of staff. The module's
    `details` are checked by its workflow's intake form and written by its `on_intake`, its clocks
    started on receipt as for any order (a requester's deadline through `Workflow.clock_deadlines`)."""
    if not policy.is_staff_actor(actor):
        raise Forbidden("permission_denied", _("Only a member of staff can do this."), None)
    errors = ErrorCollector()
    if not service_item.is_active:
        errors.add("service_item", ErrorCode.SERVICE_ITEM_INACTIVE, _("This service is no longer offered."))
    clean: dict[str, Any] = {
        "description": _clean_description(description, errors),
        "applicant_name": (applicant_name or "").strip()[:NAME_MAX],
        "phone": "",
        "id_number": "",
        "enterprise_name": "",
        "credit_code": "",
        "priority_groups": [],
        "files": [],
        "chosen_reason": (reason or "").strip()[:TEXT_MAX],
        "details": _validate_details(service_item, details, errors),
    }
    errors.raise_if_any()
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    for attempt in range(TRACKING_RETRIES):
        try:
            with transaction.atomic():
                return _intake_write(
                    actor=actor,
                    channel=Channel.INTERNAL,
                    service_item=service_item,
                    region=region,
                    applicant=None,
                    applicant_kind=ApplicantKind.INSTITUTION,
                    language=language,
                    clean=clean,
                    # Nobody of the handling place received it: its staff answer (warnings go there).
                    staff_receiver=None,
                    on_the_spot=False,
                    tracking_no=new_tracking_number(today=today),
                    now=now,
                    written=[],
                    chosen=handler,
                )
        except _TrackingNumberTaken:
            if attempt == TRACKING_RETRIES - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


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
