"""XLSX downloads of legal aid's funds ledgers, subsidy list and monthly report (openpyxl, streamed in
write-only mode). Money is written twice: integer fen (the stored figure) and yuan as a number with two
decimals (Decimal, no float). Text from people (memos, reasons) is written as text, never as a formula:
a memo starting with "=" would otherwise run in the reader's spreadsheet."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .enums import LedgerAccount, PostingKind, SubsidyStage, SubsidyStatus
from .models import LedgerEntry, Subsidy
from .reports import MonthlyReport
from .subsidy_selectors import TrialBalance

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YUAN_FORMAT = "#,##0.00"


def _cell(ws: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula
    return cell


def _yuan(ws: WriteOnlyWorksheet, fen: int) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=Decimal(fen) / 100)
    cell.number_format = YUAN_FORMAT
    return cell


def _header(ws: WriteOnlyWorksheet, titles: Sequence[str]) -> None:
    cells = []
    for title in titles:
        cell = _cell(ws, title)
        cell.font = Font(bold=True)
        cells.append(cell)
    ws.append(cells)


def _local(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def ledger_workbook(*, title: str, rows: Iterable[LedgerEntry], balance: TrialBalance) -> bytes:
    """One ledger (a centre's or a source's): its rows, then each account's debits, credits and
    balance, and the totals, which are equal."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Ledger"))
    ws.append([_cell(ws, title)])
    _header(
        ws,
        [
            _("Time"),
            _("Posting"),
            _("Debit"),
            _("Credit"),
            _("Amount (fen)"),
            _("Amount (yuan)"),
            _("Fund source"),
            _("Centre"),
            _("Case"),
            _("Memo"),
        ],
    )
    for row in rows:
        ws.append(
            [
                _cell(ws, _local(row.created_at)),
                _cell(ws, str(PostingKind(row.kind).label)),
                _cell(ws, str(LedgerAccount(row.debit_account).label)),
                _cell(ws, str(LedgerAccount(row.credit_account).label)),
                row.amount_fen,
                _yuan(ws, row.amount_fen),
                _cell(ws, row.source.name),
                _cell(ws, row.centre.name if row.centre else ""),
                _cell(ws, row.subsidy.order.tracking_no if row.subsidy else ""),
                _cell(ws, row.memo),
            ]
        )
    sheet = wb.create_sheet(_("Balances"))
    _header(sheet, [_("Account"), _("Debits (fen)"), _("Credits (fen)"), _("Balance (fen)")])
    for line in balance.lines:
        sheet.append([_cell(sheet, line.label), line.debit_fen, line.credit_fen, line.balance_fen])
    sheet.append(
        [
            _cell(sheet, _("Total")),
            balance.debit_fen,
            balance.credit_fen,
            balance.debit_fen - balance.credit_fen,
        ]
    )
    return _save(wb)


def subsidies_workbook(subsidies: Iterable[Subsidy]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Subsidies"))
    _header(
        ws,
        [
            _("Case"),
            _("Centre"),
            _("Matter type"),
            _("Stage reached"),
            _("Standard amount (fen)"),
            _("Subsidy (fen)"),
            _("Subsidy (yuan)"),
            _("Status"),
            _("Fund source"),
            _("Computed at"),
            _("Approved at"),
            _("Paid at"),
            _("Standard's source"),
        ],
    )
    for s in subsidies:
        ws.append(
            [
                _cell(ws, s.order.tracking_no),
                _cell(ws, s.centre.name),
                _cell(ws, str(s.get_matter_type_display())),
                _cell(ws, str(SubsidyStage(s.stage).label)),
                s.base_fen,
                s.amount_fen,
                _yuan(ws, s.amount_fen),
                _cell(ws, str(SubsidyStatus(s.status).label)),
                _cell(ws, s.fund_source.name if s.fund_source else ""),
                _cell(ws, _local(s.computed_at)),
                _cell(ws, _local(s.approved_at)),
                _cell(ws, _local(s.paid_at)),
                _cell(ws, s.standard.source),
            ]
        )
    return _save(wb)


def report_workbook(report: MonthlyReport, *, jurisdiction: str) -> bytes:
    """The monthly report: one sheet per table of the page."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("By region"))
    ws.append([_cell(ws, f"{jurisdiction} {report.month:%Y-%m}")])
    _header(
        ws,
        [
            _("Region"),
            _("Applications"),
            _("Approvals"),
            _("Refusals"),
            _("Subsidies paid"),
            _("Paid (yuan)"),
        ],
    )
    for r in [*report.regions, report.total]:
        name = r.name or _("Total")
        ws.append(
            [
                _cell(ws, name),
                r.applications,
                r.approvals,
                r.refusals,
                r.subsidies_paid,
                _yuan(ws, r.subsidies_paid_fen),
            ]
        )
    trend = wb.create_sheet(_("Trend"))
    _header(trend, [_("Month"), _("Applications"), _("Approvals"), _("Refusals")])
    for t in report.trend:
        trend.append([_cell(trend, f"{t.month:%Y-%m}"), t.applications, t.approvals, t.refusals])
    tables = [
        (_("Refusal reasons"), [_("Reason"), _("Refusals")], report.refusal_reasons),
        (_("Matter types"), [_("Matter type"), _("Applications")], report.by_matter_type),
        (_("Priority groups"), [_("Priority group"), _("Applications")], report.by_priority_group),
        (_("Satisfaction"), [_("Rating"), _("Ratings")], report.satisfaction_rows),
    ]
    for name, titles, rows in tables:
        sheet = wb.create_sheet(name)
        _header(sheet, titles)
        for label, n in rows:
            sheet.append([_cell(sheet, label), n])
    clocks = wb.create_sheet(_("Clocks"))
    _header(clocks, [_("Clock"), _("Legal basis"), _("Stopped"), _("On time"), _("On-time rate (%)")])
    for c in report.clocks:
        clocks.append(
            [
                _cell(clocks, str(c.display_label)),
                _cell(clocks, str(c.display_legal_basis)),
                c.finished,
                c.on_time,
                c.rate,
            ]
        )
    timing = wb.create_sheet(_("Time to decision"))
    _header(timing, [_("Within (days)"), _("Decisions"), _("Of all decisions")])
    for days, n in report.decision_time:
        timing.append([days, n, report.decisions])
    return _save(wb)
