"""Arbitration's writes. Every status change goes through the workflow engine (fawang.orders.engine);
this module adds what arbitration needs beside it: the case row written at intake (and the hand-off
from a failed mediation), the commission's fee tables and the fee assessed from them, the roster and
conflict declarations, the tribunal, hearings, arbitrators' fees paid and requests to correct an award.
Every write is audited; every refusal names its field and writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.audit.services import audit_record
from fawang.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from fawang.core.types import Actor
from fawang.network.enums import InstitutionKind, PractitionerKind
from fawang.network.models import Institution, Practitioner
from fawang.orders import routing
from fawang.orders.engine import order_event_add, order_step
from fawang.orders.models import ServiceOrder

from . import seam
from .enums import (
    FROM_MEDIATION,
    LABOUR,
    WORKFLOWS,
    Action,
    ChosenBy,
    ConflictGround,
    DocumentKind,
    HearingKind,
    MemberRole,
    Qualification,
    Stage,
    TribunalMode,
)
from .enums import EventKind as AE
from .fees import BANDS, BASIS, MAX_AMOUNT_FEN, MINIMUM_RANGE_FEN, fee_for, table_as_of
from .models import (
    ArbitrationCase,
    ArbitratorPayment,
    ConflictDeclaration,
    Counterclaim,
    FeeTable,
    RosterEntry,
    TribunalMember,
)

CORRECTION_WINDOW_DAYS = 30  # 仲裁法（2025）第六十九条
FEE_CLOCK = "fee"  # the law table's clock of 仲裁委员会仲裁收费办法第四条 (15 days to pay in advance)
OPEN_STAGES = (Stage.CONSTITUTING, Stage.TRIBUNAL_FORMED)  # accepted, no award yet


def _invalid(field: str | None, message: str, code: str = "invalid") -> ValidationFailed:
    return ValidationFailed([FieldError(code, message, field)])


def _whole_fen(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def case_of(order: ServiceOrder) -> ArbitrationCase:
    if order.workflow not in WORKFLOWS:
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    return ArbitrationCase.objects.select_related("commission").get(order=order)


def _require_own_commission(actor: Actor, commission: Institution, action: str) -> None:
    policy.require_action(actor, action)
    if not policy.is_province_wide(actor) and actor.jurisdiction_institution_id != commission.pk:
        raise _invalid("commission", _("You may do this only for your own commission."), "forbidden")


# ---- intake ----------------------------------------------------------------------------------------


def arbitration_chosen_commission(details: dict[str, Any]) -> routing.RoutingDecision | None:
    """The commission the parties agreed on (仲裁法第二十七条: the agreement names it) handles the case."""
    commission = details.get("commission")
    return routing.decision_for_place(institution=commission) if isinstance(commission, Institution) else None


def arbitration_on_intake(*, order: ServiceOrder, data: dict[str, Any], actor: Actor) -> None:
    """Write the case row in the intake's transaction. A case made from a failed mediation (the
    mediation module's `order_make` with `details["from_mediation"]`) names it, and its case file is
    copied by the base's helper."""
    source_no = data.get(FROM_MEDIATION) or ""
    source = None
    if source_no:
        source = ServiceOrder.objects.filter(tracking_no=source_no).first()
        if source is None or not source.workflow.startswith("mediation"):
            raise _invalid(
                f"details.{FROM_MEDIATION}", _("No failed mediation has this tracking number."), "invalid"
            )
        if ArbitrationCase.objects.filter(from_mediation=source_no).exists():
            raise _invalid(
                f"details.{FROM_MEDIATION}",
                _("This mediation has already moved into arbitration."),
                "duplicate",
            )
    parties = None
    if source is None:
        # A filing: the applicant (the signed-in citizen, or the person the window or hotline took it
        # from) and the respondent become the case's parties in the disputes base.
        parties = seam.parties_clean(
            applicant_name=order.applicant_name or order.enterprise_name,
            applicant_phone=order.applicant_phone or "",
            respondent=data.get("respondent") or "",
            respondent_credit_code=(data.get("respondent_credit_code") or "").strip(),
        )
    ArbitrationCase.objects.create(
        order=order,
        kind=order.workflow,
        commission=data["commission"],
        agreement=data.get("agreement") or "",
        claim_amount_fen=data.get("claim_amount_fen"),
        # 劳动争议调解仲裁法第五十三条: labour arbitration is free of charge.
        fee_fen=0 if order.workflow == LABOUR else None,
        from_mediation=source_no,
    )
    if source is not None:
        seam.case_file_copy(source=source, target=order, actor=actor)
    elif parties is not None:
        seam.parties_add(order=order, parties=parties, account=order.applicant, actor=actor)


