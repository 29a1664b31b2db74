from django.db import models
from django.utils.translation import gettext_lazy as _


class EvaluationLevel(models.IntegerChoices):
    """The five levels of the national 好差评 system (国办发〔2019〕51号). The numbers are ours; the
    labels are translated to the official Chinese wording in the zh-hans catalog."""

    VERY_SATISFIED = 1, _("Very satisfied")  # 非常满意
    SATISFIED = 2, _("Satisfied")  # 满意
    BASICALLY_SATISFIED = 3, _("Basically satisfied")  # 基本满意
    DISSATISFIED = 4, _("Dissatisfied")  # 不满意
    VERY_DISSATISFIED = 5, _("Very dissatisfied")  # 非常不满意


# Levels 1–3 count as satisfied (they close the order); 4–5 are bad ratings (they reopen it).
SATISFIED_LEVELS = (
    EvaluationLevel.VERY_SATISFIED,
    EvaluationLevel.SATISFIED,
    EvaluationLevel.BASICALLY_SATISFIED,
)
BAD_LEVELS = (EvaluationLevel.DISSATISFIED, EvaluationLevel.VERY_DISSATISFIED)
# A bad rating must say what went wrong, so the review has something to check.
BAD_RATING_MIN_COMMENT = 5


class InvitationStatus(models.TextChoices):
    OPEN = "open", _("Awaiting rating")  # the rating window is running
    RATED = "rated", _("Rated")  # the applicant (or a staff member on their behalf) rated
    EXPIRED = "expired", _("Window passed")  # nobody rated in time; the sweep closed the order


class ReviewStatus(models.TextChoices):
    OPEN = (
        "open",
        _("Awaiting rectification"),
    )  # the handler owes a rectification (or an appeal is being decided)
    RECTIFIED = (
        "rectified",
        _("Rectified, awaiting verification"),
    )  # the handler reported a rectification; the supervisor verifies
    APPEAL_UPHELD = "appeal_upheld", _("Appeal upheld")  # the rating was found malicious (final)
    CLOSED = "closed", _("Rectification verified")  # the supervisor verified the rectification (final)


REVIEW_ACTIVE_STATUSES = (ReviewStatus.OPEN, ReviewStatus.RECTIFIED)


class AppealStatus(models.TextChoices):
    NONE = "", _("No appeal")
    PENDING = "pending", _("Appeal pending")  # the handler says the rating is malicious
    UPHELD = "upheld", _("Appeal upheld")  # the supervisor agreed: the rating does not count
    REJECTED = "rejected", _("Appeal rejected")  # the supervisor disagreed: rectify


class ReturnVisitStatus(models.TextChoices):
    PENDING = "pending", _("Return visit pending")  # not yet reached; attempts may continue
    DONE = "done", _("Applicant reached")  # the applicant was reached
    UNREACHED = "unreached", _("Applicant not reached")  # every attempt failed
    CANCELLED = "cancelled", _("Return visit not needed")  # the order was rated or closed another way first


# Attempts before a return visit is given up as unreached.
RETURN_VISIT_MAX_ATTEMPTS = 3
# 回访 is due this many working days after resolution.
RETURN_VISIT_DUE_WORKING_DAYS = 2
# 国办发〔2019〕51号: a named bad rating is verified and rectified, normally within 15 working days.
REVIEW_DEADLINE_WORKING_DAYS = 15


class FeedbackErrorCode:
    ORDER_NOT_RESOLVED = "order_not_resolved"
    ALREADY_RATED = "already_rated"
    WINDOW_CLOSED = "rating_window_closed"
    ORDER_NOT_FOUND = "order_not_found"
    LEVEL_INVALID = "level_invalid"
    CHANNEL_INVALID = "channel_invalid"
    COMMENT_REQUIRED = "comment_required"
    PHONE_REQUIRED = "phone_required"
    REVIEW_NOT_FOUND = "review_not_found"
    REVIEW_STATE = "review_state"
    RECTIFICATION_REQUIRED = "rectification_required"
    REASON_REQUIRED = "reason_required"
    APPEAL_EXISTS = "appeal_exists"
    NO_APPEAL = "no_appeal"
    RETURN_VISIT_NOT_FOUND = "return_visit_not_found"
    RETURN_VISIT_FINISHED = "return_visit_finished"
    NOTE_REQUIRED = "note_required"
