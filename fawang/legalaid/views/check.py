"""The public eligibility check (issue 11, item 2): a citizen, without an account, enters the facts
the application asks and reads, per criterion, whether it is met, with the threshold and the value, in
plain words in their own language, then the materials to bring and a link to apply. Nothing is saved.
Rate-limited per client address like the other public forms (fawang.core.ratelimit)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fawang.core.context import client_ip
from fawang.core.ratelimit import attempt_exceeds_limit

from ..eligibility import Assessment, Criterion, Facts, assess
from ..enums import WORKFLOW
from ..forms import EligibilityCheckForm, to_fen
from ..labels import criterion_label, result_label, yuan
from ..materials import required_materials
from ..selectors import rules_as_of

# Enough for a family trying a few incomes; too few to use the page as a free computing service.
CHECK_LIMIT = 60
CHECK_WINDOW_SECONDS = 10 * 60


def _row(criterion: Criterion) -> dict[str, str]:
    money = criterion.name == "hardship"
    explanation = criterion.explanation
    if not explanation and criterion.name == "negative_list":
        explanation = _("This matter is not on your region's list of matters outside legal aid.")
    return {
        "name": criterion.name,
        "label": criterion_label(criterion.name),
        "result": criterion.result,
        "result_label": result_label(criterion.result),
        "value": yuan(criterion.value) if money else "",
        "threshold": yuan(criterion.threshold) if money else "",
        "explanation": explanation,
        "basis": criterion.basis,
    }


def _outcome_text(result: Assessment) -> str:
    if result.outcome == "eligible":
        return _(
            "You appear to qualify for legal aid. The legal aid centre decides on your application "
            "within 7 days (art. 43)."
        )
    if result.outcome == "incomplete":
        return _("Some facts are missing: fill them in to see the result, or apply and the centre will ask.")
    return _(
        "You do not appear to qualify, for the reasons below. You may still apply: the centre decides, "
        "and a refusal can be objected to (art. 49)."
    )


def _apply_url() -> str:
    from fawang.catalog.models import ServiceItem

    code = (
        ServiceItem.objects.filter(workflow=WORKFLOW, is_active=True).values_list("code", flat=True).first()
    )
    return f"{reverse('web:apply')}?item={code}" if code else reverse("web:apply")


@require_http_methods(["GET", "POST"])
def eligibility_check(request: HttpRequest) -> HttpResponse:
    form = EligibilityCheckForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method != "POST":
        return render(request, "legalaid/check.html", context)
    if attempt_exceeds_limit(
        "legal-aid-check", client_ip(request), limit=CHECK_LIMIT, window_seconds=CHECK_WINDOW_SECONDS
    ):
        context["rate_limited"] = True
        response = render(request, "legalaid/check.html", context, status=429)
        response["Retry-After"] = str(CHECK_WINDOW_SECONDS)
        return response
    if not form.is_valid():
        return render(request, "legalaid/check.html", context, status=400)
    from fawang.regions.models import Region

    data = form.cleaned_data
    region = Region.objects.get(code=data["county"])  # the choices are the counties
    facts = Facts(
        region_path=region.path,
        matter=data.get("matter") or "",
        household_size=data.get("household_size"),
        monthly_income_fen=to_fen(data.get("monthly_income")),
        status_groups_proven=tuple(data.get("status_groups") or ()),
    )
    rules = rules_as_of(region_path=region.path, day=timezone.localdate())
    result = assess(facts, rules)
    context.update(
        result=result,
        outcome_text=_outcome_text(result),
        rows=[_row(c) for c in result.criteria],
        standard=rules.standard,
        materials=required_materials(
            matter_type=data.get("matter_type") or "",
            matter=facts.matter,
            status_groups=facts.status_groups_proven,
        ),
        apply_url=_apply_url(),
    )
    return render(request, "legalaid/check.html", context)
