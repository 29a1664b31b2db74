"""Writes of the dispute-resolution base (docs/adr/0029). Each service checks every field first and
raises one `ValidationFailed` naming each bad field (nothing saved), then writes in one transaction
with its audit entry and, where the timeline should show it, an event on the order.

Who may write: `action` (default `order.handle`, where the order sits: the committee, commission or
institution handling it); a module passes its own policy action when it has one."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.audit.services import audit_record
from fawang.core import calendar
from fawang.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from fawang.core.identity import (
    InvalidIdentity,
    credit_code_is_valid,
    mobile_index,
    normalise_mobile,
    normalise_resident_id,
    resident_id_index,
)
from fawang.core.types import Actor
from fawang.orders.engine import order_event_add
from fawang.orders.models import ServiceOrder

from .enums import (
    Authority,
    ErrorCode,
    EventKind,
    OutcomeForm,
    PartyKind,
    RepresentativeKind,
    ServiceMethod,
    SessionMode,
    SessionState,
    Side,
)
from .models import Document, Party, Representative, ServiceRecord, Session

NAME_MAX = 64
TEXT_MAX = 20000
SESSION_MAX_HOURS = 12


def _text(value: Any, limit: int) -> str:
    """Trimmed text with NUL bytes and other control characters (but newlines and tabs) removed."""
    text = "" if value is None else str(value)
    text = "".join(c for c in text if c in "\n\t" or ord(c) >= 32)
    return text.strip()[:limit]


# ---- parties and representatives -------------------------------------------------------------------


def party_clean(
    *,
    side: str,
    kind: str,
    name: str,
    phone: str = "",
    id_number: str = "",
    credit_code: str = "",
    address: str = "",
    prefix: str = "",
    id_required: bool = False,
    credit_code_required: bool = True,
) -> dict[str, Any]:
    """Check one party's fields; return them normalised with their blind indexes, or raise
    `ValidationFailed` naming each bad field (`prefix` + field, e.g. "respondent.id_number"). A person
    gives a resident ID number (checked against GB 11643; required when `id_required`, e.g. the one
    who applies), an organisation its unified social credit code (GB 32100; required unless
    `credit_code_required` is False: an institution of the platform's own network, named by it)."""
    errors: list[FieldError] = []

    def bad(code: str, message: str, field: str) -> None:
        errors.append(FieldError(code, message, prefix + field))

    if side not in Side.values:
        bad("invalid", _("Choose the side of the dispute: applicant or respondent."), "side")
    if kind not in PartyKind.values:
        bad("invalid", _("Choose whether the party is a natural person or an organisation."), "kind")
    clean_name = _text(name, NAME_MAX)
    if not clean_name:
        bad(ErrorCode.NAME, _("Give the party's name."), "name")
    clean: dict[str, Any] = {
        "side": side,
        "kind": kind,
        "name": clean_name,
        "phone": "",
        "phone_index": "",
        "id_number": "",
        "id_number_index": "",
        "credit_code": "",
        "address": _text(address, 200),
    }
    if _text(phone, 32):
        try:
            clean["phone"] = normalise_mobile(_text(phone, 32), field=prefix + "phone")
            clean["phone_index"] = mobile_index(clean["phone"])
        except InvalidIdentity as exc:
            errors.extend(exc.errors)
    if kind == PartyKind.PERSON:
        given = _text(id_number, 32)
        if given:
            try:
                clean["id_number"] = normalise_resident_id(given, field=prefix + "id_number")
                clean["id_number_index"] = resident_id_index(clean["id_number"])
            except InvalidIdentity as exc:
                errors.extend(exc.errors)
        elif id_required:
            bad("required", _("Give the party's resident ID number."), "id_number")
    elif kind == PartyKind.ORGANISATION:
        code = _text(credit_code, 32).upper().replace(" ", "")
        if not code:
            if credit_code_required:
                bad("required", _("Give the organisation's unified social credit code."), "credit_code")
        elif not credit_code_is_valid(code):
            bad(
                ErrorCode.CREDIT_CODE,
                _(
                    "The unified social credit code is not valid (18 characters, check character per GB 32100)."
                ),
                "credit_code",
            )
        clean["credit_code"] = code
    if errors:
        raise ValidationFailed(errors)
    return clean


def _party_create(order: ServiceOrder, clean: dict[str, Any], account: Any = None) -> Party:
    return Party.objects.create(order=order, account=account, **clean)


def party_add(
    *,
    actor: Actor,
    order: ServiceOrder,
    side: str,
    kind: str,
    name: str,
    phone: str = "",
    id_number: str = "",
    credit_code: str = "",
    address: str = "",
    account: Any = None,
    action: str = "order.handle",
    id_required: bool = False,
    now: dt.datetime | None = None,
) -> Party:
    """Add a party to the case (staff where the order sits)."""
    policy.require_order(actor, action, order)
    clean = party_clean(
        side=side,
        kind=kind,
        name=name,
        phone=phone,
        id_number=id_number,
        credit_code=credit_code,
        address=address,
        id_required=id_required,
    )
    with transaction.atomic():
        party = _party_create(order, clean, account)
        _audit_party(actor, party)
        order_event_add(order, EventKind.PARTY_ADDED, actor=actor, now=now, data={"side": party.side})
    return party


def parties_add_at_intake(
    *, order: ServiceOrder, parties: Sequence[dict[str, Any]], actor: Actor
) -> list[Party]:
    """Write parties already checked by `party_clean` (a module's `on_intake`, inside intake's
    transaction: the intake is the access check). Each entry may carry `account`."""
    made = []
    for entry in parties:
        fields = dict(entry)
        account = fields.pop("account", None)
        party = _party_create(order, fields, account)
        _audit_party(actor, party)
        made.append(party)
    return made


def _audit_party(actor: Actor, party: Party) -> None:
    audit_record(
        actor=actor if policy.is_staff_actor(actor) or getattr(actor, "pk", None) else None,
        action="disputes.party_add",
        entity=party,
        before=None,
        after={
            "order": party.order_id,
            "side": party.side,
            "kind": party.kind,
            "phone": party.masked_phone,
            "id_number": party.masked_id_number,
            "credit_code": party.credit_code,
        },
    )


def representative_add(
    *,
    actor: Actor,
    party: Party,
    kind: str,
    name: str,
    authority: str,
    phone: str = "",
    id_number: str = "",
    authority_scope: str = "",
    practitioner: Any = None,
    action: str = "order.handle",
) -> Representative:
    """Record who acts for a party and with what authority. A special authority (to admit, settle or
    withdraw claims) must say what it covers, as the power of attorney does."""
    order = party.order
    policy.require_order(actor, action, order)
    errors: list[FieldError] = []
    if kind not in RepresentativeKind.values:
        errors.append(FieldError("invalid", _("Choose the kind of representative."), "kind"))
    if authority not in Authority.values:
        errors.append(FieldError("invalid", _("Choose the representative's authority."), "authority"))
    clean_name = _text(name, NAME_MAX)
    if not clean_name and practitioner is not None:
        clean_name = practitioner.name
    if not clean_name:
        errors.append(FieldError(ErrorCode.NAME, _("Give the representative's name."), "name"))
    scope = _text(authority_scope, 300)
    if authority == Authority.SPECIAL and not scope:
        errors.append(
            FieldError(
                "required",
                _("Say what the special authority covers (as the power of attorney does)."),
                "authority_scope",
            )
        )
    values: dict[str, str] = {"phone": "", "phone_index": "", "id_number": "", "id_number_index": ""}
    try:
        if _text(phone, 32):
            values["phone"] = normalise_mobile(_text(phone, 32))
            values["phone_index"] = mobile_index(values["phone"])
    except InvalidIdentity as exc:
        errors.extend(exc.errors)
    try:
        if _text(id_number, 32):
            values["id_number"] = normalise_resident_id(_text(id_number, 32))
            values["id_number_index"] = resident_id_index(values["id_number"])
    except InvalidIdentity as exc:
        errors.extend(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        rep = Representative.objects.create(
            party=party,
            kind=kind,
            name=clean_name,
            practitioner=practitioner,
            authority=authority,
            authority_scope=scope,
            **values,
        )
        audit_record(
            actor=actor,
            action="disputes.representative_add",
            entity=rep,
            before=None,
            after={"party": party.pk, "kind": kind, "authority": authority, "phone": rep.masked_phone},
        )
    return rep


# ---- sessions --------------------------------------------------------------------------------------


def session_clean(
    *,
    starts_at: Any,
    ends_at: Any,
    mode: str,
    place: str,
    allow_rest_day: bool = False,
    now: dt.datetime | None = None,
) -> list[FieldError]:
    """What is wrong with a session's time and place (empty: nothing). A session on a day that is not
    a working day on China's official calendar (weekends and statutory holidays, with the make-up
    working days: fawang.core.calendar) is refused unless the module allows it."""
    errors: list[FieldError] = []
    now = now or timezone.now()
    if not isinstance(starts_at, dt.datetime) or timezone.is_naive(starts_at):
        errors.append(FieldError("invalid", _("Give the date and time the session starts."), "starts_at"))
        return errors
    if not isinstance(ends_at, dt.datetime) or timezone.is_naive(ends_at):
        errors.append(FieldError("invalid", _("Give the date and time the session ends."), "ends_at"))
        return errors
    if ends_at <= starts_at or ends_at - starts_at > dt.timedelta(hours=SESSION_MAX_HOURS):
        errors.append(
            FieldError(
                ErrorCode.SESSION_ENDS, _("The session must end after it starts, on the same day."), "ends_at"
            )
        )
    if starts_at < now:
        errors.append(
            FieldError(ErrorCode.SESSION_PAST, _("A session cannot be booked in the past."), "starts_at")
        )
    day = timezone.localtime(starts_at).date()
    if not allow_rest_day and not calendar.is_workday(day):
        errors.append(
            FieldError(
                ErrorCode.REST_DAY,
                _(
                    "%(day)s is not a working day on the official calendar (a weekend or a statutory "
                    "holiday): choose a working day for the session."
                )
                % {"day": day.isoformat()},
                "starts_at",
            )
        )
    if mode not in SessionMode.values:
        errors.append(
            FieldError("invalid", _("Choose whether the session is held in person or by video."), "mode")
        )
    elif mode == SessionMode.IN_PERSON and not _text(place, 200):
        errors.append(FieldError(ErrorCode.PLACE, _("Give the place of the session."), "place"))
    return errors


def session_schedule(
    *,
    actor: Actor,
    order: ServiceOrder,
    kind: str,
    starts_at: Any,
    ends_at: Any,
    mode: str,
    place: str = "",
    allow_rest_day: bool = False,
    notify: bool = True,
    action: str = "order.handle",
    now: dt.datetime | None = None,
) -> Session:
    """Book a session and tell every party with a phone (inbox and text, recorded as `PartyNotice`).
    A video session gets its room from the video adapter (`fawang.disputes.video`)."""
    policy.require_order(actor, action, order)
    errors = session_clean(
        starts_at=starts_at, ends_at=ends_at, mode=mode, place=place, allow_rest_day=allow_rest_day, now=now
    )
    if errors:
        raise ValidationFailed(errors)
    from . import notices, video

    with transaction.atomic():
        session = Session(
            order=order,
            kind=_text(kind, 32) or "session",
            starts_at=starts_at,
            ends_at=ends_at,
            mode=mode,
            place=_text(place, 200),
            scheduled_by=actor,
        )
        if mode == SessionMode.VIDEO:
            gateway = video.backend()
            session.video_backend = gateway.name
            session.video_room = gateway.open_room(order=order, starts_at=starts_at)
        session.save()
        audit_record(
            actor=actor,
            action="disputes.session_schedule",
            entity=session,
            before=None,
            after={"order": order.pk, "starts_at": starts_at.isoformat(), "mode": mode},
        )
        order_event_add(
            order,
            EventKind.SESSION_SCHEDULED,
            actor=actor,
            now=now,
            data={"starts_at": timezone.localtime(starts_at).isoformat(), "mode": mode},
        )
        if notify:
            notices.session_notices_send(session=session)
    return session


def session_hold(*, actor: Actor, session: Session, minutes: str, action: str = "order.handle") -> Session:
    """Record that the session was held, with its minutes (笔录)."""
    policy.require_order(actor, action, session.order)
    text = _text(minutes, TEXT_MAX)
    if not text:
        raise ValidationFailed([FieldError("required", _("Write the minutes of the session."), "minutes")])
    now = timezone.now()
    with transaction.atomic():
        won = Session.objects.filter(pk=session.pk, state=SessionState.SCHEDULED).update(
            state=SessionState.HELD, minutes=text, held_at=now
        )
        if won != 1:
            raise Conflict(ErrorCode.ALREADY_HELD, _("This session is no longer scheduled."), None)
        audit_record(
            actor=actor,
            action="disputes.session_hold",
            entity=session,
            before=None,
            after={"held_at": now.isoformat()},
        )
        order_event_add(session.order, EventKind.SESSION_HELD, actor=actor, now=now)
    session.refresh_from_db()
    return session


def session_cancel(*, actor: Actor, session: Session, reason: str, action: str = "order.handle") -> Session:
    policy.require_order(actor, action, session.order)
    text = _text(reason, 300)
    if not text:
        raise ValidationFailed(
            [FieldError("required", _("Give the reason for cancelling the session."), "reason")]
        )
    with transaction.atomic():
        won = Session.objects.filter(pk=session.pk, state=SessionState.SCHEDULED).update(
            state=SessionState.CANCELLED, cancelled_reason=text
        )
        if won != 1:
            raise Conflict(ErrorCode.ALREADY_HELD, _("This session is no longer scheduled."), None)
        audit_record(
            actor=actor, action="disputes.session_cancel", entity=session, before=None, after={"reason": text}
        )
        order_event_add(session.order, EventKind.SESSION_CANCELLED, actor=actor, reason=text)
    session.refresh_from_db()
    return session


# ---- documents and their service -------------------------------------------------------------------


def document_add(
    *,
    actor: Actor,
    order: ServiceOrder,
    kind: str,
    title: str,
    text: str = "",
    content: bytes = b"",
    content_type: str = "",
    action: str = "order.handle",
    check: bool = True,
) -> Document:
    """Put a document in the case file (text, or a file's bytes), with its SHA-256."""
    if check:
        policy.require_order(actor, action, order)
    clean_title = _text(title, 200)
    clean_text = _text(text, TEXT_MAX)
    if not clean_title:
        raise ValidationFailed([FieldError("required", _("Give the document's title."), "title")])
    if not clean_text and not content:
        raise ValidationFailed([FieldError("required", _("Give the document's text or file."), "text")])
    digest = hashlib.sha256(content or clean_text.encode()).hexdigest()
    with transaction.atomic():
        document = Document.objects.create(
            order=order,
            kind=_text(kind, 32) or "document",
            title=clean_title,
            text=clean_text,
            file_b64=base64.b64encode(content).decode("ascii") if content else "",
            content_type=_text(content_type, 64),
            sha256=digest,
            created_by=actor if policy.is_staff_actor(actor) else None,
        )
        audit_record(
            actor=actor,
            action="disputes.document_add",
            entity=document,
            before=None,
            after={"order": order.pk, "kind": document.kind, "sha256": digest},
        )
    return document


def document_serve(
    *,
    actor: Actor,
    document: Document,
    party: Party,
    method: str,
    receipt: str,
    served_at: dt.datetime | None = None,
    representative: Representative | None = None,
    action: str = "order.handle",
) -> ServiceRecord:
    """Record the service of a document on a party (or their representative): how, when, the receipt
    (who signed, the postal tracking number, the read receipt, where the announcement appeared)."""
    order = document.order
    policy.require_order(actor, action, order)
    errors: list[FieldError] = []
    if party.order_id != order.pk:
        errors.append(
            FieldError(ErrorCode.NOT_A_PARTY, _("This person is not a party of this case."), "party")
        )
    if representative is not None and representative.party_id != party.pk:
        errors.append(
            FieldError(
                ErrorCode.NOT_A_PARTY, _("This representative does not act for this party."), "representative"
            )
        )
    if method not in ServiceMethod.values:
        errors.append(FieldError("invalid", _("Choose how the document was served."), "method"))
    clean_receipt = _text(receipt, 300)
    if not clean_receipt:
        errors.append(
            FieldError(
                "required",
                _(
                    "Record the receipt: who signed, the postal tracking number, the read receipt or where it was announced."
                ),
                "receipt",
            )
        )
    now = timezone.now()
    served_at = served_at or now
    if served_at > now + dt.timedelta(minutes=5):
        errors.append(FieldError("invalid", _("A document cannot be served in the future."), "served_at"))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        record = ServiceRecord.objects.create(
            document=document,
            party=party,
            representative=representative,
            method=method,
            served_at=served_at,
            receipt=clean_receipt,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="disputes.document_serve",
            entity=record,
            before=None,
            after={"document": document.pk, "party": party.pk, "method": method},
        )
        order_event_add(
            order,
            EventKind.DOCUMENT_SERVED,
            actor=actor,
            data={"document": document.title, "method": method, "side": party.side},
        )
    return record


# ---- the hand-off of a case file -------------------------------------------------------------------


def case_file_copy(*, actor: Actor, source: ServiceOrder, target: ServiceOrder) -> dict[str, int]:
    """Copy the case file of `source` (parties, their representatives, documents; not the sessions,
    service records or outcomes: those belong to the first procedure, and its outcome documents are
    copied as documents) into `target`, e.g. a failed mediation moving into arbitration. Each copy
    points at its original. Run inside the target's intake (`on_intake`): the actor must see the
    source (404 otherwise). A second copy from the same source is refused."""
    if not policy.can_see_order(actor, source):
        raise NotFound("order_not_found", _("No such service order."), "from_order")
    if Party.objects.filter(order=target, copied_from__order=source).exists():
        raise Conflict("file_already_copied", _("This case file was already copied."), "from_order")
    counts = {"parties": 0, "representatives": 0, "documents": 0}
    with transaction.atomic():
        for party in Party.objects.filter(order=source).prefetch_related("representatives"):
            reps = list(party.representatives.all())
            original_pk = party.pk
            party.pk = None
            party.id = None
            party.order = target
            party.copied_from_id = original_pk
            party.save()
            counts["parties"] += 1
            for rep in reps:
                rep_pk = rep.pk
                rep.pk = None
                rep.id = None
                rep.party = party
                rep.copied_from_id = rep_pk
                rep.save()
                counts["representatives"] += 1
        for document in Document.objects.filter(order=source):
            doc_pk = document.pk
            document.pk = None
            document.id = None
            document.order = target
            document.copied_from_id = doc_pk
            document.save()
            counts["documents"] += 1
        audit_record(
            actor=actor,
            action="disputes.case_file_copy",
            entity=target,
            before=None,
            after={"from": source.tracking_no, **counts},
        )
        order_event_add(
            target, EventKind.FILE_RECEIVED, actor=actor, data={"from_order": source.tracking_no, **counts}
        )
    return counts


def outcome_form_check(form: str) -> None:
    if form not in OutcomeForm.values:
        raise ValidationFailed(
            [FieldError("invalid", _("Choose whether the outcome is written or oral."), "form")]
        )
