import json
from pathlib import Path

import pytest

# Legal aid orders go through the real intake (routing included) on orders' small network.
from fawang.orders.tests.conftest import network, submit  # noqa: F401


def bundled_law_table(code: str) -> list[dict]:
    from fawang.catalog.services import BUNDLED_CATALOG

    items = json.loads(Path(BUNDLED_CATALOG).read_text(encoding="utf-8"))["items"]
    return next(item for item in items if item["code"] == code)["time_limits"]


@pytest.fixture
def legal_aid(network):  # noqa: F811 (the fixture imported above)
    """orders' legal aid item following the legal aid workflow, with the shipped law table's clocks."""
    from fawang.catalog.models import TimeLimit

    item = network.legal_aid
    item.workflow = "legal_aid"
    item.save()
    for n, row in enumerate(bundled_law_table("legal_aid")):
        TimeLimit.objects.create(service_item=item, **{"sort_order": n, **row})
    return item


@pytest.fixture
def apply(legal_aid, submit):  # noqa: F811
    """A legal aid application from the web, with the applicant's facts as `details`."""

    def _apply(details=None, **overrides):
        return submit(
            service_item=legal_aid,
            description="公司拖欠三个月工资，申请法律援助。",
            details={"matter_type": "civil", "matter": "wages", **(details or {})},
            **overrides,
        )

    return _apply


@pytest.fixture
def aid_lawyer(sichuan):
    """A Wuhou lawyer on the legal aid panel (civil and criminal cases), so the order page's Assign
    (the suggestion's first) has someone to assign."""
    from fawang.accounts.tests.minimal_rows import institution, practitioner
    from fawang.legalaid.assignment import aid_practitioner_enrol

    record = practitioner(institution("510107", "四川清源律师事务所（武侯区）"), name="张律师")
    aid_practitioner_enrol(actor=None, practitioner=record, matter_types=["civil", "criminal"])
    return record


# The case log and quality review personas (issue 11, items 5 and 6).
from .caselog_fixtures import colleague, handling, lawyer, peer, supervisor  # noqa: E402, F401


class StaffPages:
    """What the legal aid browser tests do on every staff page: sign in through the login form as one
    of the staff factories' accounts, wait for the saved message, read the error banner (which must
    hold the focus)."""

    PASSWORD = "correct horse battery"  # the staff factories' password

    def __init__(self, base: str) -> None:
        self.base = base

    def sign_in(self, page, username: str, next_path: str) -> None:
        page.goto(f"{self.base}/login/?next={next_path}")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(self.PASSWORD)
        page.locator("form.form button[type=submit]").click()
        page.locator('nav[data-nav="staff"]').wait_for()

    @staticmethod
    def saved(page) -> None:
        page.locator(".messages .message.success").first.wait_for()

    @staticmethod
    def banner(page) -> str:
        from fawang.web.tests.test_browser_a11y import assert_banner_has_focus

        assert_banner_has_focus(page)
        return page.locator("[data-error-summary]").inner_text()


@pytest.fixture
def staff_pages(live_server) -> StaffPages:
    """Signing in and reading the outcome on the live server's staff pages (the browser tests)."""
    return StaffPages(live_server.url)
