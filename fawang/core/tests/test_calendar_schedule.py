"""A provincial admin enters the next year's State Council holiday schedule; provisional due dates are
recounted. The 2027 schedule used here is made up for the test (New Year Jan 1–3, Spring Festival
Feb 5–13 with Sat Feb 20 worked, nothing after February), not the real notice. Before it is entered
2027 counts the holidays fixed by law (test_calendar_statutory): Fri Jan 1, Fri Feb 5 – Mon Feb 8, ..."""

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from fawang.audit.models import AuditEntry
from fawang.catalog.enums import LimitUnit, ServiceCategory
from fawang.catalog.models import ServiceItem
from fawang.core import calendar
from fawang.core.calendar import TZ, compute_deadline, is_workday
from fawang.core.errors import Forbidden, ValidationFailed
from fawang.core.models import CalendarDay, HolidayScheduleYear, ScheduleSource
from fawang.core.services import schedule_year_enter
from fawang.orders.enums import Channel, EventKind, OrderStatus
from fawang.orders.models import OrderEvent, ServiceOrder
from fawang.regions.models import Region

from .schedules import HOLIDAYS_2027, NOTICE_2027, WORKDAYS_2027

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_calendar")]


@pytest.fixture
def notary_item():
    return ServiceItem.objects.create(
        code="notary-test",
        name="公证",
        category=ServiceCategory.NOTARY,
        time_limit=15,
        time_limit_unit=LimitUnit.WORKING_DAYS,
        legal_basis="公证程序规则",
    )


def make_order(
    item: ServiceItem, *, accepted: dt.datetime, tracking_no: str, paused: int = 0
) -> ServiceOrder:
    region = Region.objects.get(code="510107")
    deadline = compute_deadline(
        start=accepted, limit=item.time_limit, unit=item.time_limit_unit, paused_working_days=paused
    )
    order = ServiceOrder.objects.create(
        tracking_no=tracking_no,
        channel=Channel.WINDOW,
        service_item=item,
        applicant_kind="citizen",
        applicant_name="陈明",
        region=region,
        region_path=region.path,
        handler_region_path=region.path,
        description="申请办理公证",
        status=OrderStatus.IN_PROGRESS,
        submitted_at=accepted,
        due_at=deadline.due_at,
        warn_at=deadline.warn_at,
        due_is_provisional=deadline.provisional,
    )
    # Its statutory clock, as the notary limit starts it at acceptance (公证法第三十条).
    from fawang.orders.clock import clock_new, law_table

    clock = clock_new(order, law_table(item)[0], accepted)
    clock.paused_working_days = paused
    clock.due_at, clock.warn_at = deadline.due_at, deadline.warn_at
    clock.save()
    return order


