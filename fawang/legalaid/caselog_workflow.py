"""The handling and closing steps of legal aid (issue 11, item 5), declared to the engine with the rest
of the workflow (workflow.py): closing with an outcome, then filing the closing materials, which
resolves the order so the applicant rates it through the shared evaluation (fawang/feedback opens the
rating on "resolved"). Which clock the closing starts is the law table's business (`closing_materials`
of the `legal_aid` item)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fawang.orders.enums import EventKind as E
from fawang.orders.enums import OrderStatus as S
from fawang.orders.workflow import ActionSpec, EventSpec, Owes, Step

from .enums import CaseLogAction, CaseLogEvent, Stage

CASELOG_EVENTS = (
    # A log entry is the centre's record of work: on the staff timeline, not the applicant's.
    EventSpec(CaseLogEvent.LOG_ENTRY, CaseLogEvent.LOG_ENTRY.label),
    EventSpec(
        CaseLogEvent.CASE_CLOSED,
        CaseLogEvent.CASE_CLOSED.label,
        public=True,
        notifies=True,
        owes=Owes.HANDLER,
    ),
    EventSpec(CaseLogEvent.QUALITY_REVIEWED, CaseLogEvent.QUALITY_REVIEWED.label),
)

# Both need more than a reason (an outcome, a list of materials): they are taken on the case log page
# and its services, not offered as bare buttons on the order page.
CASELOG_ACTIONS = (
    ActionSpec(CaseLogAction.CLOSE_CASE, CaseLogAction.CLOSE_CASE.label, offered=False),
    ActionSpec(CaseLogAction.FILE_CLOSING, CaseLogAction.FILE_CLOSING.label, offered=False),
)

CASELOG_STEPS = (
    # 结案: the matter ended; the outcome is recorded and the closing-materials clock starts.
    Step(
        S.IN_PROGRESS,
        CaseLogAction.CLOSE_CASE,
        S.IN_PROGRESS,
        CaseLogEvent.CASE_CLOSED,
        source_stage=Stage.HANDLING,
        target_stage=Stage.CLOSING,
    ),
    # 法律援助法第五十条: the practitioner reports and hands in the documents; the order is resolved.
    Step(
        S.IN_PROGRESS,
        CaseLogAction.FILE_CLOSING,
        S.RESOLVED,
        E.RESOLVED,
        source_stage=Stage.CLOSING,
        target_stage=Stage.CLOSING,
    ),
)


def resolve_refusal(order: Any) -> str:
    """What the shared resolve answers on a legal aid case (Workflow.resolve, docs/adr/0022)."""
    return _(
        "A legal aid case is resolved on its case log: record the outcome, then file the closing "
        "materials (art. 50 of the Legal Aid Law)."
    )
