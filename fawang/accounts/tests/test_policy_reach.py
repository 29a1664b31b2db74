"""What each role reaches (policy.ROLE_REACH), for every role and every shape of jurisdiction, over
the same six orders: the list (`scope_orders`), the work queue (`scope_orders_with`) and the object
checks (`can_see_order`, `order_is_with`) must give the same answer. Then the practitioner's story:
a lawyer sees and works the orders assigned to them, not the rest of the firm's."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from fawang.accounts import policy
from fawang.accounts.enums import Role
from fawang.accounts.services import api_token_create
from fawang.accounts.tests.factories import StaffFactory
from fawang.accounts.tests.minimal_rows import institution, practitioner, service_order, service_point
from fawang.core.errors import NotFound
from fawang.orders import selectors, workflow
from fawang.orders.models import OrderEvent, ServiceOrder, SupervisionOrder
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
    # the analyst counts orders, never opens one; the expert panel's circle and the government bodies
    # asking it reach no order at all (their requests are confidential rows of their own)
    roles = [
        r
        for r in roles
        if r
        not in (Role.ANALYST, Role.GOVERNMENT_BODY, Role.EXPERT, Role.PANEL_ADMIN, Role.ENTRUSTING_OFFICER)
    ]
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


# ---- every endpoint, as each role, over four places: what ROLE_TABLE says is what HTTP answers ----------
#
# Each staff page (the URL patterns of orders, supervision and feedback) and each API operation (the
# OpenAPI document) has its cases below: how to call it on an order, which policy actions allow it (any
# one of them) and how to see that it did something. The expected answer comes from ROLE_TABLE: the
# role holds the action, and, for an endpoint about one order, the order lies in the actor's
# jurisdiction (a region path under theirs: the four places below are handled where the applicant
# lives, so seeing an order and its sitting with one's place coincide; the institution and practitioner
# shapes are the tests above). On refusal the answer is 403 or 404 (or the bulk page's report) and
# nothing changed. A new URL pattern or API operation without cases here fails
# `test_every_endpoint_has_its_cases`.

PLACES = {  # where the order is, seen from Wuhou county in Chengdu
    "own county": "510107",  # Wuhou
    "other county": "510104",  # Jinjiang, also in Chengdu
    "own prefecture": "510100",  # handled at Chengdu's prefecture level
    "other prefecture": "513334",  # Litang, in Ganzi
}
# Each role at the level it works at: the places' staff in Wuhou (or Chengdu), the 12348 seat, the
# analyst and the administrator for the province.
HOME = {
    Role.PROVINCIAL_ADMIN: "510000",
    Role.PREFECTURE_STAFF: "510100",
    Role.COUNTY_STAFF: "510107",
    Role.TOWNSHIP_STAFF: "510107",
    Role.HOTLINE_AGENT: "510000",
    Role.WINDOW_CLERK: "510107",
    Role.INSTITUTION_STAFF: "510107",
    Role.PRACTITIONER: "510107",
    Role.SUPERVISOR: "510100",
    Role.ANALYST: "510000",
    Role.ANSWER_REVIEWER: "510000",
    Role.GOVERNMENT_BODY: "510000",
    Role.EXPERT: "510000",
    Role.PANEL_ADMIN: "510000",
    Role.ENTRUSTING_OFFICER: "510107",
}
PHONE = "13800001111"  # minimal_rows' applicant
ORDER_PAGE = ("order.view",)


@dataclasses.dataclass
class Case:
    """One way to call an endpoint. `call(client, order, world)` returns the response; `done(response,
    order, world)` says whether it did its work; `actions`: any one allows it; `about_order`: the
    order's place matters (else the role alone decides)."""

    call: Callable[..., Any]
    done: Callable[..., bool]
    actions: tuple[str, ...]
    about_order: bool = True
    status: str = "submitted"  # the order's status before the call
    channel: str = "window"
    api: bool = False
    refused_with: tuple[int, ...] = (403, 404)  # the answers a refusal may give
    # `prepare(order, world, actor)` readies what the call needs (a legal aid case's stage, its
    # assignee); `expect(role, place)` replaces the rule below where the answer depends on more than it.
    prepare: Callable[..., None] | None = None
    expect: Callable[[str, str], bool] | None = None


def _status_moved(target: str) -> Callable[..., bool]:
    def done(response, order, world) -> bool:
        order.refresh_from_db()
        return order.status == target

    return done


def _answers(response, order, world) -> bool:
    return response.status_code == 200


def _processed(response, order, world) -> bool:
    """An intake form or body was read (a form error or a new order), not refused outright."""
    return response.status_code not in (401, 403)


def _lists(response, order, world) -> bool:
    return response.status_code == 200 and order.tracking_no in response.content.decode()


def _step_policy(action: str, status: str) -> tuple[str, ...]:
    step = workflow.step_for(workflow.BASE_WORKFLOW, status, "", action)
    assert step is not None, (action, status)
    return step.policy


# action → (status before, status after, what the form or body gives)
TRANSITIONS = {
    "accept": ("submitted", "accepted", {}),
    "reject": ("submitted", "rejected", {"reason": "不属于受理范围"}),
    "start": ("accepted", "in_progress", {}),
    "suspend": ("in_progress", "suspended", {"reason": "请补充劳动合同"}),
    "resume": ("suspended", "in_progress", {}),
    "transfer": ("submitted", "transferred", {"reason": "应由省中心办理"}),
    "resolve": ("in_progress", "resolved", {"resolution": "已答复"}),
    "reopen": ("resolved", "reopened", {"reason": "申请人不满意"}),
    "close": ("resolved", "closed", {"reason": "办结"}),
}