def test_entering_2027_recounts_a_provisional_order(provincial_admin, notary_item):
    # Accepted Sun 2026-12-20: Fri Jan 1 is 元旦 by law, so before the notice the order is already due
    # Mon Jan 11, provisionally (test_calendar_statutory).
    january = make_order(notary_item, accepted=dt.datetime(2026, 12, 20, 9, tzinfo=TZ), tracking_no="T-PROV")
    assert january.due_is_provisional is True
    assert january.due_at == dt.datetime(2027, 1, 11, 23, 59, 59, tzinfo=TZ)
    # Accepted Mon 2027-01-25: by law Feb 5 and Feb 8 are rest days. Jan 26–29 (1–4), Feb 1–4 (5–8),
    # Feb 9–12 (9–12), Feb 15–17 (13–15): due Wed Feb 17.
    february = make_order(notary_item, accepted=dt.datetime(2027, 1, 25, 9, tzinfo=TZ), tracking_no="T-FEB")
    assert february.due_at == dt.datetime(2027, 2, 17, 23, 59, 59, tzinfo=TZ)
    # An order due inside 2026 is not touched.
    settled = make_order(notary_item, accepted=dt.datetime(2026, 11, 2, 9, tzinfo=TZ), tracking_no="T-2026")

    schedule = schedule_year_enter(
        actor=provincial_admin,
        year=2027,
        notice=NOTICE_2027,
        holidays=HOLIDAYS_2027,
        adjusted_workdays=WORKDAYS_2027,
    )

    assert schedule.source == ScheduleSource.NOTICE
    assert schedule.entered_by == provincial_admin
    assert schedule.recomputed_orders == 2
    assert calendar.last_scheduled_year() == 2027
    assert is_workday(dt.date(2027, 1, 1)) is False
    assert is_workday(dt.date(2027, 2, 9)) is False  # a bridge day only the notice could give
    assert is_workday(dt.date(2027, 2, 20)) is True  # a Saturday worked
    # The notice confirms January: same due date, no longer provisional.
    january.refresh_from_db()
    assert january.due_at == dt.datetime(2027, 1, 11, 23, 59, 59, tzinfo=TZ)
    assert january.warn_at == dt.datetime(2027, 1, 6, 23, 59, 59, tzinfo=TZ)  # working day 12
    assert january.due_is_provisional is False
    event = OrderEvent.objects.get(order=january, kind=EventKind.DUE_RECOMPUTED)
    assert event.data["old_due_at"] == event.data["new_due_at"]
    assert event.data["old_provisional"] is True and event.data["new_provisional"] is False
    # The bridge days Feb 9–12 and the Saturday worked move February's: Jan 26–29 (1–4), Feb 1–4
    # (5–8), Feb 15–19 (9–13), Sat Feb 20 (14), Mon Feb 22 (15).
    february.refresh_from_db()
    assert february.due_at == dt.datetime(2027, 2, 22, 23, 59, 59, tzinfo=TZ)
    assert february.warn_at == dt.datetime(2027, 2, 18, 23, 59, 59, tzinfo=TZ)  # working day 12
    assert february.due_is_provisional is False
    event = OrderEvent.objects.get(order=february, kind=EventKind.DUE_RECOMPUTED)
    assert event.actor == provincial_admin
    assert event.data["old_due_at"].startswith("2027-02-17T23:59:59")
    assert event.data["new_due_at"].startswith("2027-02-22T23:59:59")
    assert event.data["new_provisional"] is False
    assert not OrderEvent.objects.filter(order=settled).exists()
    audit = AuditEntry.objects.get(action="calendar.year_entered", entity_id="2027")
    assert audit.after["notice"] == NOTICE_2027
    assert ["2027-02-20", "春节调休上班"] in audit.after["adjusted_workdays"]


def test_an_order_running_into_2028_is_recounted_but_stays_provisional(provincial_admin, notary_item):
    item = ServiceItem.objects.create(
        code="appraisal-test",
        name="司法鉴定",
        category=ServiceCategory.APPRAISAL,
        time_limit=300,
        legal_basis="司法鉴定程序通则",
    )
    order = make_order(item, accepted=dt.datetime(2026, 12, 1, 9, tzinfo=TZ), tracking_no="T-LONG")
    old_due = order.due_at
    schedule_year_enter(
        actor=provincial_admin,
        year=2027,
        notice=NOTICE_2027,
        holidays=HOLIDAYS_2027,
        adjusted_workdays=WORKDAYS_2027,
    )
    order.refresh_from_db()
    assert order.due_is_provisional is True
    # By law 2027 rests on seven weekdays (Jan 1, Feb 5, Feb 8, Apr 5, Jun 9, Sep 15, Oct 1). The made-up
    # notice also has seven (Jan 1, Feb 5, Feb 8–12) but nothing after February, and a Saturday worked:
    # one working day more, so the count ends one working day earlier.
    assert order.due_at < old_due
    assert (
        calendar.working_days_between(order.due_at.astimezone(TZ).date(), old_due.astimezone(TZ).date()) == 1
    )


def test_a_warning_that_fired_early_on_the_provisional_count_fires_again(provincial_admin, notary_item):
    # Accepted Mon 2027-01-25. Provisionally the warning (working day 12) fell on Fri Feb 12 and the sweep
    # sent it. The schedule arrives late, on Sat Feb 13: Feb 9–12 are bridge days, so day 12 is Thu
    # Feb 18 and the order is not due soon yet by the official count; the mark is cleared and the
    # sweep warns again that night.
    from fawang.orders.sweep import sweep_deadlines

    order = make_order(notary_item, accepted=dt.datetime(2027, 1, 25, 9, tzinfo=TZ), tracking_no="T-WARN")
    assert order.warn_at == dt.datetime(2027, 2, 12, 23, 59, 59, tzinfo=TZ)
    assert sweep_deadlines(now=dt.datetime(2027, 2, 13, 0, 5, tzinfo=TZ)).warned == ["T-WARN"]

    schedule_year_enter(
        actor=provincial_admin,
        year=2027,
        notice=NOTICE_2027,
        holidays=HOLIDAYS_2027,
        adjusted_workdays=WORKDAYS_2027,
        now=dt.datetime(2027, 2, 13, 10, 0, tzinfo=TZ),
    )
    order.refresh_from_db()
    assert order.warn_at == dt.datetime(2027, 2, 18, 23, 59, 59, tzinfo=TZ)
    assert order.clocks.get().warned_at is None  # the sweep's mark is cleared: it lies ahead again
    audit = AuditEntry.objects.get(action="order.due_recomputed", entity_id=str(order.pk))
    assert audit.actor == provincial_admin
    assert audit.before["warn_at"] != audit.after["warn_at"]

    assert sweep_deadlines(now=dt.datetime(2027, 2, 13, 18, 0, tzinfo=TZ)).warned == []
    assert sweep_deadlines(now=dt.datetime(2027, 2, 19, 0, 5, tzinfo=TZ)).warned == ["T-WARN"]
    kinds = list(order.events.values_list("kind", flat=True))
    assert kinds == [EventKind.WARNED, EventKind.DUE_RECOMPUTED, EventKind.WARNED]


