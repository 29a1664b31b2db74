"""The quality review (评查, issue 11 item 6; 法律援助法第五十七条、第五十九条): a quarter's random
sample of a centre's closed cases, reproducible from its recorded seed; scores against the rubric by a
reviewer and a peer; the results on the practitioner's record."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from fawang.audit.models import AuditEntry
from fawang.core.calendar import TZ
from fawang.core.errors import Forbidden, NotFound, ValidationFailed
from fawang.legalaid import quality
from fawang.legalaid.models import CaseClosing, QualityReview, QualitySample

pytestmark = pytest.mark.django_db


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def test_the_same_seed_draws_the_same_cases_whatever_the_order_of_the_population():
    population = list(range(1000, 1040))
    first = quality.sample_draw(population, seed="a1b2c3", share_percent=10, minimum=3)
    shuffled = population[:]
    random.Random(7).shuffle(shuffled)
    assert quality.sample_draw(shuffled, seed="a1b2c3", share_percent=10, minimum=3) == first
    assert len(first) == 4 and set(first) <= set(population)  # 10% of 40
    others = {tuple(quality.sample_draw(population, seed=s, share_percent=10, minimum=3)) for s in "xyzw"}
    assert len(others | {tuple(first)}) > 1  # the seed, not the population alone, decides


@pytest.mark.parametrize(("closed", "expected"), [(2, 2), (12, 3), (45, 5)])
def test_the_sample_is_the_share_but_at_least_the_minimum(closed, expected):
    assert quality.sample_size(closed, share_percent=10, minimum=3) == expected


def close_cases(handling, lawyer, n: int, closed_at: dt.datetime):
    """n cases of the Wuhou centre closed at `closed_at`, one through the case log, the rest as rows."""
    from fawang.legalaid.caselog import case_close

    orders = [handling() for _ in range(n)]
    with mock.patch("django.utils.timezone.now", return_value=closed_at):
        case_close(actor=lawyer[0], order=orders[0], outcome="won", summary="胜诉")
    for order in orders[1:]:
        CaseClosing.objects.create(
            order=order,
            centre_id=order.assigned_institution_id,
            practitioner=lawyer[1],
            outcome="mediated",
            summary="调解",
            closed_at=closed_at,
            closed_by=lawyer[0],
        )
    return orders


def test_a_quarter_sample_records_its_seed_and_draws_the_same_again(handling, lawyer, supervisor, network):
    orders = close_cases(handling, lawyer, 5, at(2026, 8, 14, 10))
    assert {o.assigned_institution_id for o in orders} == {network.wuhou_legal_aid.pk}
    with mock.patch("django.utils.timezone.now", return_value=at(2026, 10, 8, 9)):
        sample = quality.quality_sample_create(
            actor=supervisor, centre=network.wuhou_legal_aid, year=2026, quarter=3
        )
    sample.refresh_from_db()
    assert sample.population == sorted(o.pk for o in orders)
    assert len(sample.sampled) == 3 and set(sample.sampled) <= set(sample.population)  # the minimum
    assert sample.seed and (sample.share_percent, sample.minimum) == (10, 3)
    # Re-running the draw from what is stored gives the same cases.
    assert quality.sample_redraw(sample) == sample.sampled
    assert (
        quality.sample_draw(sample.population, seed=sample.seed, share_percent=10, minimum=3)
        == sample.sampled
    )
    assert AuditEntry.objects.get(action="legal_aid.quality_sample_create").after["seed"] == sample.seed
    # Once per centre and quarter.
    with pytest.raises(ValidationFailed) as again:
        quality.quality_sample_create(actor=supervisor, centre=network.wuhou_legal_aid, year=2026, quarter=3)
    assert again.value.errors[0].field == "quarter"
    assert QualitySample.objects.count() == 1


def test_a_quarter_not_over_or_without_closed_cases_is_refused_by_field(supervisor, network):
    with mock.patch("django.utils.timezone.now", return_value=at(2026, 8, 1, 9)):
        with pytest.raises(ValidationFailed) as early:
            quality.quality_sample_create(
                actor=supervisor, centre=network.wuhou_legal_aid, year=2026, quarter=3
            )
        with pytest.raises(ValidationFailed) as empty:
            quality.quality_sample_create(
                actor=supervisor, centre=network.wuhou_legal_aid, year=2026, quarter=1
            )
    assert early.value.errors[0].code == "quarter_not_over"
    assert empty.value.errors[0].code == "legal_aid_no_closed_cases"
    assert not QualitySample.objects.exists()


def test_a_lawyer_may_not_draw_samples(peer, network):
    with pytest.raises(Forbidden):
        quality.quality_sample_create(actor=peer[0], centre=network.wuhou_legal_aid, year=2026, quarter=3)


def test_a_reviewer_and_a_peer_score_and_the_lawyers_record_shows_the_average(
    handling, lawyer, peer, supervisor, network
):
    orders = close_cases(handling, lawyer, 3, at(2026, 8, 14, 10))
    sample = quality.quality_sample_create(
        actor=supervisor, centre=network.wuhou_legal_aid, year=2026, quarter=3, seed="fixed"
    )
    case = next(o for o in orders if o.pk in sample.sampled)
    by_reviewer = quality.quality_review_submit(
        actor=supervisor,
        sample=sample,
        order=case,
        scores={"timeliness": 5, "communication": 4, "legal_quality": 3, "documentation": 5},
        comment="结案材料齐全",
    )
    # 5·25 + 4·25 + 3·30 + 5·20 = 415 points of 500 → 83.0 of 100
    assert by_reviewer.total == Decimal("83.0") and by_reviewer.reviewer_kind == "reviewer"
    by_peer = quality.quality_review_submit(
        actor=peer[0],
        sample=sample,
        order=case,
        scores={"timeliness": 3, "communication": 3, "legal_quality": 3, "documentation": 3},
    )
    assert by_peer.total == Decimal("60.0") and by_peer.reviewer_kind == "peer"
    assert case.events.filter(kind="legal_aid_quality_reviewed").count() == 2

    # Nobody scores their own case; each reviewer once; every criterion 0..5.
    with pytest.raises(Forbidden):
        quality.quality_review_submit(actor=lawyer[0], sample=sample, order=case, scores={})
    with pytest.raises(ValidationFailed):
        quality.quality_review_submit(
            actor=supervisor,
            sample=sample,
            order=case,
            scores={"timeliness": 1, "communication": 1, "legal_quality": 1, "documentation": 1},
        )
    with pytest.raises(ValidationFailed) as refused:
        quality.quality_review_submit(
            actor=supervisor,
            sample=sample,
            order=next(o for o in orders if o.pk != case.pk),  # all three are sampled (the minimum)
            scores={"timeliness": 6, "communication": 4, "legal_quality": 3},
        )
    assert {e.field for e in refused.value.errors} >= {"score_timeliness", "score_documentation"}
    assert QualityReview.objects.count() == 2

    client = Client()
    client.force_login(supervisor)
    page = client.get(reverse("legalaid:practitioner_record", args=[lawyer[1].pk])).content.decode()
    assert "71.5" in page and "结案材料齐全" in page  # (83.0 + 60.0) / 2
    assert quality.practitioner_record(lawyer[1])["average"] == Decimal("71.5")


def test_a_case_outside_the_sample_is_not_scored(handling, lawyer, supervisor, network):
    orders = close_cases(handling, lawyer, 3, at(2026, 8, 14, 10))
    sample = quality.quality_sample_create(
        actor=supervisor, centre=network.wuhou_legal_aid, year=2026, quarter=3, seed="seed-of-the-test"
    )
    QualitySample.objects.filter(pk=sample.pk).update(sampled=sample.sampled[:1])
    sample.refresh_from_db()
    outside = next(o for o in orders if o.pk not in sample.sampled)
    with pytest.raises(NotFound):
        quality.quality_review_submit(
            actor=supervisor,
            sample=sample,
            order=outside,
            scores={"timeliness": 5, "communication": 5, "legal_quality": 5, "documentation": 5},
        )
    # The altered sample no longer matches its seed, and the page says so.
    client = Client()
    client.force_login(supervisor)
    page = client.get(reverse("legalaid:quality_sample", args=[sample.pk])).content.decode()
    assert "seed-of-the-test" in page and 'data-testid="sample-altered"' in page


def test_the_pages_draw_a_sample_and_score_a_case(handling, lawyer, supervisor, network):
    close_cases(handling, lawyer, 3, at(2026, 8, 14, 10))
    client = Client()
    client.force_login(supervisor)
    index = reverse("legalaid:quality_index")
    assert client.get(index).status_code == 200
    drawn = client.post(
        index, {"centre": network.wuhou_legal_aid.pk, "year": "2026", "quarter": "3", "seed": ""}
    )
    assert drawn.status_code == 302, drawn.content[:800]
    sample = QualitySample.objects.get()
    case = sample.sampled[0]
    from fawang.orders.models import ServiceOrder

    tracking_no = ServiceOrder.objects.get(pk=case).tracking_no
    url = reverse("legalaid:quality_score", args=[sample.pk, tracking_no])
    assert client.get(url).status_code == 200
    scored = client.post(
        url,
        {
            "score_timeliness": "4",
            "score_communication": "4",
            "score_legal_quality": "4",
            "score_documentation": "4",
        },
    )
    assert scored.status_code == 302
    assert QualityReview.objects.get().total == Decimal("80.0")