def _web_transition(action: str) -> Case:
    before, after, fields = TRANSITIONS[action]

    def call(client, order, world):
        data = {f"act-{action}-{k}": v for k, v in fields.items()}
        if action == "transfer":
            data[f"act-{action}-target"] = f"point:{world['province_point'].pk}"
        return client.post(reverse("orders:order_action", args=[order.tracking_no, action]), data)

    return Case(call, _status_moved(after), _step_policy(action, before), status=before)


def _api_transition(action: str) -> Case:
    before, after, fields = TRANSITIONS[action]

    def call(client, order, world):
        body = {"action": action, **fields}
        if action == "transfer":
            body["to_point"] = world["province_point"].pk
        return client.post(
            f"/api/v1/orders/{order.tracking_no}/transitions", body, content_type="application/json"
        )

    return Case(call, _status_moved(after), _step_policy(action, before), status=before, api=True)


def _bulk(action: str) -> Case:
    after = "accepted" if action == "accept" else "transferred"

    def call(client, order, world):
        data = {"action": action, "orders": [order.tracking_no], "reason": "统一调度"}
        if action == "transfer":
            data["target"] = f"point:{world['province_point'].pk}"
        return client.post(reverse("orders:bulk"), data)

    # Each order of a bulk action is reported on the page it returns to (a role without the action at
    # all is refused outright).
    return Case(call, _status_moved(after), _step_policy(action, "submitted"), refused_with=(302, 403))


def _get(name: str, *, with_order: bool = True, query: str = "") -> Callable[..., Any]:
    def call(client, order, world):
        args = [order.tracking_no] if with_order else []
        return client.get(reverse(name, args=args) + query)

    return call


def _reveal_done(response, order, world) -> bool:
    return response.status_code == 200 and PHONE in response.content.decode()


def _supervise(client, order, world):
    from fawang.core.calendar import add_working_days

    deadline, _provisional = add_working_days(timezone.localdate(), 3)
    return client.post(
        reverse("orders:order_supervise", args=[order.tracking_no]),
        {"supervise-deadline": deadline.isoformat(), "supervise-reason": "请三日内回复"},
    )


def _supervised(response, order, world) -> bool:
    return SupervisionOrder.objects.filter(order=order, kind="manual").exists()


def _answer(client, order, world):
    supervision = world["supervision"]
    return client.post(
        reverse("orders:supervision_answer", args=[order.tracking_no, supervision.pk]),
        {f"answer-{supervision.pk}-response": "已受理，三日内办结"},
    )


def _answered(response, order, world) -> bool:
    world["supervision"].refresh_from_db()
    return world["supervision"].status == "answered"


def _review_page(client, order, world):
    return client.get(reverse("supervision:review", args=[world["review"].pk]))


def _visit_record(client, order, world):
    visit = world["visit"]
    return client.post(
        reverse("feedback:return_visit_record", args=[visit.pk]), {f"visit-{visit.pk}-reached": "0"}
    )


def _visit_recorded(response, order, world) -> bool:
    world["visit"].refresh_from_db()
    return world["visit"].attempts == 1


def _rate_by_phone(client, order, world):
    return client.post(
        f"/api/v1/orders/{order.tracking_no}/evaluation",
        {"level": 2, "channel": "hotline"},
        content_type="application/json",
    )


def _rated(response, order, world) -> bool:
    return response.status_code == 201


def _api_create(client, order, world):
    body = {"service_item": "no-such-item", "region": "510107", "description": "想咨询劳动争议"}
    return client.post("/api/v1/orders", body, content_type="application/json")


def _api_get(path: str, done=_answers, **kw) -> Case:
    def call(client, order, world):
        return client.get(path.format(tracking_no=order.tracking_no))

    return Case(call, done, api=True, **kw)


def _api_public_get(path: str) -> Case:
    """A public read: every role (and nobody) gets an answer, found or not, never a refusal."""

    def call(client, order, world):
        return client.get(path.format(item=order.service_item.code))

    return Case(call, _processed, (), about_order=False, api=True)


def _eligibility_check(client, order, world):
    body = {"matter_type": "civil", "household_size": 3, "monthly_income_fen": 150000, "prefecture": "510100"}
    return client.post("/api/v1/legal-aid/eligibility", body, content_type="application/json")


def _classify(client, order, world):
    body = {"text": "老板拖欠工资三个月怎么办"}
    return client.post("/api/v1/consult/classify", body, content_type="application/json")


def _check_page(client, order, world):
    return client.post(reverse("legalaid:check"), {"county": "510107", "matter": "wages"})


def _eligibility_override(client, order, world):
    order.workflow = "legal_aid"  # minimal_rows' order is a plain one: make it an application
    order.save(update_fields=["workflow"])
    reason = "申请人提交了低保证明原件，属于第四十二条免予核查的情形。"
    return client.post(
        reverse("legalaid:eligibility_override", args=[order.tracking_no]),
        {"eligible": "1", "reason": reason},
    )


def _overridden(response, order, world) -> bool:
    from fawang.legalaid.models import EligibilityOverride

    return EligibilityOverride.objects.filter(assessment__order=order).exists()


def _lookup_caller(client, order, world):
    return client.post(reverse("orders:hotline_lookup"), {"phone": PHONE}, follow=True)


def _post(name: str):
    def call(client, order, world):
        return client.post(reverse(name), {})

    return call


# Legal aid's subsidies and funds (issue 11 item 7): who reads them, who computes, approves, keeps funds.
FUNDS_READ = ("legal_aid.subsidy_manage", "legal_aid.subsidy_approve", "legal_aid.fund_manage")


def _post_args(name: str, *args: Any):
    def call(client, order, world):
        return client.post(reverse(name, args=list(args)), {})

    return call


def _get_args(name: str, *args: Any):
    def call(client, order, world):
        return client.get(reverse(name, args=list(args)))

    return call


def _looked_up(response, order, world) -> bool:
    """Let through to the lookup (no such subsidy: 404), not refused by role (403)."""
    return response.status_code == 404


