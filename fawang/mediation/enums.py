"""People's mediation's names (人民调解法; docs/adr/0029): the workflow code, its stages, event kinds and
actions, the committee types, what a dispute is about and where it came from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

WORKFLOW = "mediation"
ITEM = (
    "mediation_dispute"  # the catalog item that follows the workflow (fawang/catalog/data/service_items.json)
)
# The hand-off to arbitration (人民调解+仲裁, the Deyang and Mianyang pilot): the arbitration module's
# items and the key of order_make's details naming this mediation (agreed in /work/notes/disputes-base.md).
ARBITRATION_ITEM = "arbitration"
LABOUR_ARBITRATION_ITEM = "labour_arbitration"
FROM_MEDIATION = "from_mediation"
OUTCOME_PREFIX = "SCTJ"
FREE_OF_CHARGE = "人民调解委员会调解民间纠纷，不收取任何费用（人民调解法第四条）"


class Stage(models.TextChoices):
    MEDIATING = "mediating", pgettext_lazy("mediation stage", "Being mediated")
    AGREED = "agreed", pgettext_lazy("mediation stage", "Agreement reached")
    CONFIRMATION_APPLIED = (
        "confirmation_applied",
        pgettext_lazy("mediation stage", "Judicial confirmation applied for"),
    )
    PERFORMING = "performing", pgettext_lazy("mediation stage", "Agreement being performed")
    PERFORMED = "performed", pgettext_lazy("mediation stage", "Agreement performed")
    NOT_PERFORMED = "not_performed", pgettext_lazy("mediation stage", "Agreement not performed")
    FAILED = "failed", pgettext_lazy("mediation stage", "Mediation failed")
    WITHDRAWN = "withdrawn", pgettext_lazy("mediation stage", "Ended at a party's request")
    REFUSED = "refused", pgettext_lazy("mediation stage", "A party refused mediation")
    TO_ARBITRATION = "to_arbitration", pgettext_lazy("mediation stage", "Moved into arbitration")


class EventKind(models.TextChoices):
    AGREEMENT_REACHED = (
        "mediation_agreement_reached",
        pgettext_lazy("order event", "Mediation agreement reached"),
    )
    CONFIRMATION_APPLIED = (
        "mediation_confirmation_applied",
        pgettext_lazy("order event", "Judicial confirmation applied for"),
    )
    CONFIRMATION_WAIVED = (
        "mediation_confirmation_waived",
        pgettext_lazy("order event", "Parties do not seek judicial confirmation"),
    )
    PERFORMED = "mediation_performed", pgettext_lazy("order event", "Mediation agreement performed")
    NOT_PERFORMED = (
        "mediation_not_performed",
        pgettext_lazy("order event", "Mediation agreement not performed"),
    )
    FAILED = "mediation_failed", pgettext_lazy("order event", "Mediation ended without agreement")
    WITHDRAWN = "mediation_withdrawn", pgettext_lazy("order event", "Mediation ended at a party's request")
    REFUSED = "mediation_refused", pgettext_lazy("order event", "A party refused mediation")
    TO_ARBITRATION = "mediation_to_arbitration", pgettext_lazy("order event", "Moved into arbitration")
    FOLLOW_UP = "mediation_follow_up", pgettext_lazy("order event", "Follow-up visit on performance")
    MEDIATOR_ASSIGNED = "mediation_mediator_assigned", pgettext_lazy("order event", "Mediator assigned")


class Action(models.TextChoices):
    BEGIN = "mediation_begin", pgettext_lazy("order action", "Begin the mediation")
    AGREE = "mediation_agree", pgettext_lazy("order action", "Record the agreement")
    APPLY_CONFIRMATION = (
        "mediation_apply_confirmation",
        pgettext_lazy("order action", "Record the application for judicial confirmation"),
    )
    WAIVE_CONFIRMATION = (
        "mediation_waive_confirmation",
        pgettext_lazy("order action", "Parties do not seek judicial confirmation"),
    )
    PERFORMED = "mediation_mark_performed", pgettext_lazy("order action", "Agreement performed")
    NOT_PERFORMED = "mediation_mark_not_performed", pgettext_lazy("order action", "Agreement not performed")
    FAIL = "mediation_fail", pgettext_lazy("order action", "End the mediation without agreement")
    WITHDRAW = "mediation_withdraw", pgettext_lazy("order action", "End the mediation at a party's request")
    REFUSE = "mediation_refuse", pgettext_lazy("order action", "A party refuses mediation")
    TO_ARBITRATION = "mediation_to_arbitration", pgettext_lazy("order action", "Move into arbitration")


class CommitteeType(models.TextChoices):
    VILLAGE = "village", pgettext_lazy("committee type", "Village or residents' committee")  # 村（居）调委会
    TOWNSHIP = "township", pgettext_lazy("committee type", "Township or street")  # 乡镇（街道）调委会
    INDUSTRY = "industry", pgettext_lazy("committee type", "Industry")  # 行业性调委会
    PROFESSIONAL = "professional", pgettext_lazy("committee type", "Professional")  # 专业性调委会


class Category(models.TextChoices):
    NEIGHBOURS = "neighbours", pgettext_lazy("dispute category", "Neighbours")
    FAMILY = "family", pgettext_lazy("dispute category", "Marriage and family")
    LAND = "land", pgettext_lazy("dispute category", "Land and homesteads")
    CONTRACT = "contract", pgettext_lazy("dispute category", "Contract")
    PROPERTY = "property", pgettext_lazy("dispute category", "Property")
    DAMAGES = "damages", pgettext_lazy("dispute category", "Damages and injury")
    LABOUR = "labour", pgettext_lazy("dispute category", "Labour")
    OTHER = "other", pgettext_lazy("dispute category", "Other")


# What may move into which arbitration (人民调解+仲裁: contract and property disputes to the commercial
# commission, 仲裁法第二条; labour disputes to labour arbitration, 劳动争议调解仲裁法第五条).
ARBITRABLE = {
    Category.CONTRACT: ARBITRATION_ITEM,
    Category.PROPERTY: ARBITRATION_ITEM,
    Category.LABOUR: LABOUR_ARBITRATION_ITEM,
}


class Source(models.TextChoices):
    PARTY = "party", pgettext_lazy("dispute source", "A party applied")  # 当事人申请
    COMMITTEE = "committee", pgettext_lazy("dispute source", "The committee took it up")  # 主动调解
    COURT = "court", pgettext_lazy("dispute source", "Referred by a court")  # 法院委派（第十八条）
    POLICE = "police", pgettext_lazy("dispute source", "Referred by the police")  # 公安机关（第十八条）
    HOTLINE = "hotline", pgettext_lazy("dispute source", "From the 12348 hotline")
    LEGAL_AID = "legal_aid", pgettext_lazy("dispute source", "Referred by a legal aid centre")
    # 三调联动: a justice bureau refers a complaint (e.g. about a judicial appraisal institution).
    JUSTICE_BUREAU = "justice_bureau", pgettext_lazy("dispute source", "Referred by a justice bureau")


REFERRED = {Source.COURT, Source.POLICE, Source.LEGAL_AID, Source.JUSTICE_BUREAU}


class Performance(models.TextChoices):
    PERFORMED = "performed", pgettext_lazy("performance", "Performed")
    PARTLY = "partly", pgettext_lazy("performance", "Partly performed")
    NOT_PERFORMED = "not_performed", pgettext_lazy("performance", "Not performed")


class ErrorCode:
    NOT_ARBITRABLE = "not_arbitrable"
    NO_COMMISSION = "commission_invalid"
    NOT_A_MEDIATOR = "mediator_invalid"
    NOT_A_COMMITTEE = "committee_invalid"
    REFERRER = "referrer_required"


VERBOSE = _("People's mediation")
