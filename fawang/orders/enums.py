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


class EventKind(models.TextChoices):
    """What happened to an order; one OrderEvent row each (the timeline, audit and statistics read them)."""

    SUBMITTED = "submitted", _("Submitted")
    ROUTED = "routed", _("Routed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    STARTED = "started", _("Work started")
    SUSPENDED = "suspended", _("Awaiting materials")
    RESUMED = "resumed", _("Resumed")
    TRANSFERRED = "transferred", _("Transferred")
    RESOLVED = "resolved", _("Resolved")
    REOPENED = "reopened", _("Reopened")
    CLOSED = "closed", _("Closed")
    EVALUATED = "evaluated", _("Evaluated")
    SUPERVISION_ISSUED = "supervision_issued", _("Supervision order issued")
    SUPERVISION_ANSWERED = "supervision_answered", _("Supervision order answered")
    SUPERVISION_ESCALATED = "supervision_escalated", _("Supervision escalated")
    WARNED = "warned", _("Time limit warning")
    OVERDUE = "overdue", _("Overdue")
    NOTE = "note", _("Note")
    FIRST_CONTACT_RESOLVED = "first_contact_resolved", _("Answered at first contact")
    DUE_RECOMPUTED = "due_recomputed", _("Due date recomputed")


# Events the applicant sees on the public tracking page; the rest are internal (supervision, sweeps).
PUBLIC_EVENTS = frozenset(
    {
        EventKind.SUBMITTED,
        EventKind.ROUTED,
        EventKind.ACCEPTED,
        EventKind.REJECTED,
        EventKind.STARTED,
        EventKind.SUSPENDED,
        EventKind.RESUMED,
        EventKind.TRANSFERRED,
        EventKind.RESOLVED,
        EventKind.REOPENED,
        EventKind.CLOSED,
        EventKind.EVALUATED,
        EventKind.FIRST_CONTACT_RESOLVED,
        EventKind.DUE_RECOMPUTED,
    }
)
# Public events that also send the applicant a notice (inbox + SMS); routine steps only show on the
# timeline so a citizen is not sent five messages for one request.
NOTIFY_EVENTS = frozenset(
    {
        EventKind.SUBMITTED,
        EventKind.ACCEPTED,
        EventKind.REJECTED,
        EventKind.SUSPENDED,
        EventKind.TRANSFERRED,
        EventKind.RESOLVED,
        EventKind.REOPENED,
        EventKind.CLOSED,
        EventKind.FIRST_CONTACT_RESOLVED,
    }
)


class TransitionAction(models.TextChoices):
    """The verbs of `order_transition`; the table in transitions.py says where each may be used."""

    ACCEPT = "accept", _("Accept")
    REJECT = "reject", _("Reject")
    START = "start", _("Start work")
    SUSPEND = "suspend", _("Request materials")
    RESUME = "resume", _("Resume")
    TRANSFER = "transfer", _("Transfer")
    RESOLVE = "resolve", _("Resolve")
    REOPEN = "reopen", _("Reopen")
    CLOSE = "close", _("Close")


class SupervisionKind(models.TextChoices):
    AUTO_OVERDUE = "auto_overdue", _("Automatic (overdue)")  # issued by the sweep when an order runs late
    MANUAL = "manual", _("Manual")  # issued by a supervisor with its own deadline
    ESCALATION = "escalation", _("Escalation")  # a supervision order went unanswered; one level up


class SupervisionStatus(models.TextChoices):
    OPEN = "open", _("Open")  # waiting for the answer of the region it was issued to
    ANSWERED = "answered", _("Answered")  # answered before or after its deadline
    ESCALATED = "escalated", _("Escalated")  # unanswered past its deadline; a child order went one level up


class ErrorCode:
    """Stable error codes of the orders app (the API returns them in `code`)."""

    REQUIRED = "required"
    SERVICE_ITEM_INACTIVE = "service_item_inactive"
    CHANNEL_UNKNOWN = "channel_unknown"
    REGION_UNKNOWN = "region_unknown"
    REGION_TOO_COARSE = "region_too_coarse"
    APPLICANT_KIND_UNKNOWN = "applicant_kind_unknown"
    DESCRIPTION_TOO_SHORT = "description_too_short"
    DESCRIPTION_TOO_LONG = "description_too_long"
    NAME_TOO_LONG = "name_too_long"
    LANGUAGE_UNKNOWN = "language_unknown"
    PRIORITY_GROUP_UNKNOWN = "priority_group_unknown"
    CREDIT_CODE_INVALID = "credit_code_invalid"
    ATTACHMENT_TOO_LARGE = "attachment_too_large"
    ATTACHMENT_TYPE = "attachment_type_not_allowed"
    ATTACHMENT_TOO_MANY = "attachment_too_many"
    FIRST_CONTACT_NOT_ALLOWED = "first_contact_not_allowed"
    NO_HANDLER = "no_handler_available"
    REASON_REQUIRED = "reason_required"
    RESOLUTION_REQUIRED = "resolution_required"
    TRANSFER_TARGET_REQUIRED = "transfer_target_required"
    TRANSFER_SAME_PLACE = "transfer_same_place"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    ACTION_UNKNOWN = "action_unknown"
    ALREADY_ACCEPTED = "order_already_accepted"
    ORDER_CHANGED = "order_changed"
    ORDER_NOT_FOUND = "order_not_found"
    SUPERVISION_NOT_FOUND = "supervision_not_found"
    SUPERVISION_CLOSED = "supervision_not_open"
    DEADLINE_IN_PAST = "deadline_in_past"
    RESPONSE_REQUIRED = "response_required"
