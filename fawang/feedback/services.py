"""Writes for 好差评 (evaluations), 差评整改 (reviews of bad ratings) and 回访 (return visits).

The rules follow 国务院办公厅《关于建立政务服务"好差评"制度提高政务服务水平的意见》(国办发〔2019〕51号):
five levels, rating from any channel after the service, every bad rating checked, rectified and
verified (normally within 15 working days), and a handler may appeal a malicious rating."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.accounts.enums import UserKind
from fawang.accounts.models import User
from fawang.core.calendar import CALENDAR_DAYS, TZ, WORKING_DAYS, compute_deadline
from fawang.core.errors import Conflict, ErrorCollector, FieldError, NotFound, ValidationFailed
from fawang.core.identity import InvalidIdentity, mobile_index, normalise_mobile
from fawang.orders.engine import Machine, machine_step, order_event_add
from fawang.orders.enums import Channel, EventKind, OrderStatus
from fawang.orders.models import ServiceOrder
from fawang.orders.workflow import ANY, Step
from fawang.regions.models import Region

from .enums import (
    BAD_RATING_MIN_COMMENT,
    RETURN_VISIT_DUE_WORKING_DAYS,
    RETURN_VISIT_MAX_ATTEMPTS,
    REVIEW_ACTIVE_STATUSES,
    REVIEW_DEADLINE_WORKING_DAYS,
    SATISFIED_LEVELS,
    AppealStatus,
    EvaluationLevel,
    InvitationStatus,
    ReturnVisitStatus,
    ReviewStatus,
)
from .enums import FeedbackErrorCode as Code
from .models import Evaluation, EvaluationInvitation, ReturnVisit, ReturnVisitAttempt, Review
from .selectors import follower_of

# Channels through which a staff member records a rating on the applicant's behalf: the hotline
# return visit, and the evaluation pad (评价器) at the window.
STAFF_RATING_CHANNELS = (Channel.HOTLINE, Channel.WINDOW)


# ---- helpers ---------------------------------------------------------------------------------------


def _working_days_after(start: dt.datetime, days: int) -> tuple[dt.datetime, bool]:
    """`days` working days after `start` on the official calendar, and whether that is provisional
    (the calendar of that year has not been entered yet)."""
    deadline = compute_deadline(start=start, limit=days, unit=WORKING_DAYS)
    return deadline.due_at, deadline.provisional


def _rating_window(opened_at: dt.datetime, days: int) -> tuple[dt.datetime, bool]:
    """The rating window: `days` days from the resolution, counted like every limit (民法典第二百零一条
    至第二百零三条: from the next day, to the end of the last day, moved off a rest day)."""
    deadline = compute_deadline(start=opened_at, limit=days, unit=CALENDAR_DAYS)
    return deadline.due_at, deadline.provisional


def _audit(*, actor: Any, action: str, entity: Any, before: dict | None, after: dict | None) -> None:
    from fawang.audit.services import audit_record

    audit_record(actor=actor, action=action, entity=entity, before=before, after=after)


def _is_staff(actor: Any) -> bool:
    return policy.is_staff_actor(actor)


def _is_citizen(actor: Any) -> bool:
    return isinstance(actor, User) and actor.is_active and actor.kind == UserKind.CITIZEN


def _field_error(field: str, code: str, message: str) -> ValidationFailed:
    return ValidationFailed([FieldError(code=code, message=message, field=field)])


def _order_not_found() -> NotFound:
    return NotFound(Code.ORDER_NOT_FOUND, _("No such service order."), "tracking_no")


def _lock_order(order: ServiceOrder) -> ServiceOrder:
    return ServiceOrder.objects.select_for_update().get(pk=order.pk)


def _current_invitation(order: ServiceOrder) -> EvaluationInvitation | None:
    return EvaluationInvitation.objects.filter(order=order).order_by("-round").first()


def _supervisor_region(order: ServiceOrder) -> Region | None:
    """The level above the handler: a county handler answers to its prefecture, a prefecture handler
    to the province; the province answers to itself."""
    codes = [c for c in (order.handler_region_path or order.region_path).split("/") if c]
    if not codes:
        return None
    code = codes[-2] if len(codes) > 1 else codes[-1]
    return Region.objects.filter(code=code).first()


def _require_supervisor(actor: Any, review: Review) -> None:
    """Only a supervisor whose jurisdiction covers the handler may decide; to anyone else the review
    does not exist. The same rule as `selectors.reviews_for_supervisor`, for the one review in hand."""
    if not (
        policy.has_action(actor, "order.supervise")
        and policy.in_jurisdiction(actor, region_paths=(review.handler_region_path,))
    ):
        raise NotFound(Code.REVIEW_NOT_FOUND, _("No such review."), "review")


def _require_handler(actor: Any, review: Review) -> None:
    """The handler side: staff who may work the order."""
    if not policy.can_act_on_order(actor, "order.handle", review.order):
        raise NotFound(Code.REVIEW_NOT_FOUND, _("No such review."), "review")


def _review_snapshot(review: Review) -> dict[str, Any]:
    return {
        "status": review.status,
        "appeal_status": review.appeal_status,
        "deadline_at": review.deadline_at,
    }


# ---- resolution hook -------------------------------------------------------------------------------


def feedback_on_order_resolved(
    *, order: ServiceOrder, actor: Any, event: Any = None, now: Any = None
) -> None:
    """Subscribed to the "resolved" and "first_contact_resolved" events (FeedbackConfig.ready): inside
    the resolving transaction, opens the rating window of this resolution and, for hotline orders,
    schedules the return visit."""
    now = now or timezone.now()
    resolved_at = order.resolved_at or now
    last = _current_invitation(order)
    round_no = (last.round + 1) if last else 1
    if last is not None and last.status == InvitationStatus.OPEN:
        # A window still open from an earlier resolution (resolved twice without a rating between):
        # it is superseded by this one, which counts as expired rather than rated.
        EvaluationInvitation.objects.filter(pk=last.pk, status=InvitationStatus.OPEN).update(
            status=InvitationStatus.EXPIRED, finished_at=now
        )
    closes_at, provisional = _rating_window(resolved_at, order.service_item.feedback_window_days)
    invitation = EvaluationInvitation.objects.create(
        order=order,
        round=round_no,
        opened_at=resolved_at,
        closes_at=closes_at,
        closes_is_provisional=provisional,
    )
    _audit(
        actor=actor,
        action="evaluation_invitation.open",
        entity=invitation,
        before=None,
        after={"order": order.tracking_no, "round": round_no, "closes_at": invitation.closes_at},
    )
    if order.channel != Channel.HOTLINE:
        return
    # A visit still pending from an earlier round is superseded: the applicant is called about the
    # latest resolution.
    ReturnVisit.objects.filter(order=order, status=ReturnVisitStatus.PENDING).update(
        status=ReturnVisitStatus.CANCELLED, completed_at=now
    )
    due_at, provisional = _working_days_after(resolved_at, RETURN_VISIT_DUE_WORKING_DAYS)
    first_responder = order.first_responder
    visit = ReturnVisit.objects.create(
        order=order,
        round=round_no,
        due_at=due_at,
        due_is_provisional=provisional,
        assigned_region_id=order.region_id,
        assigned_point_id=first_responder.service_point_id if first_responder else None,
        region_path=order.region_path,
        handler_region_path=order.handler_region_path,
        created_at=now,
    )
    _audit(
        actor=actor,
        action="return_visit.schedule",
        entity=visit,
        before=None,
        after={"order": order.tracking_no, "round": round_no, "due_at": due_at},
    )


def feedback_rate_resolutions(workflow: Any) -> None:
    """Open the rating window on every step of `workflow` that resolves an order, whatever its event
    kind (a module's own resolving steps: a failed mediation, an issued appraisal opinion), as the
    shared "resolved" event does. A module calls it from its `ready` (docs/adr/0009, addendum)."""
    from fawang.orders import workflow as registry

    for step in workflow.steps:
        if step.target == OrderStatus.RESOLVED:
            registry.subscribe(step.event, feedback_on_order_resolved)


# ---- evaluations -----------------------------------------------------------------------------------


def _validate_rating(*, level: Any, comment: str, channel: str) -> tuple[int, str]:
    errors = ErrorCollector()
    comment = (comment or "").strip()
    level_value: int = 0
    try:
        level_value = int(level)
    except (TypeError, ValueError):
        level_value = 0
    if level_value not in EvaluationLevel.values:
        errors.add("level", Code.LEVEL_INVALID, _("Rating must be a level from 1 to 5."))
    elif level_value not in SATISFIED_LEVELS and len(comment) < BAD_RATING_MIN_COMMENT:
        errors.add(
            "comment",
            Code.COMMENT_REQUIRED,
            _("A rating of %(level)s must say what went wrong, in at least %(min)d characters.")
            % {"level": EvaluationLevel(level_value).label, "min": BAD_RATING_MIN_COMMENT},
        )
    if channel not in Channel.values:
        errors.add("channel", Code.CHANNEL_INVALID, _("Unknown channel."))
    errors.raise_if_any()
    return level_value, comment


def _check_rater(*, actor: Any, order: ServiceOrder, channel: str, phone: str | None) -> tuple[bool, str]:
    """Who may rate: the applicant (logged in, or by phone), a follower of the order other than the
    applicant (by their own phone), or staff recording the applicant's rating by hotline or at the
    window. Returns (on the applicant's behalf, the follower's phone index or blank for the applicant).
    Everyone else is told the order does not exist."""
    if _is_staff(actor):
        if not policy.can_act_on_order(actor, "order.view", order):
            raise _order_not_found()
        if channel not in STAFF_RATING_CHANNELS:
            raise _field_error(
                "channel",
                Code.CHANNEL_INVALID,
                _("Staff record a rating on the applicant's behalf only by hotline or at the window."),
            )
        return True, ""
    if _is_citizen(actor) and order.applicant_id == actor.pk:
        return False, ""
    if actor is not None and not _is_citizen(actor):
        raise _order_not_found()
    # An anonymous applicant (or a citizen rating an order made before they had an account) proves
    # it is theirs with the phone given at intake, compared through the blind index.
    if not (phone or "").strip():
        if actor is not None:
            raise _order_not_found()
        raise _field_error(
            "phone", Code.PHONE_REQUIRED, _("Enter the mobile number given when the request was made.")
        )
    try:
        index = mobile_index(normalise_mobile(phone or ""))
    except InvalidIdentity:
        raise _order_not_found() from None
    if order.applicant_phone_index and index == order.applicant_phone_index:
        return False, ""
    follower = follower_of(order, index)
    if not follower:
        raise _order_not_found()
    return False, follower


def evaluation_submit(
    *,
    actor: User | None,
    order: ServiceOrder,
    level: int,
    comment: str = "",
    channel: str,
    phone: str | None = None,
) -> Evaluation:
    """Rate a resolved order. 非常满意/满意/基本满意 close it; 不满意/非常不满意 reopen it and open a
    review for the handler's supervisors with its own deadline. A follower's rating (a dispute's other
    party) is recorded beside the applicant's and leaves the order as it is (`_follower_rating`)."""
    level, comment = _validate_rating(level=level, comment=comment, channel=channel)
    on_behalf, follower = _check_rater(actor=actor, order=order, channel=channel, phone=phone)
    if follower:
        return _follower_rating(
            actor=actor, order=order, level=level, comment=comment, channel=channel, follower=follower
        )
    from fawang.orders.services import order_close, order_reopen

    with transaction.atomic():
        # The order row lock serialises two ratings of the same order (web and hotline at once).
        order = _lock_order(order)
        if order.status != OrderStatus.RESOLVED:
            raise Conflict(Code.ORDER_NOT_RESOLVED, _("Only a resolved service order can be rated."), "order")
        invitation = _current_invitation(order)
        round_no = invitation.round if invitation else 1
        if Evaluation.objects.filter(order=order, round=round_no, follower_index="").exists():
            raise _already_rated(follower="")
        now = timezone.now()
        evaluation = _evaluation_record(
            actor=actor,
            order=order,
            round_no=round_no,
            level=level,
            comment=comment,
            channel=channel,
            now=now,
            on_behalf=on_behalf,
        )
        if invitation is not None:
            EvaluationInvitation.objects.filter(pk=invitation.pk, status=InvitationStatus.OPEN).update(
                status=InvitationStatus.RATED, finished_at=now
            )
        label = EvaluationLevel(level).label
        # A rating given some other way settles the return visit of the same round.
        ReturnVisit.objects.filter(order=order, round=round_no, status=ReturnVisitStatus.PENDING).exclude(
            attempt_records__reached=True
        ).update(status=ReturnVisitStatus.CANCELLED, completed_at=now)
        # The status change follows from the rating. A citizen may not close or reopen orders
        # themselves, so the platform does it (actor None, allowed by the transition table); staff
        # who may handle the order do it in their own name.
        transition_actor = actor if policy.can_act_on_order(actor, "order.handle", order) else None
        if level in SATISFIED_LEVELS:
            order_close(
                actor=transition_actor,
                order=order,
                reason=_("Rated “%(level)s” by the applicant.") % {"level": label},
            )
        else:
            order_reopen(
                actor=transition_actor,
                order=order,
                reason=_("Rated “%(level)s” by the applicant: %(comment)s")
                % {"level": label, "comment": comment},
            )
            _review_open(evaluation=evaluation, order=order, actor=actor, now=now)
    return evaluation


def _follower_rating(
    *, actor: Any, order: ServiceOrder, level: int, comment: str, channel: str, follower: str
) -> Evaluation:
    """A follower's rating of the outcome: once per resolution each, while the order is resolved or
    closed within the window. It does not close or reopen the order (the applicant's rating and the
    sweep do), but a bad one is checked like any other: a review for the handler's supervisors."""
    with transaction.atomic():
        order = _lock_order(order)
        invitation = _current_invitation(order)
        if invitation is None or order.status not in (OrderStatus.RESOLVED, OrderStatus.CLOSED):
            raise Conflict(Code.ORDER_NOT_RESOLVED, _("Only a resolved service order can be rated."), "order")
        now = timezone.now()
        round_no = invitation.round
        if Evaluation.objects.filter(order=order, round=round_no, follower_index=follower).exists():
            raise _already_rated(follower=follower)
        if order.status == OrderStatus.CLOSED and now > invitation.closes_at:
            raise Conflict(Code.WINDOW_CLOSED, _("The time for rating this outcome is over."), "order")
        evaluation = _evaluation_record(
            actor=actor,
            order=order,
            round_no=round_no,
            level=level,
            comment=comment,
            channel=channel,
            now=now,
            follower=follower,
        )
        if level not in SATISFIED_LEVELS:
            _review_open(evaluation=evaluation, order=order, actor=actor, now=now)
    return evaluation


def _already_rated(*, follower: str) -> Conflict:
    if follower:
        return Conflict(Code.ALREADY_RATED, _("You have already rated this outcome."), "order")
    return Conflict(Code.ALREADY_RATED, _("This service order has already been rated."), "order")


def _evaluation_record(
    *,
    actor: Any,
    order: ServiceOrder,
    round_no: int,
    level: int,
    comment: str,
    channel: str,
    now: dt.datetime,
    on_behalf: bool = False,
    follower: str = "",
) -> Evaluation:
    """Write one rating of `order`'s round `round_no` with its timeline event and audit row: the
    applicant's (`follower` empty, `on_behalf` when staff enter it for them) or a follower's (the
    follower's phone index). The caller holds the order's lock and has checked the rater, the round
    and any earlier rating; what the rating does to the order is the caller's."""
    try:
        # The unique constraints on (order, round[, follower_index]) settle two ratings racing past
        # the caller's check; the savepoint keeps the outer transaction usable for the error.
        with transaction.atomic():
            evaluation = Evaluation.objects.create(
                order=order,
                round=round_no,
                level=level,
                comment=comment,
                channel=channel,
                rated_by=actor if isinstance(actor, User) else None,
                on_behalf=on_behalf,
                follower_index=follower,
                created_at=now,
            )
    except IntegrityError:
        raise _already_rated(follower=follower) from None
    data: dict[str, Any] = {"level": level, "round": round_no, "on_behalf": on_behalf}
    after: dict[str, Any] = {"order": order.tracking_no, "round": round_no, "level": level}
    if follower:
        # A party's rating is marked as such on the timeline and in the audit, beside the applicant's.
        data["party"] = True
        after["party"] = True
    else:
        after["channel"] = channel
    order_event_add(
        order, EventKind.EVALUATED, actor=actor, now=now, channel=channel, reason=comment, data=data
    )
    _audit(actor=actor, action="evaluation.submit", entity=evaluation, before=None, after=after)
    return evaluation


def _review_open(*, evaluation: Evaluation, order: ServiceOrder, actor: Any, now: dt.datetime) -> Review:
    # 国办发〔2019〕51号 (State Council General Office, 2019, on the 好差评 system): every named bad rating
    # is verified and rectified, normally within 15 working days.
    deadline_at, provisional = _working_days_after(now, REVIEW_DEADLINE_WORKING_DAYS)
    review = Review.objects.create(
        evaluation=evaluation,
        order=order,
        supervisor_region=_supervisor_region(order),
        handler_region_path=order.handler_region_path or order.region_path,
        deadline_at=deadline_at,
        deadline_is_provisional=provisional,
        created_at=now,
    )
    _audit(
        actor=actor,
        action="review.open",
        entity=review,
        before=None,
        after={"order": order.tracking_no, "level": evaluation.level, "deadline_at": deadline_at},
    )
    return review


# ---- reviews of bad ratings -----------------------------------------------------------------------


class ReviewAction:
    """The verbs of a review's lifecycle (the table below)."""

    RECTIFY = "rectify"
    VERIFY_ACCEPT = "verify_accept"
    VERIFY_REFUSE = "verify_refuse"
    APPEAL = "appeal"
    APPEAL_UPHOLD = "appeal_uphold"
    APPEAL_REJECT = "appeal_reject"


_R, _P, _A = ReviewStatus, AppealStatus, ReviewAction
# A review's lifecycle: its status, and the appeal as the stage inside it.
REVIEW_STEPS = (
    Step(_R.OPEN, _A.RECTIFY, _R.RECTIFIED, "", source_stage=_P.NONE),
    Step(_R.OPEN, _A.RECTIFY, _R.RECTIFIED, "", source_stage=_P.REJECTED),
    # The supervisor checks the rectification: accepted closes the review, refused sends it back.
    Step(_R.RECTIFIED, _A.VERIFY_ACCEPT, _R.CLOSED, "", source_stage=ANY),
    Step(_R.RECTIFIED, _A.VERIFY_REFUSE, _R.OPEN, "", source_stage=ANY),
    # 恶意差评: the handler appeals a rating it considers malicious, once; the supervisor decides.
    Step(_R.OPEN, _A.APPEAL, _R.OPEN, "", source_stage=_P.NONE, target_stage=_P.PENDING),
    Step(_R.OPEN, _A.APPEAL_UPHOLD, _R.APPEAL_UPHELD, "", source_stage=_P.PENDING, target_stage=_P.UPHELD),
    Step(_R.OPEN, _A.APPEAL_REJECT, _R.OPEN, "", source_stage=_P.PENDING, target_stage=_P.REJECTED),
)
_HANDLER_ACTIONS = frozenset({_A.RECTIFY, _A.APPEAL})


def _authorize_review(actor: Any, review: Review, action: str) -> None:
    if action in _HANDLER_ACTIONS:
        _require_handler(actor, review)
    else:
        _require_supervisor(actor, review)


def _review_not_allowed(review: Review, action: str) -> Conflict:
    """Why `action` does not fit the review as it now is, with the codes the API has always returned."""
    if action == _A.RECTIFY:
        return Conflict(Code.REVIEW_STATE, _("This review is not waiting for a rectification."), "review")
    if action in (_A.VERIFY_ACCEPT, _A.VERIFY_REFUSE):
        return Conflict(Code.REVIEW_STATE, _("This review has no rectification to verify."), "review")
    if action == _A.APPEAL:
        if review.status != ReviewStatus.OPEN:
            return Conflict(Code.REVIEW_STATE, _("This review can no longer be appealed."), "review")
        return Conflict(Code.APPEAL_EXISTS, _("This rating has already been appealed."), "review")
    return Conflict(Code.NO_APPEAL, _("There is no pending appeal on this review."), "review")


REVIEW_MACHINE = Machine(
    model=Review,
    steps=REVIEW_STEPS,
    entity="review",
    authorize=_authorize_review,
    snapshot=_review_snapshot,
    not_allowed=_review_not_allowed,
    stage_field="appeal_status",
)


def review_rectify(*, actor: User, review: Review, rectification: str, findings: str = "") -> Review:
    """The handler reports what it found and what it put right; the supervisor then verifies."""
    rectification = (rectification or "").strip()
    if not rectification:
        raise _field_error("rectification", Code.RECTIFICATION_REQUIRED, _("Describe what was put right."))
    findings = (findings or "").strip()
    return machine_step(
        REVIEW_MACHINE,
        actor=actor,
        obj=review,
        action=_A.RECTIFY,
        changes=lambda now: {
            "rectification": rectification,
            **({"findings": findings} if findings else {}),
            "rectified_by": actor,
            "rectified_at": now,
        },
    )


def review_verify(*, actor: User, review: Review, accepted: bool, note: str = "") -> Review:
    """The supervisor checks the rectification: accepted closes the review, refused sends it back."""
    note = (note or "").strip()
    if not accepted and not note:
        raise _field_error("note", Code.NOTE_REQUIRED, _("Say why the rectification is not accepted."))
    return machine_step(
        REVIEW_MACHINE,
        actor=actor,
        obj=review,
        action=_A.VERIFY_ACCEPT if accepted else _A.VERIFY_REFUSE,
        changes=lambda now: {"verification_note": note, "verified_by": actor, "verified_at": now},
    )


def review_appeal(*, actor: User, review: Review, reason: str) -> Review:
    """The handler appeals a rating it considers malicious (恶意差评); the supervisor decides."""
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", Code.REASON_REQUIRED, _("Give the reason for the appeal."))
    return machine_step(
        REVIEW_MACHINE,
        actor=actor,
        obj=review,
        action=_A.APPEAL,
        changes=lambda now: {"appeal_reason": reason, "appealed_by": actor, "appealed_at": now},
    )


def review_appeal_decide(*, actor: User, review: Review, upheld: bool, note: str) -> Review:
    """Upheld: the rating was malicious, it stops counting and the review ends. Rejected: the handler
    must rectify as usual."""
    note = (note or "").strip()
    if not note:
        raise _field_error("note", Code.NOTE_REQUIRED, _("Give the reason for the decision."))
    with transaction.atomic():
        review = machine_step(
            REVIEW_MACHINE,
            actor=actor,
            obj=review,
            action=_A.APPEAL_UPHOLD if upheld else _A.APPEAL_REJECT,
            changes=lambda now: {
                "appeal_decision_note": note,
                "appeal_decided_by": actor,
                "appeal_decided_at": now,
            },
        )
        if upheld:
            Evaluation.objects.filter(pk=review.evaluation_id).update(counts_in_statistics=False)
    return review


# ---- return visits ---------------------------------------------------------------------------------


def _require_visitor(actor: Any, visit: ReturnVisit) -> None:
    from .selectors import can_make_return_visits

    if not (can_make_return_visits(actor) and policy.can_see_order(actor, visit.order)):
        raise NotFound(Code.RETURN_VISIT_NOT_FOUND, _("No such return visit."), "visit")


def return_visit_record(
    *, actor: User, visit: ReturnVisit, reached: bool, level: int | None = None, note: str = ""
) -> ReturnVisit:
    """Record one call of a return visit. When the applicant was reached and gave a level, that level
    is their rating of the order, recorded on their behalf through the hotline."""
    note = (note or "").strip()
    if reached and level is not None:
        level, note = _validate_rating(level=level, comment=note, channel=Channel.HOTLINE)
    with transaction.atomic():
        visit = ReturnVisit.objects.select_for_update().select_related("order").get(pk=visit.pk)
        _require_visitor(actor, visit)
        if visit.status != ReturnVisitStatus.PENDING:
            raise Conflict(Code.RETURN_VISIT_FINISHED, _("This return visit is already finished."), "visit")
        now = timezone.now()
        before = {"status": visit.status, "attempts": visit.attempts}
        ReturnVisitAttempt.objects.create(
            visit=visit,
            attempted_at=now,
            reached=reached,
            level=level if reached else None,
            satisfied=(level in SATISFIED_LEVELS) if reached and level is not None else None,
            note=note,
            by=actor,
        )
        visit.attempts = F("attempts") + 1
        if reached:
            visit.status = ReturnVisitStatus.DONE
            visit.result_level = level
            visit.completed_at = now
        elif before["attempts"] + 1 >= RETURN_VISIT_MAX_ATTEMPTS:
            visit.status = ReturnVisitStatus.UNREACHED
            visit.completed_at = now
        visit.save(update_fields=["attempts", "status", "result_level", "completed_at"])
        visit.refresh_from_db(fields=["attempts"])
        _audit(
            actor=actor,
            action="return_visit.record",
            entity=visit,
            before=before,
            after={"status": visit.status, "attempts": visit.attempts, "reached": reached, "level": level},
        )
        order = visit.order
        rated = Evaluation.objects.filter(order=order, round=visit.round, follower_index="").exists()
        if reached and level is not None and order.status == OrderStatus.RESOLVED and not rated:
            evaluation_submit(actor=actor, order=order, level=level, comment=note, channel=Channel.HOTLINE)
    return visit


# ---- recount after a year of the holiday schedule is entered --------------------------------------


def feedback_deadlines_recount(*, year: int, actor: Any = None, now: dt.datetime | None = None) -> int:
    """Registered with the calendar (FeedbackConfig.ready): after `year` is entered, recount the
    deadlines of open reviews, pending return visits and open rating windows that were provisional or
    fall in that year, with the code that counted them, and audit each change. A passed mark whose
    time now lies ahead is cleared. Returns how many rows changed."""
    from fawang.core.services import deadlines_recount

    now = now or timezone.now()
    year_start = dt.datetime(year, 1, 1, tzinfo=TZ)

    def clear_overdue_ahead(review: Review, due: dt.datetime) -> None:
        if review.overdue_at is not None and due > now:
            review.overdue_at = None

    reviews = deadlines_recount(
        Review.objects.select_for_update().filter(
            Q(deadline_is_provisional=True) | Q(deadline_at__gte=year_start),
            status__in=REVIEW_ACTIVE_STATUSES,
        ),
        year=year,
        actor=actor,
        action="review.deadline_recounted",
        due_field="deadline_at",
        provisional_field="deadline_is_provisional",
        count=lambda review: _working_days_after(review.created_at, REVIEW_DEADLINE_WORKING_DAYS),
        on_change=clear_overdue_ahead,
        also_update=["overdue_at"],
    )
    visits = deadlines_recount(
        ReturnVisit.objects.select_for_update().filter(
            Q(due_is_provisional=True) | Q(due_at__gte=year_start), status=ReturnVisitStatus.PENDING
        ),
        year=year,
        actor=actor,
        action="return_visit.due_recounted",
        due_field="due_at",
        provisional_field="due_is_provisional",
        count=lambda visit: _working_days_after(visit.created_at, RETURN_VISIT_DUE_WORKING_DAYS),
    )
    windows = deadlines_recount(
        EvaluationInvitation.objects.select_for_update(of=("self",))
        .select_related("order__service_item")
        .filter(Q(closes_is_provisional=True) | Q(closes_at__gte=year_start), status=InvitationStatus.OPEN),
        year=year,
        actor=actor,
        action="evaluation_invitation.window_recounted",
        due_field="closes_at",
        provisional_field="closes_is_provisional",
        count=lambda window: _rating_window(window.opened_at, window.order.service_item.feedback_window_days),
    )
    return reviews + visits + windows