# ---- fees --------------------------------------------------------------------------------------------


def fee_table_create(
    *,
    actor: Actor,
    commission: Institution,
    effective_from: dt.date,
    effective_to: dt.date | None,
    minimum_fen: Any,
    rates_bp: Any,
    basis: str,
    is_demo: bool = False,
) -> FeeTable:
    """Enter a version of a commission's fee table: each figure inside the national range of the
    收费办法's table, dated, never overlapping another version (the commission row is locked).
    `actor` None is the demo loader."""
    if actor is not None:
        _require_own_commission(actor, commission, "arbitration.roster")
    errors: list[FieldError] = []
    low, high = MINIMUM_RANGE_FEN
    if not _whole_fen(minimum_fen) or not low <= minimum_fen <= high:
        errors.append(
            FieldError(
                "not_in_table", _("The fee up to 1,000 yuan must be 40 to 100 yuan (in fen)."), "minimum_fen"
            )
        )
    if not isinstance(rates_bp, list | tuple) or len(rates_bp) != len(BANDS):
        errors.append(FieldError("invalid", _("Give one rate for each band of the table."), "rates_bp"))
    else:
        for i, (rate, band) in enumerate(zip(rates_bp, BANDS, strict=True)):
            if not _whole_fen(rate) or not band.low_bp <= rate <= band.high_bp:
                errors.append(
                    FieldError(
                        "not_in_table",
                        _("Band %(n)s: the rate must be %(low)s to %(high)s basis points.")
                        % {"n": i + 2, "low": band.low_bp, "high": band.high_bp},
                        f"rates_bp.{i}",
                    )
                )
    if effective_to is not None and effective_to < effective_from:
        errors.append(
            FieldError("invalid", _("The end date may not come before the start date."), "effective_to")
        )
    if not (basis or "").strip():
        errors.append(FieldError("required", _("Name the document that sets the fee."), "basis"))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        Institution.objects.select_for_update().filter(pk=commission.pk).first()
        clash = (
            FeeTable.objects.filter(commission=commission, effective_from__lte=effective_to or dt.date.max)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=effective_from))
            .first()
        )
        if clash is not None:
            raise _invalid(
                "effective_from",
                _("This overlaps the table in force from %(day)s: end that one first.")
                % {"day": clash.effective_from.isoformat()},
                "fee_overlap",
            )
        table = FeeTable.objects.create(
            commission=commission,
            effective_from=effective_from,
            effective_to=effective_to,
            minimum_fen=minimum_fen,
            rates_bp=list(rates_bp),
            basis=basis.strip()[:255],
            is_demo=is_demo,
        )
        audit_record(
            actor=actor,
            action="arbitration.fee_table_create",
            entity=table,
            before=None,
            after={
                "commission": commission.pk,
                "effective_from": effective_from.isoformat(),
                "minimum_fen": minimum_fen,
                "rates_bp": list(rates_bp),
            },
        )
    return table


def fee_quote(
    *, commission: Institution, amount_fen: Any, day: dt.date | None = None
) -> tuple[int, FeeTable]:
    """The acceptance fee of a claim under the commission's table in force on `day`."""
    if not _whole_fen(amount_fen) or not 0 <= amount_fen <= MAX_AMOUNT_FEN:
        raise _invalid("amount_fen", _("Give the amount claimed in whole fen, not negative."))
    table = table_as_of(commission.pk, day or timezone.localdate())
    if table is None:
        raise _invalid("commission", _("This commission has no fee table in force."), "no_fee")
    return fee_for(table, amount_fen), table


