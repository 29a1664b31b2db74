"""The hardship standard page (/legal-aid/standards/hardship/): provincial staff enter a new dated
version of a prefecture's standard citing its source (法律援助法第三十四条); an overlapping version, a
missing source or a negative figure is refused naming the field, and nothing is saved; the new
version is what the eligibility check reads from its day; staff of a county may not open it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fawang.audit.models import AuditEntry
from fawang.legalaid.models import HardshipStandard
from fawang.legalaid.selectors import rules_as_of
from fawang.legalaid.services import hardship_standard_create
from fawang.regions.models import Region

URL = "legalaid:hardship_standards"


@pytest.fixture
def chengdu_2026(sichuan):
    return hardship_standard_create(
        actor=None,
        region=Region.objects.get(code="510100"),
        monthly_income_fen=200000,
        effective_from=dt.date(2026, 1, 1),
        effective_to=dt.date(2026, 12, 31),
        source="川府函〔2025〕1号",
    )


def post(client, **overrides):
    data = {
        "region": "510100",
        "monthly_income": "2300.00",
        "effective_from": "2027-01-01",
        "effective_to": "",
        "source": "川府函〔2026〕88号",
        **overrides,
    }
    return client.post(reverse(URL), data)


def test_art_34_provincial_staff_enter_a_new_dated_version_citing_its_source(
    client, provincial_admin, chengdu_2026
):
    client.force_login(provincial_admin)
    page = client.get(reverse(URL)).content.decode()
    assert "川府函〔2025〕1号" in page and "2,000.00" in page
    response = post(client)
    assert response.status_code == 302
    new = HardshipStandard.objects.get(effective_from=dt.date(2027, 1, 1))
    assert (new.region_id, new.monthly_income_fen, new.effective_to, new.source) == (
        "510100",
        230000,
        None,
        "川府函〔2026〕88号",
    )
    assert AuditEntry.objects.filter(
        action="legal_aid.hardship_standard_create", actor=provincial_admin
    ).exists()
    # The eligibility rules read the new version from its first day, the old one before it.
    wuhou = Region.objects.get(code="510107").path
    assert rules_as_of(region_path=wuhou, day=dt.date(2027, 1, 1)).standard.monthly_income_fen == 230000
    assert rules_as_of(region_path=wuhou, day=dt.date(2026, 12, 31)).standard.monthly_income_fen == 200000


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"effective_from": "2026-06-01"},
            "effective_from",
            "与自2026-01-01起施行的版本重叠：同一日期只能有一个版本。",
        ),
        ({"source": "  "}, "source", None),
        ({"monthly_income": "-1"}, "monthly_income", "不能为负数。"),
        ({"effective_to": "2026-12-01"}, "effective_to", None),
        ({"region": "510107"}, "region", None),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
    client, provincial_admin, chengdu_2026, overrides, field, message
):
    client.force_login(provincial_admin)
    response = post(client, **overrides)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    if message:
        assert message in page
    assert HardshipStandard.objects.count() == 1


def test_county_staff_may_not_open_or_post_the_page(client, wuhou_clerk, chengdu_2026):
    client.force_login(wuhou_clerk)
    assert client.get(reverse(URL)).status_code == 403
    assert post(client).status_code == 403
    assert HardshipStandard.objects.count() == 1
