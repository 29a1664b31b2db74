"""Judicial appraisal's codes (issue 14; docs/adr/0031). The categories an institution is registered for
are the network's (`fawang.network.enums.AppraisalCategory`, the four of 全国人民代表大会常务委员会关于司法
鉴定管理问题的决定 第二条 and the environmental category added under its 第二条第四项)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

WORKFLOW = "appraisal"  # the workflow code (fawang.orders.workflow) and the catalog items' "workflow"
ITEM_FOR_CATEGORY = {  # catalog.ServiceItem.code of each category's entrustments
    "forensic_medicine": "appraisal_forensic",
    "physical_evidence": "appraisal_physical",
    "audio_visual": "appraisal_audiovisual",
    "environmental_damage": "appraisal_environment",
}
APPRAISERS_PER_MATTER = 2  # 《司法鉴定程序通则》第十九条: two appraisers for one matter


class BodyKind(models.TextChoices):
    """Who may entrust an appraisal through the platform."""

    COURT = "court", _("People's court")  # 人民法院
    PROCURATORATE = "procuratorate", _("People's procuratorate")  # 人民检察院
    POLICE = "police", _("Public security organ")  # 公安机关
    LEGAL_AID_CENTRE = "legal_aid_centre", _("Legal aid centre")  # 法律援助机构 (legal-aid cases)


class Stage(models.TextChoices):
    ACCEPTED = "accepted", pgettext_lazy("appraisal stage", "Accepted")
    MATERIALS = "materials", pgettext_lazy("appraisal stage", "Materials received")
    EXAMINING = "examining", pgettext_lazy("appraisal stage", "Examining")
    DRAFTED = "drafted", pgettext_lazy("appraisal stage", "Opinion drafted")
    REVIEWED = "reviewed", pgettext_lazy("appraisal stage", "Opinion reviewed")
    SUPPLEMENT = "supplement", pgettext_lazy("appraisal stage", "Waiting for supplementary materials")
    ISSUED = "issued", pgettext_lazy("appraisal stage", "Opinion issued")
    REFUSED = "refused", pgettext_lazy("appraisal stage", "Not accepted")


class EventKind(models.TextChoices):
    MATERIALS_RECEIVED = "appraisal_materials_received", _("Appraisal materials received")
    EXAMINED = "appraisal_examined", _("Examination recorded")
    DRAFTED = "appraisal_drafted", _("Appraisal opinion drafted")
    REVIEWED = "appraisal_reviewed", _("Appraisal opinion reviewed")
    ISSUED = "appraisal_issued", _("Appraisal opinion issued")
    REFUSED = "appraisal_refused", _("Appraisal entrustment not accepted")
    EXTENDED = "appraisal_extended", _("Appraisal time limit extended")


class Action(models.TextChoices):
    RECEIVE_MATERIALS = "appraisal_receive_materials", _("Record the materials received")
    EXAMINE = "appraisal_examine", _("Record an examination")
    DRAFT = "appraisal_draft", _("Record the opinion drafted")
    REVIEW = "appraisal_review", _("Record the opinion reviewed")
    ISSUE = "appraisal_issue", _("Issue the appraisal opinion")
    EXTEND = "appraisal_extend", _("Extend the time limit (approved by the head of the institution)")


class ReportKind(models.TextChoices):
    VIOLATION = "violation", _("Conduct on the negative list")  # 违法违规“负面清单”
    INTERFERENCE = "interference", _("Interference with an appraisal")  # 干涉司法鉴定活动


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("complaint status", "Received")
    REFERRED = "referred", pgettext_lazy("complaint status", "Referred to people's mediation")
    CLOSED = "closed", pgettext_lazy("complaint status", "Closed")


class ErrorCode(models.TextChoices):
    CATEGORY_NOT_REGISTERED = "category_not_registered", "category_not_registered"
    INSTITUTION_UNKNOWN = "institution_unknown", "institution_unknown"
    NOT_AN_ENTRUSTING_BODY = "not_an_entrusting_body", "not_an_entrusting_body"
    APPRAISERS_INVALID = "appraisers_invalid", "appraisers_invalid"
    FEE_INVALID = "fee_invalid", "fee_invalid"
    COMMITTEE_UNKNOWN = "committee_unknown", "committee_unknown"
    ALREADY_REFERRED = "already_referred", "already_referred"
