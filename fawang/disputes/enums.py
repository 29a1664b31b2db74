"""The shared base of the dispute-resolution modules (people's mediation, arbitration, judicial
appraisal; issue 14, docs/adr/0029): who the parties are, how a session is held, how a document is
served, what an outcome is, and the event kinds the base writes on an order's timeline."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class Side(models.TextChoices):
    APPLICANT = "applicant", pgettext_lazy("dispute side", "Applicant")  # 申请人
    RESPONDENT = "respondent", pgettext_lazy("dispute side", "Respondent")  # 被申请人


class PartyKind(models.TextChoices):
    PERSON = "person", pgettext_lazy("party kind", "Natural person")  # 自然人: resident ID number
    ORGANISATION = "organisation", pgettext_lazy("party kind", "Organisation")  # 法人或其他组织: credit code


class RepresentativeKind(models.TextChoices):
    AGENT = "agent", pgettext_lazy("representative kind", "Agent")  # 委托代理人 (a relative, a colleague)
    LAWYER = "lawyer", pgettext_lazy("representative kind", "Lawyer")  # 律师
    LEGAL_REPRESENTATIVE = (
        "legal_representative",
        pgettext_lazy("representative kind", "Legal representative"),  # 法定代表人 / 法定代理人
    )


class Authority(models.TextChoices):
    GENERAL = "general", pgettext_lazy("authority", "General authority")  # 一般授权
    SPECIAL = "special", pgettext_lazy("authority", "Special authority")  # 特别授权: admit, settle, withdraw


class SessionMode(models.TextChoices):
    IN_PERSON = "in_person", pgettext_lazy("session mode", "In person")
    VIDEO = "video", pgettext_lazy("session mode", "By video")


class SessionState(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("session state", "Scheduled")
    HELD = "held", pgettext_lazy("session state", "Held")
    CANCELLED = "cancelled", pgettext_lazy("session state", "Cancelled")


class ServiceMethod(models.TextChoices):
    """How a document reached a party (送达方式)."""

    IN_PERSON = "in_person", pgettext_lazy("service method", "In person")  # 直接送达, signed receipt
    POST = "post", pgettext_lazy("service method", "By post")  # 邮寄送达, the postal tracking number
    ELECTRONIC = "electronic", pgettext_lazy("service method", "Electronically")  # 电子送达, read receipt
    ANNOUNCEMENT = "announcement", pgettext_lazy("service method", "By announcement")  # 公告送达


class OutcomeForm(models.TextChoices):
    WRITTEN = "written", pgettext_lazy("outcome form", "In writing")  # signed by the parties
    ORAL = "oral", pgettext_lazy("outcome form", "Oral, recorded")  # 口头协议, recorded by the mediator


class EventKind(models.TextChoices):
    """Event kinds the base writes on the order's timeline. A module includes `workflow_parts.EVENTS`
    in its workflow so they carry their labels."""

    PARTY_ADDED = "dispute_party_added", pgettext_lazy("order event", "Party added")
    SESSION_SCHEDULED = "dispute_session_scheduled", pgettext_lazy("order event", "Session scheduled")
    SESSION_HELD = "dispute_session_held", pgettext_lazy("order event", "Session held")
    SESSION_CANCELLED = "dispute_session_cancelled", pgettext_lazy("order event", "Session cancelled")
    DOCUMENT_SERVED = "dispute_document_served", pgettext_lazy("order event", "Document served")
    OUTCOME_SIGNED = "dispute_outcome_signed", pgettext_lazy("order event", "Outcome document signed")
    FILE_RECEIVED = "dispute_file_received", pgettext_lazy("order event", "Case file received")


class ErrorCode:
    REST_DAY = "session_on_rest_day"
    SESSION_ENDS = "session_ends_before_start"
    SESSION_PAST = "session_in_past"
    NOT_A_PARTY = "not_a_party"
    ALREADY_HELD = "session_not_scheduled"
    CREDIT_CODE = "credit_code_invalid"
    NAME = "name_required"
    PLACE = "place_required"
    SIGNATORY = "signatory_missing"
