"""Party access: the other party, signed in with the phone the committee recorded, sees the dispute
and the thirty days of art. 33 on their own page; a stranger gets 404; the public tracking page
follows it with either party's phone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import agree

pytestmark = pytest.mark.django_db


def test_the_respondent_sees_the_case_and_the_confirmation_clock(mediation_world, mediating, client):
    order = mediating()
    agree(mediation_world, order)
    url = reverse("disputes:my_dispute", args=[order.tracking_no])
    client.force_login(mediation_world.neighbour)
    page = client.get(url).content.decode()
    assert 'data-clock="confirm"' in page and "人民调解协议书" in page
    client.force_login(mediation_world.stranger)
    assert client.get(url).status_code == 404


def test_the_tracking_page_answers_the_respondents_phone(mediation_world, register, client):
    order = register()
    page = client.post(reverse("web:track"), {"tracking_no": order.tracking_no, "phone": "13800002222"})
    assert 'data-testid="timeline"' in page.content.decode()
    page = client.post(reverse("web:track"), {"tracking_no": order.tracking_no, "phone": "13800003333"})
    assert 'data-testid="timeline"' not in page.content.decode()
