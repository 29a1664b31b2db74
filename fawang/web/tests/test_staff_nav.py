"""The staff navigation links legal aid's staff pages (subsidies, funds, the monthly report, quality
review, the lawyer's own cases) only for the roles whose policy opens each page: every link shown
opens, and every page that would refuse is not linked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

LEGAL_AID_PAGES = {
    "legal_aid_subsidies": "legalaid:subsidies",
    "legal_aid_funds": "legalaid:funds",
    "legal_aid_report": "legalaid:report",
    "quality_review": "legalaid:quality_index",
    "my_legal_aid": "legalaid:my_cases",
    "legal_aid_hardship": "legalaid:hardship_standards",
}


def _linked(client) -> dict[str, str]:
    response = client.get(reverse("orders:workbench"), follow=True)
    return {item["key"]: item["url"] for item in response.context.get("nav_items") or []}


def _opens(client, name: str) -> bool:
    return client.get(reverse(name)).status_code == 200


def test_a_county_clerk_sees_the_legal_aid_pages_they_may_open_and_each_opens(client, wuhou_clerk):
    client.force_login(wuhou_clerk)
    linked = _linked(client)
    # The county's staff keep the funds and approve subsidies (policy's _LEGAL_AID_FUNDS).
    assert {"legal_aid_subsidies", "legal_aid_funds"} <= set(linked)
    for key, name in LEGAL_AID_PAGES.items():
        assert (key in linked) == _opens(client, name), key
        if key in linked:
            assert linked[key] == reverse(name)


def test_an_analyst_sees_the_report_and_nothing_they_could_not_open(client, sichuan):
    analyst = StaffFactory(jurisdiction_region_id="510107", roles=[Role.ANALYST])
    client.force_login(analyst)
    linked = _linked(client)
    assert "legal_aid_report" in linked
    assert not {"legal_aid_subsidies", "legal_aid_funds", "quality_review", "my_legal_aid"} & set(linked)
    for key, name in LEGAL_AID_PAGES.items():
        assert (key in linked) == _opens(client, name), key


def test_the_provincial_administrator_finds_the_hardship_standard_page_in_the_navigation(
    client, provincial_admin
):
    client.force_login(provincial_admin)
    linked = _linked(client)
    assert linked.get("legal_aid_hardship") == reverse("legalaid:hardship_standards")
    for key, name in LEGAL_AID_PAGES.items():
        assert (key in linked) == _opens(client, name), key


def test_a_citizen_sees_no_staff_page(client, citizen):
    client.force_login(citizen)
    html = client.get("/").content.decode()
    for name in LEGAL_AID_PAGES.values():
        assert f'href="{reverse(name)}"' not in html
