"""The mediation API: a session on a holiday is refused naming `starts_at` with nothing saved; a
retried POST with the same Idempotency-Key books once; bad bodies get 4xx, never 5xx."""

from __future__ import annotations

import pytest

from fawang.disputes.models import Session

pytestmark = pytest.mark.django_db


def _session(client, order, starts, **headers):
    return client.post(
        f"/api/v1/mediation/cases/{order.tracking_no}/sessions",
        {
            "starts_at": starts,
            "ends_at": starts.replace("T09", "T11"),
            "mode": "in_person",
            "place": "调解室",
        },
        content_type="application/json",
        **headers,
    )


def test_a_session_on_a_holiday_is_refused_by_the_api(mediation_world, mediating, client):
    order = mediating()
    client.force_login(mediation_world.clerk)
    response = _session(client, order, "2027-10-01T09:00:00+08:00")
    assert response.status_code == 422
    assert response.json()["field"] == "starts_at" and response.json()["code"] == "session_on_rest_day"
    assert not Session.objects.exists()


def test_a_retried_booking_books_once(mediation_world, mediating, client):
    from django.utils import timezone

    from fawang.core.calendar import add_working_days

    order = mediating()
    client.force_login(mediation_world.clerk)
    day, _p = add_working_days(timezone.localdate(), 3)
    starts = f"{day.isoformat()}T09:00:00+08:00"
    first = _session(client, order, starts, HTTP_IDEMPOTENCY_KEY="k-1")
    again = _session(client, order, starts, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert Session.objects.count() == 1


@pytest.mark.parametrize(
    "body,content_type",
    [
        ("not json", "application/json"),
        (
            '{"form": "written", "facts": "\\u0000", "terms": "x", "signed": [99999999999999999999]}',
            "application/json",
        ),
        ("form=written", "application/x-www-form-urlencoded"),
    ],
)
def test_bad_bodies_get_4xx(mediation_world, mediating, client, body, content_type):
    order = mediating()
    client.force_login(mediation_world.clerk)
    response = client.post(
        f"/api/v1/mediation/cases/{order.tracking_no}/agreement", body, content_type=content_type
    )
    assert 400 <= response.status_code < 500
