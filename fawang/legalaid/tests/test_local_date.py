"""Rule versions take effect on Sichuan's calendar day (Asia/Shanghai), not on UTC's: between 16:00 and
24:00 UTC it is already the next day in Sichuan. An earlier browser test once failed to find a
fixture's hardship standard through the live server in that window (it ran at about 20:00 UTC); the
product reads every effective date with `timezone.localdate`, and these tests keep it so: a version
in force from 1 January 2027 is found at 04:00 on that day in Chengdu (20:00 UTC on 31 December) by
the public check page, by the decision's stored assessment and by the subsidy's standard."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from fawang.legalaid import caselog, subsidies
from fawang.legalaid.models import EligibilityAssessment
from fawang.legalaid.services import hardship_standard_create
from fawang.orders.engine import order_act
from fawang.regions.models import Region

from .subsidy_world import handled_case

pytestmark = pytest.mark.django_db

NEW_YEAR = dt.date(2027, 1, 1)
UTC_EVENING = dt.datetime(2026, 12, 31, 20, 0, tzinfo=dt.UTC)  # 2027-01-01 04:00 in Chengdu


@pytest.fixture
def new_year_standard(sichuan):
    return hardship_standard_create(
        actor=None,
        region=Region.objects.get(code="510100"),
        monthly_income_fen=250_000,
        effective_from=NEW_YEAR,
        effective_to=None,
        source="DEMO 2027",
        is_demo=True,
    )


def test_the_check_page_finds_a_standard_in_force_from_today_in_sichuan_while_utc_is_still_yesterday(
    client, new_year_standard
):
    with mock.patch("django.utils.timezone.now", return_value=UTC_EVENING):
        response = client.post(
            reverse("legalaid:check"),
            {"county": "510107", "matter": "maintenance", "household_size": "2", "monthly_income": "3000"},
        )
    page = response.content.decode()
    assert 'data-criterion="hardship"' in page and 'data-result="pass"' in page
    assert "2,500.00" in page  # the 2027 figure, not "no standard"


def test_the_decision_stores_the_standard_in_force_on_sichuans_day(apply, wuhou_clerk, new_year_standard):
    order = apply({"household_size": 2, "monthly_income": "3000"})
    with mock.patch("django.utils.timezone.now", return_value=UTC_EVENING):
        order_act(actor=wuhou_clerk, order=order, action="accept")
    assessment = EligibilityAssessment.objects.get(order=order)
    assert assessment.as_of == NEW_YEAR
    assert assessment.rules["standard"]["id"] == new_year_standard.pk


def test_art_52_the_subsidy_follows_the_standard_of_sichuans_day_of_filing(
    sichuan, apply, wuhou_clerk, provincial_admin
):
    subsidies.subsidy_standards_load_demo()  # the province's, from 2026-01-01
    subsidies.subsidy_standard_create(
        actor=provincial_admin,
        region=Region.objects.get(code="510100"),
        matter_type="civil",
        stage="arbitration",
        amount_fen=180_000,
        effective_from=NEW_YEAR,
        effective_to=None,
        source="成司发〔2027〕1号",
    )
    order = handled_case(apply, wuhou_clerk)
    caselog.case_close(actor=wuhou_clerk, order=order, outcome="mediated", summary="调解结案")
    caselog.closing_materials_file(
        actor=wuhou_clerk, order=order, materials=["handling_report"], now=UTC_EVENING
    )
    order.refresh_from_db()
    subsidy = subsidies.subsidy_compute(actor=wuhou_clerk, order=order, stage="arbitration")
    assert subsidy.amount_fen == 180_000  # Chengdu's 2027 version, not the province's 2026 one