def fee_assess(
    *, actor: Actor, order: ServiceOrder, amount_fen: Any, now: dt.datetime | None = None
) -> ArbitrationCase:
    """Record the acceptance fee the applicant owes (收费办法第四条: due within 15 days of the notice of
    acceptance). It must be the table's figure for the claim: a negative amount, or one not in the
    table, is refused naming `amount_fen`. Labour arbitration charges nothing (劳动争议调解仲裁法第五十三条)."""
    policy.require_order(actor, "arbitration.manage", order)
    case = case_of(order)
    if not _whole_fen(amount_fen) or amount_fen < 0:
        raise _invalid("amount_fen", _("The fee is a whole number of fen and cannot be negative."))
    if case.kind == LABOUR:
        if amount_fen != 0:
            raise _invalid(
                "amount_fen",
                _(
                    "Labour dispute arbitration is free of charge (Labour Dispute Mediation and Arbitration Law art. 53)."
                ),
                "not_in_table",
            )
        return case
    if case.claim_amount_fen is None:
        raise _invalid("claim_amount_fen", _("Record the amount claimed first."), "required")
    expected, table = fee_quote(commission=case.commission, amount_fen=case.claim_amount_fen)
    if amount_fen != expected:
        raise _invalid(
            "amount_fen",
            _(
                "%(amount)s fen is not the table's fee for this claim: the table gives %(expected)s fen (%(basis)s)."
            )
            % {"amount": amount_fen, "expected": expected, "basis": BASIS},
            "not_in_table",
        )
    with transaction.atomic():
        ArbitrationCase.objects.filter(pk=case.pk).update(fee_fen=amount_fen, fee_table=table)
        order_event_add(order, AE.FEE_ASSESSED, actor=actor, now=now, data={"fee_fen": amount_fen})
        audit_record(
            actor=actor,
            action="arbitration.fee_assess",
            entity=order,
            before=None,
            after={"fee_fen": amount_fen},
        )
    case.refresh_from_db()
    return case


# ---- roster, conflicts, tribunal ----------------------------------------------------------------------


def roster_add(
    *, actor: Actor, practitioner: Practitioner, qualification: str, fields: list[str] | None = None
) -> RosterEntry:
    """Put an arbitrator on their commission's roster under a head of 仲裁法第二十二条."""
    commission = practitioner.institution
    if actor is not None:
        _require_own_commission(actor, commission, "arbitration.roster")
    if (
        practitioner.kind != PractitionerKind.ARBITRATOR
        or commission.kind != InstitutionKind.ARBITRATION_COMMISSION
    ):
        raise _invalid(
            "practitioner", _("Only an arbitrator of an arbitration commission goes on its roster.")
        )
    if qualification not in Qualification.values:
        raise _invalid("qualification", _("Choose the head of Arbitration Law art. 22 they qualify under."))
    clean_fields = [str(f).strip()[:40] for f in (fields or []) if str(f).strip()][:10]
    with transaction.atomic():
        entry, _made = RosterEntry.objects.update_or_create(
            practitioner=practitioner,
            defaults={
                "commission": commission,
                "qualification": qualification,
                "fields": clean_fields,
                "active": True,
            },
        )
        audit_record(
            actor=actor,
            action="arbitration.roster",
            entity=entry,
            before=None,
            after={"practitioner": practitioner.pk, "qualification": qualification, "fields": clean_fields},
        )
    return entry


def _arbitrator_of(case: ArbitrationCase, practitioner_id: Any, field: str) -> Practitioner:
    found = (
        Practitioner.objects.filter(
            pk=practitioner_id,
            kind=PractitionerKind.ARBITRATOR,
            arbitration_roster__commission=case.commission,
            arbitration_roster__active=True,
        ).first()
        if _whole_fen(practitioner_id)
        else None
    )
    if found is None:
        raise _invalid(field, _("Choose an arbitrator on this commission's roster."))
    return found


