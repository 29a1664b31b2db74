"""The quality review pages (评查) under /legal-aid/quality/: the samples of the centres in the
actor's jurisdiction and the form to draw a quarter's sample, one sample's cases with their scores,
the scoring form of one sampled case, and a practitioner's record (their reviews and average score).
Thin: reads and writes go through fawang.legalaid.quality."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from fawang.accounts import policy
from fawang.core.errors import DomainError, NotFound, ValidationFailed
from fawang.orders.models import ServiceOrder
from fawang.orders.views import staff_required
from fawang.ui.forms import add_domain_error

from .. import quality
from ..models import CaseClosing, QualityReview


def _previous_quarter(today: dt.date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3 + 1
    return (today.year - 1, 4) if quarter == 1 else (today.year, quarter - 1)


class SampleForm(forms.Form):
    centre = forms.ModelChoiceField(
        label=gettext_lazy("Legal aid centre"), queryset=quality.Institution.objects.none()
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"), choices=[(q, f"Q{q}") for q in (1, 2, 3, 4)], coerce=int
    )
    seed = forms.CharField(
        label=gettext_lazy("Seed (optional)"),
        required=False,
        max_length=64,
        help_text=gettext_lazy("Left empty, a random seed is drawn and recorded."),
    )

    def __init__(self, *args, actor=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = quality.scope_centres(actor).order_by("region__path", "name")  # type: ignore[attr-defined]


def _score_form_class() -> type[forms.Form]:
    fields: dict[str, forms.Field] = {
        f"score_{c.code}": forms.TypedChoiceField(
            label=f"{c.label} ({_('weight')} {c.weight})",
            choices=[(n, str(n)) for n in range(quality.SCORE_MAX + 1)],
            coerce=int,
            widget=forms.RadioSelect,
        )
        for c in quality.RUBRIC
    }
    fields["comment"] = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    return type("ScoreForm", (forms.Form,), fields)


@staff_required
@require_http_methods(["GET", "POST"])
def quality_index(request: HttpRequest) -> HttpResponse:
    actor = request.user
    if not policy.has_action(actor, "quality_review.view"):
        raise PermissionDenied(_("Your role does not allow this action."))
    can_sample = policy.has_action(actor, "quality_review.sample")
    year, quarter = _previous_quarter(timezone.localdate())
    form = SampleForm(actor=actor, initial={"year": year, "quarter": quarter}) if can_sample else None
    if request.method == "POST":
        if not can_sample:
            raise PermissionDenied(_("Your role does not allow this action."))
        form = SampleForm(request.POST, actor=actor)
        if form.is_valid():
            data = form.cleaned_data
            try:
                sample = quality.quality_sample_create(
                    actor=actor,
                    centre=data["centre"],
                    year=data["year"],
                    quarter=data["quarter"],
                    seed=data["seed"],
                )
            except ValidationFailed as exc:
                add_domain_error(form, exc)
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("Sample drawn."))
                return redirect("legalaid:quality_sample", sample_id=sample.pk)
    samples = list(quality.samples_for(actor)[:100])
    return render(request, "legalaid/quality_index.html", {"samples": samples, "form": form})


@staff_required
@require_GET
def quality_sample(request: HttpRequest, sample_id: int) -> HttpResponse:
    actor = request.user
    try:
        sample = quality.access_sample(actor, sample_id)
    except NotFound:
        raise Http404(_("No such sample.")) from None
    orders = {o.pk: o for o in ServiceOrder.objects.filter(pk__in=sample.sampled)}
    closings = {
        c.order_id: c
        for c in CaseClosing.objects.filter(order_id__in=sample.sampled).select_related("practitioner")
    }
    reviews: dict[int, list[QualityReview]] = {}
    for review in QualityReview.objects.filter(sample=sample).order_by("pk"):
        reviews.setdefault(review.order_id, []).append(review)
    rows = [
        {"order": orders[pk], "closing": closings.get(pk), "reviews": reviews.get(pk, [])}
        for pk in sample.sampled
        if pk in orders
    ]
    return render(
        request,
        "legalaid/quality_sample.html",
        {
            "sample": sample,
            "rows": rows,
            "reproduced": quality.sample_redraw(sample) == sample.sampled,
            "can_score": policy.has_action(actor, "quality_review.score"),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def quality_score(request: HttpRequest, sample_id: int, tracking_no: str) -> HttpResponse:
    actor = request.user
    try:
        sample = quality.access_sample(actor, sample_id)
    except NotFound:
        raise Http404(_("No such sample.")) from None
    order = ServiceOrder.objects.filter(tracking_no=tracking_no, pk__in=sample.sampled).first()
    if order is None or not policy.can_act_on_order(actor, "quality_review.score", order):
        raise Http404(_("No such service order."))
    form_class = _score_form_class()
    form = form_class()
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            scores = {c.code: data[f"score_{c.code}"] for c in quality.RUBRIC}
            try:
                quality.quality_review_submit(
                    actor=actor, sample=sample, order=order, scores=scores, comment=data["comment"]
                )
            except ValidationFailed as exc:
                add_domain_error(form, exc)
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("Scores saved."))
                return redirect("legalaid:quality_sample", sample_id=sample.pk)
    closing = CaseClosing.objects.filter(order=order).select_related("practitioner").first()
    return render(
        request,
        "legalaid/quality_score.html",
        {"sample": sample, "order": order, "closing": closing, "form": form, "rubric": quality.RUBRIC},
    )


@staff_required
@require_GET
def practitioner_record(request: HttpRequest, practitioner_id: int) -> HttpResponse:
    actor = request.user
    try:
        practitioner = quality.access_practitioner(actor, practitioner_id)
    except NotFound:
        raise Http404(_("No such practitioner.")) from None
    record = quality.practitioner_record(practitioner)
    return render(
        request,
        "legalaid/practitioner_record.html",
        {"practitioner": practitioner, "rubric": quality.RUBRIC, **record},
    )
