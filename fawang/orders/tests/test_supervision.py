"""Manual supervision (督办): issued by supervisors inside their jurisdiction, answered by the region
it was issued to."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from fawang.orders import services
from fawang.orders.enums import ErrorCode, EventKind, SupervisionKind, SupervisionStatus
from fawang.orders.selectors import supervisions_for_actor
from fawang.orders.tests.factories import working_day_deadline

pytestmark = pytest.mark.django_db


def in_days(n: int) -> dt.datetime:
    """n working days ahead (a supervisor's deadline is a working day); the past as it is."""
    return working_day_deadline(n) if n > 0 else timezone.now() + dt.timedelta(days=n)


def test_supervisor_issues_to_the_handler_and_the_handler_answers(submit, chengdu_supervisor, wuhou_clerk):
    order = submit()
    supervision = services.supervision_issue(
        actor=chengdu_supervisor, order=order, reason="请于三日内联系申请人并反馈进展", deadline=in_days(3)
    )
    assert supervision.kind == SupervisionKind.MANUAL and supervision.issued_to_region_id == "510107"
    assert supervision.issued_by == chengdu_supervisor
    issued = order.events.get(kind=EventKind.SUPERVISION_ISSUED)
    assert not issued.is_public and issued.actor == chengdu_supervisor
    assert list(supervisions_for_actor(actor=wuhou_clerk)) == [supervision]
    services.supervision_answer(
        actor=wuhou_clerk, supervision=supervision, response="已电话联系申请人，预约周四面谈"
    )
    supervision.refresh_from_db()
    assert supervision.status == SupervisionStatus.ANSWERED and supervision.answered_by == wuhou_clerk
    assert order.events.filter(kind=EventKind.SUPERVISION_ANSWERED).count() == 1
    with pytest.raises(Conflict) as caught:
        services.supervision_answer(actor=wuhou_clerk, supervision=supervision, response="再次答复")
    assert caught.value.code == ErrorCode.SUPERVISION_CLOSED


def test_supervision_outside_the_jurisdiction_does_not_exist(submit, ganzi_clerk, sichuan):
    order = submit()
    ganzi_supervisor = StaffFactory(jurisdiction_region_id="513300", roles=[Role.SUPERVISOR])
    with pytest.raises(NotFound):
        services.supervision_issue(actor=ganzi_supervisor, order=order, reason="督办", deadline=in_days(3))
    with pytest.raises(Forbidden):  # a clerk sees the order but does not supervise
        services.supervision_issue(
            actor=StaffFactory(jurisdiction_region_id="510107", roles=[Role.COUNTY_STAFF]),
            order=order,
            reason="督办",
            deadline=in_days(3),
        )


def test_ganzi_clerk_cannot_answer_a_chengdu_supervision(submit, chengdu_supervisor, ganzi_clerk):
    order = submit()
    supervision = services.supervision_issue(
        actor=chengdu_supervisor, order=order, reason="督办", deadline=in_days(3)
    )
    with pytest.raises(NotFound):
        services.supervision_answer(actor=ganzi_clerk, supervision=supervision, response="不是我们的")
    assert list(supervisions_for_actor(actor=ganzi_clerk)) == []


def test_reason_and_a_future_deadline_are_required_together(submit, chengdu_supervisor):
    order = submit()
    with pytest.raises(ValidationFailed) as caught:
        services.supervision_issue(actor=chengdu_supervisor, order=order, reason=" ", deadline=in_days(-1))
    assert {(e.field, e.code) for e in caught.value.errors} == {
        ("reason", ErrorCode.REASON_REQUIRED),
        ("deadline", ErrorCode.DEADLINE_IN_PAST),
    }
    assert not order.supervisions.exists()


@pytest.mark.usefixtures("fresh_calendar")
def test_an_automatic_supervision_deadline_counted_before_the_notice_is_recounted(submit, provincial_admin):
    from fawang.audit.models import AuditEntry
    from fawang.core.calendar import TZ
    from fawang.core.services import schedule_year_enter
    from fawang.core.tests.schedules import HOLIDAYS_2027, NOTICE_2027, WORKDAYS_2027
    from fawang.orders.models import SupervisionOrder
    from fawang.orders.sweep import sweep_deadlines

    # Overdue on Thu 4 Feb 2027; 3 working days to answer counted before the 2027 notice: Tue 9 Feb.
    submit(now=dt.datetime(2027, 1, 26, 10, tzinfo=TZ))
    sweep_deadlines(now=dt.datetime(2027, 2, 4, 9, tzinfo=TZ))
    supervision = SupervisionOrder.objects.get()
    assert supervision.deadline_is_provisional
    provisional = supervision.deadline
    schedule_year_enter(
        actor=provincial_admin,
        year=2027,
        notice=NOTICE_2027,
        holidays=HOLIDAYS_2027,
        adjusted_workdays=WORKDAYS_2027,
    )
    supervision.refresh_from_db()
    # The notice makes 5-12 Feb rest days: the three working days now end later.
    assert not supervision.deadline_is_provisional and supervision.deadline > provisional
    assert AuditEntry.objects.filter(
        action="supervision.deadline_recounted", entity_id=str(supervision.pk)
    ).exists()


def _next_rest_day(*, weekday: bool) -> dt.date:
    """The next day after today that the official calendar rests: a weekend day, or a holiday that falls
    on a weekday (元旦, 春节 ...)."""
    from fawang.core.calendar import is_workday

    day = timezone.localdate() + dt.timedelta(days=1)
    while is_workday(day) or (day.weekday() < 5) != weekday:
        day += dt.timedelta(days=1)
    return day


@pytest.mark.parametrize("on_a_weekday", [False, True], ids=["weekend", "public-holiday"])
def test_a_deadline_on_a_rest_day_is_refused_naming_the_field(submit, chengdu_supervisor, on_a_weekday):
    from fawang.core.calendar import TZ

    order = submit()
    rest_day = _next_rest_day(weekday=on_a_weekday)
    with pytest.raises(ValidationFailed) as caught:
        services.supervision_issue(
            actor=chengdu_supervisor,
            order=order,
            reason="请说明办理进度",
            deadline=dt.datetime.combine(rest_day, dt.time(17, 30), tzinfo=TZ),
        )
    (error,) = caught.value.errors
    assert (error.field, error.code) == ("deadline", ErrorCode.DEADLINE_NOT_WORKING_DAY)
    assert str(error.message) == f"{rest_day.isoformat()} 不是法定工作日（周末或节假日），请选择工作日。"
    assert not order.supervisions.exists()


def test_a_second_manual_supervision_of_the_same_order_is_refused_while_the_first_is_open(
    submit, chengdu_supervisor, wuhou_clerk
):
    order = submit()
    first = services.supervision_issue(
        actor=chengdu_supervisor, order=order, reason="请三日内联系申请人", deadline=in_days(3)
    )
    with pytest.raises(Conflict) as caught:
        services.supervision_issue(
            actor=chengdu_supervisor, order=order, reason="请三日内联系申请人", deadline=in_days(3)
        )
    assert caught.value.code == ErrorCode.SUPERVISION_ALREADY_OPEN
    assert timezone.localtime(first.deadline).strftime("%Y-%m-%d %H:%M") in str(caught.value.message)
    assert order.supervisions.count() == 1

    # Once answered, the supervisor may follow up with a new one.
    services.supervision_answer(actor=wuhou_clerk, supervision=first, response="已联系申请人")
    services.supervision_issue(
        actor=chengdu_supervisor, order=order, reason="请报告结果", deadline=in_days(4)
    )
    assert order.supervisions.count() == 2
