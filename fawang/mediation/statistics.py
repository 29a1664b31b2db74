"""The county's statistics of people's mediation (人民调解法第十条: 县级人民政府司法行政部门应当对本行政区
域内人民调解委员会的设立情况进行统计): for the month asked, per kind of committee (village or residents',
township or street, industry, professional; a committee without a profile counted as "not stated"),
the committees and their mediators, the disputes registered, mediations that reached an agreement and
those that failed, the agreements written and oral, and the applications for judicial confirmation
(第三十三条). Read by the justice bureaus of a county and above (`mediation.statistics`), each for
the committees registered in its jurisdiction.

Cost: six GROUP BY queries whatever the size: committees and mediators (the network's rows of the
jurisdiction), the month's mediations by their order's submission, the month's events of three kinds
(the event table's month partition: `created_at` bounds it) and the month's agreements; each grouped by
the committee's kind, so at most five rows each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from fawang.accounts import policy
from fawang.core.calendar import TZ
from fawang.core.types import Actor
from fawang.network.enums import InstitutionKind, PractitionerKind, PractitionerStatus

from .enums import CommitteeType, EventKind

ACTION = "mediation.statistics"
NOT_STATED = ""
COLUMNS = (
    "committees",
    "mediators",
    "registered",
    "succeeded",
    "failed",
    "agreements_written",
    "agreements_oral",
    "confirmations",
)


def column_labels() -> dict[str, str]:
    return {
        "committees": _("Committees"),
        "mediators": _("Mediators"),
        "registered": _("Disputes registered"),
        "succeeded": _("Mediations succeeded"),
        "failed": _("Mediations failed"),
        "agreements_written": _("Written agreements"),
        "agreements_oral": _("Oral agreements"),
        "confirmations": _("Judicial confirmations applied for"),
    }


@dataclass
class KindRow:
    kind: str
    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))

    @property
    def values(self) -> list[int]:
        return [self.counts[c] for c in COLUMNS]


@dataclass
class CommitteeStatistics:
    month: dt.date
    rows: list[KindRow]
    total: KindRow


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(month.year, month.month, 1, tzinfo=TZ)
    end = dt.datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=TZ)
    return start, end


def committees_of(actor: Actor) -> QuerySet[Any]:
    """The people's mediation committees registered in the actor's jurisdiction (none without the
    action)."""
    from fawang.network.models import Institution

    if not policy.has_action(actor, ACTION):
        return Institution.objects.none()
    return policy.scope_jurisdiction(
        actor,
        Institution.objects.filter(kind=InstitutionKind.MEDIATION_COMMITTEE, is_active=True),
        region_path="region__path",
        institution="pk",
    )


def committee_statistics(*, actor: Actor, month: dt.date) -> CommitteeStatistics:
    from fawang.disputes.models import Outcome
    from fawang.network.models import Practitioner
    from fawang.orders.models import OrderEvent

    from .models import Mediation

    start, end = month_bounds(month)
    committees = committees_of(actor)
    ids = committees.values("pk")
    kinds = [(k.value, str(k.label)) for k in CommitteeType]
    rows = {k: KindRow(k, label) for k, label in kinds}
    rows[NOT_STATED] = KindRow(NOT_STATED, pgettext("committee type", "Not stated"))

    def add(column: str, grouped: Any, key: str = "committee_kind") -> None:
        for entry in grouped:
            row = rows.get(entry[key] or NOT_STATED, rows[NOT_STATED])
            row.counts[column] += entry["n"]

    add(
        "committees",
        committees.order_by().values(committee_kind=F("mediation_profile__type")).annotate(n=Count("pk")),
    )
    add(
        "mediators",
        Practitioner.objects.filter(
            institution__in=ids, kind=PractitionerKind.MEDIATOR, status=PractitionerStatus.ACTIVE
        )
        .order_by()
        .values(committee_kind=F("institution__mediation_profile__type"))
        .annotate(n=Count("pk")),
    )
    add(
        "registered",
        Mediation.objects.filter(
            committee__in=ids, order__submitted_at__gte=start, order__submitted_at__lt=end
        )
        .order_by()
        .values(committee_kind=F("committee__mediation_profile__type"))
        .annotate(n=Count("pk")),
    )
    by_event = {
        EventKind.AGREEMENT_REACHED: "succeeded",
        EventKind.FAILED: "failed",
        EventKind.CONFIRMATION_APPLIED: "confirmations",
    }
    events = (
        OrderEvent.objects.filter(
            created_at__gte=start,
            created_at__lt=end,
            kind__in=list(by_event),
            order__mediation__committee__in=ids,
        )
        .order_by()
        .values("kind", committee_kind=F("order__mediation__committee__mediation_profile__type"))
        .annotate(n=Count("order_id", distinct=True))
    )
    for entry in events:
        row = rows.get(entry["committee_kind"] or NOT_STATED, rows[NOT_STATED])
        row.counts[by_event[entry["kind"]]] += entry["n"]
    outcomes = (
        Outcome.objects.filter(
            kind="mediation_agreement",
            signed_at__gte=start,
            signed_at__lt=end,
            order__mediation__committee__in=ids,
        )
        .order_by()
        .values("form", committee_kind=F("order__mediation__committee__mediation_profile__type"))
        .annotate(n=Count("pk"))
    )
    for entry in outcomes:
        row = rows.get(entry["committee_kind"] or NOT_STATED, rows[NOT_STATED])
        row.counts["agreements_oral" if entry["form"] == "oral" else "agreements_written"] += entry["n"]
    total = KindRow("total", _("Total"))
    for row in rows.values():
        for column in COLUMNS:
            total.counts[column] += row.counts[column]
    shown = [rows[k] for k, _label in kinds]
    if any(rows[NOT_STATED].values):
        shown.append(rows[NOT_STATED])
    return CommitteeStatistics(month=month, rows=shown, total=total)


def statistics_workbook(stats: CommitteeStatistics, *, jurisdiction: str) -> bytes:
    """The same table as XLSX (openpyxl, write-only), text written as text, never as a formula."""
    import io

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("People's mediation")[:31])

    def cell(value: Any, bold: bool = False) -> Any:
        c = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            c.data_type = "s"
        if bold:
            c.font = Font(bold=True)
        return c

    labels = column_labels()
    ws.append([cell(f"{jurisdiction} {stats.month:%Y-%m}")])
    ws.append([cell(_("Committee type"), True), *(cell(labels[c], True) for c in COLUMNS)])
    for row in [*stats.rows, stats.total]:
        ws.append([cell(str(row.label)), *(cell(v) for v in row.values)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