def conflict_declare(
    *, actor: Actor, order: ServiceOrder, practitioner_id: int, ground: str, note: str = ""
) -> ConflictDeclaration:
    """Record an arbitrator's disclosure (仲裁法第四十五条) or ground for withdrawal (第四十六条): from
    then on they cannot be appointed to the case."""
    policy.require_order(actor, "arbitration.manage", order)
    case = case_of(order)
    practitioner = _arbitrator_of(case, practitioner_id, "practitioner")
    if ground not in ConflictGround.values:
        raise _invalid("ground", _("Choose the ground of the conflict."))
    with transaction.atomic():
        declaration, made = ConflictDeclaration.objects.get_or_create(
            case=case,
            practitioner=practitioner,
            defaults={
                "ground": ground,
                "note": (note or "").replace("\x00", "").strip()[:1000],
                "declared_by": actor,
            },
        )
        if not made:
            raise Conflict(
                "conflict_declared", _("A conflict of this arbitrator is already recorded."), "practitioner"
            )
        audit_record(
            actor=actor,
            action="arbitration.conflict",
            entity=order,
            before=None,
            after={"practitioner": practitioner.pk, "ground": ground},
        )
    return declaration


def tribunal_form(
    *,
    actor: Actor,
    order: ServiceOrder,
    mode: str,
    members: list[tuple[Any, str, str]],
    now: dt.datetime | None = None,
) -> ServiceOrder:
    """Form the tribunal (仲裁法第四十二条 to 第四十四条): one arbitrator, or three with a presiding one;
    each chosen by the parties or appointed by the chair. An arbitrator with a declared conflict
    (第四十五条、第四十六条) is refused, naming the member's field; nothing is written."""
    policy.require_order(actor, "arbitration.manage", order)
    case = case_of(order)
    if mode not in TribunalMode.values:
        raise _invalid("mode", _("Choose one or three arbitrators."))
    wanted = 1 if mode == TribunalMode.SOLE else 3
    if len(members) != wanted:
        raise _invalid("members", _("A tribunal of this kind has %(n)s arbitrators.") % {"n": wanted})
    fields = ("first", "second", "third")
    chosen: list[tuple[Practitioner, str, str]] = []
    conflicted = set(ConflictDeclaration.objects.filter(case=case).values_list("practitioner_id", flat=True))
    for field, (pid, role, how) in zip(fields, members, strict=False):
        practitioner = _arbitrator_of(case, pid, field)
        if practitioner.pk in conflicted:
            raise _invalid(
                field,
                _(
                    "%(name)s declared a conflict with this case and cannot be appointed (Arbitration Law arts. 45, 46)."
                )
                % {"name": practitioner.name},
                "conflict_declared",
            )
        if how not in ChosenBy.values:
            raise _invalid(f"{field}_chosen_by", _("Say how the arbitrator was chosen."))
        if any(p.pk == practitioner.pk for p, _r, _h in chosen):
            raise _invalid(field, _("An arbitrator sits once on a tribunal."), "duplicate")
        chosen.append((practitioner, role, how))
    if mode == TribunalMode.THREE and chosen[0][2] in (ChosenBy.CLAIMANT, ChosenBy.RESPONDENT):
        # 第四十三条: the third (presiding) arbitrator is chosen jointly or appointed by the chair.
        raise _invalid(
            "first_chosen_by", _("The presiding arbitrator is chosen jointly or appointed by the chair.")
        )

    def after(order: ServiceOrder, when: dt.datetime) -> None:
        TribunalMember.objects.bulk_create(
            [TribunalMember(case=case, practitioner=p, role=r, chosen_by=h) for p, r, h in chosen]
        )
        ArbitrationCase.objects.filter(pk=case.pk).update(tribunal_mode=mode)
        audit_record(
            actor=actor,
            action="arbitration.tribunal",
            entity=order,
            before=None,
            after={"mode": mode, "members": [[p.pk, r, h] for p, r, h in chosen]},
        )

    return order_step(
        actor=actor,
        order=order,
        action=Action.TRIBUNAL,
        data={"members": [p.name for p, _r, _h in chosen], "mode": mode},
        after=after,
        now=now,
    )


