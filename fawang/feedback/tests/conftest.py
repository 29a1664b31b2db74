import pytest

# The page tests make their orders through the real intake (routing included) on orders' small network.
from fawang.orders.tests.conftest import network, submit  # noqa: F401


@pytest.fixture
def ganzi_supervisor(sichuan):
    """A supervisor of Ganzi prefecture (513300): sees nothing handled in Chengdu."""
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory

    return StaffFactory(
        username="ganzi_supervisor",
        display_name="甘孜州督办 扎西",
        jurisdiction_region_id="513300",
        roles=[Role.SUPERVISOR],
    )
