"""The committee's pages: the order page's mediation panel (parties, sessions, the agreement form),
the panel's forms refusing bad input with nothing saved, the committee's case list with the art. 33
clock."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from fawang.disputes.models import Outcome, Session

from .conftest import agree

pytestmark = pytest.mark.django_db


def _post(client, order, what, data):
    return client.post(reverse("mediation:panel_post", args=[order.tracking_no, what]), data)


def test_the_panel_shows_the_case_file_and_books_a_session(mediation_world, mediating, client):
    from django.utils import timezone

    from fawang.core.calendar import add_working_days

    order = mediating()
    client.force_login(mediation_world.clerk)
    page = client.get(reverse("orders:order_detail", args=[order.tracking_no])).content.decode()
    assert 'data-testid="mediation-panel"' in page and 'data-testid="agreement-form"' in page
    panel = page.split('data-testid="mediation-panel"')[1].split('id="timeline-title"')[0]
    assert "王**" in panel and "王大山" not in panel  # the parties' names masked
    holiday = _post(
        client,
        order,
        "session",
        {
            "session-starts_at": "2026-10-01T09:00",
            "session-hours": 2,
            "session-mode": "in_person",
            "session-place": "调解室",
        },
    )
    assert any("starts_at" in str(m) for m in get_messages(holiday.wsgi_request))
    assert not Session.objects.exists()
    day, _p = add_working_days(timezone.localdate(), 2)
    _post(
        client,
        order,
        "session",
        {
            "session-starts_at": f"{day}T09:00",
            "session-hours": 2,
            "session-mode": "in_person",
            "session-place": "调解室",
        },
    )
    assert Session.objects.get().place == "调解室"


def test_the_agreement_form_records_a_signed_agreement(mediation_world, mediating, client):
    order = mediating()
    client.force_login(mediation_world.mediator_user)
    from fawang.mediation.services import mediator_assign

    mediator_assign(actor=mediation_world.clerk, order=order, mediator=mediation_world.mediator.pk)
    parties = list(order.dispute_parties.all())
    _post(
        client,
        order,
        "agreement",
        {
            "agreement-form": "written",
            "agreement-facts": "越界占用宅基地",
            "agreement-terms": "十月底前拆除",
            "agreement-signed": [str(p.pk) for p in parties],
        },
    )
    assert Outcome.objects.get(order=order).title == "人民调解协议书"


def test_the_case_list_shows_the_confirmation_clock(mediation_world, mediating, client):
    order = mediating()
    agree(mediation_world, order)
    client.force_login(mediation_world.clerk)
    page = client.get(reverse("mediation:cases")).content.decode()
    assert order.tracking_no in page and 'data-clock="confirm"' in page
    client.force_login(mediation_world.litang_clerk)
    assert order.tracking_no not in client.get(reverse("mediation:cases")).content.decode()
