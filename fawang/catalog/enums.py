from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceCategory(models.TextChoices):
    CONSULTATION = "consultation", _("Legal consultation")  # 法律咨询
    LEGAL_AID = "legal_aid", _("Legal aid")  # 法律援助
    NOTARY = "notary", _("Notary")  # 公证
    MEDIATION = "mediation", _("People's mediation")  # 人民调解
    APPRAISAL = "appraisal", _("Judicial appraisal")  # 司法鉴定
    ARBITRATION = "arbitration", _("Arbitration")  # 仲裁
    COMPLAINT = "complaint", _("Complaint")  # 投诉
    LAWYER = "lawyer", _("Lawyer services")  # 律师服务
    COUNSELLING = "counselling", _("Psychological counselling referral")  # 心理咨询转介
    ENTERPRISE = "enterprise", _("Enterprise legal services")  # 企业法律服务（法治体检）


class LimitUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")  # on the official calendar
    CALENDAR_DAYS = "calendar_days", _("days")  # natural days, as 法律援助法 art. 43 counts them
    MONTHS = "months", _("months")  # 民法典 arts. 201-203: the corresponding day of the last month


class HandlerKind(models.TextChoices):
    """Which kind of place handles an item: a service point, or an institution of one kind."""

    SERVICE_POINT = "service_point", _("Public legal service point")
    LEGAL_AID_CENTRE = "legal_aid_centre", _("Legal aid centre")
    NOTARY_OFFICE = "notary_office", _("Notary office")
    APPRAISAL_INSTITUTION = "appraisal_institution", _("Judicial appraisal institution")
    ARBITRATION_COMMISSION = "arbitration_commission", _("Arbitration commission")
    MEDIATION_COMMITTEE = "mediation_committee", _("People's mediation committee")


class LifeEventAudience(models.TextChoices):
    """Whose life the event belongs to: a person's or an enterprise's (plan §4, two service lists)."""

    PERSON = "person", _("For individuals")  # 自然人全生命周期
    ENTERPRISE = "enterprise", _("For enterprises")  # 企业全生命周期
