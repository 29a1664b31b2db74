"""Legal aid subsidies and funds: the writes (issue 11 item 7).

法律援助法第五十二条: the legal aid institution pays the legal aid worker's subsidy in time (第一款); the
province's justice department sets the standard with its finance department by service type, cost and
basic labour, and adjusts it (第二款). Money comes from the government's budget (第四条第二款) and from
donors (第九条); the central lottery public-welfare fund finances legal aid projects.

- `subsidy_amount` is a pure function: the standard's amount plus the additions less the deductions.
- A subsidy moves computed → approved → paid, or to rejected (from computed or approved); each step
  records who and when, is audited, and (approval, payment, a reversal) writes its ledger row in the
  same transaction.
- The ledger (`LedgerEntry`) is double-entry: each row debits one account and credits another by the
  same positive amount in integer fen. Receipts, allocations, approvals and payments are its only
  writers, each checking the balance it draws on under a lock of the fund source's row."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.audit.services import audit_record
from fawang.core.errors import ErrorCollector, FieldError, Forbidden, NotFound, ValidationFailed
from fawang.core.types import Actor
from fawang.network.models import Institution
from fawang.orders.enums import OrderStatus
from fawang.orders.models import ServiceOrder
from fawang.regions.models import Region

from .enums import (
    STAGES_FOR_MATTER,
    WORKFLOW,
    AdjustmentKind,
    FundSourceKind,
    LedgerAccount,
    PostingKind,
    SubsidyErrorCode,
    SubsidyStatus,
)
from .models import (
    CaseClosing,
    FundSource,
    LedgerEntry,
    LegalAidCase,
    Subsidy,
    SubsidyAdjustment,
    SubsidyStandard,
)
from .services import dated_versions_overlap

# A case is paid once it is closed (结案) with its closing materials filed (法律援助法第五十条, see
# `caselog.closing_materials_file`), and not reopened since: the order resolved (办结) or closed. An
# order resolved by the shared "resolve" without an outcome and materials is not payable.
PAYABLE_ORDER_STATUSES = (OrderStatus.RESOLVED, OrderStatus.CLOSED)


def payable_orders(orders: QuerySet[ServiceOrder]) -> QuerySet[ServiceOrder]:
    """The legal aid orders of `orders` a subsidy may be computed for: closed with the closing
    materials of art. 50 filed, and finished (not reopened since)."""
    filed = CaseClosing.objects.filter(order=OuterRef("pk"), materials_filed_at__isnull=False)
    return orders.filter(Exists(filed), workflow=WORKFLOW, status__in=PAYABLE_ORDER_STATUSES)


MONEY_MAX_FEN = 10_000_000_000  # one hundred million yuan: beyond it, a typing mistake

A = LedgerAccount


# ---- the pure rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Adjustment:
    kind: str  # AdjustmentKind
    amount_fen: int


def subsidy_amount(base_fen: int, adjustments: Iterable[Adjustment]) -> int:
    """The standard's amount plus the additions less the deductions (may come out negative: the
    service refuses that)."""
    total = base_fen
    for adj in adjustments:
        total += adj.amount_fen if adj.kind == AdjustmentKind.ADDITION else -adj.amount_fen
    return total


def standard_for(*, region_path: str, matter_type: str, stage: str, day: dt.date) -> SubsidyStandard | None:
    """The version in force on `day` for the most specific region above (or at) `region_path` that has
    one: a prefecture's own standard before the province's."""
    codes = [c for c in region_path.strip("/").split("/") if c]
    rows = SubsidyStandard.objects.filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=day),
        region_id__in=codes,
        matter_type=matter_type,
        stage=stage,
        effective_from__lte=day,
    )
    depth = {code: i for i, code in enumerate(codes)}
    return max(rows, key=lambda r: depth[r.region_id], default=None)


# ---- the standard -----------------------------------------------------------------------------------


def _require(actor: Actor, action: str) -> None:
    policy.require_action(actor, action)


def subsidy_standard_create(
    *,
    actor: Actor,
    region: Region,
    matter_type: str,
    stage: str,
    amount_fen: int,
    effective_from: dt.date,
    effective_to: dt.date | None,
    source: str,
    is_demo: bool = False,
) -> SubsidyStandard:
    """A new version of the subsidy for one matter type and stage in one region (第五十二条第二款).
    Refused, naming the field and the rule, when it would overlap a version of the same region, matter
    type and stage, or when the stage is not one the matter type can reach. `actor=None` is the
    platform loading the shipped demo figures."""
    if actor is not None:
        _require(actor, "legal_aid.subsidy_standard")
        if not policy.region_in_jurisdiction(actor, region.path):
            raise ValidationFailed(
                [
                    FieldError(
                        SubsidyErrorCode.SOURCE_OUTSIDE, _("Choose a region in your jurisdiction."), "region"
                    )
                ]
            )
    errors = ErrorCollector()
    if stage not in STAGES_FOR_MATTER.get(matter_type, ()):
        errors.add(
            "stage", SubsidyErrorCode.STAGE_NOT_FOR_MATTER, _("This matter type cannot reach this stage.")
        )
    if not 0 <= amount_fen <= MONEY_MAX_FEN:
        errors.add("amount_fen", "min_value", _("Enter an amount from 0 to 100,000,000 yuan."))
    if effective_to is not None and effective_to < effective_from:
        errors.add(
            "effective_to", SubsidyErrorCode.DATES_REVERSED, _("The end date is before the start date.")
        )
    if not source.strip():
        errors.add("source", "required", _("Name the document that sets this standard."))
    errors.raise_if_any()
    with transaction.atomic():
        # One writer per region at a time: the overlap check and the insert see the same versions.
        Region.objects.select_for_update().filter(pk=region.pk).first()
        dated_versions_overlap(
            SubsidyStandard.objects.filter(region=region, matter_type=matter_type, stage=stage),
            effective_from=effective_from,
            effective_to=effective_to,
            code=SubsidyErrorCode.STANDARD_OVERLAPS,
        )
        standard = SubsidyStandard.objects.create(
            region=region,
            matter_type=matter_type,
            stage=stage,
            amount_fen=amount_fen,
            effective_from=effective_from,
            effective_to=effective_to,
            source=source.strip(),
            is_demo=is_demo,
        )
        audit_record(
            actor=actor,
            action="legal_aid.subsidy_standard_create",
            entity=standard,
            before=None,
            after={
                "region": region.pk,
                "matter_type": matter_type,
                "stage": stage,
                "amount_fen": amount_fen,
                "effective_from": effective_from.isoformat(),
                "effective_to": effective_to.isoformat() if effective_to else None,
                "source": standard.source,
                "is_demo": is_demo,
            },
        )
    return standard


DEMO_SUBSIDY_STANDARDS = Path(__file__).resolve().parent / "data" / "subsidy_standards_demo.json"


def subsidy_standards_load_demo(*, path: Path = DEMO_SUBSIDY_STANDARDS) -> int:
    """Seed the province-wide DEMO subsidy standard (no official figure ships with Fawang); idempotent:
    a matter type and stage that has any version for the province is left alone."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    region = Region.objects.get(pk=rows["region"])
    created = 0
    for row in rows["standards"]:
        if SubsidyStandard.objects.filter(
            region=region, matter_type=row["matter_type"], stage=row["stage"]
        ).exists():
            continue
        subsidy_standard_create(
            actor=None,
            region=region,
            matter_type=row["matter_type"],
            stage=row["stage"],
            amount_fen=row["amount_fen"],
            effective_from=dt.date.fromisoformat(rows["effective_from"]),
            effective_to=None,
            source=rows["source"],
            is_demo=True,
        )
        created += 1
    return created


