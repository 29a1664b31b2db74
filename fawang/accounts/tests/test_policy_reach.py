"""What each role reaches (policy.ROLE_REACH), for every role and every shape of jurisdiction, over
the same six orders: the list (`scope_orders`), the work queue (`scope_orders_with`) and the object
checks (`can_see_order`, `order_is_with`) must give the same answer. Then the practitioner's story:
a lawyer sees and works the orders assigned to them, not the rest of the firm's."""

from __future__ import annotations

import pytest

from fawang.accounts import policy
from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.accounts.tests.minimal_rows import institution, practitioner, service_order
from fawang.core.errors import NotFound
from fawang.orders import selectors
from fawang.orders.models import ServiceOrder
from fawang.orders.services import order_accept
from fawang.regions.models import Region

WUHOU = "510107"
KANGDING = "513301"

# Where the order lies, relative to an actor whose jurisdiction is Wuhou and/or a Wuhou law firm.
APPLICANT_HERE = "applicant_here"  # applicant lives in Wuhou, handled in Kangding
HANDLED_HERE = "handled_here"  # applicant lives in Jinjiang, handled in Wuhou
FIRMS = "firms"  # Kangding, assigned to the firm and to a colleague of the actor
FIRMS_UNASSIGNED = "firms_unassigned"  # Kangding, assigned to the firm, to no practitioner yet
MINE = "mine"  # Kangding, assigned to the practitioner the actor logs in as (a duty lawyer at a point)
ELSEWHERE = "elsewhere"  # Kangding, nothing to do with the actor

JURISDICTIONS = {
    "region and firm": (True, True),
    "firm only": (False, True),
    "region only": (True, False),
}


def _world(roles, *, region: bool, firm: bool, superuser: bool = False):
    """An actor with `roles` who logs in as a lawyer of a Wuhou firm, and the six orders."""
    law_firm = institution(WUHOU, "四川清源律师事务所（武侯区）")
    actor = StaffFactory(
        jurisdiction_region_id=WUHOU if region else None,
        jurisdiction_institution=law_firm if firm else None,
        is_superuser=superuser,
        roles=list(roles),
    )
    me = practitioner(law_firm, user=actor)
    colleague = practitioner(law_firm)
    kangding = Region.objects.get(code=KANGDING).path
    wuhou = Region.objects.get(code=WUHOU).path
    orders = {
        APPLICANT_HERE: service_order(WUHOU, handler_region_path=kangding),
        HANDLED_HERE: service_order("510104", handler_region_path=wuhou),
        FIRMS: service_order(KANGDING, assigned_institution=law_firm, assigned_practitioner=colleague),
        FIRMS_UNASSIGNED: service_order(KANGDING, assigned_institution=law_firm),
        MINE: service_order(KANGDING, assigned_practitioner=me),
        ELSEWHERE: service_order(KANGDING),
    }
    return actor, orders


def _expected(roles, *, region: bool, firm: bool) -> tuple[set[str], set[str]]:
    """(sees, works), written out from the rule rather than read from ROLE_REACH."""
    firm_reaching = set(roles) - {Role.PRACTITIONER}  # every role but the practitioner's alone
    sees, works = set(), set()
    if region and roles:
        sees |= {APPLICANT_HERE, HANDLED_HERE}
        works |= {HANDLED_HERE}
    if firm and firm_reaching:
        sees |= {FIRMS, FIRMS_UNASSIGNED}
        works |= {FIRMS, FIRMS_UNASSIGNED}
    if Role.PRACTITIONER in roles:
        sees |= {MINE}
        works |= {MINE}
    return sees, works


def _assert_reach(actor, orders, sees: set[str], works: set[str]) -> None:
    name_of = {order.pk: name for name, order in orders.items()}
    listed = {name_of[o.pk] for o in policy.scope_orders(actor, ServiceOrder.objects.all())}
    queue = {name_of[o.pk] for o in policy.scope_orders_with(actor, ServiceOrder.objects.all())}
    assert (listed, queue) == (sees, works)
    for name, order in orders.items():
        assert policy.can_see_order(actor, order) == (name in sees), name
        assert policy.order_is_with(actor, order) == (name in works), name


