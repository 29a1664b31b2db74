"""Arbitration's reads: a commission's cases, the roster with workload and fees paid, and the real-time
statistics per commission for national reporting (cases received, accepted, closed, by kind; on-time
rates per clock). Figures are counts: no names."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from fawang.accounts import policy
from fawang.core.types import Actor
from fawang.network.enums import InstitutionKind
from fawang.network.models import Institution
from fawang.orders.enums import OPEN_STATUSES, OrderStatus
from fawang.orders.models import OrderClock, ServiceOrder

from .enums import WORKFLOWS, Kind
from .models import ArbitrationCase, ArbitratorPayment, RosterEntry, TribunalMember


def commissions_for(actor: Actor) -> QuerySet[Institution]:
    """The commissions whose roster and figures the actor may read: their own, or all in their region."""
    qs = Institution.objects.filter(kind=InstitutionKind.ARBITRATION_COMMISSION).select_related("region")
    if actor.is_superuser or policy.is_province_wide(actor):
        return qs.order_by("name")
    q = Q(pk__in=[])
    if actor.jurisdiction_institution_id:
        q |= Q(pk=actor.jurisdiction_institution_id)
    path = policy.jurisdiction_path(actor)
    if path:
        q |= Q(region__path__startswith=path)
    return qs.filter(q).order_by("name")


def cases_for(actor: Actor, commission: Institution) -> QuerySet[ArbitrationCase]:
    orders = policy.scope_orders(actor, ServiceOrder.objects.filter(workflow__in=WORKFLOWS))
    return (
        ArbitrationCase.objects.filter(commission=commission, order__in=orders)
        .select_related("order")
        .order_by("-order__submitted_at")
    )


def roster(commission: Institution) -> list[dict[str, Any]]:
    """Each arbitrator of the roster with open cases (workload), cases in all and fees paid."""
    entries = list(RosterEntry.objects.filter(commission=commission).select_related("practitioner"))
    ids = [e.practitioner_id for e in entries]
    load = dict(
        TribunalMember.objects.filter(practitioner_id__in=ids, case__order__status__in=OPEN_STATUSES)
        .values_list("practitioner_id")
        .annotate(n=Count("pk"))
    )
    total = dict(
        TribunalMember.objects.filter(practitioner_id__in=ids)
        .values_list("practitioner_id")
        .annotate(n=Count("pk"))
    )
    paid = dict(
        ArbitratorPayment.objects.filter(practitioner_id__in=ids)
        .values_list("practitioner_id")
        .annotate(s=Sum("amount_fen"))
    )
    return [
        {
            "entry": e,
            "open": load.get(e.practitioner_id, 0),
            "cases": total.get(e.practitioner_id, 0),
            "paid_fen": paid.get(e.practitioner_id, 0) or 0,
        }
        for e in entries
    ]


def statistics(
    commission: Institution, *, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, Any]:
    """Real-time figures of one commission: per kind, cases received, accepted, refused, closed (award
    made or closed), open; per clock (name and article), clocks stopped, stopped on time, on-time rate."""
    orders = ServiceOrder.objects.filter(arbitration_case__commission=commission)
    if start:
        orders = orders.filter(submitted_at__date__gte=start)
    if end:
        orders = orders.filter(submitted_at__date__lte=end)
    rows = []
    for kind in Kind:
        mine = orders.filter(workflow=kind.value)
        figures = mine.aggregate(
            received=Count("pk"),
            accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
            refused=Count("pk", filter=Q(status=OrderStatus.REJECTED)),
            closed=Count("pk", filter=Q(status__in=(OrderStatus.RESOLVED, OrderStatus.CLOSED))),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        )
        rows.append({"kind": kind.value, "label": kind.label, **figures})
    clocks = []
    for row in (
        OrderClock.objects.filter(order__in=orders, stopped_at__isnull=False)
        .values("order__workflow", "name", "legal_basis")
        .annotate(stopped=Count("pk"), on_time=Count("pk", filter=Q(stopped_at__lte=F("due_at"))))
        .order_by("order__workflow", "name")
    ):
        rate = round(100 * row["on_time"] / row["stopped"], 1) if row["stopped"] else None
        clocks.append(
            {
                "kind": row["order__workflow"],
                "label": Kind(row["order__workflow"]).label if row["order__workflow"] in Kind.values else "",
                "clock": row["name"],
                "basis": row["legal_basis"],
                "stopped": row["stopped"],
                "on_time": row["on_time"],
                "rate": rate,
            }
        )
    running_late = OrderClock.objects.filter(
        order__in=orders, stopped_at__isnull=True, overdue_at__isnull=False
    ).count()
    return {"commission": commission, "kinds": rows, "clocks": clocks, "overdue_now": running_late}


def statistics_xlsx(stats: dict[str, Any]) -> bytes:
    """The same figures as an XLSX workbook (openpyxl): one sheet per table."""
    from io import BytesIO

    from django.utils.translation import gettext as _
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "cases"
    sheet.append([str(stats["commission"].name)])
    sheet.append([_("Kind"), _("Received"), _("Accepted"), _("Not accepted"), _("Closed"), _("Open")])
    for row in stats["kinds"]:
        sheet.append(
            [str(row["label"]), row["received"], row["accepted"], row["refused"], row["closed"], row["open"]]
        )
    clocks = book.create_sheet("clocks")
    clocks.append(
        [_("Kind"), _("Time limit"), _("Legal basis"), _("Stopped"), _("On time"), _("On-time rate (%)")]
    )
    for row in stats["clocks"]:
        clocks.append(
            [str(row["label"]), row["clock"], row["basis"], row["stopped"], row["on_time"], row["rate"]]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def fee_tables(commission: Institution) -> QuerySet[Any]:
    """Every version of the commission's fee table, newest first."""
    from .models import FeeTable

    return FeeTable.objects.filter(commission=commission).order_by("-effective_from")


def conflicts_of(actor: Actor, commission: Institution) -> QuerySet[Any]:
    """The conflicts declared on the commission's cases the actor sees (names of arbitrators only)."""
    from .models import ConflictDeclaration

    return (
        ConflictDeclaration.objects.filter(case__in=cases_for(actor, commission))
        .select_related("practitioner", "case__order")
        .order_by("-created_at")
    )


def secretaries(commission: Institution) -> list[dict[str, Any]]:
    """The commission's staff who took cases as secretary (办案秘书): open cases and all cases."""
    rows = (
        ArbitrationCase.objects.filter(commission=commission, secretary__isnull=False)
        .values("secretary_id", "secretary__display_name", "secretary__username")
        .annotate(cases=Count("pk"), open=Count("pk", filter=Q(order__status__in=OPEN_STATUSES)))
        .order_by("secretary__display_name", "secretary_id")
    )
    return [
        {
            "name": r["secretary__display_name"] or r["secretary__username"],
            "cases": r["cases"],
            "open": r["open"],
        }
        for r in rows
    ]
