"""A signed-in citizen saves a half-filled legal aid application as a draft and resumes it later
(issue 11, item 1): the fields come back as they were, the draft is encrypted at rest, it expires,
sending the application deletes it, and nothing about the order changes while it is a draft."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fawang.legalaid.drafts import DRAFT_DAYS, draft_get
from fawang.legalaid.models import ApplicationDraft
from fawang.orders.models import ServiceOrder

pytestmark = pytest.mark.django_db

STORY = "公司拖欠我三个月工资，约一万二千元，老板不接电话。"


def half_filled(item: str, **more):
    return {
        "action": "save_draft",
        "service_item": item,
        "prefecture": "510100",
        "county": "510107",
        "description": STORY,
        "applicant_name": "王小明",
        "details.matter_type": "civil",
        "details.matter": "wages",
        "details.household_size": "3",
        "details.status_groups": ["migrant_worker"],
        **more,
    }


@pytest.fixture
def signed_in(citizen):
    client = Client()
    client.force_login(citizen)
    return client


def test_a_saved_draft_comes_back_filled_in(signed_in, citizen, legal_aid):
    response = signed_in.post(reverse("web:apply"), half_filled(legal_aid.code))
    assert response.status_code == 302
    assert ServiceOrder.objects.count() == 0  # a draft is not an order

    page = signed_in.get(reverse("web:apply")).content.decode()
    assert 'data-testid="draft-resumed"' in page
    assert STORY in page and 'value="王小明"' in page
    assert f'<option value="{legal_aid.code}" selected>' in page
    assert '<option value="510107" selected>' in page
    assert 'value="3"' in page  # the household size
    assert 'value="migrant_worker"' in page and "checked" in page


def test_the_draft_is_encrypted_at_rest(signed_in, citizen, legal_aid):
    signed_in.post(reverse("web:apply"), half_filled(legal_aid.code))
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM legalaid_applicationdraft")
        (stored,) = cursor.fetchone()
    assert "王小明" not in stored and "拖欠" not in stored


def test_an_expired_draft_is_gone(signed_in, citizen, legal_aid):
    signed_in.post(reverse("web:apply"), half_filled(legal_aid.code))
    later = timezone.now() + dt.timedelta(days=DRAFT_DAYS, minutes=1)
    assert draft_get(citizen=citizen, now=later) is None
    assert not ApplicationDraft.objects.exists()


def test_sending_the_application_deletes_the_draft(signed_in, citizen, legal_aid):
    signed_in.post(reverse("web:apply"), half_filled(legal_aid.code))
    data = half_filled(
        legal_aid.code,
        action="submit",
        township="",
        applicant_phone="13912345678",
        applicant_id_number="",
        language="zh",
        **{"details.monthly_income": "2400"},
    )
    response = signed_in.post(reverse("web:apply"), data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert ServiceOrder.objects.count() == 1
    assert not ApplicationDraft.objects.exists()


def test_the_draft_can_be_deleted(signed_in, citizen, legal_aid):
    signed_in.post(reverse("web:apply"), half_filled(legal_aid.code))
    signed_in.post(reverse("web:apply"), {"action": "discard_draft"})
    assert not ApplicationDraft.objects.exists()
    assert 'data-testid="draft-resumed"' not in signed_in.get(reverse("web:apply")).content.decode()


def test_only_a_signed_in_citizen_is_offered_a_draft(legal_aid):
    page = Client().get(reverse("web:apply")).content.decode()
    assert 'data-testid="save-draft"' not in page
    response = Client().post(reverse("web:apply"), half_filled(legal_aid.code))
    assert response.status_code == 302 and "/login/citizen/" in response["Location"]
    assert not ApplicationDraft.objects.exists() and not ServiceOrder.objects.exists()
