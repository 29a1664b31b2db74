"""Jurisdiction stories: a Ganzi clerk, a Wuhou clerk and the province look at the same rows."""

import pytest

from fawang.accounts import policy
from fawang.accounts.enums import Role
from fawang.accounts.models import User
from fawang.accounts.tests.factories import StaffFactory
from fawang.accounts.tests.minimal_rows import service_order, service_point
from fawang.network.models import ServicePoint
from fawang.orders.models import ServiceOrder


@pytest.fixture
def province(sichuan):
    return StaffFactory(username="province", jurisdiction_region_id="510000", roles=[Role.PROVINCIAL_ADMIN])


@pytest.fixture
def rows(sichuan):
    return {
        "wuhou_order": service_order("510107"),
        "kangding_order": service_order("513301"),
        # Applied in Jinjiang (Chengdu) but handled in Wuhou: Wuhou sees it through the handler path.
        "handled_in_wuhou": service_order("510104", handler_region_path="510000/510100/510107/"),
        "wuhou_point": service_point("510107"),
        "kangding_point": service_point("513301"),
    }


def _orders(actor):
    return set(policy.scope_orders(actor, ServiceOrder.objects.all()))


def _points(actor):
    return set(policy.scope_service_points(actor, ServicePoint.objects.all()))


def test_wuhou_clerk_sees_wuhou_only(wuhou_clerk, rows):
    assert _orders(wuhou_clerk) == {rows["wuhou_order"], rows["handled_in_wuhou"]}
    assert _points(wuhou_clerk) == {rows["wuhou_point"]}
    assert not policy.can_see_order(wuhou_clerk, rows["kangding_order"])


def test_ganzi_clerk_sees_ganzi_only(ganzi_clerk, rows):
    assert _orders(ganzi_clerk) == {rows["kangding_order"]}
    assert _points(ganzi_clerk) == {rows["kangding_point"]}
    assert not policy.can_see_order(ganzi_clerk, rows["wuhou_order"])
    with pytest.raises(Exception) as exc:
        policy.require_order(ganzi_clerk, "order.handle", rows["wuhou_order"])
    assert getattr(exc.value, "code", "") == "order_not_found"


def test_province_sees_everything(province, rows):
    assert _orders(province) == {rows["wuhou_order"], rows["kangding_order"], rows["handled_in_wuhou"]}
    assert _points(province) == {rows["wuhou_point"], rows["kangding_point"]}


def test_citizen_sees_own_orders_and_no_network(citizen, rows):
    own = service_order("510107", applicant=citizen)
    assert _orders(citizen) == {own}
    assert _points(citizen) == set()


def test_account_without_roles_sees_nothing(sichuan, rows):
    nobody = StaffFactory(jurisdiction_region_id="510000")
    assert _orders(nobody) == set() and _points(nobody) == set()


def test_users_scoped_to_the_admins_jurisdiction(province, wuhou_clerk, ganzi_clerk):
    ganzi_admin = StaffFactory(jurisdiction_region_id="513300", roles=[Role.PROVINCIAL_ADMIN])
    visible = set(policy.scope_users(ganzi_admin, User.objects.all()))
    assert ganzi_clerk in visible and wuhou_clerk not in visible
    assert {ganzi_clerk, wuhou_clerk} <= set(policy.scope_users(province, User.objects.all()))
    assert set(policy.scope_users(ganzi_clerk, User.objects.all())) == set()


@pytest.mark.parametrize(
    "kind, keeps_roster", [("arbitration_commission", True), ("legal_aid_centre", False)]
)
def test_the_signed_in_users_institution_comes_with_the_user(
    sichuan, client, rf, django_assert_num_queries, kind, keeps_roster
):
    """The navigation asks on every staff page whether the actor keeps a commission's roster, which
    depends on their institution's kind: the session and the API token load it with the user, so the
    answer costs no query of its own."""
    from django.contrib.auth import get_user

    from fawang.accounts.services import api_token_create
    from fawang.accounts.tests.minimal_rows import institution
    from fawang.api.auth import user_for_token

    staff = StaffFactory(
        username="secretary",
        jurisdiction_institution=institution("510100", kind=kind),
        roles=[Role.INSTITUTION_STAFF],
    )
    client.force_login(staff)
    request = rf.get("/")
    request.session = client.session
    _token, raw = api_token_create(actor=None, user=staff, name="desk")
    for loaded in (get_user(request), user_for_token(raw)):
        assert loaded == staff
        loaded.role_set  # noqa: B018 - the roles are read once per request anyway
        with django_assert_num_queries(0):
            assert policy.has_action(loaded, "arbitration.roster") is keeps_roster
