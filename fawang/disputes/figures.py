"""Monthly figures of the dispute-resolution workflows (issue 14 "Across the three"): per region one level
below the reader's jurisdiction and per handling institution (committee, commission, appraisal
institution), each statutory clock stopped in the month, how many on time, the on-time rate.

Generic over the engine's clock rows (`orders.OrderClock`): it reads the workflows named in the setting
`FAWANG_DISPUTE_WORKFLOWS` by their codes and imports no module, so mediation and arbitration appear here
when merged without an edit. Written in fawang/appraisal and moved here as it was (docs/adr/0031,
addendum): the shared base is where what the three modules share lives.

Cost: one GROUP BY per table (regions, institutions), over the clocks stopped in the month — a range on
the partial index `clock_stopped_month` (orders.OrderClock.stopped_at, stopped clocks only) — joined to
their orders by primary key and filtered by workflow and the reader's jurisdiction. At province scale
(issue 9: ~1M orders a month, 2–3 clocks each) the dispute workflows are a few per cent of the clocks, so
a month reads tens of thousands of index entries and returns at most regions × clocks + institutions ×
clocks rows; nothing is counted per request over all time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr

from fawang.accounts import policy
from fawang.catalog.models import time_limit_label
from fawang.core.calendar import TZ
from fawang.core.types import Actor
from fawang.orders.models import OrderClock
from fawang.regions.models import Region

DEFAULT_WORKFLOWS = ("mediation", "arbitration", "labour_arbitration", "appraisal")


def workflows() -> tuple[str, ...]:
    return tuple(getattr(settings, "FAWANG_DISPUTE_WORKFLOWS", DEFAULT_WORKFLOWS))


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(month.year, month.month, 1, tzinfo=TZ)
    end = dt.datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=TZ)
    return start, end


def rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ClockKey:
    workflow: str
    item_code: str
    name: str
    label: str
    label_en: str
    legal_basis: str

    @property
    def display_label(self) -> Any:
        return time_limit_label(self.item_code, self.name, self.label, self.label_en)


@dataclass
class Cell:
    finished: int = 0
    on_time: int = 0
    extended: int = 0

    @property
    def rate(self) -> Decimal | None:
        return rate(self.on_time, self.finished)

    @property
    def late(self) -> int:
        return self.finished - self.on_time


@dataclass
class Row:
    name: str
    cells: dict[ClockKey, Cell] = field(default_factory=dict)

    def cell(self, key: ClockKey) -> Cell:
        return self.cells.get(key) or Cell()


@dataclass
class DisputeFigures:
    month: dt.date
    clocks: list[ClockKey]
    regions: list[Row]
    institutions: list[Row]
    total: Row

    def table(self, rows: list[Row]) -> list[tuple[Row, list[Cell]]]:
        return [(row, [row.cell(k) for k in self.clocks]) for row in rows]


def _scoped(actor: Actor) -> QuerySet[OrderClock]:
    qs = OrderClock.objects.filter(order__workflow__in=workflows())
    if not policy.has_action(actor, "insight.view"):
        return qs.none()
    return policy.scope_jurisdiction(
        actor,
        qs,
        region_path="order__region_path",
        handler_region_path="order__handler_region_path",
        institution="order__assigned_institution",
        practitioner="order__assigned_practitioner",
    )


_KEY = ("order__workflow", "order__service_item__code", "name", "label", "label_en", "legal_basis")
_SUMS = {
    "finished": Count("pk"),
    "on_time": Count("pk", filter=Q(stopped_at__lte=F("due_at"))),
    "extended": Count("pk", filter=Q(extended_by__gt=0)),
}


def _key(r: dict[str, Any]) -> ClockKey:
    return ClockKey(*(r[k] or "" for k in _KEY))


def dispute_figures(*, actor: Actor, month: dt.date) -> DisputeFigures:
    """The month's figures in the actor's jurisdiction (zeros without `insight.view`)."""
    from fawang.network.models import Institution

    start, end = month_bounds(month)
    stopped = _scoped(actor).filter(stopped_at__gte=start, stopped_at__lt=end)
    parent_id = getattr(actor, "jurisdiction_region_id", None)
    children = list(Region.objects.filter(parent_id=parent_id).order_by("code")) if parent_id else []
    width = len(children[0].path) if children else 0

    keys: set[ClockKey] = set()
    total = Row("")
    for r in stopped.values(*_KEY).annotate(**_SUMS).order_by():
        key = _key(r)
        keys.add(key)
        total.cells[key] = Cell(r["finished"], r["on_time"], r["extended"])

    regions: list[Row] = []
    if children:
        by_area = {c.path: Row(c.name) for c in children}
        rows = (
            stopped.annotate(area=Substr("order__region_path", 1, width))
            .values("area", *_KEY)
            .annotate(**_SUMS)
            .order_by()
        )
        for r in rows:
            if r["area"] in by_area:
                by_area[r["area"]].cells[_key(r)] = Cell(r["finished"], r["on_time"], r["extended"])
        regions = list(by_area.values())

    per_institution: dict[int, Row] = {}
    rows = (
        stopped.exclude(order__assigned_institution__isnull=True)
        .values("order__assigned_institution", *_KEY)
        .annotate(**_SUMS)
        .order_by()
    )
    for r in rows:
        pk = r["order__assigned_institution"]
        per_institution.setdefault(pk, Row(""))
        per_institution[pk].cells[_key(r)] = Cell(r["finished"], r["on_time"], r["extended"])
    names = dict(Institution.objects.filter(pk__in=per_institution).values_list("pk", "name"))
    for pk, row in per_institution.items():
        row.name = names.get(pk, str(pk))
    institutions = sorted(per_institution.values(), key=lambda row: row.name)

    return DisputeFigures(
        month=dt.date(month.year, month.month, 1),
        clocks=sorted(keys, key=lambda k: (k.workflow, k.item_code, k.name, k.label)),
        regions=regions,
        institutions=institutions,
        total=total,
    )


def figures_workbook(figures: DisputeFigures, *, jurisdiction: str) -> bytes:
    """The same tables as XLSX (openpyxl, write-only): per region and per institution, for each clock
    finished, on time and the rate; text written as text, never as a formula."""
    import io

    from django.utils.translation import gettext as _
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)

    def cell(ws: Any, value: Any, bold: bool = False) -> Any:
        c = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            c.data_type = "s"
        if bold:
            c.font = Font(bold=True)
        return c

    for title, rows in ((_("By region"), figures.regions), (_("By institution"), figures.institutions)):
        ws = wb.create_sheet(title[:31])
        ws.append([cell(ws, f"{jurisdiction} {figures.month:%Y-%m}")])
        header = [cell(ws, _("Name"), True)]
        for k in figures.clocks:
            label = f"{k.workflow} · {k.display_label}"
            header += [
                cell(ws, f"{label}: " + _("finished"), True),
                cell(ws, f"{label}: " + _("on time"), True),
                cell(ws, f"{label}: " + _("on-time rate (%)"), True),
            ]
        ws.append(header)
        for row, cells in figures.table([*rows, Row(_("Total"), figures.total.cells)]):
            line = [cell(ws, row.name)]
            for c in cells:
                line += [cell(ws, c.finished), cell(ws, c.on_time), cell(ws, c.rate)]
            ws.append(line)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