def _legal_aid_funds_cases() -> dict[str, list[Case]]:
    def page(name: str, actions: tuple[str, ...] = FUNDS_READ) -> list[Case]:
        return [Case(_get(name, with_order=False), _answers, actions, about_order=False)]

    return {
        "legalaid:subsidies": page("legalaid:subsidies"),
        "legalaid:subsidies_xlsx": page("legalaid:subsidies_xlsx"),
        "legalaid:subsidy_standards": [
            *page("legalaid:subsidy_standards"),
            Case(
                _post("legalaid:subsidy_standards"),
                _processed,
                ("legal_aid.subsidy_standard",),
                about_order=False,
            ),
        ],
        # The hardship standard (法律援助法第三十四条): only who enters its versions opens the page.
        "legalaid:hardship_standards": [
            *page("legalaid:hardship_standards", ("legal_aid.hardship_standard",)),
            Case(
                _post("legalaid:hardship_standards"),
                _processed,
                ("legal_aid.hardship_standard",),
                about_order=False,
            ),
        ],
        "legalaid:subsidy_compute": [
            Case(
                _post("legalaid:subsidy_compute"),
                _processed,
                ("legal_aid.subsidy_manage",),
                about_order=False,
            )
        ],
        "legalaid:subsidy_detail": [
            Case(
                _get_args("legalaid:subsidy_detail", 0),
                _looked_up,
                FUNDS_READ,
                about_order=False,
                refused_with=(403,),
            )
        ],
        "legalaid:subsidy_step": [
            Case(
                _post_args("legalaid:subsidy_step", 0, "approve"),
                _looked_up,
                FUNDS_READ,
                about_order=False,
                refused_with=(403,),
            )
        ],
        "legalaid:funds": page("legalaid:funds"),
        "legalaid:funds_step": [
            Case(
                _post_args("legalaid:funds_step", "receive"),
                _processed,
                ("legal_aid.fund_manage",),
                about_order=False,
            )
        ],
        "legalaid:ledger": page("legalaid:ledger"),
        "legalaid:ledger_xlsx": page("legalaid:ledger_xlsx"),
        # The monthly report (issue 11 item 9): figures only.
        "legalaid:report": page("legalaid:report", ("insight.view",)),
        "legalaid:report_xlsx": page("legalaid:report_xlsx", ("insight.view",)),
    }


# ---- legal aid assignment (issue 11, item 4): the centre assigns, the assignee answers ----------------


def _approved_case(order, world, actor) -> None:
    """A granted legal aid case, and a Wuhou lawyer on the panel to assign it to."""
    from fawang.legalaid.assignment import aid_practitioner_enrol

    ServiceOrder.objects.filter(pk=order.pk).update(workflow="legal_aid", status="accepted", stage="approved")
    order.refresh_from_db()
    world["lawyer"] = practitioner(institution(WUHOU, "四川清源律师事务所（武侯区）"))
    aid_practitioner_enrol(actor=None, practitioner=world["lawyer"], matter_types=["civil"])


def _assigned_to_actor(order, world, actor) -> None:
    """A legal aid case assigned to the practitioner the actor logs in as, waiting for their answer."""
    from fawang.legalaid.models import Assignment

    record = practitioner(institution(WUHOU, "四川清源律师事务所（武侯区）"), user=actor)
    ServiceOrder.objects.filter(pk=order.pk).update(
        workflow="legal_aid", status="accepted", stage="assigned", assigned_practitioner=record
    )
    order.refresh_from_db()
    Assignment.objects.create(
        order=order,
        practitioner=record,
        institution=record.institution,
        assigned_at=timezone.now(),
        reason="指派",
        case_facts={},
        candidates=[],
        suggestion={},
    )


def _only_the_assignee(role: str, place: str) -> bool:
    """Whatever the place: the case is assigned to them, and only a practitioner answers."""
    return "legal_aid.answer" in policy.ROLE_TABLE[role].actions


def _stage_is(stage: str) -> Callable[..., bool]:
    def done(response, order, world) -> bool:
        order.refresh_from_db()
        return order.stage == stage

    return done


def _assign_page_post(client, order, world):
    return client.post(
        reverse("legalaid:assignment", args=[order.tracking_no]),
        {"practitioner": world["lawyer"].pk, "reason": "劳动争议专长"},
    )


def _answer_page_post(client, order, world):
    return client.post(
        reverse("legalaid:assignment_answer", args=[order.tracking_no]),
        {f"answer-{order.pk}-answer": "accept"},
    )


def _get_suggestion(client, order, world):
    return client.get(f"/api/v1/legal-aid/{order.tracking_no}/suggestion")


def _assign_api(client, order, world):
    return client.post(
        f"/api/v1/legal-aid/{order.tracking_no}/assignment",
        {"practitioner": world["lawyer"].pk, "reason": "劳动争议专长"},
        content_type="application/json",
    )


def _answer_api(client, order, world):
    return client.post(
        f"/api/v1/legal-aid/{order.tracking_no}/assignment/answer",
        {"accept": True},
        content_type="application/json",
    )


_ASSIGNS = ("legal_aid.assign",)
_ANSWERS = ("legal_aid.answer",)
LEGAL_AID_ASSIGNMENT: dict[str, list[Case]] = {
    "legalaid:assignment": [
        Case(_get("legalaid:assignment"), _answers, _ASSIGNS, status="accepted", prepare=_approved_case),
        Case(_assign_page_post, _stage_is("assigned"), _ASSIGNS, status="accepted", prepare=_approved_case),
    ],
    "legalaid:my_cases": [
        Case(_get("legalaid:my_cases", with_order=False), _answers, _ANSWERS, about_order=False)
    ],
    "legalaid:assignment_answer": [
        Case(
            _answer_page_post,
            _stage_is("handling"),
            _ANSWERS,
            status="accepted",
            prepare=_assigned_to_actor,
            expect=_only_the_assignee,
        )
    ],
    "GET /api/v1/legal-aid/{tracking_no}/suggestion": [
        Case(_get_suggestion, _answers, _ASSIGNS, status="accepted", api=True, prepare=_approved_case)
    ],
    "POST /api/v1/legal-aid/{tracking_no}/assignment": [
        Case(
            _assign_api, _stage_is("assigned"), _ASSIGNS, status="accepted", api=True, prepare=_approved_case
        )
    ],
    "POST /api/v1/legal-aid/{tracking_no}/assignment/answer": [
        Case(
            _answer_api,
            _stage_is("handling"),
            _ANSWERS,
            status="accepted",
            api=True,
            prepare=_assigned_to_actor,
            expect=_only_the_assignee,
        )
    ],
    "GET /api/v1/legal-aid/assigned": [
        _api_get("/api/v1/legal-aid/assigned", actions=_ANSWERS, about_order=False),
    ],
}

