from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ServicePointKind(models.TextChoices):
    CENTRE = "centre", _("Public legal service centre")  # 中心: province, prefecture, county
    STATION = "station", _("Public legal service station")  # 工作站: township/street
    ROOM = "room", _("Public legal service room")  # 工作室: village/community


class InstitutionKind(models.TextChoices):
    LEGAL_AID_CENTRE = "legal_aid_centre", _("Legal aid centre")  # 法律援助中心
    NOTARY_OFFICE = "notary_office", _("Notary office")  # 公证处
    APPRAISAL_INSTITUTION = "appraisal_institution", _("Judicial appraisal institution")  # 司法鉴定机构
    ARBITRATION_COMMISSION = "arbitration_commission", _("Arbitration commission")  # 仲裁委员会
    MEDIATION_COMMITTEE = "mediation_committee", _("People's mediation committee")  # 人民调解委员会
    LAW_FIRM = "law_firm", _("Law firm")  # 律师事务所
    GRASSROOTS_OFFICE = "grassroots_office", _("Grassroots legal service office")  # 基层法律服务所


class AppraisalCategory(models.TextChoices):
    FORENSIC_MEDICINE = "forensic_medicine", _("Forensic medicine")  # 法医类
    PHYSICAL_EVIDENCE = "physical_evidence", _("Physical evidence")  # 物证类
    AUDIO_VISUAL = "audio_visual", _("Audio-visual")  # 声像资料类
    ENVIRONMENTAL_DAMAGE = "environmental_damage", _("Environmental damage")  # 环境损害类


class PractitionerKind(models.TextChoices):
    LAWYER = "lawyer", _("Lawyer")
    NOTARY = "notary", pgettext_lazy("practitioner", "Notary")  # 公证员 (the service is 公证)
    APPRAISER = "appraiser", _("Judicial appraiser")
    ARBITRATOR = "arbitrator", _("Arbitrator")
    MEDIATOR = "mediator", _("People's mediator")
    LEGAL_AID_WORKER = "legal_aid_worker", _("Legal aid worker")
    GRASSROOTS_WORKER = "grassroots_worker", _("Grassroots legal service worker")
    VOLUNTEER = "volunteer", _("Volunteer")


class PractitionerStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("practitioner status", "Active")  # may be assigned work
    # practice suspended by discipline; no new work
    SUSPENDED = "suspended", pgettext_lazy("practitioner status", "Suspended")
    REVOKED = "revoked", pgettext_lazy("practitioner status", "Licence revoked")
    RETIRED = "retired", pgettext_lazy("practitioner status", "Retired")


class Language(models.TextChoices):
    CHINESE = "zh", _("Chinese")
    TIBETAN = "bo", _("Tibetan")
    YI = "ii", _("Yi")
    ENGLISH = "en", _("English")


class RosterDuty(models.TextChoices):
    HOTLINE_SEAT = "hotline_seat", _("Hotline seat")  # 12348 热线坐席
    DUTY_LAWYER = "duty_lawyer", _("Duty lawyer")  # 值班律师 at a service point
    WINDOW = "window", pgettext_lazy("roster duty", "Window")  # walk-in counter


class Shift(models.TextChoices):
    MORNING = "morning", _("Morning (08:30-12:00)")
    AFTERNOON = "afternoon", _("Afternoon (13:30-17:30)")
    NIGHT = "night", _("Night (17:30-08:30)")
