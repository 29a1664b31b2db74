from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WINDOW = "window", _("Walk-in window")  # 实体平台: a clerk at a service point
    HOTLINE = "hotline", _("12348 hotline")  # 热线平台: an agent on a call
    WEB = "web", _("Web portal")  # 12348 法网
    APP = "app", _("Mobile app")
    MINI_PROGRAM = "mini_program", _("Mini-program")
    PARTNER_API = "partner_api", _("Partner system")


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    ENTERPRISE = "enterprise", _("Enterprise")
    ANONYMOUS = "anonymous", _("Anonymous (phone only)")


class OrderStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")  # received and routed; the first responder answers for it
    ACCEPTED = "accepted", _("Accepted")  # a handler took it on; the handler now answers for it
    REJECTED = "rejected", _("Rejected")  # refused with a written reason (final)
    IN_PROGRESS = "in_progress", _("In progress")  # being worked
    SUSPENDED = "suspended", _("Awaiting materials")  # 补正: the clock stops until materials arrive
    TRANSFERRED = "transferred", _("Transferred")  # handed to another point or level; awaits acceptance there
    RESOLVED = "resolved", _("Resolved")  # 办结: answered; waiting for the applicant's rating
    REOPENED = "reopened", _("Reopened")  # a bad rating sent it back to work
    CLOSED = "closed", _("Closed")  # rated, or the rating window passed (final)


OPEN_STATUSES = (
    OrderStatus.SUBMITTED,
    OrderStatus.ACCEPTED,
    OrderStatus.IN_PROGRESS,
    OrderStatus.SUSPENDED,
    OrderStatus.TRANSFERRED,
    OrderStatus.REOPENED,
)
# Statuses whose time limit is running (suspended orders keep their clock stopped).
CLOCK_RUNNING_STATUSES = tuple(s for s in OPEN_STATUSES if s != OrderStatus.SUSPENDED)


class PriorityGroup(models.TextChoices):
    ELDERLY = "elderly", _("Elderly")
    DISABLED = "disabled", _("Person with a disability")
    MINOR = "minor", _("Minor")
    MIGRANT_WORKER = "migrant_worker", _("Migrant worker")
    VETERAN = "veteran", _("Veteran or military family")
    WOMAN_DOMESTIC_VIOLENCE = "domestic_violence", _("Victim of domestic violence")
    LOW_INCOME = "low_income", _("Low-income household")
