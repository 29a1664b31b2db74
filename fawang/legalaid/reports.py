"""Legal aid's monthly figures (issue 11 item 9): applications, decisions and refusal reasons, cases by
matter type and priority group, time to decision, the on-time rate of each statutory clock,
satisfaction and subsidies paid, by region one level below the reader's jurisdiction.

Every figure is an aggregate query (GROUP BY or conditional counts) over the month's rows, scoped with
`policy.scope_jurisdiction` exactly as `policy.scope_figures` scopes the orders (`insight.view`): a
reader without it gets zeros, a county's analyst their county only. The rollups of docs/adr/0016
(`OrderTally`, `RatingTally`) count every service over all time, with no month and no workflow, so
they do not hold these figures; each query here reads one month (one partition of the orders) of
one module's rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import CharField, Count, DateTimeField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import Cast, Substr, TruncMonth

from fawang.accounts import policy
from fawang.catalog.models import clock_basis, time_limit_label
from fawang.core.calendar import TZ
from fawang.core.types import Actor
from fawang.feedback.enums import SATISFIED_LEVELS, EvaluationLevel
from fawang.feedback.models import Evaluation
from fawang.orders.enums import PriorityGroup
from fawang.orders.models import OrderClock, OrderEvent, ServiceOrder
from fawang.regions.models import Region
from fawang.translations.selectors import Translated

from .enums import WORKFLOW, EventKind, MatterType, SubsidyStatus
from .models import LegalAidCase, Subsidy

DECISIONS = (EventKind.APPROVED, EventKind.REFUSED)
# Calendar days from receipt to decision (art. 43's limit is counted by its clock, below).
DECISION_BUCKETS = (1, 3, 7)
TOP_REASONS = 10
TREND_MONTHS = 12


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of `month` and of the next, in the official calendar's time zone."""
    start = dt.datetime(month.year, month.month, 1, tzinfo=TZ)
    end = dt.datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=TZ)
    return start, end


def _scoped(actor: Actor, qs: QuerySet[Any], order: str = "") -> QuerySet[Any]:
    """`policy.scope_figures` for rows that belong to an order (`order` is the lookup to it)."""
    if not policy.has_action(actor, "insight.view"):
        return qs.none()
    return policy.scope_jurisdiction(
        actor,
        qs,
        region_path=f"{order}region_path",
        handler_region_path=f"{order}handler_region_path",
        institution=f"{order}assigned_institution",
        practitioner=f"{order}assigned_practitioner",
    )


def rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class RegionRow:
    name: str
    applications: int = 0
    approvals: int = 0
    refusals: int = 0
    subsidies_paid: int = 0
    subsidies_paid_fen: int = 0


@dataclass(frozen=True)
class TrendRow:
    month: dt.date
    applications: int
    approvals: int
    refusals: int


@dataclass(frozen=True)
class ClockRow:
    """A statutory clock's figures of the month. `label` and `legal_basis` are the Chinese copied onto
    the clocks; the page and the XLSX show `display_label` and `display_legal_basis`, in the reader's
    language (the item's time-limit translation, else the Chinese marked as such; docs/adr/0014)."""

    name: str
    label: str
    legal_basis: str
    finished: int
    on_time: int
    item_code: str = WORKFLOW
    label_en: str = ""

    @property
    def display_label(self) -> Translated:
        return time_limit_label(self.item_code, self.name, self.label, self.label_en)

    @property
    def display_legal_basis(self) -> Translated:
        return clock_basis(self.item_code, self.name, self.legal_basis)

    @property
    def rate(self) -> Decimal | None:
        return rate(self.on_time, self.finished)


@dataclass
class MonthlyReport:
    month: dt.date
    regions: list[RegionRow]
    total: RegionRow
    trend: list[TrendRow]
    refusal_reasons: list[tuple[str, int]]
    by_matter_type: list[tuple[str, int]]
    by_priority_group: list[tuple[str, int]]
    decision_time: list[tuple[int, int]]  # (within N days, decisions), cumulative
    decisions: int
    clocks: list[ClockRow]
    satisfaction: dict[int, int] = field(default_factory=dict)

    @property
    def satisfaction_total(self) -> int:
        return sum(self.satisfaction.values())

    @property
    def satisfaction_rate(self) -> Decimal | None:
        satisfied = sum(self.satisfaction.get(level, 0) for level in SATISFIED_LEVELS)
        return rate(satisfied, self.satisfaction_total)

    @property
    def satisfaction_rows(self) -> list[tuple[str, int]]:
        return [(str(label), self.satisfaction.get(level, 0)) for level, label in EvaluationLevel.choices]


