"""双随机、一公开: the sample and its inspectors are drawn at random and reproducibly from the seed; each
drawn inspector records their certificates; the results are published per office on a public page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fawang.core.errors import Conflict, ValidationFailed
from fawang.notary.inspection import draw, inspection_draw, inspection_publish, inspection_record
from fawang.notary.models import Certificate, NotaryApplication

pytestmark = pytest.mark.django_db


def test_the_draw_is_reproducible_from_its_seed_and_respects_share_and_minimum():
    population = list(range(1, 101))
    first = draw(population, [7, 8, 9], seed="2026Q4", key="k", share_percent=10, minimum=3)
    assert first == draw(population, [7, 8, 9], seed="2026Q4", key="k", share_percent=10, minimum=3)
    assert len(first) == 10 and {u for _c, u in first} <= {7, 8, 9}
    assert first != draw(population, [7, 8, 9], seed="other", key="k", share_percent=10, minimum=3)
    assert len(draw(list(range(5)), [1], seed="s", key="k", share_percent=10, minimum=3)) == 3
    assert len(draw([1, 2], [1], seed="s", key="k", share_percent=10, minimum=3)) == 2


@pytest.fixture
def issued(notary, notary_apply):
    """Four certificates of the office (rows as issuing leaves them)."""
    made = []
    for n in range(4):
        order = notary_apply("kinship")
        made.append(
            Certificate.objects.create(
                number=f"SCGZ-2026-{notary.office.pk:04d}-{n + 1:06d}",
                application=NotaryApplication.objects.get(order=order),
                pdf_b64="JVBERi0=",
                sha256="0" * 64,
                issued_at=timezone.now(),
                issued_by=notary.clerk,
            )
        )
    return made


def test_an_inspection_is_drawn_recorded_and_published(notary, issued, client):
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory

    inspector = StaffFactory(
        username="chengdu_inspector", jurisdiction_region_id="510100", roles=[Role.SUPERVISOR]
    )
    today = timezone.localdate()
    inspection = inspection_draw(
        actor=inspector,
        office=notary.office,
        period_start=today - dt.timedelta(days=30),
        period_end=today,
        share_percent=50,
        minimum=1,
        seed="川司公告2026-12",
    )
    assert len(inspection.population) == 4 and len(inspection.sampled) == 2
    assert all(u == inspector.pk for _c, u in inspection.sampled)  # the only inspector in reach
    with pytest.raises(Conflict):
        inspection_draw(
            actor=inspector,
            office=notary.office,
            period_start=inspection.period_start,
            period_end=inspection.period_end,
            share_percent=50,
            minimum=1,
            seed="again",
        )
    with pytest.raises(Conflict):
        inspection_publish(actor=inspector, inspection=inspection)  # results missing
    (first, _u1), (second, _u2) = inspection.sampled
    with pytest.raises(ValidationFailed):
        inspection_record(actor=inspector, inspection=inspection, certificate_id=second, conforms=False)
    inspection_record(actor=inspector, inspection=inspection, certificate_id=first, conforms=True)
    inspection_record(
        actor=inspector,
        inspection=inspection,
        certificate_id=second,
        conforms=False,
        findings="卷宗缺少询问笔录",
    )
    inspection_publish(actor=inspector, inspection=inspection)
    page = client.get(reverse("notary:inspections")).content.decode()
    assert notary.office.name in page and "川司公告2026-12" in page
    assert "卷宗缺少询问笔录" not in page  # findings stay with the office and the inspectors


def test_a_clerk_may_not_draw(notary, issued):
    from fawang.core.errors import DomainError

    with pytest.raises(DomainError):
        inspection_draw(
            actor=notary.clerk,
            office=notary.office,
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 12, 31),
            seed="x",
        )
