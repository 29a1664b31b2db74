"""Consultation's personas: the consultation item on its workflow with the shipped clock, two duty
lawyers on Wuhou's roster today, a lawyer who is not, a reviewer; the expert panel's circle."""

import json
from pathlib import Path

import pytest
from django.utils import timezone

from fawang.orders.tests.conftest import network, submit  # noqa: F401


def bundled_law_table(code: str) -> list[dict]:
    from fawang.catalog.services import BUNDLED_CATALOG

    items = json.loads(Path(BUNDLED_CATALOG).read_text(encoding="utf-8"))["items"]
    return next(item for item in items if item["code"] == code)["time_limits"]


@pytest.fixture
def consultation_item(network):  # noqa: F811
    from fawang.catalog.models import TimeLimit

    item = network.consult
    item.workflow = "consultation"
    item.save()
    for n, row in enumerate(bundled_law_table("consultation")):
        TimeLimit.objects.create(service_item=item, **{"sort_order": n, **row})
    return item


@pytest.fixture
def ask(consultation_item, submit):  # noqa: F811
    def _ask(description="公司拖欠三个月工资，想咨询如何维权。", **overrides):
        return submit(service_item=consultation_item, description=description, **overrides)

    return _ask


def _duty_lawyer(network, username: str, *, languages=("zh",), on_duty=True, day=None):  # noqa: F811
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory
    from fawang.accounts.tests.minimal_rows import institution, practitioner
    from fawang.network.models import RosterShift

    user = StaffFactory(
        username=username,
        display_name=f"律师 {username}",
        jurisdiction_region_id="510107",
        roles=[Role.PRACTITIONER],
    )
    record = practitioner(
        institution("510107", "四川清源律师事务所（武侯区）"), user=user, name=f"{username}律师"
    )
    record.languages = list(languages)
    record.save()
    if on_duty:
        RosterShift.objects.create(
            service_point=network.wuhou_centre,
            duty="duty_lawyer",
            date=day or timezone.localdate(),
            shift="morning",
            practitioner=record,
        )
    return user


@pytest.fixture
def duty_lawyer(network):  # noqa: F811
    return _duty_lawyer(network, "lawyer_a")


@pytest.fixture
def second_lawyer(network):  # noqa: F811
    return _duty_lawyer(network, "lawyer_b")


@pytest.fixture
def off_duty_lawyer(network):  # noqa: F811
    return _duty_lawyer(network, "lawyer_off", on_duty=False)


@pytest.fixture
def make_duty_lawyer(network):  # noqa: F811
    return lambda username, **kw: _duty_lawyer(network, username, **kw)


@pytest.fixture
def reviewer(sichuan):
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory

    return StaffFactory(
        username="reviewer",
        display_name="审核员 周敏",
        jurisdiction_region_id="510000",
        roles=[Role.ANSWER_REVIEWER],
    )


@pytest.fixture
def other_staff(sichuan):
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory

    return StaffFactory(username="wuhou_staff", jurisdiction_region_id="510107", roles=[Role.COUNTY_STAFF])
