"""Shared test setup: Sichuan's regions are loaded once per test database, and a few named personas
make permission tests read like stories (a clerk in Chengdu's Wuhou district, a clerk in Ganzi ...)."""

import pytest

from fawang.regions.models import Region
from fawang.regions.services import regions_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        regions_load()


@pytest.fixture
def sichuan(db):
    """The region tree. Transactional (browser) tests flush tables, so reload when it is gone."""
    if not Region.objects.filter(code="510000").exists():
        regions_load()
    return Region.objects.get(code="510000")


@pytest.fixture
def wuhou_clerk(sichuan):
    """A window clerk at the county centre of Chengdu's Wuhou district (510107)."""
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory

    return StaffFactory(
        username="wuhou_clerk",
        display_name="武侯区窗口 李娜",
        jurisdiction_region_id="510107",
        roles=[Role.COUNTY_STAFF, Role.WINDOW_CLERK],
    )


@pytest.fixture
def ganzi_clerk(sichuan):
    """A clerk at the prefecture centre of Ganzi Tibetan Autonomous Prefecture (513300)."""
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory

    return StaffFactory(
        username="ganzi_clerk",
        display_name="甘孜州 泽仁",
        jurisdiction_region_id="513300",
        roles=[Role.PREFECTURE_STAFF, Role.WINDOW_CLERK],
    )


@pytest.fixture
def hotline_agent(sichuan):
    """A 12348 hotline seat at the provincial centre: takes calls from the whole province."""
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory

    return StaffFactory(
        username="hotline_agent",
        display_name="12348 坐席 王芳",
        jurisdiction_region_id="510000",
        roles=[Role.HOTLINE_AGENT],
    )


@pytest.fixture
def chengdu_supervisor(sichuan):
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory

    return StaffFactory(
        username="chengdu_supervisor",
        display_name="成都市督办 张强",
        jurisdiction_region_id="510100",
        roles=[Role.SUPERVISOR],
    )


@pytest.fixture
def citizen(sichuan):
    from fawang.accounts.tests.factories import CitizenFactory

    return CitizenFactory(username="citizen_13912345678", display_name="陈明", phone="13912345678")
