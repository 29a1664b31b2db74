"""The supervisor's pages: the area's supervision orders, reviews of bad ratings and compliance
figures, and the review page where the handler records a rectification and the supervisor verifies
it; and the hotline's return-visit queue (待回访), where agents record their calls back to applicants.
Reads are scoped through fawang.accounts.policy; writes go through fawang.feedback.services."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fawang.accounts import policy
from fawang.core.context import client_ip, request_meta
from fawang.core.errors import DomainError, NotFound, ValidationFailed
from fawang.core.keyset import BadCursor
from fawang.orders import selectors as order_selectors
from fawang.orders.enums import Channel, SupervisionStatus
from fawang.orders.views import staff_required
from fawang.ui.forms import add_domain_error, explain, posted_step

from . import selectors, services
from .enums import (
    BAD_LEVELS,
    RETURN_VISIT_MAX_ATTEMPTS,
    AppealStatus,
    EvaluationLevel,
    ReturnVisitStatus,
    ReviewStatus,
)
from .forms import ReturnVisitForm
from .models import ReturnVisitAttempt, Review

LIST_PAGE = 25  # rows per page of the supervision orders and of the reviews (fawang.core.keyset)
SATISFACTION_DAYS = 30


def _fetch_related(rows: list[Any], *lookups: str) -> None:
    """Load the relations a page shows for its rows in a few queries (the page's query walks its
    index without joining them)."""
    prefetch_related_objects(rows, *lookups)


def _require_supervisor(actor: Any) -> None:
    if not policy.has_action(actor, "order.supervise"):
        raise PermissionDenied(_("This page is for supervisors."))


@staff_required
@require_GET
def supervision_index(request: HttpRequest) -> HttpResponse:
    actor = request.user
    _require_supervisor(actor)
    now = timezone.now()
    show_all = request.GET.get("all") == "1"
    status = None if show_all else SupervisionStatus.OPEN
    # Two lists on one page, each paged by its own cursor (a bad one: that list's first page).
    try:
        supervisions = order_selectors.supervision_page_for_actor(
            actor=actor, cursor=request.GET.get("cursor"), size=LIST_PAGE, status=status
        )
    except BadCursor:
        supervisions = order_selectors.supervision_page_for_actor(
            actor=actor, cursor=None, size=LIST_PAGE, status=status
        )
    try:
        reviews = selectors.review_page_for_supervisor(
            actor, cursor=request.GET.get("rcursor"), size=LIST_PAGE, active_only=not show_all
        )
    except BadCursor:
        reviews = selectors.review_page_for_supervisor(
            actor, cursor=None, size=LIST_PAGE, active_only=not show_all
        )
    _fetch_related(supervisions.rows, "issued_by", "answered_by")
    _fetch_related(
        reviews.rows, "order__service_item", "order__assigned_point", "order__assigned_institution"
    )
    query = request.GET.copy()
    query.pop("cursor", None)
    rquery = request.GET.copy()
    rquery.pop("rcursor", None)
    return render(
        request,
        "feedback/supervision.html",
        {
            # 按期办结率, defined once (fawang.orders.selectors.on_time_rate), with its formula.
            "compliance": order_selectors.tallied_on_time_rate(actor=actor, reading="orders", now=now),
            "on_time_formula": order_selectors.ON_TIME_FORMULA,
            "satisfaction": selectors.satisfaction_summary(
                actor, now - dt.timedelta(days=SATISFACTION_DAYS), now
            ),
            "satisfaction_days": SATISFACTION_DAYS,
            "supervisions": supervisions.rows,
            "supervision_page": supervisions,
            "reviews": reviews.rows,
            "review_page": reviews,
            "query": query.urlencode(),
            "rquery": rquery.urlencode(),
            "show_all": show_all,
            "now": now,
        },
    )


# ---- the review page ---------------------------------------------------------------------------------


class RectifyForm(forms.Form):
    findings = forms.CharField(
        label=gettext_lazy("What the check found"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    rectification = forms.CharField(
        label=gettext_lazy("What was put right"), widget=forms.Textarea(attrs={"rows": 3})
    )


class VerifyForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=gettext_lazy("Verification"),
        choices=[
            ("1", gettext_lazy("Rectification accepted")),
            ("0", gettext_lazy("Not accepted: rectify again")),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the rating is malicious"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AppealDecideForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=gettext_lazy("Decision on the appeal"),
        choices=[
            ("1", gettext_lazy("Upheld: the rating does not count")),
            ("0", gettext_lazy("Rejected: rectify")),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Reason for the decision"), widget=forms.Textarea(attrs={"rows": 2})
    )


def _review_for(actor: Any, review_id: int) -> tuple[Review, bool, bool]:
    """The review with the actor's two possible sides: supervisor (verifies, decides appeals) and
    handler (rectifies, appeals). Missing and outside the jurisdiction both answer 404."""
    is_supervisor = False
    try:
        review = selectors.review_get_for_supervisor(actor, review_id)
        is_supervisor = True
    except NotFound:
        review = (
            policy.scope_jurisdiction(
                actor,
                Review.objects.select_related("order", "evaluation"),
                # The order's jurisdiction, as policy.scope_orders reads it.
                region_path="order__region_path",
                handler_region_path="order__handler_region_path",
                institution="order__assigned_institution",
                practitioner="order__assigned_practitioner",
            )
            .filter(pk=review_id)
            .first()
        )
        if review is None:
            raise Http404(_("No such review.")) from None
    is_handler = policy.can_act_on_order(actor, "order.handle", review.order)
    if not (is_supervisor or is_handler):
        raise Http404(_("No such review."))
    return review, is_supervisor, is_handler


# step name → (form class, who may use it, when it is offered)
REVIEW_STEPS = {
    "rectify": RectifyForm,
    "verify": VerifyForm,
    "appeal": AppealForm,
    "decide": AppealDecideForm,
}


def _offered_steps(review: Review, is_supervisor: bool, is_handler: bool) -> list[str]:
    """Mirror of the states fawang.feedback.services accepts, so a button is shown only when it works."""
    steps = []
    pending_appeal = review.appeal_status == AppealStatus.PENDING
    if is_handler and review.status == ReviewStatus.OPEN and not pending_appeal:
        steps.append("rectify")
    if is_handler and review.status == ReviewStatus.OPEN and review.appeal_status == AppealStatus.NONE:
        steps.append("appeal")
    if is_supervisor and review.status == ReviewStatus.RECTIFIED:
        steps.append("verify")
    if is_supervisor and pending_appeal:
        steps.append("decide")
    return steps


NOT_NOW = gettext_lazy("This step is not available for this review now.")


def _review_save(actor: Any, review: Review, step: str, data: dict[str, Any]) -> None:
    if step == "rectify":
        services.review_rectify(
            actor=actor, review=review, rectification=data["rectification"], findings=data["findings"]
        )
    elif step == "verify":
        services.review_verify(actor=actor, review=review, accepted=data["accepted"], note=data["note"])
    elif step == "appeal":
        services.review_appeal(actor=actor, review=review, reason=data["reason"])
    else:
        services.review_appeal_decide(actor=actor, review=review, upheld=data["upheld"], note=data["note"])


@staff_required
@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    actor = request.user
    review, is_supervisor, is_handler = _review_for(actor, review_id)
    steps = _offered_steps(review, is_supervisor, is_handler)
    here = reverse("supervision:review", args=[review.pk])
    posted = posted_step(request, steps, REVIEW_STEPS, partial(_review_save, actor, review), here, NOT_NOW)
    if posted.response is not None:
        return posted.response
    step_forms = [
        {"step": s, "title": STEP_TITLES[s], "form": posted.bound.get(s) or REVIEW_STEPS[s](prefix=s)}
        for s in steps
    ]
    return render(
        request,
        "feedback/review.html",
        {
            "review": review,
            "order": review.order,
            "evaluation": review.evaluation,
            "step_forms": step_forms,
        },
        status=422 if posted.bound else 200,
    )


STEP_TITLES = {
    "rectify": gettext_lazy("Record the rectification"),
    "verify": gettext_lazy("Verify the rectification"),
    "appeal": gettext_lazy("Appeal a malicious rating"),
    "decide": gettext_lazy("Decide the appeal"),
}


# ---- return visits (回访) ----------------------------------------------------------------------------

RETURN_VISITS_PAGE = 25  # one page of calls to make; the earliest due come first (fawang.core.keyset)


def _require_return_visits(actor: Any) -> None:
    if not selectors.can_make_return_visits(actor):
        raise PermissionDenied(_("Return visits are made by hotline agents."))


def _visit_prefix(visit: Any) -> str:
    return f"visit-{visit.pk}"


def _render_return_visits(
    request: HttpRequest, *, bound: dict[str, ReturnVisitForm] | None = None, status: int = 200
) -> HttpResponse:
    bound = bound or {}
    now = timezone.now()
    try:
        page = selectors.return_visit_page_for_actor(
            request.user, cursor=request.GET.get("cursor"), size=RETURN_VISITS_PAGE
        )
    except BadCursor:
        page = selectors.return_visit_page_for_actor(request.user, cursor=None, size=RETURN_VISITS_PAGE)
    visits = page.rows
    _fetch_related(visits, "order__service_item", "order__region")
    attempts: dict[int, list[ReturnVisitAttempt]] = {}
    for attempt in ReturnVisitAttempt.objects.filter(visit__in=visits).select_related("by"):
        attempts.setdefault(attempt.visit_id, []).append(attempt)
    rows = [
        {
            "visit": visit,
            "order": visit.order,
            "overdue": visit.due_at < now,
            "attempts": attempts.get(visit.pk, []),
            "form": bound.get(_visit_prefix(visit)) or ReturnVisitForm(prefix=_visit_prefix(visit)),
        }
        for visit in visits
    ]
    return render(
        request,
        "feedback/return_visits.html",
        {
            "rows": rows,
            "max_attempts": RETURN_VISIT_MAX_ATTEMPTS,
            "now": now,
            "page": page,
            "query": "",
            "cursor": request.GET.get("cursor", ""),
        },
        status=status,
    )


@staff_required
@require_GET
def return_visits(request: HttpRequest) -> HttpResponse:
    """待回访: the hotline's calls back to applicants of resolved hotline orders, earliest due first."""
    _require_return_visits(request.user)
    return _render_return_visits(request)