def test_correcting_a_year_replaces_its_days(provincial_admin):
    schedule_year_enter(
        actor=provincial_admin,
        year=2027,
        notice=NOTICE_2027,
        holidays=HOLIDAYS_2027,
        adjusted_workdays=WORKDAYS_2027,
    )
    schedule_year_enter(
        actor=provincial_admin,
        year=2027,
        notice=NOTICE_2027 + "（更正）",
        holidays=[(dt.date(2027, 1, 1), dt.date(2027, 1, 1), "元旦")],
        adjusted_workdays=[],
    )
    assert list(CalendarDay.objects.filter(year=2027).values_list("date", flat=True)) == [dt.date(2027, 1, 1)]
    assert is_workday(dt.date(2027, 2, 8)) is True  # the old Spring Festival Monday is gone
    assert AuditEntry.objects.filter(action="calendar.year_corrected", entity_id="2027").count() == 1


def test_only_a_provincial_admin_may_enter_a_schedule(wuhou_clerk):
    with pytest.raises(Forbidden):
        schedule_year_enter(
            actor=wuhou_clerk,
            year=2027,
            notice=NOTICE_2027,
            holidays=HOLIDAYS_2027,
            adjusted_workdays=WORKDAYS_2027,
        )
    assert not HolidayScheduleYear.objects.filter(year=2027).exists()


def test_invalid_schedule_reports_every_bad_field_and_saves_nothing(provincial_admin):
    with pytest.raises(ValidationFailed) as caught:
        schedule_year_enter(
            actor=provincial_admin,
            year=2027,
            notice="  ",
            holidays=[
                (dt.date(2027, 1, 3), dt.date(2027, 1, 1), "元旦"),  # reversed
                (dt.date(2026, 12, 31), dt.date(2027, 1, 2), "元旦"),  # starts in 2026
                (dt.date(2027, 5, 1), dt.date(2027, 5, 5), ""),  # no name
            ],
            adjusted_workdays=[
                (dt.date(2027, 2, 22), "春节调休上班"),  # a Monday
                ("2027-02-30", "春节调休上班"),  # no such date
            ],
        )
    errors = {e.field: e.code for e in caught.value.errors}
    assert errors == {
        "notice": "calendar_notice_required",
        "holidays[0].end": "calendar_range_reversed",
        "holidays[1].start": "calendar_date_outside_year",
        "holidays[2].name": "calendar_name_required",
        "adjusted_workdays[0].date": "calendar_workday_not_weekend",
        "adjusted_workdays[1].date": "calendar_date_invalid",
    }
    assert not HolidayScheduleYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert calendar.last_scheduled_year() == 2026


def test_years_are_entered_in_order(provincial_admin):
    with pytest.raises(ValidationFailed) as caught:
        schedule_year_enter(
            actor=provincial_admin,
            year=2028,
            notice="国务院办公厅关于2028年部分节假日安排的通知",
            holidays=[(dt.date(2028, 1, 1), dt.date(2028, 1, 1), "元旦")],
            adjusted_workdays=[],
        )
    assert caught.value.errors[0].field == "year"
    assert "2027" in str(caught.value.errors[0].message)
    assert not HolidayScheduleYear.objects.filter(year=2028).exists()