# ---- legal aid's cross-region cooperation (issue 11, item 8; docs/adr/0022) ----------------------------

_COOPERATES = ("legal_aid.cooperate",)


def _coop_item() -> None:
    from fawang.catalog.models import ServiceItem, TimeLimit

    item, made = ServiceItem.objects.get_or_create(
        code="legal_aid_cooperation",
        defaults={
            "name": "法律援助异地协作",
            "category": "legal_aid",
            "time_limit": 30,
            "time_limit_unit": "calendar_days",
            "legal_basis": "非法定期限",
            "workflow": "legal_aid_cooperation",
            "offered_to_citizens": False,
        },
    )
    if made:
        TimeLimit.objects.create(
            service_item=item,
            name="cooperate",
            label="完成异地协作事项",
            limit=30,
            unit="calendar_days",
            starts_on=["submitted"],
            stops_on=["legal_aid_cooperation_done", "legal_aid_cooperation_declined"],
            legal_basis="非法定期限（《中华人民共和国法律援助法》未规定）",
        )


def _coop_application(order, world, actor) -> None:
    """The order as a legal aid application sitting with the place's legal aid centre, and another
    region's centre to ask."""
    _coop_item()
    centre = institution(order.region.code, "本地法律援助中心", kind="legal_aid_centre")
    ServiceOrder.objects.filter(pk=order.pk).update(workflow="legal_aid", assigned_institution=centre)
    order.refresh_from_db()
    world["other_centre"] = institution(KANGDING, "康定市法律援助中心", kind="legal_aid_centre")


def _coop_request(order, world, actor) -> None:
    """The order as a cooperation request Kangding's centre made of the place's centre."""
    from fawang.legalaid.models import CooperationRequest

    centre = institution(order.region.code, "本地法律援助中心", kind="legal_aid_centre")
    kangding = institution(KANGDING, "康定市法律援助中心", kind="legal_aid_centre")
    ServiceOrder.objects.filter(pk=order.pk).update(
        workflow="legal_aid_cooperation", assigned_institution=centre
    )
    order.refresh_from_db()
    CooperationRequest.objects.create(
        order=order,
        application=service_order(KANGDING, workflow="legal_aid"),
        kind="gather_evidence",
        requesting_centre=kangding,
        requested_centre=centre,
        deadline=timezone.localdate() + dt.timedelta(days=10),
    )


def _coop_fields(world) -> dict[str, Any]:
    return {
        "requested_centre": world["other_centre"].pk,
        "kind": "gather_evidence",
        "deadline": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
        "note": "请协助调取务工记录。",
    }


def _coop_page_post(client, order, world):
    return client.post(reverse("legalaid:cooperation", args=[order.tracking_no]), _coop_fields(world))


def _coop_api_create(client, order, world):
    return client.post(
        "/api/v1/legal-aid/cooperation",
        {"application": order.tracking_no, **_coop_fields(world)},
        content_type="application/json",
    )


def _coop_asked(response, order, world) -> bool:
    from fawang.legalaid.models import CooperationRequest

    return CooperationRequest.objects.filter(application=order).exists()


def _coop_take_api(client, order, world):
    return client.post(
        f"/api/v1/legal-aid/cooperation/{order.tracking_no}/answer",
        {"action": "take"},
        content_type="application/json",
    )


LEGAL_AID_COOPERATION: dict[str, list[Case]] = {
    # The application's centre (and the offices above it) read its requests and ask for more.
    "legalaid:cooperation": [
        Case(_get("legalaid:cooperation"), _answers, ORDER_PAGE, prepare=_coop_application),
        Case(_coop_page_post, _coop_asked, _COOPERATES, prepare=_coop_application),
    ],
    "POST /api/v1/legal-aid/cooperation": [
        # An application not handled at the actor's place is answered as unknown, naming the field
        # `application` (422), as one that does not exist: nothing about it is told.
        Case(
            _coop_api_create,
            _coop_asked,
            _COOPERATES,
            api=True,
            prepare=_coop_application,
            refused_with=(403, 404, 422),
        )
    ],
    # The requested centre (where the request sits) reads and answers it.
    "GET /api/v1/legal-aid/cooperation/{tracking_no}": [
        _api_get("/api/v1/legal-aid/cooperation/{tracking_no}", actions=ORDER_PAGE, prepare=_coop_request)
    ],
    "POST /api/v1/legal-aid/cooperation/{tracking_no}/answer": [
        Case(_coop_take_api, _stage_is("cooperation_taken"), _COOPERATES, api=True, prepare=_coop_request)
    ],
}

# ---- legal aid's case log and quality review (issue 11, items 5 and 6) ------------------------------


