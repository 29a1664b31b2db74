"""The public eligibility check at /legal-aid/check/ (issue 11, item 2): no account, each criterion with
its result, value and threshold in the reader's language, the materials to bring, a link to apply for
legal aid; bad input names the field and the rule; rate-limited like the other public forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from fawang.legalaid.services import hardship_standard_create
from fawang.regions.models import Region

pytestmark = pytest.mark.django_db

URL = "/legal-aid/check/"
WUHOU = "510107"


@pytest.fixture
def chengdu(sichuan):
    """Chengdu's (demo) standard of 2,000 yuan a member a month, from the start of 2026."""
    hardship_standard_create(
        actor=None,
        region=Region.objects.get(code="510100"),
        monthly_income_fen=200_000,
        effective_from=dt.date(2026, 1, 1),
        effective_to=None,
        source="DEMO",
        is_demo=True,
    )


def post(client: Client | None = None, **data):
    return (client or Client()).post(URL, {"county": WUHOU, **data})


def test_the_page_opens_without_an_account(sichuan):
    response = Client().get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="county"' in body and 'name="monthly_income"' in body and 'name="status_groups"' in body
    assert reverse("legalaid:check") == URL


def test_income_within_the_standard_qualifies_with_value_and_threshold_falv_yuanzhu_art_34(chengdu):
    # 3,000 yuan for a household of two: 1,500 a member, within Chengdu's 2,000.
    response = post(matter_type="civil", matter="maintenance", household_size="2", monthly_income="3000")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-outcome="eligible"' in body
    assert 'data-criterion="hardship" data-result="pass"' in body
    assert "1,500.00" in body and "2,000.00" in body  # the value and the threshold, in yuan


def test_income_above_the_standard_fails_and_says_why(chengdu):
    response = post(matter="wages", household_size="1", monthly_income="5000")
    body = response.content.decode()
    assert 'data-outcome="not_eligible"' in body
    assert 'data-criterion="hardship" data-result="fail"' in body
    assert "5,000.00" in body and "2,000.00" in body


def test_blank_income_is_reported_missing(chengdu):
    body = post(matter="wages", household_size="3").content.decode()
    assert 'data-outcome="incomplete"' in body
    assert 'data-criterion="hardship" data-result="missing"' in body


def test_migrant_worker_wage_claim_needs_no_hardship_check_and_lists_the_proof_falv_yuanzhu_art_42(chengdu):
    body = post(
        matter_type="civil",
        matter="wages",
        household_size="1",
        monthly_income="9000",
        status_groups=["migrant_worker"],
    ).content.decode()
    assert 'data-outcome="eligible"' in body
    assert 'data-criterion="status_waiver" data-result="pass"' in body
    assert 'data-material="migrant_worker_proof"' in body
    assert 'data-material="hardship_statement"' not in body  # the check is waived: no statement asked


def test_domestic_violence_qualifies_regardless_of_income_falv_yuanzhu_art_32(chengdu):
    body = post(matter="domestic_violence", household_size="1", monthly_income="90000").content.decode()
    assert 'data-outcome="eligible"' in body and 'data-criterion="no_hardship_test"' in body


def test_the_result_links_to_the_legal_aid_application(chengdu, legal_aid):
    body = post(matter="maintenance", household_size="2", monthly_income="1000").content.decode()
    assert f'href="/apply/?item={legal_aid.code}"' in body


def test_the_result_is_in_the_readers_language(chengdu):
    facts = {"county": WUHOU, "matter": "wages", "household_size": "1", "monthly_income": "1000"}
    chinese = Client().post(URL, facts).content.decode()
    assert "经济困难（第三十四条）" in chinese and "符合" in chinese  # the criterion and its result
    english = Client().post("/en" + URL, facts).content.decode()
    assert "Economic hardship (art. 34)" in english and "1,000.00 yuan" in english


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"monthly_income": "-1"}, "monthly_income", "Cannot be negative"),
        ({"household_size": "0"}, "household_size", "at least one person"),
        ({"matter_type": "piracy"}, "matter_type", "Choose a matter type from the list"),
        ({"county": "999999"}, "county", "Choose a county or district from the list"),
    ],
)
def test_bad_input_names_the_field_and_the_rule(chengdu, data, field, words):
    response = Client().post("/en" + URL, {"county": WUHOU, **data})
    assert response.status_code == 400
    body = response.content.decode()
    assert words in body
    assert f'id="id_{field}_error"' in body or f"#id_{field}" in body
    assert "check-result" not in body  # no result from bad facts


def test_too_many_checks_from_one_address_are_refused(chengdu, settings):
    from fawang.legalaid.views import check

    client = Client()
    for _ in range(check.CHECK_LIMIT):
        assert post(client, matter="wages").status_code == 200
    refused = post(client, matter="wages")
    assert refused.status_code == 429 and "rate-limited" in refused.content.decode()
