"""A clerk overrides an application's eligibility result with a written reason (issue 11, item 2): the
override is kept beside the engine's assessment (which is never rewritten), audited, and shown on the
order page; a short or missing reason is refused naming the field and the rule, and nothing is saved."""

from __future__ import annotations

import pytest
from django.test import Client

from fawang.audit.models import AuditEntry
from fawang.core.errors import NotFound, ValidationFailed
from fawang.legalaid.models import EligibilityAssessment, EligibilityOverride
from fawang.legalaid.services import eligibility_override
from fawang.orders.engine import order_act

pytestmark = pytest.mark.django_db

REASON = "申请人提交了低保证明原件，经核实属于第四十二条免予核查经济困难状况的情形。"


def test_override_is_stored_beside_the_assessment_and_audited(apply, wuhou_clerk):
    order = apply({"household_size": 1, "monthly_income": "90000"})  # far above any standard
    order_act(actor=wuhou_clerk, order=order, action="reject", reason="收入超过经济困难标准")
    assessment = EligibilityAssessment.objects.get(order=order)
    assert assessment.eligible is False

    override = eligibility_override(actor=wuhou_clerk, order=order, eligible=True, reason=REASON)

    assert override.assessment_id == assessment.pk and override.eligible is True
    assessment.refresh_from_db()
    assert assessment.eligible is False  # the engine's result stays as it was
    entry = AuditEntry.objects.get(action="legal_aid.eligibility_override")
    assert entry.actor_id == wuhou_clerk.pk
    assert entry.after["eligible"] is True and entry.after["reason"] == REASON


def test_an_undecided_application_is_assessed_for_the_override(apply, wuhou_clerk):
    order = apply({"household_size": 2, "monthly_income": "1000"})
    eligibility_override(actor=wuhou_clerk, order=order, eligible=False, reason=REASON)
    assessment = EligibilityAssessment.objects.get(order=order)
    assert assessment.event_kind == "eligibility_override"
    assert assessment.overrides.get().eligible is False


@pytest.mark.parametrize("reason", ["", "   ", "同意"])
def test_a_short_reason_is_refused_naming_the_field_and_nothing_is_saved(apply, wuhou_clerk, reason):
    order = apply()
    with pytest.raises(ValidationFailed) as caught:
        eligibility_override(actor=wuhou_clerk, order=order, eligible=True, reason=reason)
    error = caught.value.errors[0]
    assert error.field == "reason" and error.code == "min_length"
    assert not EligibilityOverride.objects.exists()
    assert not EligibilityAssessment.objects.filter(order=order).exists()
    assert not AuditEntry.objects.filter(action="legal_aid.eligibility_override").exists()


def test_staff_elsewhere_cannot_override(apply, ganzi_clerk):
    order = apply()
    with pytest.raises(NotFound):
        eligibility_override(actor=ganzi_clerk, order=order, eligible=True, reason=REASON)
    assert not EligibilityOverride.objects.exists()


def test_the_order_page_shows_the_override_and_takes_one(apply, wuhou_clerk):
    order = apply({"household_size": 1, "monthly_income": "90000"})
    client = Client()
    client.force_login(wuhou_clerk)
    page = client.get(f"/work/orders/{order.tracking_no}/").content.decode()
    assert 'data-testid="legal-aid-panel"' in page and 'data-testid="eligibility-override-form"' in page

    url = f"/legal-aid/orders/{order.tracking_no}/eligibility/override/"
    refused = client.post(url, {"eligible": "1", "reason": "可以"}, follow=True).content.decode()
    assert "变更理由：至少填写 20 个字。" in refused
    assert not EligibilityOverride.objects.exists()

    done = client.post(url, {"eligible": "1", "reason": REASON}, follow=True).content.decode()
    assert 'data-testid="eligibility-overrides"' in done and REASON in done
    assert EligibilityOverride.objects.get().overridden_by == wuhou_clerk