def _by_area(qs: QuerySet[Any], path_lookup: str, width: int, **sums: Any) -> dict[str, dict[str, int]]:
    """Aggregates per child region: codes of one level have one length, so the first `width`
    characters of the path name the child (as `orders.selectors.order_figures` groups)."""
    rows = qs.annotate(area=Substr(path_lookup, 1, width)).values("area").annotate(**sums).order_by()
    return {row["area"]: {k: row[k] or 0 for k in sums} for row in rows}


def monthly_report(*, actor: Actor, month: dt.date) -> MonthlyReport:
    """The month's legal aid figures in the actor's jurisdiction (zeros without `insight.view`)."""
    start, end = month_bounds(month)
    parent_id = getattr(actor, "jurisdiction_region_id", None)
    children = list(Region.objects.filter(parent_id=parent_id).order_by("code")) if parent_id else []
    width = len(children[0].path) if children else 0

    orders = _scoped(actor, ServiceOrder.objects.filter(workflow=WORKFLOW))
    applied = orders.filter(submitted_at__gte=start, submitted_at__lt=end)
    events = _scoped(
        actor, OrderEvent.objects.filter(order__workflow=WORKFLOW, kind__in=DECISIONS), "order__"
    )
    decided = events.filter(created_at__gte=start, created_at__lt=end)
    paid = _scoped(actor, Subsidy.objects.filter(status=SubsidyStatus.PAID), "order__").filter(
        paid_at__gte=start, paid_at__lt=end
    )

    regions = _regions(children, width, applied, decided, paid)
    # The total counts the whole jurisdiction (an order handled here by an applicant from elsewhere
    # too), as the figures page's total does.
    total = RegionRow(
        "", applications=applied.count(), **_one(decided, approvals=APPROVED_Q, refusals=REFUSED_Q)
    )
    paid_total = paid.aggregate(n=Count("pk"), fen=Sum("amount_fen"))
    total.subsidies_paid, total.subsidies_paid_fen = paid_total["n"] or 0, paid_total["fen"] or 0

    return MonthlyReport(
        month=dt.date(month.year, month.month, 1),
        regions=regions,
        total=total,
        trend=_trend(orders, events, end),
        refusal_reasons=_refusal_reasons(decided),
        by_matter_type=_by_matter_type(actor, start, end),
        by_priority_group=_by_priority_group(applied),
        decision_time=_decision_time(decided),
        decisions=total.approvals + total.refusals,
        clocks=_clocks(actor, start, end),
        satisfaction=_satisfaction(actor, start, end),
    )


APPROVED_Q = Q(kind=EventKind.APPROVED)
REFUSED_Q = Q(kind=EventKind.REFUSED)


def _regions(
    children: list[Region], width: int, applied: QuerySet[Any], decided: QuerySet[Any], paid: QuerySet[Any]
) -> list[RegionRow]:
    """One row per child region of the jurisdiction (none for an institution-only jurisdiction or a
    township's, which has no children): three GROUP BY queries."""
    if not children:
        return []
    per_area = {c.path: RegionRow(c.name) for c in children}
    for area, row in _by_area(applied, "region_path", width, n=Count("pk")).items():
        if area in per_area:
            per_area[area].applications = row["n"]
    decisions = _by_area(
        decided,
        "order__region_path",
        width,
        approvals=Count("pk", filter=APPROVED_Q),
        refusals=Count("pk", filter=REFUSED_Q),
    )
    for area, row in decisions.items():
        if area in per_area:
            per_area[area].approvals, per_area[area].refusals = row["approvals"], row["refusals"]
    payments = _by_area(paid, "order__region_path", width, n=Count("pk"), fen=Sum("amount_fen"))
    for area, row in payments.items():
        if area in per_area:
            per_area[area].subsidies_paid, per_area[area].subsidies_paid_fen = row["n"], row["fen"]
    return list(per_area.values())


def _one(qs: QuerySet[Any], **filters: Q) -> dict[str, int]:
    sums = qs.aggregate(**{k: Count("pk", filter=q) for k, q in filters.items()})
    return {k: v or 0 for k, v in sums.items()}