def _legal_aid(call: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a call whose order is a legal aid case in handling (`_legal_aid_world`)."""
    call.legal_aid = True  # type: ignore[attr-defined]
    return call


@_legal_aid
def _case_log_page(client, order, world):
    return client.get(reverse("legalaid:case_log", args=[order.tracking_no]))


@_legal_aid
def _case_log_add(client, order, world):
    return client.post(
        reverse("legalaid:case_log", args=[order.tracking_no]),
        {
            "step": "entry",
            "entry-kind": "meeting",
            "entry-occurred_at": "2026-01-05T09:00",
            "entry-minutes": "30",
        },
    )


def _case_logged(response, order, world) -> bool:
    from fawang.legalaid.models import CaseLogEntry

    return CaseLogEntry.objects.filter(order=order).exists()


@_legal_aid
def _quality_index(client, order, world):
    return client.get(reverse("legalaid:quality_index"))


@_legal_aid
def _quality_sample_page(client, order, world):
    return client.get(reverse("legalaid:quality_sample", args=[world["sample"].pk]))


@_legal_aid
def _quality_score(client, order, world):
    scores = {f"score_{c}": "4" for c in ("timeliness", "communication", "legal_quality", "documentation")}
    return client.post(
        reverse("legalaid:quality_score", args=[world["sample"].pk, order.tracking_no]), scores
    )


def _quality_scored(response, order, world) -> bool:
    from fawang.legalaid.models import QualityReview

    return QualityReview.objects.filter(order=order).exists()


@_legal_aid
def _practitioner_record(client, order, world):
    return client.get(reverse("legalaid:practitioner_record", args=[world["lawyer"].pk]))


def _legal_aid_world(order, world: dict[str, Any]) -> None:
    """The order as a legal aid case in handling, closed by a Wuhou centre's lawyer and sampled."""
    from fawang.legalaid.models import CaseClosing, QualitySample

    centre = institution(WUHOU, "武侯区法律援助中心", kind="legal_aid_centre")
    world["lawyer"] = practitioner(centre)
    order.workflow, order.status, order.stage = "legal_aid", "in_progress", "handling"
    order.save(update_fields=["workflow", "status", "stage"])
    CaseClosing.objects.create(
        order=order,
        centre=centre,
        practitioner=world["lawyer"],
        outcome="won",
        summary="胜诉",
        closed_at=timezone.now(),
        closed_by=StaffFactory(),
    )
    world["sample"] = QualitySample.objects.create(
        centre=centre,
        year=2026,
        quarter=1,
        share_percent=10,
        minimum=3,
        seed="reach",
        population=[order.pk],
        sampled=[order.pk],
    )


# endpoint (URL name, or "METHOD /api/v1/path" as the OpenAPI document names it) → its cases
ENDPOINTS: dict[str, list[Case]] = {
    "orders:workbench": [
        Case(_get("orders:workbench", with_order=False), _answers, ("order.view",), about_order=False),
        # The whole jurisdiction's list names the order exactly where the role sees it.
        Case(
            _get("orders:workbench", with_order=False, query="?whose=all"),
            _lists,
            ("order.view",),
            refused_with=(200, 403),  # the list without it
        ),
    ],
    "orders:bulk": [_bulk("accept"), _bulk("transfer")],
    "orders:hotline": [
        Case(_get("orders:hotline", with_order=False), _answers, ("order.create",), about_order=False),
        Case(_post("orders:hotline"), _processed, ("order.create",), about_order=False),
    ],
    "orders:window_intake": [
        Case(_get("orders:window_intake", with_order=False), _answers, ("order.create",), about_order=False),
        Case(_post("orders:window_intake"), _processed, ("order.create",), about_order=False),
    ],
    "orders:figures": [
        Case(_get("orders:figures", with_order=False), _answers, ("insight.view",), about_order=False)
    ],
    "orders:order_detail": [Case(_get("orders:order_detail"), _answers, ORDER_PAGE)],
    "orders:receipt": [Case(_get("orders:receipt"), _answers, ORDER_PAGE)],
    "orders:order_action": [_web_transition(a) for a in TRANSITIONS],
    # The order page's "Transfer…": where to and why (the transfer itself posts to order_action).
    "orders:order_transfer": [Case(_get("orders:order_transfer"), _answers, ("order.transfer",))],
    "orders:order_reveal": [
        Case(
            lambda client, order, world: client.post(
                reverse("orders:order_reveal", args=[order.tracking_no])
            ),
            _reveal_done,
            ("personal_data.reveal",),
            refused_with=(302, 403, 404),  # the page says so where the role may not reveal
        )
    ],
    "orders:order_supervise": [Case(_supervise, _supervised, ("order.supervise",))],
    "orders:supervision_answer": [Case(_answer, _answered, ("order.handle",))],
    "supervision:index": [
        Case(_get("supervision:index", with_order=False), _answers, ("order.supervise",), about_order=False)
    ],
    # The supervisor's side (verify, decide appeals) or the handler's (rectify, appeal).
    "supervision:review": [Case(_review_page, _answers, ("order.supervise", "order.handle"))],
    "feedback:return_visits": [
        Case(
            _get("feedback:return_visits", with_order=False),
            _answers,
            ("return_visit.make",),
            about_order=False,
        )
    ],
    "feedback:return_visit_record": [
        Case(_visit_record, _visit_recorded, ("return_visit.make",), status="resolved", channel="hotline")
    ],
    # The hotline's lookup of a caller, posted so the number stays out of URLs: the console needs
    # intake; the caller's orders need sight of them.
    "orders:hotline_lookup": [
        Case(
            _lookup_caller,
            _lists,
            ("order.create",),
            refused_with=(200, 403),
        )
    ],
    "GET /api/v1/regions/{code}": [_api_get("/api/v1/regions/510107", actions=(), about_order=False)],
    "GET /api/v1/regions/{code}/children": [
        _api_get("/api/v1/regions/510107/children", actions=(), about_order=False)
    ],
    "POST /api/v1/orders": [Case(_api_create, _processed, ("order.create",), about_order=False, api=True)],
    # The catalog and the legal-aid eligibility check are public (issues 10 and 11).
    "GET /api/v1/catalog/items": [_api_public_get("/api/v1/catalog/items")],
    "GET /api/v1/catalog/items/{code}": [_api_public_get("/api/v1/catalog/items/{item}")],
    "GET /api/v1/catalog/life-events": [_api_public_get("/api/v1/catalog/life-events")],
    "GET /api/v1/catalog/life-events/{code}": [_api_public_get("/api/v1/catalog/life-events/employment")],
    # The evidence log's proofs are public (issue 12 Part A, docs/adr/0023): an empty log answers 422.
    "GET /api/v1/ledger/proofs/inclusion": [
        _api_public_get("/api/v1/ledger/proofs/inclusion?index=0&size=1")
    ],
    "GET /api/v1/ledger/proofs/consistency": [
        _api_public_get("/api/v1/ledger/proofs/consistency?old=1&new=1")
    ],
    "GET /api/v1/ledger/entries/{index}": [_api_public_get("/api/v1/ledger/entries/0")],
    # The knowledge base (issue 13): searching it and reading a question are public.
    "GET /api/v1/knowledge/search": [_api_public_get("/api/v1/knowledge/search?q=工资")],
    "POST /api/v1/consult/classify": [Case(_classify, _processed, (), about_order=False, api=True)],
    "POST /api/v1/legal-aid/eligibility": [
        Case(_eligibility_check, _processed, (), about_order=False, api=True)
    ],
    # Legal aid (issue 11): the public eligibility check needs no role; the clerk's override of an
    # application's eligibility result is handling the order, where it sits.
    "legalaid:check": [Case(_check_page, _answers, (), about_order=False)],
    "legalaid:eligibility_override": [Case(_eligibility_override, _overridden, ("order.handle",))],
    "GET /api/v1/orders": [
        _api_get("/api/v1/orders", actions=("order.view",), about_order=False),
        _api_get("/api/v1/orders", done=_lists, actions=("order.view",), refused_with=(200, 403)),
    ],
    "GET /api/v1/orders/{tracking_no}": [_api_get("/api/v1/orders/{tracking_no}", actions=ORDER_PAGE)],
    "POST /api/v1/orders/{tracking_no}/transitions": [_api_transition(a) for a in TRANSITIONS],
    # Staff record the rating an applicant gives on the phone (`order.view`, see ROLE_TABLE).
    "POST /api/v1/orders/{tracking_no}/evaluation": [
        Case(_rate_by_phone, _rated, ORDER_PAGE, status="resolved", api=True)
    ],
    **_legal_aid_funds_cases(),
    # Legal aid (issue 11): the case log is written by whoever handles the case where it sits (the
    # assigned lawyer, the centre); the quality review is drawn and scored by reviewers and peers.
    "legalaid:case_log": [
        Case(_case_log_page, _answers, ORDER_PAGE),
        Case(_case_log_add, _case_logged, ("order.handle",)),
    ],
    "legalaid:quality_index": [Case(_quality_index, _answers, ("quality_review.view",), about_order=False)],
    "legalaid:quality_sample": [
        Case(_quality_sample_page, _answers, ("quality_review.view",), about_order=False)
    ],
    "legalaid:quality_score": [Case(_quality_score, _quality_scored, ("quality_review.score",))],
    "legalaid:practitioner_record": [
        Case(_practitioner_record, _answers, ("quality_review.view",), about_order=False)
    ],
}
ENDPOINTS.update(LEGAL_AID_ASSIGNMENT)
ENDPOINTS.update(LEGAL_AID_COOPERATION)
# Consultation and the expert panel (issue 13): their cases live beside the app.
from fawang.consult.tests.reach_cases import cases as _consult_cases  # noqa: E402

ENDPOINTS.update(_consult_cases(Case))


# ---- notary (issue 12 Part B): public matters and verification, the applicant's pages, the office's --


def _notary_world(order, world, actor) -> None:
    """The order as a notarial application at a Wuhou office, with an issued certificate."""
    from fawang.notary.models import Certificate, MatterFee, NotaryApplication, NotaryMatter

    office = institution(WUHOU, "四川省成都市武侯公证处", kind="notary_office")
    matter = NotaryMatter.objects.create(
        code="birth", name="出生公证", name_en="Birth", item_code="notary_identity", mode="online", basis="x"
    )
    matter.offices.add(office)
    fee = MatterFee.objects.create(
        matter=matter, amount_fen=8000, effective_from=dt.date(2025, 1, 1), basis="DEMO"
    )
    order.workflow = "notary"
    order.save(update_fields=["workflow"])
    application = NotaryApplication.objects.create(
        order=order, matter=matter, office=office, fee_fen=8000, fee=fee
    )
    world["certificate"] = Certificate.objects.create(
        number="SCGZ-2026-0001-000001",
        application=application,
        pdf_b64="JVBERi0=",
        sha256="0" * 64,
        issued_at=timezone.now(),
        issued_by=StaffFactory(),
        log_index=0,
        log_leaf_hash="0" * 64,
    )


def _notary_get(name: str, arg: str) -> Callable[..., Any]:
    def call(client, order, world):
        value = {
            "order": getattr(order, "tracking_no", ""),
            "matter": "birth",
            "number": "SCGZ-2026-0001-000001",
        }[arg]
        return client.get(reverse(name, args=[value]))

    return call


def _notary_visit(client, order, world):
    return client.post(reverse("notary:visit", args=[order.tracking_no]))


def _notary_visited(response, order, world) -> bool:
    from fawang.notary.models import NotaryApplication

    return NotaryApplication.objects.get(order=order).visits == 1


def _notary_video_world(order, world, actor) -> None:
    from fawang.notary.models import Slot

    _notary_world(order, world, actor)
    office = order.notary_application.office
    start = timezone.now() + dt.timedelta(days=2)
    Slot.objects.create(
        office=office, starts_at=start, ends_at=start + dt.timedelta(minutes=30), kind="video", order=order
    )


def _notary_video(client, order, world):
    return client.post(reverse("notary:video", args=[order.tracking_no]), {"action": "open"})


def _notary_video_opened(response, order, world) -> bool:
    from fawang.notary.models import VideoSession

    return VideoSession.objects.filter(slot__order=order).exists()


def _notary_revoke(client, order, world):
    return client.post(
        reverse("notary:revoke", args=[world["certificate"].number]), {"reason": "公证书内容与事实不符"}
    )


def _notary_revoked(response, order, world) -> bool:
    world["certificate"].refresh_from_db()
    return world["certificate"].revoked_at is not None


def _notary_public_api(path: str) -> Case:
    def call(client, order, world):
        return client.get(path)

    return Case(call, _answers, (), about_order=False, api=True, prepare=_notary_world)


NOTARY: dict[str, list[Case]] = {
    "notary:matters": [Case(_get("notary:matters", with_order=False), _answers, (), about_order=False)],
    "notary:matter": [
        Case(_notary_get("notary:matter", "matter"), _answers, (), about_order=False, prepare=_notary_world)
    ],
    "notary:verify": [
        Case(_notary_get("notary:verify", "number"), _answers, (), about_order=False, prepare=_notary_world)
    ],
    # A citizen's page: staff are sent to the citizen's sign-in.
    "notary:apply": [
        Case(
            _notary_get("notary:apply", "matter"),
            _answers,
            ("order.view",),
            about_order=False,
            prepare=_notary_world,
            expect=lambda role, place: False,
            refused_with=(302,),
        )
    ],
    # The applicant's page, read-only for staff who see the order; the PDF likewise.
    "notary:application": [
        Case(_notary_get("notary:application", "order"), _answers, ORDER_PAGE, prepare=_notary_world)
    ],
    "notary:certificate_pdf": [
        Case(_notary_get("notary:certificate_pdf", "order"), _answers, ORDER_PAGE, prepare=_notary_world)
    ],
    "notary:visit": [
        Case(
            _notary_visit, _notary_visited, ("order.handle",), prepare=_notary_world, refused_with=(403, 404)
        )
    ],
    "notary:video": [
        Case(
            _notary_video,
            _notary_video_opened,
            ("order.handle",),
            prepare=_notary_video_world,
            refused_with=(403, 404),
        )
    ],
    "notary:revoke": [
        Case(
            _notary_revoke, _notary_revoked, ("notary.issue",), prepare=_notary_world, refused_with=(403, 404)
        )
    ],
    "notary:office": [
        Case(_get("notary:office", with_order=False), _answers, ("notary.slots",), about_order=False)
    ],
    # 双随机、一公开: drawn and recorded by inspectors, published for everyone.
    "notary:inspections": [
        Case(_get("notary:inspections", with_order=False), _answers, (), about_order=False)
    ],
    "notary:inspection_manage": [
        Case(
            _get("notary:inspection_manage", with_order=False),
            _answers,
            ("notary.inspect",),
            about_order=False,
        )
    ],
    "GET /api/v1/notary/matters": [_notary_public_api("/api/v1/notary/matters")],
    "GET /api/v1/notary/certificates/{number}": [
        _notary_public_api("/api/v1/notary/certificates/SCGZ-2026-0001-000001")
    ],
}
ENDPOINTS.update(NOTARY)
# The dispute modules' shared base (issue 14): its cases live beside the app.
from fawang.disputes.tests.reach_cases import cases as _dispute_cases  # noqa: E402

ENDPOINTS.update(_dispute_cases(Case))
# People's mediation (issue 14): its cases live beside the app.
from fawang.mediation.tests.reach_cases import cases as _mediation_cases  # noqa: E402

ENDPOINTS.update(_mediation_cases(Case))

# Arbitration (issue 14): its cases live beside the app.
from fawang.arbitration.tests.reach_cases import cases as _arbitration_cases  # noqa: E402

ENDPOINTS.update(_arbitration_cases(Case))

from fawang.knowledge.tests.reach_cases import cases as _knowledge_cases  # noqa: E402


def _evidence_upload(client, order, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/api/v1/evidence/files", {"file": SimpleUploadedFile("a.txt", b"evidence")})


def _evidence_preserved(response, order, world) -> bool:
    return response.status_code == 201


def _evidence_verify(client, order, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/api/v1/evidence/verify", {"receipt": SimpleUploadedFile("r", b"not a receipt")})


# Evidence preservation's API (issue 12): preserving is for citizen and enterprise accounts only, so
# every staff role is refused (their list is their own, empty); receipts and checks are public.
ENDPOINTS.update(
    {
        "POST /api/v1/evidence/files": [
            Case(
                _evidence_upload,
                _evidence_preserved,
                (),
                about_order=False,
                api=True,
                expect=lambda role, place: False,
                refused_with=(401, 403),
            )
        ],
        "GET /api/v1/evidence/files": [_api_public_get("/api/v1/evidence/files")],
        "GET /api/v1/evidence/receipts/{index}": [_api_public_get("/api/v1/evidence/receipts/0")],
        "POST /api/v1/evidence/verify": [Case(_evidence_verify, _processed, (), about_order=False, api=True)],
    }
)

ENDPOINTS.update(_knowledge_cases(Case))


# Judicial appraisal (issue 14): its cases live beside the app.
from fawang.appraisal.tests.reach_cases import cases as _appraisal_cases  # noqa: E402

ENDPOINTS.update(_appraisal_cases(Case))


STAFF_NAMESPACES = (
    "orders",
    "supervision",
    "feedback",
    "legalaid",
    "consult",
    "notary",
    "knowledge",
    "disputes",
    "mediation",
    "arbitration",
    "appraisal",
)


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace
            names |= _url_names(entry, inner or namespace)
        elif isinstance(entry, URLPattern) and entry.name and namespace:
            names.add(f"{namespace}:{entry.name}")
    return names


def _api_operations() -> set[str]:
    from fawang.api.api import api

    paths = api.get_openapi_schema()["paths"]
    return {f"{method.upper()} {path}" for path, ops in paths.items() for method in ops}


def test_every_endpoint_has_its_cases():
    """A staff page or API operation added without cases here fails: its reach must be written down."""
    pages = {n for n in _url_names(get_resolver()) if n.split(":")[0] in STAFF_NAMESPACES}
    covered = set(ENDPOINTS)
    assert pages | _api_operations() == covered
    used = {a for cases in ENDPOINTS.values() for case in cases for a in case.actions}
    assert used <= set(policy.ACTIONS)


def test_the_table_says_who_receives_and_who_decides():
    """The issue's two findings, as lines of the table: the hotline receives and dispatches, the
    handling place accepts and decides, the analyst reads figures only."""
    hotline = policy.ROLE_TABLE[Role.HOTLINE_AGENT].actions
    assert {"order.create", "order.transfer", "order.view", "return_visit.make"} <= set(hotline)
    assert "order.handle" not in hotline and "order.supervise" not in hotline
    assert set(policy.ROLE_TABLE[Role.ANALYST].actions) == {"insight.view", "network.view"}
    assert policy.ROLE_TABLE[Role.ANALYST].actions["insight.view"] == policy.FIGURES
    for role in (Role.COUNTY_STAFF, Role.PREFECTURE_STAFF, Role.PRACTITIONER):
        assert policy.ROLE_TABLE[role].actions["order.handle"] == policy.HANDLING_PLACE
    assert set(policy.ROLE_TABLE[Role.SUPERVISOR].actions) >= {"order.supervise"}
    assert "order.handle" not in policy.ROLE_TABLE[Role.SUPERVISOR].actions


def _expected_answer(role: str, case: Case, place: str) -> bool:
    line = policy.ROLE_TABLE[role].actions
    if not case.actions:
        return True  # public
    holds = [a for a in case.actions if a in line]
    if not holds:
        return False
    if not case.about_order:
        return True
    # Every reach over an order needs sight of it first (the page or endpoint looks it up).
    if "order.view" not in line:
        return False
    home = Region.objects.get(code=HOME[role]).path
    return Region.objects.get(code=PLACES[place]).path.startswith(home)


def _world_for(case: Case, place: str) -> tuple[Any, dict[str, Any]]:
    """The order at `place`, in the case's status, with what the case needs hanging off it."""
    code = PLACES[place]
    extra: dict[str, Any] = {}
    if case.status == "resolved":
        extra["resolved_at"] = timezone.now()
    order = service_order(code, status=case.status, channel=case.channel, **extra)
    world: dict[str, Any] = {"province_point": service_point("510000", "四川省公共法律服务中心")}
    if case.call is _answer:
        world["supervision"] = SupervisionOrder.objects.create(
            order=order,
            kind="auto_overdue",
            issued_to_region_id=code,
            reason="已超期，请说明",
            created_at=timezone.now(),
            deadline=timezone.now() + dt.timedelta(days=3),
        )
    if case.status == "resolved":
        from fawang.feedback.services import feedback_on_order_resolved

        feedback_on_order_resolved(order=order, actor=None)
    if case.call is _review_page:
        from fawang.feedback.services import evaluation_submit, feedback_on_order_resolved

        order.status, order.resolved_at = "resolved", timezone.now()
        order.save(update_fields=["status", "resolved_at"])
        feedback_on_order_resolved(order=order, actor=None)
        evaluation_submit(actor=None, order=order, level=4, comment="没人回电话", channel="web", phone=PHONE)
        world["review"] = order.reviews.get()
        order.refresh_from_db()
    if case.call is _visit_record:
        world["visit"] = order.return_visits.get()
    if getattr(case.call, "legal_aid", False):
        _legal_aid_world(order, world)
    return order, world


def _fingerprint(order) -> tuple:
    """What a refused call must leave as it was."""
    from fawang.audit.models import AuditEntry
    from fawang.feedback.models import Evaluation, ReturnVisitAttempt

    order.refresh_from_db()
    return (
        order.status,
        order.assigned_point_id,
        order.handler_region_path,
        ServiceOrder.objects.count(),
        OrderEvent.objects.count(),
        sorted(SupervisionOrder.objects.values_list("status", flat=True)),
        Evaluation.objects.count(),
        ReturnVisitAttempt.objects.count(),
        # A refused reveal is itself audited (probing shows in the trail); nothing else may be.
        AuditEntry.objects.exclude(action__endswith="_refused").count(),
    )


# endpoint × place; where the role alone decides (a page not about one order), one place is enough.
CASES = [
    pytest.param(endpoint, i, place, id=f"{endpoint}#{i}-{place}")
    for endpoint, cases in ENDPOINTS.items()
    for i, case in enumerate(cases)
    for place in (PLACES if case.about_order else ["own county"])
]


@pytest.mark.parametrize(("endpoint", "index", "place"), CASES)
@pytest.mark.parametrize("role", Role.values)
def test_each_role_reaches_each_endpoint_as_the_table_says(client, sichuan, role, endpoint, index, place):
    case = ENDPOINTS[endpoint][index]
    actor = StaffFactory(jurisdiction_region_id=HOME[role], roles=[role])
    order, world = _world_for(case, place)
    if case.prepare:
        case.prepare(order, world, actor)
    if case.api:
        _token, raw = api_token_create(actor=actor, user=actor, name="reach")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    else:
        client.force_login(actor)
    before = _fingerprint(order)

    response = case.call(client, order, world)

    assert response.status_code < 500
    expected = case.expect(role, place) if case.expect else _expected_answer(role, case, place)
    assert case.done(response, order, world) == expected, (response.status_code, response.content[:300])
    if not expected:
        assert response.status_code in case.refused_with, response.status_code
        assert _fingerprint(order) == before
