"""Assignment of a granted legal aid case (issue 11, item 4; 法律援助法第四十三条、第四十六条): the
suggestion stored with the assignment, the conflict check, the assignee's answer, reassignment, the
lawyer's own queue and the three-day clock."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.accounts.tests.minimal_rows import institution, practitioner
from fawang.audit.models import AuditEntry
from fawang.core.errors import DomainError, ValidationFailed
from fawang.legalaid.assignment import (
    aid_practitioner_enrol,
    assigned_cases_for,
    conflict_record_create,
    duty_shift_add,
    duty_station_create,
    legal_aid_answer,
    legal_aid_assign,
)
from fawang.legalaid.models import Assignment
from fawang.legalaid.suggestion import explain_component
from fawang.network.models import ServicePoint
from fawang.orders.engine import order_act
from fawang.orders.enums import OrderStatus
from fawang.orders.models import SupervisionOrder
from fawang.orders.sweep import sweep_deadlines

from .test_workflow import acting_at, at, clocks

pytestmark = pytest.mark.django_db


def _lawyer(firm, username, **panel):
    user = StaffFactory(username=username, jurisdiction_institution=firm, roles=[Role.PRACTITIONER])
    record = practitioner(firm, user=user, name=username)
    record.languages = panel.pop("languages", ["zh"])
    record.save()
    aid_practitioner_enrol(
        actor=None, practitioner=record, matter_types=panel.pop("matter_types", ["civil"]), **panel
    )
    return user, record


@pytest.fixture
def panel(sichuan):
    firm = institution("510107", "四川清源律师事务所（武侯区）")
    other = institution("510104", "四川锦江律师事务所")
    return {
        "zhang": _lawyer(firm, "zhang", matters=["wages"]),
        "li": _lawyer(firm, "li"),
        "wang": _lawyer(other, "wang", matters=["wages"]),
        "firm": firm,
        "other": other,
    }


def _granted(apply, clerk, **details):
    order = apply(details or None)
    order_act(actor=clerk, order=order, action="accept")
    return order


def test_the_centre_assigns_from_the_suggestion_and_it_is_stored_with_the_assignment(
    apply, wuhou_clerk, panel
):
    order = _granted(apply, wuhou_clerk)
    zhang = panel["zhang"][1]
    row = legal_aid_assign(actor=wuhou_clerk, order=order, practitioner_id=zhang.pk, reason="劳动争议专长")
    order.refresh_from_db()
    assert (order.status, order.stage, order.assigned_practitioner_id) == ("accepted", "assigned", zhang.pk)
    assert row.rank == 1 and not row.overridden and row.state == "pending"
    # Inputs and output are kept: the choice can be explained again later, in any language.
    assert row.case_facts["matter"] == "wages" and len(row.candidates) == 3
    first = row.suggestion["ranked"][0]
    assert first["id"] == zhang.pk
    assert next(explain_component(c) for c in first["components"]) == "擅长此类事项。"  # zh-hans, the default
    event = order.events.get(kind="legal_aid_assigned")
    assert event.reason == "劳动争议专长" and event.data["practitioner"] == zhang.pk
    assert AuditEntry.objects.filter(action="order.legal_aid_assign").exists()


def test_choosing_another_than_the_first_is_an_override_with_its_reason(apply, wuhou_clerk, panel):
    order = _granted(apply, wuhou_clerk)
    li = panel["li"][1]
    with pytest.raises(ValidationFailed) as refused:
        legal_aid_assign(actor=wuhou_clerk, order=order, practitioner_id=li.pk, reason=" ")
    assert refused.value.errors[0].field == "reason"
    row = legal_aid_assign(actor=wuhou_clerk, order=order, practitioner_id=li.pk, reason="申请人指定")
    assert row.overridden and row.rank == 3


def test_a_lawyer_whose_firm_acts_for_the_opposing_party_is_excluded_with_the_reason(
    apply, wuhou_clerk, panel
):
    conflict_record_create(
        actor=wuhou_clerk, party="成都某建筑劳务公司", institution=panel["firm"], note="常年法律顾问"
    )
    order = _granted(apply, wuhou_clerk, opposing_party="成都某建筑劳务公司")
    zhang = panel["zhang"][1]
    with pytest.raises(ValidationFailed) as refused:
        legal_aid_assign(actor=wuhou_clerk, order=order, practitioner_id=zhang.pk, reason="专长")
    error = refused.value.errors[0]
    assert error.field == "practitioner" and "成都某建筑劳务公司" in error.message
    order.refresh_from_db()
    assert order.stage == "approved" and not Assignment.objects.exists()


def test_acting_for_the_opposing_party_in_another_legal_aid_case_is_a_conflict(apply, wuhou_clerk, panel):
    # Wang acts for 赵六 in one case; 赵六 is the opposing party of the next.
    case_one = apply(applicant_name="赵六")
    order_act(actor=wuhou_clerk, order=case_one, action="accept")
    wang = panel["wang"][1]
    legal_aid_assign(actor=wuhou_clerk, order=case_one, practitioner_id=wang.pk, reason="就近")
    case_two = _granted(apply, wuhou_clerk, opposing_party="赵六")
    with pytest.raises(ValidationFailed) as refused:
        legal_aid_assign(actor=wuhou_clerk, order=case_two, practitioner_id=wang.pk, reason="专长")
    assert "赵六" in refused.value.errors[0].message


def test_the_lawyer_accepts_and_works_the_case_in_their_own_queue(apply, wuhou_clerk, panel):
    order = _granted(apply, wuhou_clerk)
    zhang_user, zhang = panel["zhang"]
    li_user, _li = panel["li"]
    other = _granted(apply, wuhou_clerk)
    legal_aid_assign(actor=wuhou_clerk, order=order, practitioner_id=zhang.pk, reason="专长")
    legal_aid_assign(actor=wuhou_clerk, order=other, practitioner_id=panel["li"][1].pk, reason="轮换")
    assert list(assigned_cases_for(zhang_user)) == [order]  # not the colleague's, not the firm's
    with pytest.raises(DomainError):
        legal_aid_answer(actor=li_user, order=order, accept=True)
    row = legal_aid_answer(actor=zhang_user, order=order, accept=True)
    order.refresh_from_db()
    assert row.state == "accepted" and (order.status, order.stage) == ("in_progress", "handling")
    assert order.events.get(kind="legal_aid_assignment_accepted").is_public
    # Art. 46: once accepted, not declined.
    with pytest.raises(DomainError):
        legal_aid_answer(actor=zhang_user, order=order, accept=False, reason="太忙")
    client = Client()
    client.force_login(zhang_user)
    page = client.get(reverse("legalaid:my_cases")).content.decode()
    assert order.tracking_no in page and other.tracking_no not in page


def test_declining_returns_the_case_to_the_centre_and_restarts_the_clock_falv_yuanzhu_art_43(
    apply, wuhou_clerk, panel
):
    order = apply(now=at(2026, 11, 2, 10, 0))
    with acting_at(at(2026, 11, 3, 9, 0)):
        order_act(actor=wuhou_clerk, order=order, action="accept")
        legal_aid_assign(actor=wuhou_clerk, order=order, practitioner_id=panel["zhang"][1].pk, reason="专长")
    assert not clocks(order)["assign"][0]
    zhang_user = panel["zhang"][0]
    with pytest.raises(ValidationFailed):
        legal_aid_answer(actor=zhang_user, order=order, accept=False, reason="")
    with acting_at(at(2026, 11, 4, 9, 0)):
        legal_aid_answer(actor=zhang_user, order=order, accept=False, reason="与对方当事人有利害关系")
    order.refresh_from_db()
    assert (order.stage, order.assigned_practitioner_id) == ("approved", None)
    assert list(assigned_cases_for(zhang_user)) == []
    running = {name: due for name, (on, due) in clocks(order).items() if on}
    assert running == {"assign": at(2026, 11, 9, 23, 59, 59)}  # 3 days from Wed 4 Nov, past the weekend
    # Nobody reassigns: supervision names the clock and its article.
    assert sweep_deadlines(now=at(2026, 11, 10, 9, 0)).overdue == [order.tracking_no]
    supervision = SupervisionOrder.objects.get(order=order)
    assert supervision.clock.name == "assign" and "第四十三条" in supervision.reason


def test_granted_aid_not_assigned_within_three_days_escalates_falv_yuanzhu_art_43(apply, wuhou_clerk, panel):
    order = apply(now=at(2026, 11, 2, 10, 0))
    with acting_at(at(2026, 11, 2, 11, 0)):
        order_act(actor=wuhou_clerk, order=order, action="accept")
    assert clocks(order)["assign"] == (True, at(2026, 11, 5, 23, 59, 59))
    assert sweep_deadlines(now=at(2026, 11, 5, 9, 0)).overdue == []
    assert sweep_deadlines(now=at(2026, 11, 6, 9, 0)).overdue == [order.tracking_no]
    assert "第四十三条" in SupervisionOrder.objects.get(order=order).reason


def test_the_centre_reassigns_with_a_reason(apply, wuhou_clerk, panel):
    order = _granted(apply, wuhou_clerk)
    zhang_user, zhang = panel["zhang"]
    legal_aid_assign(actor=wuhou_clerk, order=order, practitioner_id=zhang.pk, reason="专长")
    legal_aid_answer(actor=zhang_user, order=order, accept=True)
    order.refresh_from_db()
    wang = panel["wang"][1]
    with pytest.raises(ValidationFailed):
        legal_aid_assign(actor=wuhou_clerk, order=order, practitioner_id=wang.pk, reason="")
    legal_aid_assign(actor=wuhou_clerk, order=order, practitioner_id=wang.pk, reason="受援人申请更换")
    order.refresh_from_db()
    assert (order.status, order.stage, order.assigned_practitioner_id) == ("accepted", "assigned", wang.pk)
    states = list(Assignment.objects.filter(order=order).values_list("state", flat=True))
    assert states == ["replaced", "pending"]
    assert order.events.get(kind="legal_aid_reassigned").reason == "受援人申请更换"


def test_a_practitioner_cannot_assign(apply, wuhou_clerk, panel):
    order = _granted(apply, wuhou_clerk)
    zhang_user, zhang = panel["zhang"]
    with pytest.raises(DomainError):
        legal_aid_assign(actor=zhang_user, order=order, practitioner_id=zhang.pk, reason="我来")
    assert not Assignment.objects.exists()


def test_the_duty_lawyer_on_the_roster_is_suggested_first_for_a_criminal_notice(apply, wuhou_clerk, panel):
    from django.utils import timezone

    from fawang.accounts.tests.minimal_rows import service_point

    point: ServicePoint = service_point("510107", "武侯区人民法院值班律师工作站")
    station = duty_station_create(actor=None, service_point=point, host="court", host_name="武侯区人民法院")
    _li_user, li = panel["li"]
    aid_practitioner_enrol(actor=None, practitioner=li, matter_types=["criminal"])
    aid_practitioner_enrol(actor=None, practitioner=panel["zhang"][1], matter_types=["criminal"])
    duty_shift_add(actor=None, station=station, practitioner=li, day=timezone.localdate(), shift="morning")
    order = apply({"matter_type": "criminal", "matter": "", "criminal_notice": "on"})
    client = Client()
    client.force_login(wuhou_clerk)
    page = client.get(reverse("legalaid:assignment", args=[order.tracking_no]))
    assert page.status_code == 200
    body = page.content.decode()
    assert body.index(f'data-practitioner="{li.pk}"') < body.index(
        f'data-practitioner="{panel["zhang"][1].pk}"'
    )
    assert "武侯区人民法院" in body  # the day's duty roster
    response = client.post(
        reverse("legalaid:assignment", args=[order.tracking_no]),
        {"practitioner": li.pk, "reason": "今日值班律师"},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.stage, order.assigned_practitioner_id) == (
        OrderStatus.ACCEPTED,
        "assigned",
        li.pk,
    )


def test_the_api_suggests_assigns_and_the_lawyer_answers(apply, wuhou_clerk, panel):
    from fawang.accounts.services import api_token_create

    order = _granted(apply, wuhou_clerk, opposing_party="成都某建筑劳务公司")
    conflict_record_create(actor=wuhou_clerk, party="成都某建筑劳务公司", practitioner=panel["wang"][1])
    _t, clerk_token = api_token_create(actor=wuhou_clerk, user=wuhou_clerk, name="t")
    clerk = Client(HTTP_AUTHORIZATION=f"Bearer {clerk_token}")
    body = clerk.get(f"/api/v1/legal-aid/{order.tracking_no}/suggestion").json()
    assert [r["practitioner"] for r in body["ranked"]] == [panel["zhang"][1].pk, panel["li"][1].pk]
    assert body["excluded"][0]["reason"] == "conflict_opposing_party"
    assert {c["name"] for c in body["ranked"][0]["components"]} >= {
        "specialty",
        "language",
        "locality",
        "load",
        "rotation",
    }
    refused = clerk.post(
        f"/api/v1/legal-aid/{order.tracking_no}/assignment",
        {"practitioner": panel["wang"][1].pk, "reason": "就近"},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["field"] == "practitioner"
    made = clerk.post(
        f"/api/v1/legal-aid/{order.tracking_no}/assignment",
        {"practitioner": panel["zhang"][1].pk, "reason": "劳动争议专长"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["rank"] == 1
    zhang_user = panel["zhang"][0]
    _t, lawyer_token = api_token_create(actor=zhang_user, user=zhang_user, name="t")
    lawyer = Client(HTTP_AUTHORIZATION=f"Bearer {lawyer_token}")
    assert [c["tracking_no"] for c in lawyer.get("/api/v1/legal-aid/assigned").json()] == [order.tracking_no]
    no_reason = lawyer.post(
        f"/api/v1/legal-aid/{order.tracking_no}/assignment/answer",
        {"accept": False},
        content_type="application/json",
    )
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    answered = lawyer.post(
        f"/api/v1/legal-aid/{order.tracking_no}/assignment/answer",
        {"accept": True},
        content_type="application/json",
    )
    assert answered.status_code == 200 and answered.json()["state"] == "accepted"


def test_an_undecided_application_cannot_be_assigned_and_nothing_is_saved(apply, wuhou_clerk, panel):
    order = apply()
    with pytest.raises(DomainError) as refused:
        legal_aid_assign(actor=wuhou_clerk, order=order, practitioner_id=panel["zhang"][1].pk, reason="专长")
    assert refused.value.errors[0].code == "transition_not_allowed"
    order.refresh_from_db()
    assert (order.status, order.stage, order.assigned_practitioner_id) == ("submitted", "", None)
    assert not Assignment.objects.exists()


# ---- the kept panel (assignment.panel_members): a change is seen by the next suggestion --------------


@pytest.fixture
def kept_long(settings):
    settings.FAWANG_PANEL_INDEX_TTL = 3600  # no version check in the test: only the invalidation counts


def test_a_panel_change_is_seen_by_the_next_suggestion(apply, wuhou_clerk, panel, kept_long):
    from fawang.legalaid.assignment import suggestion_for

    order = _granted(apply, wuhou_clerk)
    zhang, li = panel["zhang"][1], panel["li"][1]
    _facts, _candidates, before = suggestion_for(order)
    assert before.ranked[0].id == zhang.pk
    # Zhang goes on leave and Li takes wage claims: the very next suggestion says so.
    aid_practitioner_enrol(
        actor=None, practitioner=zhang, matter_types=["civil"], matters=["wages"], accepting=False
    )
    aid_practitioner_enrol(actor=None, practitioner=li, matter_types=["civil"], matters=["wages"])
    _facts, _candidates, after = suggestion_for(order)
    assert [(e.id, e.reason) for e in after.excluded] == [(zhang.pk, "unavailable")]
    assert after.ranked[0].id == li.pk
    # A newcomer enrolled on the panel is a candidate at once.
    _user, newcomer = _lawyer(panel["firm"], "zhao", matters=["wages"])
    _facts, candidates, _result = suggestion_for(order)
    assert newcomer.pk in {c.id for c in candidates}


def test_the_load_stays_current_while_the_panel_is_kept(apply, wuhou_clerk, panel, kept_long):
    from fawang.legalaid.assignment import suggestion_for

    zhang = panel["zhang"][1]
    aid_practitioner_enrol(
        actor=None, practitioner=zhang, matter_types=["civil"], matters=["wages"], capacity=1
    )
    first = _granted(apply, wuhou_clerk)
    second = _granted(apply, wuhou_clerk)
    assert suggestion_for(second)[2].ranked[0].id == zhang.pk
    legal_aid_assign(actor=wuhou_clerk, order=first, practitioner_id=zhang.pk, reason="劳动争议专长")
    # Nothing on the panel changed; Zhang's one open case fills their ceiling all the same.
    _facts, _candidates, result = suggestion_for(second)
    assert (zhang.pk, "at_capacity") in [(e.id, e.reason) for e in result.excluded]


def test_a_change_made_by_another_process_is_seen_after_the_version_check(
    apply, wuhou_clerk, panel, settings
):
    from django.utils import timezone

    from fawang.legalaid.assignment import suggestion_for
    from fawang.legalaid.models import AidPractitioner

    settings.FAWANG_PANEL_INDEX_TTL = 0  # check the version on every read
    order = _granted(apply, wuhou_clerk)
    zhang = panel["zhang"][1]
    assert suggestion_for(order)[2].ranked[0].id == zhang.pk
    # An UPDATE without this process's signals (as another server's would look from here).
    AidPractitioner.objects.filter(pk=zhang.pk).update(accepting=False, updated_at=timezone.now())
    _facts, _candidates, result = suggestion_for(order)
    assert (zhang.pk, "unavailable") in [(e.id, e.reason) for e in result.excluded]


def test_a_bulk_update_without_its_timestamp_is_seen_after_the_version_check(
    apply, wuhou_clerk, panel, settings
):
    """QuerySet.update() sends no signal and auto_now does not act on it: the panel's models stamp
    updated_at on a bulk update themselves (core.models.StampedQuerySet), so the version moves."""
    from fawang.legalaid.assignment import suggestion_for
    from fawang.legalaid.models import AidPractitioner
    from fawang.network.models import Practitioner

    settings.FAWANG_PANEL_INDEX_TTL = 0  # check the version on every read
    order = _granted(apply, wuhou_clerk)
    zhang, li = panel["zhang"][1], panel["li"][1]
    assert suggestion_for(order)[2].ranked[0].id == zhang.pk
    AidPractitioner.objects.filter(practitioner=zhang).update(accepting=False)
    _facts, _candidates, result = suggestion_for(order)
    assert (zhang.pk, "unavailable") in [(e.id, e.reason) for e in result.excluded]
    # A change to the network's practitioner row (its languages) is seen the same way.
    Practitioner.objects.filter(pk=li.pk).update(languages=["zh", "ii"])
    _facts, candidates, _result = suggestion_for(order)
    assert next(c for c in candidates if c.id == li.pk).languages == ("zh", "ii")