# ---- a case's subsidy -------------------------------------------------------------------------------


def _subsidy_locked(actor: Actor, subsidy_id: int, action: str) -> Subsidy:
    """The subsidy, locked, if the actor may take `action` on its case; NotFound alike otherwise."""
    subsidy = Subsidy.objects.select_for_update().select_related("order").filter(pk=subsidy_id).first()
    if subsidy is None or not policy.can_act_on_order(actor, action, subsidy.order):
        raise NotFound("legal_aid_subsidy_not_found", _("No such subsidy."), "subsidy")
    return subsidy


def _wrong_state(subsidy: Subsidy) -> ValidationFailed:
    return ValidationFailed(
        [
            FieldError(
                SubsidyErrorCode.WRONG_STATE,
                _("This subsidy is %(status)s: that step is not open to it.")
                % {"status": SubsidyStatus(subsidy.status).label},
                "status",
            )
        ]
    )


def _snapshot(subsidy: Subsidy) -> dict[str, object]:
    return {
        "status": subsidy.status,
        "amount_fen": subsidy.amount_fen,
        "fund_source": subsidy.fund_source_id,
    }


def subsidy_compute(*, actor: Actor, order: ServiceOrder, stage: str) -> Subsidy:
    """Compute the subsidy of a closed legal aid case (its closing materials filed, art. 50) from the
    standard in force on the day the materials were filed, for the handling centre's region, its matter type and the stage it reached."""
    policy.require_order(actor, "legal_aid.subsidy_manage", order)
    errors = ErrorCollector()
    closing = CaseClosing.objects.filter(order=order).first()
    filed_at = closing.materials_filed_at if closing else None
    if order.workflow != WORKFLOW or order.status not in PAYABLE_ORDER_STATUSES or filed_at is None:
        errors.add(
            "order",
            SubsidyErrorCode.CASE_NOT_CLOSED,
            _(
                "A subsidy is paid once the case is closed with its outcome and its closing materials "
                "are filed (art. 50 of the Legal Aid Law)."
            ),
        )
    if order.assigned_institution_id is None:
        errors.add("order", SubsidyErrorCode.NO_CENTRE, _("The case has no legal aid centre assigned."))
    case = LegalAidCase.objects.filter(order=order).first()
    matter_type = case.matter_type if case else ""
    if not matter_type:
        errors.add("matter_type", SubsidyErrorCode.NO_MATTER_TYPE, _("Record the case's matter type first."))
    elif stage not in STAGES_FOR_MATTER.get(matter_type, ()):
        errors.add(
            "stage", SubsidyErrorCode.STAGE_NOT_FOR_MATTER, _("This matter type cannot reach this stage.")
        )
    errors.raise_if_any()
    assert filed_at is not None
    day = timezone.localdate(filed_at)
    standard = standard_for(
        region_path=order.handler_region_path, matter_type=matter_type, stage=stage, day=day
    )
    if standard is None:
        raise ValidationFailed(
            [
                FieldError(
                    SubsidyErrorCode.NO_STANDARD,
                    _("No subsidy standard for this matter type and stage was in force on %(day)s.")
                    % {"day": day.isoformat()},
                    "stage",
                )
            ]
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            subsidy = Subsidy.objects.create(
                order=order,
                centre_id=order.assigned_institution_id,
                practitioner_id=order.assigned_practitioner_id,
                matter_type=matter_type,
                stage=stage,
                standard=standard,
                base_fen=standard.amount_fen,
                amount_fen=standard.amount_fen,
                computed_by=actor,
                computed_at=now,
            )
            audit_record(
                actor=actor,
                action="legal_aid.subsidy_compute",
                entity=subsidy,
                before=None,
                after={**_snapshot(subsidy), "standard": standard.pk, "stage": stage, "order": order.pk},
            )
    except IntegrityError:
        raise ValidationFailed(
            [FieldError(SubsidyErrorCode.ALREADY_COMPUTED, _("This case already has a subsidy."), "order")]
        ) from None
    return subsidy


def subsidy_adjust(*, actor: Actor, subsidy_id: int, kind: str, amount_fen: int, reason: str) -> Subsidy:
    """Add to or deduct from a computed subsidy, with a written reason (a deduction may not take it
    below zero)."""
    errors = ErrorCollector()
    if kind not in AdjustmentKind.values:
        errors.add("kind", "invalid_choice", _("Choose an addition or a deduction."))
    if not 0 < amount_fen <= MONEY_MAX_FEN:
        errors.add("amount_fen", "min_value", _("Enter an amount above 0."))
    if not reason.strip():
        errors.add("reason", "required", _("Write the reason."))
    errors.raise_if_any()
    with transaction.atomic():
        subsidy = _subsidy_locked(actor, subsidy_id, "legal_aid.subsidy_manage")
        if subsidy.status != SubsidyStatus.COMPUTED:
            raise _wrong_state(subsidy)
        before = _snapshot(subsidy)
        existing = [Adjustment(a.kind, a.amount_fen) for a in subsidy.adjustments.all()]
        total = subsidy_amount(subsidy.base_fen, [*existing, Adjustment(kind, amount_fen)])
        if total < 0:
            raise ValidationFailed(
                [
                    FieldError(
                        SubsidyErrorCode.NEGATIVE_TOTAL,
                        _("The deduction would take the subsidy below zero."),
                        "amount_fen",
                    )
                ]
            )
        SubsidyAdjustment.objects.create(
            subsidy=subsidy, kind=kind, amount_fen=amount_fen, reason=reason.strip(), actor=actor
        )
        subsidy.amount_fen = total
        subsidy.save(update_fields=["amount_fen", "updated_at"])
        audit_record(
            actor=actor,
            action="legal_aid.subsidy_adjust",
            entity=subsidy,
            before=before,
            after={
                **_snapshot(subsidy),
                "kind": kind,
                "adjustment_fen": amount_fen,
                "reason": reason.strip(),
            },
        )
    return subsidy


def _post(
    *,
    kind: str,
    debit: str,
    credit: str,
    amount_fen: int,
    source: FundSource,
    centre_id: int | None,
    memo: str,
    actor: Actor,
    subsidy: Subsidy | None = None,
    now: dt.datetime,
) -> LedgerEntry | None:
    if amount_fen == 0:
        return None  # a zero subsidy moves no money; the ledger keeps positive rows only
    return LedgerEntry.objects.create(
        kind=kind,
        debit_account=debit,
        credit_account=credit,
        amount_fen=amount_fen,
        source=source,
        centre_id=centre_id,
        subsidy=subsidy,
        memo=memo[:255],
        actor=actor,
        created_at=now,
    )


def balance(account: str, *, source_id: int, centre_id: int | None = None) -> int:
    """An account's balance (debits less credits) for one fund source, and one centre for a centre's
    accounts: one aggregate query."""
    rows = LedgerEntry.objects.filter(source_id=source_id)
    if centre_id is not None:
        rows = rows.filter(centre_id=centre_id)
    sums = rows.aggregate(
        debit=Sum("amount_fen", filter=Q(debit_account=account)),
        credit=Sum("amount_fen", filter=Q(credit_account=account)),
    )
    return (sums["debit"] or 0) - (sums["credit"] or 0)


def centre_available(*, source_id: int, centre_id: int) -> int:
    """What a centre may still commit from a source: its funds less the subsidies approved, unpaid."""
    return balance(A.CENTRE_FUNDS, source_id=source_id, centre_id=centre_id) + balance(
        A.SUBSIDY_PAYABLE, source_id=source_id, centre_id=centre_id
    )  # the payable account's balance is a credit (negative)


def _source_in_reach(actor: Actor, source: FundSource) -> bool:
    return actor is None or policy.region_in_jurisdiction(actor, source.region.path)


Posting = tuple[str, str, str]  # (PostingKind, debit account, credit account)


def _subsidy_step(
    *,
    actor: Actor,
    subsidy_id: int,
    allowed_states: tuple[str, ...],
    audit_action: str,
    source: Callable[[Subsidy], FundSource | None],
    post: Posting | None,
    change: Callable[[Subsidy, FundSource | None, dt.datetime], list[str]],
    audit_extra: Callable[[Subsidy], dict[str, object]] = lambda _subsidy: {},
    guard: Callable[[Subsidy], None] = lambda _subsidy: None,
) -> Subsidy:
    """One step of a subsidy after its computation, in one transaction: lock the subsidy (NotFound
    alike when out of reach), refuse a state the step is not open to, lock and check the fund source
    (`source`, which may refuse), apply the `change` (which returns the fields it set), write the
    step's ledger row (`post`, on the source; none when the subsidy had no source) and audit it.
    `guard` refuses the actor on the locked subsidy (the four-eyes rule)."""
    with transaction.atomic():
        subsidy = _subsidy_locked(actor, subsidy_id, "legal_aid.subsidy_approve")
        if subsidy.status not in allowed_states:
            raise _wrong_state(subsidy)
        guard(subsidy)
        fund = source(subsidy)
        before = _snapshot(subsidy)
        now = timezone.now()
        fields = change(subsidy, fund, now)
        subsidy.save(update_fields=[*fields, "updated_at"])
        if post is not None and fund is not None:
            kind, debit, credit = post
            _post(
                kind=kind,
                debit=debit,
                credit=credit,
                amount_fen=subsidy.amount_fen,
                source=fund,
                centre_id=subsidy.centre_id,
                memo=subsidy.order.tracking_no,
                actor=actor,
                subsidy=subsidy,
                now=now,
            )
        audit_record(
            actor=actor,
            action=audit_action,
            entity=subsidy,
            before=before,
            after={**_snapshot(subsidy), **audit_extra(subsidy)},
        )
    return subsidy


def _charged_source(subsidy: Subsidy) -> FundSource | None:
    """The fund source an approval charged, locked; None before an approval."""
    if subsidy.fund_source_id is None:
        return None
    return FundSource.objects.select_for_update().get(pk=subsidy.fund_source_id)


def _four_eyes(message: str) -> Forbidden:
    return Forbidden(SubsidyErrorCode.FOUR_EYES, message, None)


def _not_who_computed(actor: Actor, *, rejecting: bool = False) -> Callable[[Subsidy], None]:
    """Four eyes: whoever computed the subsidy or made an addition or deduction to it may neither
    approve it nor reject (withhold) it: another person checks the work."""

    def guard(subsidy: Subsidy) -> None:
        adjusters = {a.actor_id for a in subsidy.adjustments.all()}
        if actor is not None and (actor.pk == subsidy.computed_by_id or actor.pk in adjusters):
            raise _four_eyes(
                _("Four-eyes rule: you computed or adjusted this subsidy, so another person must reject it.")
                if rejecting
                else _(
                    "Four-eyes rule: you computed or adjusted this subsidy, so another person must approve it."
                )
            )

    return guard


def _not_who_approved(actor: Actor) -> Callable[[Subsidy], None]:
    def guard(subsidy: Subsidy) -> None:
        if actor is not None and actor.pk == subsidy.approved_by_id:
            raise _four_eyes(
                _("Four-eyes rule: you approved this subsidy, so another person must record its payment.")
            )

    return guard


def subsidy_approve(*, actor: Actor, subsidy_id: int, fund_source_id: int) -> Subsidy:
    """Approve a computed subsidy and charge it to a fund source the centre has money from: the
    centre's available funds from that source must cover it (checked under the source's lock). Four
    eyes: whoever computed the subsidy or adjusted it may not approve it."""

    def source(subsidy: Subsidy) -> FundSource:
        fund = (
            FundSource.objects.select_for_update().select_related("region").filter(pk=fund_source_id).first()
        )
        if fund is None:
            raise ValidationFailed([FieldError("invalid_choice", _("Choose a fund source."), "fund_source")])
        available = centre_available(source_id=fund.pk, centre_id=subsidy.centre_id)
        if available < subsidy.amount_fen:
            raise ValidationFailed(
                [
                    FieldError(
                        SubsidyErrorCode.FUNDS_SHORT,
                        _(
                            "The centre has %(available)s yuan left from this source; the subsidy is %(amount)s."
                        )
                        % {"available": yuan(available), "amount": yuan(subsidy.amount_fen)},
                        "fund_source",
                    )
                ]
            )
        return fund

    def change(subsidy: Subsidy, fund: FundSource | None, now: dt.datetime) -> list[str]:
        subsidy.status = SubsidyStatus.APPROVED
        subsidy.fund_source = fund
        subsidy.approved_by = actor
        subsidy.approved_at = now
        return ["status", "fund_source", "approved_by", "approved_at"]

    return _subsidy_step(
        actor=actor,
        subsidy_id=subsidy_id,
        allowed_states=(SubsidyStatus.COMPUTED,),
        audit_action="legal_aid.subsidy_approve",
        source=source,
        post=(PostingKind.APPROVAL, A.SUBSIDY_EXPENSE, A.SUBSIDY_PAYABLE),
        change=change,
        guard=_not_who_computed(actor),
    )


def subsidy_pay(*, actor: Actor, subsidy_id: int, payment_reference: str = "") -> Subsidy:
    """Record the payment of an approved subsidy to the legal aid worker (第五十二条第一款). Four eyes:
    the approver may not record the payment."""

    def change(subsidy: Subsidy, fund: FundSource | None, now: dt.datetime) -> list[str]:
        subsidy.status = SubsidyStatus.PAID
        subsidy.paid_by = actor
        subsidy.paid_at = now
        subsidy.payment_reference = payment_reference.strip()[:64]
        return ["status", "paid_by", "paid_at", "payment_reference"]

    return _subsidy_step(
        actor=actor,
        subsidy_id=subsidy_id,
        allowed_states=(SubsidyStatus.APPROVED,),
        audit_action="legal_aid.subsidy_pay",
        source=_charged_source,
        post=(PostingKind.PAYMENT, A.SUBSIDY_PAYABLE, A.CENTRE_FUNDS),
        change=change,
        audit_extra=lambda subsidy: {"payment_reference": subsidy.payment_reference},
        guard=_not_who_approved(actor),
    )


def subsidy_reject(*, actor: Actor, subsidy_id: int, reason: str) -> Subsidy:
    """Reject a computed or approved (not yet paid) subsidy with a written reason; an approval's charge
    is reversed in the ledger. The case may then be computed afresh. Four eyes: whoever computed the
    subsidy or adjusted it (an addition or a deduction) may not reject it."""
    if not reason.strip():
        raise ValidationFailed([FieldError("required", _("Write the reason."), "reason")])

    def change(subsidy: Subsidy, fund: FundSource | None, now: dt.datetime) -> list[str]:
        subsidy.status = SubsidyStatus.REJECTED
        subsidy.rejected_by = actor
        subsidy.rejected_at = now
        subsidy.rejection_reason = reason.strip()
        return ["status", "rejected_by", "rejected_at", "rejection_reason"]

    return _subsidy_step(
        actor=actor,
        subsidy_id=subsidy_id,
        allowed_states=(SubsidyStatus.COMPUTED, SubsidyStatus.APPROVED),
        audit_action="legal_aid.subsidy_reject",
        source=_charged_source,  # an approved subsidy's charge is reversed; a computed one has none
        post=(PostingKind.REVERSAL, A.SUBSIDY_PAYABLE, A.SUBSIDY_EXPENSE),
        change=change,
        audit_extra=lambda subsidy: {"reason": subsidy.rejection_reason},
        guard=_not_who_computed(actor, rejecting=True),
    )


# ---- fund sources -----------------------------------------------------------------------------------


def yuan(fen: int) -> str:
    """Fen as yuan for people: 123456 → "1,234.56" (integer arithmetic, no float)."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def fund_source_create(
    *,
    actor: Actor,
    kind: str,
    name: str,
    region: Region,
    document: str,
    project_code: str = "",
    is_demo: bool = False,
) -> FundSource:
    """A fund source held at `region`'s level, citing the budget or grant document that creates it."""
    _require(actor, "legal_aid.fund_manage")
    errors = ErrorCollector()
    if kind not in FundSourceKind.values:
        errors.add("kind", "invalid_choice", _("Choose the kind of fund source."))
    if not name.strip():
        errors.add("name", "required", _("Name the fund source."))
    if not document.strip():
        errors.add("document", "required", _("Name the budget or grant document."))
    if not policy.region_in_jurisdiction(actor, region.path):
        errors.add("region", SubsidyErrorCode.SOURCE_OUTSIDE, _("Choose a region in your jurisdiction."))
    errors.raise_if_any()
    with transaction.atomic():
        source = FundSource.objects.create(
            kind=kind,
            name=name.strip(),
            region=region,
            document=document.strip(),
            project_code=project_code.strip(),
            is_demo=is_demo,
        )
        audit_record(
            actor=actor,
            action="legal_aid.fund_source_create",
            entity=source,
            before=None,
            after={"kind": kind, "name": source.name, "region": region.pk, "document": source.document},
        )
    return source


def _source_for_write(actor: Actor, source_id: int) -> FundSource:
    source = FundSource.objects.select_for_update().select_related("region").filter(pk=source_id).first()
    if source is None or not _source_in_reach(actor, source):
        raise NotFound("legal_aid_fund_source_not_found", _("No such fund source."), "fund_source")
    return source


def _check_amount(amount_fen: int) -> None:
    if not 0 < amount_fen <= MONEY_MAX_FEN:
        raise ValidationFailed(
            [
                FieldError(
                    "min_value", _("Enter an amount above 0 and at most 100,000,000 yuan."), "amount_fen"
                )
            ]
        )


def fund_receive(*, actor: Actor, source_id: int, amount_fen: int, memo: str) -> LedgerEntry:
    """Money arrives at a fund source (a budget appropriation, a project grant, a donation)."""
    _require(actor, "legal_aid.fund_manage")
    _check_amount(amount_fen)
    if not memo.strip():
        raise ValidationFailed([FieldError("required", _("Name the document or transfer."), "memo")])
    with transaction.atomic():
        source = _source_for_write(actor, source_id)
        entry = _post(
            kind=PostingKind.RECEIPT,
            debit=A.SOURCE_UNALLOCATED,
            credit=A.FUND_INCOME,
            amount_fen=amount_fen,
            source=source,
            centre_id=None,
            memo=memo.strip(),
            actor=actor,
            now=timezone.now(),
        )
        assert entry is not None
        audit_record(
            actor=actor,
            action="legal_aid.fund_receive",
            entity=source,
            before=None,
            after={"amount_fen": amount_fen, "memo": memo.strip(), "entry": entry.pk},
        )
    return entry


def fund_allocate(
    *, actor: Actor, source_id: int, centre: Institution, amount_fen: int, memo: str
) -> LedgerEntry:
    """Allocate part of a source's unallocated money to a legal aid centre: no more than it holds."""
    _require(actor, "legal_aid.fund_manage")
    _check_amount(amount_fen)
    errors = ErrorCollector()
    if not memo.strip():
        errors.add("memo", "required", _("Name the document or transfer."))
    if actor is not None and not (
        actor.is_superuser
        or policy.region_in_jurisdiction(actor, centre.region.path)
        or centre.pk == actor.jurisdiction_institution_id
    ):
        errors.add("centre", SubsidyErrorCode.SOURCE_OUTSIDE, _("Choose a centre in your jurisdiction."))
    errors.raise_if_any()
    with transaction.atomic():
        source = _source_for_write(actor, source_id)
        unallocated = balance(A.SOURCE_UNALLOCATED, source_id=source.pk)
        if unallocated < amount_fen:
            raise ValidationFailed(
                [
                    FieldError(
                        SubsidyErrorCode.FUNDS_SHORT,
                        _("The source has %(available)s yuan not yet allocated.")
                        % {"available": yuan(unallocated)},
                        "amount_fen",
                    )
                ]
            )
        entry = _post(
            kind=PostingKind.ALLOCATION,
            debit=A.CENTRE_FUNDS,
            credit=A.SOURCE_UNALLOCATED,
            amount_fen=amount_fen,
            source=source,
            centre_id=centre.pk,
            memo=memo.strip(),
            actor=actor,
            now=timezone.now(),
        )
        assert entry is not None
        audit_record(
            actor=actor,
            action="legal_aid.fund_allocate",
            entity=source,
            before=None,
            after={"centre": centre.pk, "amount_fen": amount_fen, "memo": memo.strip(), "entry": entry.pk},
        )
    return entry