def test_every_role_has_a_line_in_the_reach_table():
    assert set(policy.ROLE_REACH) == set(Role.values)


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
@pytest.mark.parametrize("role", Role.values)
def test_each_role_reaches_what_the_table_says(sichuan, role, jurisdiction):
    region, firm = JURISDICTIONS[jurisdiction]
    actor, orders = _world([role], region=region, firm=firm)
    _assert_reach(actor, orders, *_expected([role], region=region, firm=firm))


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_a_practitioner_who_is_also_institution_staff_sees_the_whole_firm(sichuan, jurisdiction):
    roles = [Role.PRACTITIONER, Role.INSTITUTION_STAFF]
    region, firm = JURISDICTIONS[jurisdiction]
    actor, orders = _world(roles, region=region, firm=firm)
    _assert_reach(actor, orders, *_expected(roles, region=region, firm=firm))


def test_an_account_without_roles_reaches_nothing(sichuan):
    actor, orders = _world([], region=True, firm=True)
    _assert_reach(actor, orders, set(), set())


def test_a_superuser_reaches_everything(sichuan):
    root, orders = _world([], region=False, firm=False, superuser=True)
    _assert_reach(root, orders, set(orders), set(orders))


def test_a_lookup_left_out_is_never_matched(sichuan):
    actor, orders = _world([Role.PRACTITIONER, Role.INSTITUTION_STAFF], region=True, firm=True)
    only_applicant = policy.scope_jurisdiction(actor, ServiceOrder.objects.all(), region_path="region_path")
    assert set(only_applicant) == {orders[APPLICANT_HERE]}
    with_practitioner = policy.scope_jurisdiction(
        actor,
        ServiceOrder.objects.all(),
        region_path="handler_region_path",
        practitioner="assigned_practitioner",
    )
    assert set(with_practitioner) == {orders[HANDLED_HERE], orders[MINE]}


# ---- the practitioner's story ------------------------------------------------------------------------


@pytest.fixture
def firm(sichuan):
    return institution(WUHOU, "四川清源律师事务所（武侯区）")


def _lawyer(firm, username: str):
    """Like the demo's lawyer_wuhou: a practitioner whose jurisdiction is their firm, no region."""
    user = StaffFactory(username=username, jurisdiction_institution=firm, roles=[Role.PRACTITIONER])
    return user, practitioner(firm, user=user)


@pytest.fixture
def kangding_case(firm):
    """A Kangding resident's order the firm took on, with its lawyer 刘静建 on it."""
    lawyer, record = _lawyer(firm, "lawyer_liu")
    order = service_order(KANGDING, assigned_institution=firm, assigned_practitioner=record)
    return lawyer, order


def test_practitioner_sees_and_accepts_the_order_assigned_to_them(kangding_case):
    lawyer, order = kangding_case
    queue = selectors.orders_for_actor(actor=lawyer, with_actor=True)
    assert list(queue) == [order]  # outside any region of theirs, yet in their queue
    assert selectors.order_get_for_actor(actor=lawyer, tracking_no=order.tracking_no) == order

    order_accept(actor=lawyer, order=order)
    order.refresh_from_db()
    assert order.status == "accepted" and order.accepted_by == lawyer


def test_another_practitioner_of_the_same_firm_cannot_see_it(firm, kangding_case):
    _lawyer_on_it, order = kangding_case
    colleague, _record = _lawyer(firm, "lawyer_zhu")
    assert not selectors.orders_for_actor(actor=colleague).exists()
    assert not policy.can_see_order(colleague, order)
    with pytest.raises(NotFound):
        selectors.order_get_for_actor(actor=colleague, tracking_no=order.tracking_no)
    with pytest.raises(NotFound):
        order_accept(actor=colleague, order=order)
    order.refresh_from_db()
    assert order.status == "submitted"


def test_the_firms_institution_staff_see_and_work_all_its_orders(firm, kangding_case):
    _lawyer_on_it, order = kangding_case
    unassigned = service_order(KANGDING, assigned_institution=firm)
    desk = StaffFactory(username="firm_desk", jurisdiction_institution=firm, roles=[Role.INSTITUTION_STAFF])
    assert set(selectors.orders_for_actor(actor=desk, with_actor=True)) == {order, unassigned}
    order_accept(actor=desk, order=unassigned)
    unassigned.refresh_from_db()
    assert unassigned.accepted_by == desk
