"""The eligibility engine (issue 11, item 2): a pure function of the facts and a dated rule version,
each criterion with its threshold and value, stored with the decision and re-run as of its date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from fawang.core.errors import ValidationFailed
from fawang.legalaid.eligibility import Facts, assess
from fawang.legalaid.models import EligibilityAssessment, HardshipStandard, NegativeListEntry
from fawang.legalaid.selectors import rules_as_of
from fawang.legalaid.services import hardship_standard_create, hardship_standards_load_demo
from fawang.orders.engine import order_act
from fawang.regions.models import Region

pytestmark = pytest.mark.django_db

WUHOU = "510000/510100/510107/"  # Chengdu, Wuhou district
DAY = dt.date(2026, 11, 2)


@pytest.fixture
def chengdu_rules(sichuan):
    """Chengdu's (demo) standard of 2,000 yuan a member a month, and its pilot negative list."""
    hardship_standard_create(
        actor=None,
        region=Region.objects.get(code="510100"),
        monthly_income_fen=200_000,
        effective_from=dt.date(2026, 1, 1),
        effective_to=None,
        source="DEMO",
        is_demo=True,
    )
    NegativeListEntry.objects.create(
        region_id="510100",
        region_path="510000/510100/",
        matter="commercial",
        reason="企业之间的商事纠纷不属于法律援助事项（成都试点负面清单）",
        effective_from=dt.date(2026, 1, 1),
        source="成都试点",
    )


def check(**facts):
    return assess(Facts(region_path=WUHOU, **facts), rules_as_of(region_path=WUHOU, day=DAY))


def by_name(result):
    return {c.name: c for c in result.criteria}


def test_migrant_worker_wage_claim_is_eligible_without_a_hardship_test_falv_yuanzhu_art_42(chengdu_rules):
    # Income far above the standard: the check is waived on proof of status.
    result = check(
        matter="wages", household_size=1, monthly_income_fen=900_000, status_groups_proven=("migrant_worker",)
    )
    assert result.eligible and result.outcome == "eligible"
    criteria = by_name(result)
    assert criteria["status_waiver"].result == "pass" and "hardship" not in criteria
    # The same worker claiming something else is held to the standard.
    other = check(
        matter="maintenance",
        household_size=1,
        monthly_income_fen=900_000,
        status_groups_proven=("migrant_worker",),
    )
    assert not other.eligible and by_name(other)["hardship"].result == "fail"


def test_an_art_32_matter_is_eligible_regardless_of_income_falv_yuanzhu_art_32(chengdu_rules):
    result = check(matter="domestic_violence", household_size=2, monthly_income_fen=5_000_000)
    assert result.eligible
    assert by_name(result)["no_hardship_test"].result == "pass" and "hardship" not in by_name(result)


def test_a_chengdu_matter_on_the_negative_list_is_refused_with_its_reason(chengdu_rules):
    result = check(matter="commercial", household_size=3, monthly_income_fen=100_000)
    assert not result.eligible and result.outcome == "not_eligible"
    criterion = by_name(result)["negative_list"]
    assert criterion.result == "fail" and "商事纠纷" in criterion.explanation
    # Outside Chengdu the list does not apply.
    litang = "510000/513300/513334/"
    elsewhere = assess(
        Facts(region_path=litang, matter="commercial"), rules_as_of(region_path=litang, day=DAY)
    )
    assert by_name(elsewhere)["negative_list"].result == "pass"


def test_hardship_gives_threshold_and_value_and_names_what_is_missing(chengdu_rules):
    within = by_name(check(matter="wages", household_size=3, monthly_income_fen=540_000))["hardship"]
    assert (within.result, within.value, within.threshold) == ("pass", 180_000, 200_000)
    above = by_name(check(matter="wages", household_size=2, monthly_income_fen=500_000))["hardship"]
    assert (above.result, above.value) == ("fail", 250_000)
    missing = check(matter="wages", household_size=None, monthly_income_fen=None)
    assert missing.outcome == "incomplete" and [c.name for c in missing.missing] == ["hardship"]
    assert missing.missing[0].explanation  # says what to give, in the reader's language


def test_an_overlapping_standard_version_is_refused_naming_the_field(chengdu_rules):
    with pytest.raises(ValidationFailed) as refused:
        hardship_standard_create(
            actor=None,
            region=Region.objects.get(code="510100"),
            monthly_income_fen=210_000,
            effective_from=dt.date(2026, 6, 1),
            effective_to=None,
            source="new",
        )
    assert [(e.field, e.code) for e in refused.value.errors] == [
        ("effective_from", "legal_aid_standard_overlaps")
    ]
    assert HardshipStandard.objects.count() == 1


def test_the_decision_stores_its_assessment_and_reruns_as_of_its_date(chengdu_rules, apply, wuhou_clerk):
    order = apply({"household_size": "2", "monthly_income": "3000"})
    order_act(actor=wuhou_clerk, order=order, action="accept")
    stored = EligibilityAssessment.objects.get(order=order)
    assert stored.eligible and stored.event_kind == "legal_aid_approved"
    assert (
        stored.facts["monthly_income_fen"] == 300_000
        and stored.rules["standard"]["monthly_income_fen"] == 200_000
    )
    assert [c["name"] for c in stored.criteria] == ["negative_list", "hardship"]
    # A later standard does not change what the decision was made under.
    HardshipStandard.objects.update(effective_to=stored.as_of)
    hardship_standard_create(
        actor=None,
        region=Region.objects.get(code="510100"),
        monthly_income_fen=100_000,
        effective_from=stored.as_of + dt.timedelta(days=1),
        effective_to=None,
        source="later",
    )
    facts = Facts(**{**stored.facts, "status_groups_proven": tuple(stored.facts["status_groups_proven"])})
    rerun = assess(facts, rules_as_of(region_path=facts.region_path, day=stored.as_of))
    assert rerun.eligible and rerun.as_json() == stored.criteria


def test_the_public_api_checks_without_an_account(chengdu_rules):
    client = Client()
    answer = client.post(
        "/api/v1/legal_aid/eligibility",
        {
            "region": "510107",
            "matter": "wages",
            "monthly_income_fen": 900_000,
            "household_size": 1,
            "status_groups_proven": ["migrant_worker"],
            "as_of": "2026-11-02",
        },
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["eligible"] is True
    bad = client.post(
        "/api/v1/legal_aid/eligibility",
        {"region": "510107", "monthly_income_fen": -1},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["field"] == "monthly_income_fen"


def test_the_demo_standards_cover_every_prefecture_and_say_they_are_demo(sichuan):
    assert hardship_standards_load_demo() == 21
    assert hardship_standards_load_demo() == 0
    assert all(s.is_demo and s.source.startswith("DEMO") for s in HardshipStandard.objects.all())