@staff_required
@require_POST
def return_visit_record(request: HttpRequest, visit_id: int) -> HttpResponse:
    """Record one call of a return visit; a reached caller's rating rates the order on their behalf."""
    actor = request.user
    _require_return_visits(actor)
    visit = (
        selectors.return_visits_for_actor(actor, pending_only=False)
        .select_related("order")
        .filter(pk=visit_id)
        .first()
    )
    if visit is None:
        raise Http404(_("No such return visit."))
    prefix = _visit_prefix(visit)
    form = ReturnVisitForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _render_return_visits(request, bound={prefix: form}, status=422)
    data = form.cleaned_data
    try:
        # A call back is a hotline write: its channel goes into the audit trail.
        with request_meta(channel=Channel.HOTLINE, ip=client_ip(request)):
            visit = services.return_visit_record(
                actor=actor, visit=visit, reached=data["reached"], level=data["level"], note=data["note"]
            )
    except ValidationFailed as exc:
        # The rating's comment is this form's note.
        add_domain_error(form, exc, {"comment": "note"})
        return _render_return_visits(request, bound={prefix: form}, status=422)
    except DomainError as exc:  # finished meanwhile (a colleague called, or the applicant rated online)
        messages.error(request, explain(exc))
        return redirect("feedback:return_visits")
    messages.success(request, _return_visit_outcome(visit))
    return redirect("feedback:return_visits")


