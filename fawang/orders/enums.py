from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    WINDOW = "window", _("Walk-in window")  # 实体平台: a clerk at a service point
    HOTLINE = "hotline", _("12348 hotline")  # 热线平台: an agent on a call
    WEB = "web", _("Web portal")  # 12348 法网
    APP = "app", _("Mobile app")
    MINI_PROGRAM = "mini_program", _("Mini-program")
    PARTNER_API = "partner_api", _("Partner system")
    # Made by a module between two places (a legal aid centre's request to another), docs/adr/0022.
    INTERNAL = "internal", _("Between institutions")


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    ENTERPRISE = "enterprise", _("Enterprise")
    ANONYMOUS = "anonymous", _("Anonymous (phone only)")
    # The requester of a module-made order is a place, not a person (docs/adr/0022).
    INSTITUTION = "institution", _("Institution")


class OrderStatus(models.TextChoices):
    # Labels carry the "order status" context: "Submitted" also heads a date column and "Accepted"
    # is also a timeline event, and Chinese words them differently.
    # received and routed; the first responder answers for it
    SUBMITTED = "submitted", pgettext_lazy("order status", "Submitted")
    # a handler took it on; the handler now answers for it
    ACCEPTED = "accepted", pgettext_lazy("order status", "Accepted")
    # refused with a written reason (final)
    REJECTED = "rejected", pgettext_lazy("order status", "Rejected")
    # being worked
    IN_PROGRESS = "in_progress", pgettext_lazy("order status", "In progress")
    # 补正: the clock stops until materials arrive
    SUSPENDED = "suspended", pgettext_lazy("order status", "Awaiting materials")
    # handed to another point or level; awaits acceptance there
    TRANSFERRED = "transferred", pgettext_lazy("order status", "Transferred")
    # 办结: answered; waiting for the applicant's rating
    RESOLVED = "resolved", pgettext_lazy("order status", "Resolved")
    # a bad rating sent it back to work
    REOPENED = "reopened", pgettext_lazy("order status", "Reopened")
    # rated, or the rating window passed (final)
    CLOSED = "closed", pgettext_lazy("order status", "Closed")


OPEN_STATUSES = (
    OrderStatus.SUBMITTED,
    OrderStatus.ACCEPTED,
    OrderStatus.IN_PROGRESS,
    OrderStatus.SUSPENDED,
    OrderStatus.TRANSFERRED,
    OrderStatus.REOPENED,
)


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

    SUBMITTED = "submitted", pgettext_lazy("order event", "Submitted")
    ROUTED = "routed", pgettext_lazy("order event", "Routed")
    ACCEPTED = "accepted", pgettext_lazy("order event", "Accepted")
    REJECTED = "rejected", pgettext_lazy("order event", "Rejected")
    STARTED = "started", pgettext_lazy("order event", "Work started")
    SUSPENDED = "suspended", pgettext_lazy("order event", "Awaiting materials")
    RESUMED = "resumed", pgettext_lazy("order event", "Resumed")
    TRANSFERRED = "transferred", pgettext_lazy("order event", "Transferred")
    RESOLVED = "resolved", pgettext_lazy("order event", "Resolved")
    REOPENED = "reopened", pgettext_lazy("order event", "Reopened")
    CLOSED = "closed", pgettext_lazy("order event", "Closed")
    EVALUATED = "evaluated", pgettext_lazy("order event", "Evaluated")
    SUPERVISION_ISSUED = "supervision_issued", pgettext_lazy("order event", "Supervision order issued")
    SUPERVISION_ANSWERED = "supervision_answered", pgettext_lazy("order event", "Supervision order answered")
    SUPERVISION_ESCALATED = "supervision_escalated", pgettext_lazy("order event", "Supervision escalated")
    WARNED = "warned", pgettext_lazy("order event", "Time limit warning")
    OVERDUE = "overdue", pgettext_lazy("order event", "Overdue")
    NOTE = "note", pgettext_lazy("order event", "Note")
    FIRST_CONTACT_RESOLVED = (
        "first_contact_resolved",
        pgettext_lazy("order event", "Answered at first contact"),
    )
    DUE_RECOMPUTED = "due_recomputed", pgettext_lazy("order event", "Due date recomputed")
    # the applicant sent the materials asked for (补正); the handler checks them and resumes
    MATERIALS_SENT = "materials_sent", pgettext_lazy("order event", "Materials sent")


class TransitionAction(models.TextChoices):
    """The verbs of the shared service loop; the table in transitions.py says where each may be used.
    Modules declare their own verbs to the workflow registry (fawang/orders/workflow.py)."""

    ACCEPT = "accept", pgettext_lazy("order action", "Accept")
    REJECT = "reject", pgettext_lazy("order action", "Reject")
    START = "start", pgettext_lazy("order action", "Start work")
    SUSPEND = "suspend", pgettext_lazy("order action", "Request materials")
    RESUME = "resume", pgettext_lazy("order action", "Resume")
    TRANSFER = "transfer", pgettext_lazy("order action", "Transfer")
    RESOLVE = "resolve", pgettext_lazy("order action", "Resolve")
    REOPEN = "reopen", pgettext_lazy("order action", "Reopen")
    CLOSE = "close", pgettext_lazy("order action", "Close")
    RESOLVE_AT_FIRST_CONTACT = "resolve_at_first_contact", pgettext_lazy("order action", "Answer on the spot")


class SupervisionKind(models.TextChoices):
    # issued by the sweep when an order runs late
    AUTO_OVERDUE = "auto_overdue", pgettext_lazy("supervision kind", "Automatic (overdue)")
    # issued by a supervisor with its own deadline
    MANUAL = "manual", pgettext_lazy("supervision kind", "Manual")
    # a supervision order went unanswered; one level up
    ESCALATION = "escalation", pgettext_lazy("supervision kind", "Escalation")


class SupervisionStatus(models.TextChoices):
    # waiting for the answer of the region it was issued to
    OPEN = "open", pgettext_lazy("supervision status", "Open")
    # answered before or after its deadline
    ANSWERED = "answered", pgettext_lazy("supervision status", "Answered")
    # unanswered past its deadline; a child order went one level up
    ESCALATED = "escalated", pgettext_lazy("supervision status", "Escalated")


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
    DETAILS_NOT_EXPECTED = "details_not_expected"
    NO_HANDLER = "no_handler_available"
    REASON_REQUIRED = "reason_required"
    RESOLUTION_REQUIRED = "resolution_required"
    TRANSFER_TARGET_REQUIRED = "transfer_target_required"
    TRANSFER_SAME_PLACE = "transfer_same_place"
    TRANSFER_TARGET_NOT_ALLOWED = "transfer_target_not_allowed"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    RESOLVED_BY_MODULE = "resolved_by_module"  # the workflow resolves its orders its own way (ADR 0022)
    ACTION_UNKNOWN = "action_unknown"
    ALREADY_ACCEPTED = "order_already_accepted"
    ORDER_CHANGED = "order_changed"
    ORDER_NOT_FOUND = "order_not_found"
    ORDER_ELSEWHERE = "order_handled_elsewhere"  # visible to the actor, but another place works it
    SUPERVISION_NOT_FOUND = "supervision_not_found"
    SUPERVISION_CLOSED = "supervision_not_open"
    DEADLINE_IN_PAST = "deadline_in_past"
    DEADLINE_NOT_WORKING_DAY = "deadline_not_working_day"
    SUPERVISION_ALREADY_OPEN = "supervision_already_open"  # a manual one waits for its answer
    RESPONSE_REQUIRED = "response_required"
    MATERIALS_NOT_REQUESTED = "materials_not_requested"