def test_a_failure_during_recount_rolls_everything_back(provincial_admin, notary_item, monkeypatch):
    make_order(notary_item, accepted=dt.datetime(2026, 12, 20, 9, tzinfo=TZ), tracking_no="T-ROLL")

    def broken(**kwargs):
        raise RuntimeError("database went away")

    from fawang.core import services as core_services

    monkeypatch.setattr(core_services, "_YEAR_RECOUNTS", [broken])
    with pytest.raises(RuntimeError):
        schedule_year_enter(
            actor=provincial_admin,
            year=2027,
            notice=NOTICE_2027,
            holidays=HOLIDAYS_2027,
            adjusted_workdays=WORKDAYS_2027,
        )
    assert not HolidayScheduleYear.objects.filter(year=2027).exists()
    assert not AuditEntry.objects.filter(entity_id="2027").exists()
    assert calendar.last_scheduled_year() == 2026  # the snapshot did not keep the rolled-back rows


def test_management_command_enters_a_year_from_json(provincial_admin, tmp_path):
    schedule = tmp_path / "2027.json"
    schedule.write_text(
        json.dumps(
            {
                "holidays": [
                    {"start": a.isoformat(), "end": b.isoformat(), "name": n} for a, b, n in HOLIDAYS_2027
                ],
                "adjusted_workdays": [{"date": d.isoformat(), "name": n} for d, n in WORKDAYS_2027],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    call_command(
        "calendar_enter_year",
        "--year",
        "2027",
        "--notice",
        NOTICE_2027,
        "--file",
        str(schedule),
        "--actor",
        "province_admin",
    )
    assert HolidayScheduleYear.objects.get(year=2027).notice == NOTICE_2027
    assert CalendarDay.objects.filter(year=2027).count() == 3 + 9 + 1


def test_management_command_names_the_bad_field(provincial_admin, tmp_path):
    schedule = tmp_path / "2027.json"
    schedule.write_text(
        json.dumps({"holidays": [{"start": "2027-01-01", "end": "2027-13-01", "name": "元旦"}]})
    )
    with pytest.raises(CommandError, match=r"holidays\[0\]\.end"):
        call_command(
            "calendar_enter_year",
            "--year",
            "2027",
            "--notice",
            NOTICE_2027,
            "--file",
            str(schedule),
            "--actor",
            "province_admin",
        )
    assert not HolidayScheduleYear.objects.filter(year=2027).exists()


def test_admin_form_enters_a_year_and_shows_errors_by_line(provincial_admin, client):
    client.force_login(provincial_admin)
    url = reverse("admin:core_holidayscheduleyear_enter")
    bad = client.post(
        url,
        {
            "year": "2027",
            "notice": NOTICE_2027,
            "holidays": "2027-01-01 2027-01-03 元旦\n2027-02-06 2027-02-14 春节",
            "adjusted_workdays": "2027-02-20 春节调休上班\n2027-02-22 春节调休上班",
        },
    )
    assert bad.status_code == 200
    assert "2027-02-22" in bad.content.decode()
    assert bad.context["form"].errors["adjusted_workdays"]
    assert not HolidayScheduleYear.objects.filter(year=2027).exists()

    good = client.post(
        url,
        {
            "year": "2027",
            "notice": NOTICE_2027,
            "holidays": "2027-01-01 2027-01-03 元旦\n2027-02-06 2027-02-14 春节",
            "adjusted_workdays": "2027-02-20 春节调休上班",
        },
    )
    assert good.status_code == 302
    assert CalendarDay.objects.filter(year=2027).count() == 13
    # The correction form comes back filled in with the ranges as entered.
    page = client.get(url + "?year=2027").content.decode()
    assert "2027-02-06 2027-02-14 春节" in page


def test_admin_form_is_closed_to_other_staff(wuhou_clerk, client):
    wuhou_clerk.is_staff = True
    wuhou_clerk.save(update_fields=["is_staff"])
    client.force_login(wuhou_clerk)
    response = client.post(
        reverse("admin:core_holidayscheduleyear_enter"),
        {"year": "2027", "notice": NOTICE_2027, "holidays": "2027-01-01 2027-01-03 元旦"},
    )
    assert response.status_code == 403
    assert not HolidayScheduleYear.objects.filter(year=2027).exists()


def test_admin_shows_an_entered_year_with_its_days(provincial_admin, client):
    client.force_login(provincial_admin)
    listing = client.get(reverse("admin:core_holidayscheduleyear_changelist"))
    assert listing.status_code == 200
    assert "chinese-calendar 1.11.0" in listing.content.decode()
    page = client.get(reverse("admin:core_holidayscheduleyear_change", args=[2026])).content.decode()
    assert "国庆节调休上班" in page
    assert reverse("admin:core_holidayscheduleyear_enter") + "?year=2026" in page
