"""Arbitration's names: the two workflows (commercial arbitration under 仲裁法, labour arbitration under
劳动争议调解仲裁法), their stages, event kinds and actions, the tribunal's make-up, the arbitrator's
qualification heads (仲裁法第二十二条) and conflict grounds (第四十五条、第四十六条)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

COMMERCIAL = "arbitration"  # workflow and catalog item code (仲裁法)
LABOUR = "labour_arbitration"  # workflow and catalog item code (劳动争议调解仲裁法)
WORKFLOWS = (COMMERCIAL, LABOUR)
# The key of order_make's details naming the failed mediation order an arbitration comes from
# (mediation → arbitration, agreed with the disputes base: /work/notes/disputes-base.md).
FROM_MEDIATION = "from_mediation"


class Kind(models.TextChoices):
    COMMERCIAL = COMMERCIAL, _("Commercial arbitration")
    LABOUR = LABOUR, _("Labour dispute arbitration")


class Stage(models.TextChoices):
    CONSTITUTING = "constituting", pgettext_lazy("arbitration stage", "Accepted, tribunal being formed")
    TRIBUNAL_FORMED = "tribunal_formed", pgettext_lazy("arbitration stage", "Tribunal formed")
    AWARDED = "awarded", pgettext_lazy("arbitration stage", "Award made")
    REFUSED = "refused", pgettext_lazy("arbitration stage", "Not accepted")
    WITHDRAWN = "withdrawn", pgettext_lazy("arbitration stage", "Application withdrawn")
    # 仲裁委员会仲裁收费办法第六条第二款: the fee not paid in time, no deferral asked for.
    DEEMED_WITHDRAWN = (
        "deemed_withdrawn",
        pgettext_lazy("arbitration stage", "Deemed withdrawn: the fee was not paid in time"),
    )
    SETTLED = "settled", pgettext_lazy("arbitration stage", "Settled, application withdrawn")


class EventKind(models.TextChoices):
    TRIBUNAL_FORMED = "arbitration_tribunal_formed", pgettext_lazy("order event", "Arbitral tribunal formed")
    AWARD_EXTENDED = (
        "arbitration_award_extended",
        pgettext_lazy("order event", "Award time limit extended with the chair's approval"),
    )
    FEE_ASSESSED = "arbitration_fee_assessed", pgettext_lazy("order event", "Arbitration fee assessed")
    CORRECTION_REQUESTED = (
        "arbitration_correction_requested",
        pgettext_lazy("order event", "Correction of the award requested"),
    )
    AWARD_CORRECTED = "arbitration_award_corrected", pgettext_lazy("order event", "Award corrected")
    FEE_PAID = "arbitration_fee_paid", pgettext_lazy("order event", "Arbitration fee paid")
    FEE_DEFERRED = (
        "arbitration_fee_deferred",
        pgettext_lazy("order event", "Deferred payment of the arbitration fee approved"),
    )
    WITHDRAWN = "arbitration_withdrawn", pgettext_lazy("order event", "Arbitration application withdrawn")
    DEEMED_WITHDRAWN = (
        "arbitration_deemed_withdrawn",
        pgettext_lazy("order event", "Application deemed withdrawn: the fee was not paid in time"),
    )
    SETTLED = "arbitration_settled", pgettext_lazy("order event", "The parties settled")
    COUNTERCLAIM_FILED = "arbitration_counterclaim_filed", pgettext_lazy("order event", "Counterclaim filed")


class Action(models.TextChoices):
    TRIBUNAL = "arbitration_form_tribunal", pgettext_lazy("order action", "Form the tribunal")
    AWARD = "arbitration_award", pgettext_lazy("order action", "Make the award")
    EXTEND = "arbitration_extend", pgettext_lazy("order action", "Extend the award limit (chair's approval)")
    WITHDRAW = "arbitration_withdraw", pgettext_lazy("order action", "Withdraw the application")
    DEEM_WITHDRAWN = (
        "arbitration_deem_withdrawn",
        pgettext_lazy("order action", "Treat as withdrawn (fee not paid in time)"),
    )
    SETTLE = "arbitration_settle", pgettext_lazy("order action", "Record the settlement and withdrawal")


class TribunalMode(models.TextChoices):
    SOLE = "sole", _("One arbitrator")
    THREE = "three", _("Three arbitrators")


class MemberRole(models.TextChoices):
    SOLE = "sole", _("Sole arbitrator")
    PRESIDING = "presiding", _("Presiding arbitrator")
    MEMBER = "member", _("Arbitrator")


class ChosenBy(models.TextChoices):
    """How an arbitrator came to sit (仲裁法第四十三条、第四十四条)."""

    CLAIMANT = "claimant", _("Chosen by the claimant")
    RESPONDENT = "respondent", _("Chosen by the respondent")
    JOINTLY = "jointly", _("Chosen by the parties jointly")
    CHAIR = "chair", _("Appointed by the chair of the commission")


class Qualification(models.TextChoices):
    """仲裁法（2025）第二十二条: the heads under which an arbitrator qualifies."""

    PRACTICE_8 = "arbitration_8", _("Legal qualification and eight years of arbitration work")
    LAWYER_8 = "lawyer_8", _("Eight years as a lawyer")
    JUDGE_8 = "judge_8", _("Eight years as a judge or prosecutor")
    SCHOLAR = "scholar", _("Legal research or teaching with a senior title")
    EXPERT = "expert", _("Legal knowledge and a senior title in economics, trade, maritime or technology")


class ConflictGround(models.TextChoices):
    """仲裁法（2025）第四十五条 (disclosure) and 第四十六条 (回避)."""

    PARTY = "party", _("Is a party or agent, or a close relative of one")
    INTEREST = "interest", _("Has an interest in the case")
    RELATION = "relation", _("Has another relation with a party or agent that may affect fairness")
    MET_PARTY = "met_party", _("Met a party or agent privately, or accepted gifts")
    DISCLOSURE = "disclosure", _("Other circumstance disclosed that may raise doubts of independence")


class HearingKind(models.TextChoices):
    IN_PERSON = "in_person", _("At the commission")
    VIDEO = "video", _("Video hearing")


class DocumentKind(models.TextChoices):
    AWARD = "award", _("Award")
    CORRECTION = "correction", _("Correction of the award")