def secretary_take(*, actor: Actor, order: ServiceOrder) -> ArbitrationCase:
    """The commission's secretary (办案秘书) takes the case."""
    policy.require_order(actor, "arbitration.manage", order)
    case = case_of(order)
    with transaction.atomic():
        ArbitrationCase.objects.filter(pk=case.pk).update(secretary=actor)
        audit_record(
            actor=actor,
            action="arbitration.secretary",
            entity=order,
            before=None,
            after={"secretary": actor.pk},
        )
    case.refresh_from_db()
    return case


# ---- hearings --------------------------------------------------------------------------------------


def hearing_book(
    *, actor: Actor, order: ServiceOrder, starts_at: dt.datetime, kind: str, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Schedule a hearing of a formed tribunal, at the commission or by video (仲裁法第十一条: online
    unless a party objects), as the disputes base's session: a time in the past or on a rest day (the
    official calendar) is refused naming `starts_at`; every party is notified."""
    policy.require_order(actor, "arbitration.manage", order)
    case = case_of(order)
    if order.stage != Stage.TRIBUNAL_FORMED:
        raise Conflict("tribunal_not_formed", _("Form the tribunal before scheduling a hearing."), None)
    if kind not in HearingKind.values:
        raise _invalid("kind", _("Choose at the commission or by video."))
    # The base writes the session, its event (dispute_session_scheduled), audit entry and notices.
    session = seam.hearing_schedule(
        actor=actor, order=order, starts_at=starts_at, mode=kind, place=case.commission.name, now=now
    )
    return hearing_out(session)


def hearing_out(session: Any) -> dict[str, Any]:
    room = None
    if session.video_backend:
        room = {"backend": session.video_backend, **(session.video_room or {})}
    return {"starts_at": session.starts_at.isoformat(), "kind": session.mode, "room": room}


def hearings_of(order: ServiceOrder) -> list[Any]:
    return seam.hearings(order)


# ---- arbitrators' fees (办案报酬) -------------------------------------------------------------------------


def arbitrator_pay(
    *,
    actor: Actor,
    order: ServiceOrder,
    practitioner_id: Any,
    amount_fen: Any,
    paid_on: dt.date | None = None,
) -> ArbitratorPayment:
    """Record a fee paid to a member of the tribunal for the case, in whole fen, more than zero."""
    policy.require_order(actor, "arbitration.manage", order)
    case = case_of(order)
    if not _whole_fen(amount_fen) or not 0 < amount_fen <= 10**12:
        raise _invalid("amount_fen", _("The fee paid is a whole number of fen, more than zero."))
    member = (
        TribunalMember.objects.filter(case=case, practitioner_id=practitioner_id)
        .select_related("practitioner")
        .first()
    )
    if member is None:
        raise _invalid("practitioner", _("Only a member of this case's tribunal is paid for it."))
    with transaction.atomic():
        payment = ArbitratorPayment.objects.create(
            case=case,
            practitioner=member.practitioner,
            amount_fen=amount_fen,
            paid_on=paid_on or timezone.localdate(),
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="arbitration.pay",
            entity=payment,
            before=None,
            after={"practitioner": member.practitioner_id, "amount_fen": amount_fen},
        )
    return payment


# ---- corrections of the award (仲裁法第六十九条) ------------------------------------------------------------


def correction_request(
    *, actor: Actor, order: ServiceOrder, text: str, now: dt.datetime | None = None
) -> None:
    """A party asks the tribunal to correct a written or calculation error, or a matter decided but
    left out of the award: within thirty days of receiving it (仲裁法第六十九条); later is refused."""
    if not seam.is_party(actor, order):
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    case = case_of(order)
    now = now or timezone.now()
    text = (text or "").replace("\x00", "").strip()
    if len(text) < 4:
        raise _invalid("text", _("Say what is wrong in the award."), "required")
    award = case.documents.filter(kind=DocumentKind.AWARD).first()
    if award is None:
        raise Conflict("no_award", _("There is no award yet."), None)
    last_day = timezone.localtime(award.served_at).date() + dt.timedelta(days=CORRECTION_WINDOW_DAYS)
    if timezone.localtime(now).date() > last_day:
        raise _invalid(
            "text",
            _(
                "A correction may be requested within 30 days of receiving the award (Arbitration Law art. 69); that was until %(day)s."
            )
            % {"day": last_day.isoformat()},
            "too_late",
        )
    with transaction.atomic():
        order_event_add(order, AE.CORRECTION_REQUESTED, actor=actor, now=now, reason=text[:2000])
        audit_record(
            actor=actor,
            action="arbitration.correction_request",
            entity=order,
            before=None,
            after={"length": len(text)},
        )


def award_extend(*, actor: Actor, order: ServiceOrder, reason: str) -> ServiceOrder:
    """The chair approves extending a labour award limit (劳动争议调解仲裁法第四十三条); the engine's
    extension lengthens the clock once by fifteen days."""
    return order_step(actor=actor, order=order, action=Action.EXTEND, reason=reason)


def member_label(member: TribunalMember) -> str:
    return (
        f"{member.practitioner.name} · {MemberRole(member.role).label} · {ChosenBy(member.chosen_by).label}"
    )


# ---- paying the fee (仲裁委员会仲裁收费办法第四条、第六条) ---------------------------------------------------


def _commercial_open(case: ArbitrationCase, order: ServiceOrder) -> None:
    if case.kind == LABOUR:
        raise _invalid(
            "amount_fen",
            _(
                "Labour dispute arbitration is free of charge (Labour Dispute Mediation and Arbitration Law art. 53)."
            ),
            "not_in_table",
        )
    if order.stage not in OPEN_STAGES:
        raise Conflict("case_not_open", _("This case is not open: nothing can be paid on it now."), None)


def fee_pay(
    *, actor: Actor, order: ServiceOrder, amount_fen: Any, receipt: str, now: dt.datetime | None = None
) -> ArbitrationCase:
    """Record the applicant's advance payment of the acceptance fee (收费办法第四条: within 15 days of
    the notice of acceptance): the amount assessed, with the receipt's number (the payment itself is
    made at the commission's finance office or its payment channel, which we do not reach). The event
    stops the fee clock."""
    policy.require_order(actor, "arbitration.manage", order)
    case = case_of(order)
    _commercial_open(case, order)
    if case.fee_fen is None:
        raise _invalid("amount_fen", _("Record the fee assessed before its payment."), "required")
    if case.fee_paid_at is not None:
        raise Conflict("fee_paid", _("The fee is already paid."), "amount_fen")
    if not _whole_fen(amount_fen) or amount_fen != case.fee_fen:
        raise _invalid(
            "amount_fen",
            _("The payment must be the fee assessed: %(fee)s fen.") % {"fee": case.fee_fen},
            "not_in_table",
        )
    clean_receipt = (receipt or "").replace("\x00", "").strip()[:64]
    if not clean_receipt:
        raise _invalid("receipt", _("Give the number of the fee receipt."), "required")
    now = now or timezone.now()
    with transaction.atomic():
        ArbitrationCase.objects.filter(pk=case.pk).update(fee_paid_at=now, fee_receipt=clean_receipt)
        order_event_add(order, AE.FEE_PAID, actor=actor, now=now, data={"fee_fen": amount_fen})
        audit_record(
            actor=actor,
            action="arbitration.fee_pay",
            entity=order,
            before=None,
            after={"fee_fen": amount_fen, "receipt": clean_receipt},
        )
    case.refresh_from_db()
    return case


def fee_defer(
    *, actor: Actor, order: ServiceOrder, reason: str, now: dt.datetime | None = None
) -> ArbitrationCase:
    """The commission approves the applicant's request to pay later (收费办法第六条第一款): the fee
    clock stops, and the case is not deemed withdrawn for the fee."""
    policy.require_order(actor, "arbitration.manage", order)
    case = case_of(order)
    _commercial_open(case, order)
    if case.fee_paid_at is not None or case.fee_deferred_reason:
        raise Conflict("fee_settled", _("The fee is already paid or deferred."), "reason")
    clean = (reason or "").replace("\x00", "").strip()[:500]
    if len(clean) < 4:
        raise _invalid(
            "reason", _("Say why paying in advance is hard and that the commission approved it."), "required"
        )
    with transaction.atomic():
        ArbitrationCase.objects.filter(pk=case.pk).update(fee_deferred_reason=clean)
        order_event_add(order, AE.FEE_DEFERRED, actor=actor, now=now, reason=clean)
        audit_record(
            actor=actor, action="arbitration.fee_defer", entity=order, before=None, after={"reason": clean}
        )
    case.refresh_from_db()
    return case


def fee_lapsed_withdraw(*, actor: Actor, order: ServiceOrder, now: dt.datetime | None = None) -> ServiceOrder:
    """The fee was not paid within the 15 days and no deferral was asked for: the application is
    deemed withdrawn (收费办法第六条第二款). Refused while the fee clock still runs in time."""
    policy.require_order(actor, "arbitration.manage", order)
    case = case_of(order)
    now = now or timezone.now()
    clock = order.clocks.filter(name=FEE_CLOCK).order_by("-pk").first()
    if case.kind == LABOUR or clock is None:
        raise Conflict("no_fee_limit", _("This case has no time limit to pay the fee."), None)
    if clock.stopped_at is not None or case.fee_paid_at is not None or case.fee_deferred_reason:
        raise Conflict("fee_settled", _("The fee is already paid or deferred."), None)
    if now <= clock.due_at:
        raise Conflict(
            "fee_not_lapsed",
            _(
                "The applicant may pay until %(day)s (Arbitration Fee Measures art. 4); only then is the application deemed withdrawn (art. 6)."
            )
            % {"day": timezone.localtime(clock.due_at).date().isoformat()},
            None,
        )
    reason = "仲裁委员会仲裁收费办法第六条第二款：申请人在第四条第一款规定的期限内不预交案件受理费，又不提出缓交申请，视为撤回仲裁申请。"
    return order_step(actor=actor, order=order, action=Action.DEEM_WITHDRAWN, reason=reason, now=now)


# ---- withdrawal, settlement (仲裁法（2025）第六十二条), counterclaims (第三十八条) ---------------------------


def withdraw(
    *, actor: Actor, order: ServiceOrder, reason: str, now: dt.datetime | None = None
) -> ServiceOrder:
    """The applicant withdraws the application (撤回仲裁申请), themselves or through the commission:
    the case ends and its clocks stop (the order leaves the open statuses)."""
    return order_step(actor=actor, order=order, action=Action.WITHDRAW, reason=reason, now=now)


def settle(
    *,
    actor: Actor,
    order: ServiceOrder,
    agreement: str,
    into_award: bool,
    now: dt.datetime | None = None,
) -> Any:
    """The parties settled (仲裁法（2025）第六十二条; 劳动争议调解仲裁法第四十一条): the agreement is kept
    (encrypted) and either the application is withdrawn, ending the case, or — commercial cases, a
    formed tribunal — the tribunal makes an award on the agreement (an award by consent, the base's
    signed outcome like any award). Returns the order, or the award document."""
    policy.require_order(actor, "arbitration.manage", order)
    case = case_of(order)
    clean = (agreement or "").replace("\x00", "").strip()
    if len(clean) < 10:
        raise _invalid("agreement", _("Write what the parties agreed."), "required")
    if order.stage not in OPEN_STAGES:
        raise Conflict("case_not_open", _("This case is not open: it cannot be settled now."), None)
    if into_award and (case.kind == LABOUR or order.stage != Stage.TRIBUNAL_FORMED):
        raise _invalid(
            "into_award",
            _(
                "An award on the settlement is made by a formed tribunal of a commercial case (Arbitration Law art. 62)."
            ),
        )
    now = now or timezone.now()
    with transaction.atomic():
        ArbitrationCase.objects.filter(pk=case.pk).update(settlement=clean[:20000])
        audit_record(
            actor=actor,
            action="arbitration.settle",
            entity=order,
            before=None,
            after={"into_award": into_award, "length": len(clean)},
        )
        if into_award:
            from .awards import award_make

            order_event_add(order, AE.SETTLED, actor=actor, now=now, data={"into_award": True})
            text = "本裁决根据当事人达成的和解协议作出（仲裁法第六十二条）。和解协议内容如下：\n" + clean
            return award_make(actor=actor, order=order, text=text, now=now)
        return order_step(
            actor=actor,
            order=order,
            action=Action.SETTLE,
            reason="当事人自行和解，撤回仲裁申请（仲裁法第六十二条）。",
            now=now,
        )


def counterclaim_file(
    *, actor: Actor, order: ServiceOrder, text: str, claim_amount_fen: Any, now: dt.datetime | None = None
) -> Counterclaim:
    """The respondent's counterclaim (仲裁法（2025）第三十八条), filed by a party of the respondent's
    side or recorded for them by the commission, while the case is open and before the award. Its
    acceptance fee is the commission's table's figure for the amount, paid in advance as it is filed
    (收费办法第四条第一款); labour arbitration charges nothing (劳动争议调解仲裁法第五十三条)."""
    case = case_of(order)
    if not (seam.is_respondent(actor, order) or policy.can_act_on_order(actor, "arbitration.manage", order)):
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    if order.stage not in OPEN_STAGES:
        raise Conflict(
            "case_not_open", _("A counterclaim is filed after acceptance and before the award."), None
        )
    errors: list[FieldError] = []
    clean = (text or "").replace("\x00", "").strip()
    if len(clean) < 4:
        errors.append(FieldError("required", _("Say what the respondent claims."), "text"))
    if not _whole_fen(claim_amount_fen) or not 0 <= claim_amount_fen <= MAX_AMOUNT_FEN:
        errors.append(
            FieldError(
                "invalid", _("Give the amount claimed in whole fen, not negative."), "claim_amount_fen"
            )
        )
    if errors:
        raise ValidationFailed(errors)
    fee, table = 0, None
    if case.kind != LABOUR:
        fee, table = fee_quote(commission=case.commission, amount_fen=claim_amount_fen)
    now = now or timezone.now()
    with transaction.atomic():
        counterclaim = Counterclaim.objects.create(
            case=case,
            text=clean[:5000],
            claim_amount_fen=claim_amount_fen,
            fee_fen=fee,
            fee_table=table,
            filed_at=now,
            filed_by=actor,
        )
        order_event_add(
            order,
            AE.COUNTERCLAIM_FILED,
            actor=actor,
            now=now,
            data={"claim_amount_fen": claim_amount_fen, "fee_fen": fee},
        )
        audit_record(
            actor=actor,
            action="arbitration.counterclaim",
            entity=counterclaim,
            before=None,
            after={"claim_amount_fen": claim_amount_fen, "fee_fen": fee},
        )
    return counterclaim


# ---- the commission's own rows: roster status -----------------------------------------------------------


def roster_member(commission: Institution, practitioner_id: Any) -> Practitioner:
    """An arbitrator (practitioner of kind arbitrator) of this commission, or an error naming the field."""
    found = (
        Practitioner.objects.filter(
            pk=practitioner_id, institution=commission, kind=PractitionerKind.ARBITRATOR
        ).first()
        if _whole_fen(practitioner_id)
        else None
    )
    if found is None:
        raise _invalid(
            "practitioner", _("Choose an arbitrator of this commission (their id in the network).")
        )
    return found


def roster_status_set(
    *, actor: Actor, commission: Institution, practitioner_id: Any, active: bool
) -> RosterEntry:
    """Take an arbitrator off the roster (or back on): while off, they cannot be appointed to a case."""
    _require_own_commission(actor, commission, "arbitration.roster")
    practitioner = roster_member(commission, practitioner_id)
    entry = RosterEntry.objects.filter(practitioner=practitioner, commission=commission).first()
    if entry is None:
        raise _invalid("practitioner", _("This arbitrator is not on the roster yet: add them first."))
    with transaction.atomic():
        before = entry.active
        RosterEntry.objects.filter(pk=entry.pk).update(active=bool(active))
        audit_record(
            actor=actor,
            action="arbitration.roster_status",
            entity=entry,
            before={"active": before},
            after={"active": bool(active)},
        )
    entry.refresh_from_db()
    return entry
