"""Legal aid as a service module on the workflow engine (docs/adr/0011): its intake fields, its
decision, objection, urgent start and criminal case notice, and each statutory clock of 法律援助法
that the law table ties to its events."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from fawang.core.calendar import TZ
from fawang.core.errors import ValidationFailed
from fawang.legalaid.models import LegalAidCase
from fawang.orders.engine import order_act
from fawang.orders.enums import OrderStatus
from fawang.orders.models import ServiceOrder, SupervisionOrder
from fawang.orders.sweep import sweep_deadlines

pytestmark = pytest.mark.django_db


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def acting_at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def clocks(order) -> dict[str, tuple[bool, dt.datetime]]:
    """Each clock of the order: (still running, due at)."""
    return {c.name: (c.stopped_at is None, c.due_at) for c in order.clocks.order_by("pk")}


def test_the_application_writes_its_facts_beside_the_order(apply):
    order = apply(
        {
            "opposing_party": "成都某建筑劳务公司",
            "household_size": "3",
            "monthly_income": "2450.50",
            "assets": "12000",
            "status_groups": ["migrant_worker"],
            "urgency": "urgent",
        }
    )
    case = LegalAidCase.objects.get(order=order)
    assert (case.matter_type, case.matter, case.opposing_party) == ("civil", "wages", "成都某建筑劳务公司")
    assert (case.household_size, case.monthly_income_fen, case.assets_fen) == (3, 245050, 1200000)
    assert case.status_groups == ["migrant_worker"] and case.urgency == "urgent"
    assert order.workflow == "legal_aid" and order.status == OrderStatus.SUBMITTED


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"monthly_income": "-1"}, "details.monthly_income"),
        ({"household_size": "0"}, "details.household_size"),
        ({"matter_type": "piracy"}, "details.matter_type"),
    ],
)
def test_bad_application_facts_are_refused_by_field_and_nothing_is_saved(apply, details, field):
    with pytest.raises(ValidationFailed) as refused:
        apply(details)
    errors = {e.field: e.message for e in refused.value.errors}
    assert list(errors) == [field] and errors[field]
    assert not ServiceOrder.objects.exists() and not LegalAidCase.objects.exists()


def test_accepting_an_undecided_application_grants_aid_falv_yuanzhu_art_43(apply, wuhou_clerk):
    order = apply()
    order_act(actor=wuhou_clerk, order=order, action="accept")
    assert (order.status, order.stage) == (OrderStatus.ACCEPTED, "approved")
    assert order.events.filter(kind="legal_aid_approved").exists()
    assert not order.events.filter(kind="accepted").exists()
    # The order page names the stage and offers the next step of legal aid, from the declarations.
    client = Client()
    client.force_login(wuhou_clerk)
    page = client.get(reverse("orders:order_detail", args=[order.tracking_no])).content.decode()
    assert "已决定给予法律援助" in page
    assert reverse("orders:order_action", args=[order.tracking_no, "legal_aid_assign"]) in page


def test_decision_not_made_within_seven_days_raises_supervision_falv_yuanzhu_art_43(apply):
    order = apply(now=at(2026, 11, 2, 10, 0))
    assert clocks(order) == {"decide": (True, at(2026, 11, 9, 23, 59, 59))}  # seven days from receipt
    assert sweep_deadlines(now=at(2026, 11, 9, 12, 0)).overdue == []
    report = sweep_deadlines(now=at(2026, 11, 10, 9, 0))
    assert report.overdue == [order.tracking_no]
    supervision = SupervisionOrder.objects.get(order=order)
    assert supervision.clock.name == "decide" and "第四十三条" in supervision.reason


def test_granted_aid_is_assigned_within_three_days_falv_yuanzhu_art_43(apply, wuhou_clerk, aid_lawyer):
    order = apply(now=at(2026, 11, 2, 10, 0))
    with acting_at(at(2026, 11, 4, 9, 0)):
        order_act(actor=wuhou_clerk, order=order, action="accept")
    assert (order.status, order.stage) == (OrderStatus.ACCEPTED, "approved")
    assert clocks(order) == {
        "decide": (False, at(2026, 11, 9, 23, 59, 59)),
        # Three days from Wed 4 Nov end on Saturday, a rest day: the period ends on the next working day
        # (民法典第二百零三条), Mon 9 Nov.
        "assign": (True, at(2026, 11, 9, 23, 59, 59)),
    }
    with acting_at(at(2026, 11, 6, 9, 0)):
        order_act(actor=wuhou_clerk, order=order, action="legal_aid_assign", reason="指派张律师")
    assert (order.status, order.stage) == (OrderStatus.ACCEPTED, "assigned")
    assert not any(running for running, _due in clocks(order).values())
    assert sweep_deadlines(now=at(2026, 11, 30, 9, 0)).overdue == []


def test_a_refusal_is_written_with_its_reasons_and_the_right_to_object_falv_yuanzhu_art_43(
    apply, wuhou_clerk
):
    order = apply()
    with pytest.raises(ValidationFailed) as refused:
        order_act(actor=wuhou_clerk, order=order, action="reject", reason=" ")
    assert refused.value.errors[0].field == "reason"
    order_act(actor=wuhou_clerk, order=order, action="reject", reason="家庭人均月收入高于标准")
    assert (order.status, order.stage) == (OrderStatus.REJECTED, "refused")
    event = order.events.get(kind="legal_aid_refused")
    assert event.is_public and event.reason == "家庭人均月收入高于标准"
    # The refusal can be objected to (art. 49): the window offers to record the objection.
    client = Client()
    client.force_login(wuhou_clerk)
    page = client.get(reverse("orders:order_detail", args=[order.tracking_no])).content.decode()
    assert reverse("orders:order_action", args=[order.tracking_no, "legal_aid_object"]) in page
    assert clocks(order)["decide"][0] is False


def test_objection_not_reviewed_within_five_days_raises_supervision_falv_yuanzhu_art_49(
    apply, wuhou_clerk, chengdu_supervisor
):
    order = apply(now=at(2026, 11, 2, 10, 0))
    with acting_at(at(2026, 11, 3, 9, 0)):
        order_act(actor=wuhou_clerk, order=order, action="reject", reason="不属于法律援助范围")
    with acting_at(at(2026, 11, 4, 9, 0)):  # the applicant's written objection, taken at the window
        order_act(actor=wuhou_clerk, order=order, action="legal_aid_object", reason="我的收入低于标准")
    assert (order.status, order.stage) == (OrderStatus.REOPENED, "objection_review")
    assert clocks(order)["review_objection"] == (True, at(2026, 11, 9, 23, 59, 59))
    # The centre that refused cannot decide the objection: the justice bureau does.
    with pytest.raises(Exception) as refused:
        order_act(actor=wuhou_clerk, order=order, action="legal_aid_uphold_objection", reason="改正")
    assert refused.value.errors[0].code == "permission_denied"
    report = sweep_deadlines(now=at(2026, 11, 10, 9, 0))
    assert report.overdue == [order.tracking_no]
    supervision = SupervisionOrder.objects.get(order=order)
    assert supervision.clock.name == "review_objection" and "第四十九条" in supervision.reason


def test_an_upheld_objection_grants_aid_and_starts_the_assignment_clock_falv_yuanzhu_art_49(
    apply, wuhou_clerk, chengdu_supervisor
):
    order = apply(now=at(2026, 11, 2, 10, 0))
    order_act(actor=wuhou_clerk, order=order, action="reject", reason="不属于法律援助范围")
    order_act(actor=wuhou_clerk, order=order, action="legal_aid_object", reason="属于追索劳动报酬")
    with acting_at(at(2026, 11, 5, 9, 0)):
        order_act(
            actor=chengdu_supervisor, order=order, action="legal_aid_uphold_objection", reason="责令改正"
        )
    assert (order.status, order.stage) == (OrderStatus.ACCEPTED, "approved")
    running = {name: due for name, (on, due) in clocks(order).items() if on}
    assert running == {"assign": at(2026, 11, 9, 23, 59, 59)}  # Sun 8 Nov + the rest day rule
    assert sweep_deadlines(now=at(2026, 11, 9, 9, 0)).overdue == []
    assert sweep_deadlines(now=at(2026, 11, 10, 9, 0)).overdue == [order.tracking_no]


def test_a_dismissed_objection_leaves_the_refusal_standing(apply, wuhou_clerk, chengdu_supervisor):
    order = apply()
    order_act(actor=wuhou_clerk, order=order, action="reject", reason="不属于法律援助范围")
    order_act(actor=wuhou_clerk, order=order, action="legal_aid_object", reason="不服")
    order_act(actor=chengdu_supervisor, order=order, action="legal_aid_dismiss_objection", reason="维持")
    assert (order.status, order.stage) == (OrderStatus.REJECTED, "refused")
    assert not any(on for on, _due in clocks(order).values())
    assert order.events.get(kind="legal_aid_objection_dismissed").is_public


def test_criminal_notice_not_assigned_within_three_days_raises_supervision_falv_yuanzhu_art_36(
    apply, wuhou_clerk
):
    # A court's notice: no eligibility decision, a lawyer within three days of receipt.
    order = apply({"matter_type": "", "matter": "", "criminal_notice": "on"}, now=at(2026, 11, 2, 10, 0))
    order.refresh_from_db()
    assert (order.status, order.stage) == (OrderStatus.SUBMITTED, "notice_received")
    assert LegalAidCase.objects.get(order=order).matter_type == "criminal"
    # The seven-day decision clock of art. 43 applies to an application, not to a notice (a clock
    # condition of the workflow, docs/adr/0019): the notice has only its own three-day clock.
    assert clocks(order) == {"assign_notice": (True, at(2026, 11, 5, 23, 59, 59))}
    assert order.due_at == at(2026, 11, 5, 23, 59, 59)
    report = sweep_deadlines(now=at(2026, 11, 6, 9, 0))
    assert report.overdue == [order.tracking_no]
    supervision = SupervisionOrder.objects.get(order=order)
    assert supervision.clock.name == "assign_notice" and "第三十六条" in supervision.reason


def test_a_criminal_notice_assigned_in_time_is_not_supervised_falv_yuanzhu_art_36(
    apply, wuhou_clerk, aid_lawyer
):
    order = apply({"matter_type": "criminal", "criminal_notice": "on"}, now=at(2026, 11, 2, 10, 0))
    with acting_at(at(2026, 11, 4, 9, 0)):
        order_act(actor=wuhou_clerk, order=order, action="legal_aid_assign", reason="指派值班律师")
    assert (order.status, order.stage) == (OrderStatus.ACCEPTED, "assigned")
    assert sweep_deadlines(now=at(2026, 11, 30, 9, 0)).overdue == []


def test_a_criminal_notice_must_be_a_criminal_matter(apply):
    with pytest.raises(ValidationFailed) as refused:
        apply({"matter_type": "civil", "criminal_notice": "on"})
    assert [e.field for e in refused.value.errors] == ["details.criminal_notice"]


def test_urgent_aid_starts_before_the_formalities_falv_yuanzhu_art_44(apply, wuhou_clerk):
    order = apply({"urgency": "urgent"}, now=at(2026, 11, 2, 10, 0))
    with acting_at(at(2026, 11, 2, 11, 0)):
        order_act(
            actor=wuhou_clerk,
            order=order,
            action="legal_aid_start_urgently",
            reason="诉讼时效三日后届满，需立即起诉",
        )
    assert (order.status, order.stage) == (OrderStatus.IN_PROGRESS, "handling")
    assert order.accepted_by == wuhou_clerk
    assert not any(on for on, _due in clocks(order).values())
    assert order.events.get(kind="legal_aid_urgent_started").reason.startswith("诉讼时效")


def test_materials_requested_before_the_decision_return_the_application_to_it(apply, wuhou_clerk):
    order = apply()
    order_act(actor=wuhou_clerk, order=order, action="suspend", reason="请补充经济困难状况说明表")
    assert (order.status, order.stage) == (OrderStatus.SUSPENDED, "materials_requested")
    order_act(actor=wuhou_clerk, order=order, action="resume")
    assert (order.status, order.stage) == (OrderStatus.SUBMITTED, "")
    order_act(actor=wuhou_clerk, order=order, action="accept")
    assert (order.status, order.stage) == (OrderStatus.ACCEPTED, "approved")