def _return_visit_outcome(visit: Any) -> str:
    """What the call changed, in words."""
    number = visit.order.tracking_no
    if visit.status == ReturnVisitStatus.DONE and visit.result_level is not None:
        label = EvaluationLevel(visit.result_level).label
        if visit.result_level in BAD_LEVELS:
            return _(
                "Return visit to %(tracking_no)s recorded: rated “%(level)s”. The order is reopened and "
                "a review goes to the handler's supervisor."
            ) % {"tracking_no": number, "level": label}
        return _("Return visit to %(tracking_no)s recorded: rated “%(level)s”.") % {
            "tracking_no": number,
            "level": label,
        }
    if visit.status == ReturnVisitStatus.DONE:
        return _("Return visit to %(tracking_no)s recorded: caller reached.") % {"tracking_no": number}
    if visit.status == ReturnVisitStatus.UNREACHED:
        return _(
            "Caller of %(tracking_no)s not reached after %(n)d attempts: the return visit is closed as "
            "not reached."
        ) % {"tracking_no": number, "n": visit.attempts}
    return _(
        "Caller of %(tracking_no)s not reached (attempt %(n)d of %(max)d): the visit stays in the queue."
    ) % {"tracking_no": number, "n": visit.attempts, "max": RETURN_VISIT_MAX_ATTEMPTS}