def _trend(orders: QuerySet[Any], events: QuerySet[Any], end: dt.datetime) -> list[TrendRow]:
    """Applications and decisions per month, the last twelve months up to the report's."""
    first = end
    for _ in range(TREND_MONTHS):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    months = []
    cursor = first.date()
    while cursor < end.date():
        months.append(cursor)
        cursor = month_bounds(cursor)[1].date()
    applied = dict(
        orders.filter(submitted_at__gte=first, submitted_at__lt=end)
        .annotate(m=TruncMonth("submitted_at", tzinfo=TZ))
        .values("m")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("m", "n")
    )
    decided = (
        events.filter(created_at__gte=first, created_at__lt=end)
        .annotate(m=TruncMonth("created_at", tzinfo=TZ))
        .values("m")
        .annotate(
            approvals=Count("pk", filter=Q(kind=EventKind.APPROVED)),
            refusals=Count("pk", filter=Q(kind=EventKind.REFUSED)),
        )
        .order_by()
    )
    applied_by = {_month_key(m): n for m, n in applied.items()}
    decided_by = {_month_key(r["m"]): (r["approvals"], r["refusals"]) for r in decided}
    return [TrendRow(m, applied_by.get(m, 0), *decided_by.get(m, (0, 0))) for m in months]


def _month_key(value: dt.datetime | dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.astimezone(TZ) if value.tzinfo else value
        return dt.date(value.year, value.month, 1)
    return dt.date(value.year, value.month, 1)


def _refusal_reasons(decided: QuerySet[Any]) -> list[tuple[str, int]]:
    """The month's refusals grouped by their written reason, the most frequent first."""
    rows = (
        decided.filter(kind=EventKind.REFUSED)
        .values("reason")
        .annotate(n=Count("pk"))
        .order_by("-n", "reason")[:TOP_REASONS]
    )
    return [(r["reason"], r["n"]) for r in rows]


def _by_matter_type(actor: Actor, start: dt.datetime, end: dt.datetime) -> list[tuple[str, int]]:
    cases = _scoped(actor, LegalAidCase.objects.all(), "order__").filter(
        order__submitted_at__gte=start, order__submitted_at__lt=end
    )
    counts = dict(
        cases.values("matter_type").annotate(n=Count("pk")).order_by().values_list("matter_type", "n")
    )
    rows = [(str(label), counts.get(value, 0)) for value, label in MatterType.choices]
    if counts.get(""):
        rows.append(("—", counts[""]))
    return rows


def _by_priority_group(applied: QuerySet[Any]) -> list[tuple[str, int]]:
    """Applications naming each priority group (an application may name several): conditional counts
    over the stored list's text, which reads the same on PostgreSQL (jsonb) and SQLite (JSON text)."""
    qs = applied.annotate(groups_text=Cast("priority_groups", CharField()))
    sums = qs.aggregate(
        **{value: Count("pk", filter=Q(groups_text__contains=f'"{value}"')) for value in PriorityGroup.values}
    )
    return [(str(label), sums[value] or 0) for value, label in PriorityGroup.choices]


def _decision_time(decided: QuerySet[Any]) -> list[tuple[int, int]]:
    """How many of the month's decisions came within 1, 3 and 7 calendar days of receipt."""
    sums = decided.aggregate(
        **{
            f"d{days}": Count(
                "pk",
                filter=Q(
                    created_at__lte=ExpressionWrapper(
                        F("order__submitted_at") + dt.timedelta(days=days), output_field=DateTimeField()
                    )
                ),
            )
            for days in DECISION_BUCKETS
        }
    )
    return [(days, sums[f"d{days}"] or 0) for days in DECISION_BUCKETS]


def _clocks(actor: Actor, start: dt.datetime, end: dt.datetime) -> list[ClockRow]:
    """Each statutory clock stopped in the month: how many, and how many within their time limit."""
    stopped = _scoped(actor, OrderClock.objects.filter(order__workflow=WORKFLOW), "order__").filter(
        stopped_at__gte=start, stopped_at__lt=end
    )
    rows = (
        stopped.values("name", "label", "legal_basis", "order__service_item__code", "label_en")
        .annotate(finished=Count("pk"), on_time=Count("pk", filter=Q(stopped_at__lte=F("due_at"))))
        .order_by("name", "label", "legal_basis", "order__service_item__code", "label_en")
    )
    return [
        ClockRow(
            r["name"],
            r["label"],
            r["legal_basis"],
            r["finished"],
            r["on_time"],
            r["order__service_item__code"],
            r["label_en"],
        )
        for r in rows
    ]


def _satisfaction(actor: Actor, start: dt.datetime, end: dt.datetime) -> dict[int, int]:
    """Ratings of legal aid cases given in the month that count in the statistics, per level."""
    ratings = _scoped(
        actor, Evaluation.objects.filter(order__workflow=WORKFLOW, counts_in_statistics=True), "order__"
    )
    rows = (
        ratings.filter(created_at__gte=start, created_at__lt=end)
        .values("level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["level"]: r["n"] for r in rows}
