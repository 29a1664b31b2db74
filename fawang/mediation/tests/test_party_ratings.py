"""Each outcome is rated by the parties (issue 14, "Across the three"): the applicant and the other
side each rate the resolved mediation once, from the public tracking page with their own phone; a
stranger's phone finds nothing; a second rating by the same party is refused. The other party's
rating does not close or reopen the case, but a bad one is checked like any (docs/adr/0009, addendum)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_mediation(mediation_world, mediating):
    from fawang.mediation.enums import Action
    from fawang.orders.engine import order_act

    order = mediating()
    order_act(actor=mediation_world.clerk, order=order, action=Action.FAIL, reason="双方对赔偿金额分歧过大")
    order.refresh_from_db()
    assert order.status == "resolved"
    return order


def _rate(client, order, phone: str, level: int, comment: str = ""):
    return client.post(
        reverse("web:track_evaluate"),
        {"tracking_no": order.tracking_no, "phone": phone, "level": level, "comment": comment},
    )


def test_both_parties_rate_the_outcome_from_their_own_tracking_page(failed_mediation, client):
    from fawang.feedback.models import Evaluation, Review

    order = failed_mediation
    # The respondent's tracking page offers the rating form.
    page = client.post(reverse("web:track"), {"tracking_no": order.tracking_no, "phone": "13800002222"})
    assert 'name="level"' in page.content.decode()
    response = _rate(client, order, "13800002222", 4, "调解员偏向对方，没有听我说明情况。")
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == "resolved"  # the other side's rating leaves the case as it is
    respondent_rating = Evaluation.objects.get(order=order, follower_index__gt="")
    assert respondent_rating.level == 4
    assert Review.objects.filter(evaluation=respondent_rating).exists()  # a bad rating is checked

    # The applicant still rates: their satisfied rating closes the case as for any order.
    _rate(client, order, "13800001111", 1)
    order.refresh_from_db()
    assert order.status == "closed"
    assert Evaluation.objects.filter(order=order).count() == 2


def test_a_party_rates_after_the_applicant_closed_the_case(failed_mediation, client):
    from fawang.feedback.models import Evaluation

    order = failed_mediation
    _rate(client, order, "13800001111", 2)
    order.refresh_from_db()
    assert order.status == "closed"
    page = client.post(reverse("web:track"), {"tracking_no": order.tracking_no, "phone": "13800002222"})
    assert 'name="level"' in page.content.decode()
    _rate(client, order, "13800002222", 1)
    assert Evaluation.objects.filter(order=order).count() == 2
    # The applicant's form is gone once they rated.
    page = client.post(reverse("web:track"), {"tracking_no": order.tracking_no, "phone": "13800001111"})
    assert 'name="level"' not in page.content.decode()


def test_a_stranger_cannot_rate_a_case_that_is_not_theirs(failed_mediation, client):
    from fawang.core.errors import NotFound
    from fawang.feedback.models import Evaluation
    from fawang.feedback.services import evaluation_submit

    order = failed_mediation
    response = _rate(client, order, "13800003333", 1)
    assert response.status_code == 404
    with pytest.raises(NotFound):
        evaluation_submit(actor=None, order=order, level=1, channel="web", phone="13800003333")
    assert not Evaluation.objects.filter(order=order).exists()


def test_a_party_cannot_rate_the_same_outcome_twice(failed_mediation, client, mediation_world):
    from fawang.core.errors import Conflict
    from fawang.feedback.models import Evaluation
    from fawang.feedback.services import evaluation_submit

    order = failed_mediation
    evaluation_submit(actor=None, order=order, level=1, channel="web", phone="13800002222")
    with pytest.raises(Conflict) as refused:
        evaluation_submit(actor=None, order=order, level=3, channel="web", phone="13800002222")
    assert refused.value.code == "already_rated"
    # Signed in with the same verified phone it is the same party.
    with pytest.raises(Conflict):
        evaluation_submit(
            actor=mediation_world.neighbour, order=order, level=3, channel="web", phone="13800002222"
        )
    page = client.post(reverse("web:track"), {"tracking_no": order.tracking_no, "phone": "13800002222"})
    assert 'name="level"' not in page.content.decode()
    # Posted again from an old page, the refusal says why.
    again = _rate(client, order, "13800002222", 2).content.decode()
    assert "您已评价过该结果。" in again
    assert Evaluation.objects.filter(order=order).count() == 1


def test_a_party_cannot_rate_before_the_outcome(mediation_world, mediating):
    from fawang.core.errors import Conflict
    from fawang.feedback.services import evaluation_submit

    order = mediating()
    with pytest.raises(Conflict):
        evaluation_submit(actor=None, order=order, level=1, channel="web", phone="13800002222")
