"""Legal aid subsidies and funds: the reads, each scoped to the reader's jurisdiction through
`fawang.accounts.policy` (issue 11 item 7)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.core.errors import NotFound
from fawang.core.types import Actor
from fawang.network.models import Institution
from fawang.orders.models import ServiceOrder

from .enums import LedgerAccount, SubsidyStatus
from .models import FundSource, LedgerEntry, Subsidy
from .subsidies import payable_orders

READ_ACTIONS = ("legal_aid.subsidy_manage", "legal_aid.subsidy_approve", "legal_aid.fund_manage")


def may_read_funds(actor: Actor) -> bool:
    return any(policy.has_action(actor, a) for a in READ_ACTIONS)


def subsidies_for(actor: Actor, *, status: str = "") -> QuerySet[Subsidy]:
    """The subsidies of the cases in the actor's jurisdiction (where the case is handled, its centre,
    its lawyer), newest first."""
    if not may_read_funds(actor):
        return Subsidy.objects.none()
    qs = policy.scope_jurisdiction(
        actor,
        Subsidy.objects.all(),
        region_path="order__handler_region_path",
        institution="centre_id",
        practitioner="practitioner_id",
    )
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("order", "centre", "practitioner", "fund_source", "standard")


def subsidy_get(actor: Actor, subsidy_id: int) -> Subsidy:
    subsidy = subsidies_for(actor).filter(pk=subsidy_id).first()
    if subsidy is None:
        raise NotFound("legal_aid_subsidy_not_found", _("No such subsidy."), "subsidy")
    return subsidy


def cases_awaiting_subsidy(actor: Actor, *, limit: int = 50) -> list[ServiceOrder]:
    """Closed legal aid cases (closing materials filed, art. 50) that sit with the actor's place and have no live subsidy yet."""
    if not policy.has_action(actor, "legal_aid.subsidy_manage"):
        return []
    live = Subsidy.objects.filter(order=OuterRef("pk")).exclude(status=SubsidyStatus.REJECTED)
    qs = policy.scope_orders_with(actor, payable_orders(ServiceOrder.objects.all()))
    return list(
        qs.filter(~Exists(live), assigned_institution__isnull=False)
        .select_related("assigned_institution")
        .order_by("-resolved_at")[:limit]
    )


def ledger_rows(
    actor: Actor, *, centre_id: int | None = None, source_id: int | None = None
) -> QuerySet[LedgerEntry]:
    """The funds ledger rows the actor may read: those of a centre in the jurisdiction (or the actor's
    own centre) and those of a source held in the jurisdiction; optionally one centre's or one source's."""
    if not may_read_funds(actor):
        return LedgerEntry.objects.none()
    qs = policy.scope_jurisdiction(
        actor,
        LedgerEntry.objects.all(),
        region_path="centre__region__path",
        handler_region_path="source__region__path",
        institution="centre_id",
    )
    if centre_id is not None:
        qs = qs.filter(centre_id=centre_id)
    if source_id is not None:
        qs = qs.filter(source_id=source_id)
    return qs.select_related("source", "centre", "subsidy__order").order_by("created_at", "pk")


@dataclass(frozen=True)
class AccountLine:
    account: str
    label: str
    debit_fen: int
    credit_fen: int

    @property
    def balance_fen(self) -> int:
        return self.debit_fen - self.credit_fen


@dataclass(frozen=True)
class TrialBalance:
    lines: list[AccountLine]

    @property
    def debit_fen(self) -> int:
        return sum(line.debit_fen for line in self.lines)

    @property
    def credit_fen(self) -> int:
        return sum(line.credit_fen for line in self.lines)

    @property
    def balanced(self) -> bool:
        return self.debit_fen == self.credit_fen

    def balance_of(self, account: str) -> int:
        return next((line.balance_fen for line in self.lines if line.account == account), 0)

    @property
    def received_fen(self) -> int:
        """The money received: what receipts credited to funds received. Not the sum of every credit,
        which counts the same money again at each allocation, approval and payment."""
        return next((line.credit_fen for line in self.lines if line.account == LedgerAccount.FUND_INCOME), 0)


def _account_sums() -> dict[str, Sum]:
    return {
        f"{side}_{account}": Sum("amount_fen", filter=Q(**{f"{side}_account": account}))
        for account in LedgerAccount.values
        for side in ("debit", "credit")
    }


def _balance_of_sums(sums: dict[str, Any]) -> TrialBalance:
    return TrialBalance(
        [
            AccountLine(
                account=value,
                label=str(label),
                debit_fen=sums.get(f"debit_{value}") or 0,
                credit_fen=sums.get(f"credit_{value}") or 0,
            )
            for value, label in LedgerAccount.choices
        ]
    )


def trial_balance(rows: QuerySet[LedgerEntry]) -> TrialBalance:
    """Debits and credits per account over `rows`, in one aggregate query."""
    return _balance_of_sums(rows.order_by().aggregate(**_account_sums()))


def trial_balances_by_source(rows: QuerySet[LedgerEntry], source_ids: list[int]) -> dict[int, TrialBalance]:
    """Each source's trial balance over `rows` (the funds page's table), in one grouped query however
    many sources there are; a source without rows has an all-zero balance."""
    grouped = (
        rows.filter(source_id__in=source_ids)
        .select_related(None)
        .order_by()
        .values("source_id")
        .annotate(**_account_sums())
    )
    sums = {row["source_id"]: row for row in grouped}
    return {pk: _balance_of_sums(sums.get(pk, {})) for pk in source_ids}


def fund_sources_for(actor: Actor) -> QuerySet[FundSource]:
    """Sources held in the jurisdiction, and those that funded a centre in it."""
    if not may_read_funds(actor):
        return FundSource.objects.none()
    if policy.is_staff_actor(actor) and actor.is_superuser:
        return FundSource.objects.select_related("region").all()
    reached = ledger_rows(actor).values("source_id")
    q = Q(pk__in=reached)
    path = policy.jurisdiction_path(actor) if policy.is_staff_actor(actor) else None
    if path:
        q |= Q(region__path__startswith=path)
    return FundSource.objects.filter(q).select_related("region")


def centres_for(actor: Actor) -> QuerySet[Institution]:
    """Legal aid centres in the jurisdiction (or the actor's own)."""
    from fawang.network.enums import InstitutionKind

    qs = Institution.objects.filter(kind=InstitutionKind.LEGAL_AID_CENTRE, is_active=True)
    return policy.scope_institutions(actor, qs).select_related("region").order_by("region__path", "name")
