"""Consultation's codes: the workflow, its stages, actions and event kinds, and the expert panel's."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

WORKFLOW = "consultation"  # the catalog item `consultation` follows it
ITEM = "consultation"


class Stage(models.TextChoices):
    # "" (submitted): in the duty lawyers' queue, nobody has taken it yet
    TAKEN = "taken", pgettext_lazy("consultation stage", "Taken by a duty lawyer")  # being answered
    ANSWERED = "answered", pgettext_lazy("consultation stage", "Answered")  # the asker may rate or ask on
    FOLLOW_UP = "follow_up", pgettext_lazy("consultation stage", "Follow-up question")  # asked on


class Action(models.TextChoices):
    TAKE = "consult_take", pgettext_lazy("order action", "Take the question")
    ANSWER = "consult_answer", pgettext_lazy("order action", "Answer")
    FOLLOW_UP = "consult_follow_up", pgettext_lazy("order action", "Ask a follow-up question")


class EventKind(models.TextChoices):
    TAKEN = "consult_taken", pgettext_lazy("event", "A duty lawyer took the question")
    FOLLOW_UP = "consult_follow_up", pgettext_lazy("event", "Follow-up question")


class MessageKind(models.TextChoices):
    QUESTION = "question", pgettext_lazy("consultation message", "Question")  # the asker's first
    ANSWER = "answer", pgettext_lazy("consultation message", "Answer")  # a lawyer's or hotline agent's
    FOLLOW_UP = "follow_up", pgettext_lazy("consultation message", "Follow-up")  # the asker, again


class PublicationStatus(models.TextChoices):
    NONE = "", pgettext_lazy("publication", "Not published")
    PUBLISHED = "published", pgettext_lazy("publication", "Published")  # in the knowledge base
    DECLINED = "declined", pgettext_lazy("publication", "Not suitable")  # the reviewer said no


class ExpertField(models.TextChoices):
    """Fields of the 依法治省专家团 (the plan's function 6) an opinion may be asked in."""

    ADMINISTRATIVE = "administrative", _("Administrative law")
    CIVIL = "civil", _("Civil and commercial law")
    CRIMINAL = "criminal", _("Criminal law")
    ECONOMIC = "economic", _("Economic and financial law")
    LABOUR = "labour", _("Labour and social security")
    ENVIRONMENT = "environment", _("Environment and natural resources")
    CONSTITUTIONAL = "constitutional", _("Constitutional law and legislation")


class ExpertRequestStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("expert request", "Submitted")  # no expert assigned yet
    ASSIGNED = "assigned", pgettext_lazy("expert request", "With the experts")  # being written
    ANSWERED = "answered", pgettext_lazy("expert request", "Opinion given")  # the written opinion


class ErrorCode(models.TextChoices):
    NOT_ON_DUTY = "consult_not_on_duty", "not on the duty roster for this question"
    ANSWER_REQUIRED = "consult_answer_required", "answer required"
    QUESTION_REQUIRED = "consult_question_required", "question required"
    NOT_YOURS = "consult_not_yours", "taken by another lawyer"
    NOT_ANSWERED = "consult_not_answered", "not answered yet"
    ALREADY_PUBLISHED = "consult_already_published", "already published"
    NOT_RATED_WELL = "consult_not_rated_well", "not rated well enough"
    EXPERT_NOT_FOUND = "expert_request_not_found", "no such expert request"
    NO_EXPERT = "expert_none_in_field", "no expert in the field"
