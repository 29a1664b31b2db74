"""Reads: the queue by urgency inside the jurisdiction, search, caller lookup, timeline, tracking."""

from __future__ import annotations

import datetime as dt

import pytest

from fawang.core.calendar import TZ
from fawang.core.errors import NotFound
from fawang.core.identity import InvalidIdentity
from fawang.orders import selectors
from fawang.orders.enums import EventKind
from fawang.orders.services import order_reject
from fawang.orders.sweep import sweep_deadlines
from fawang.orders.tracking import format_tracking_number

pytestmark = pytest.mark.django_db


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def test_queue_is_sorted_by_urgency_and_scoped(submit, wuhou_clerk, ganzi_clerk):
    calm = submit(now=at(2026, 11, 23, 9, 0))
    overdue = submit(now=at(2026, 11, 2, 9, 0))
    warned = submit(now=at(2026, 11, 17, 9, 0))  # warning 23 Nov, due 24 Nov
    litang = submit(region="513334100", now=at(2026, 11, 23, 9, 0))
    now = at(2026, 11, 24, 9, 0)
    sweep_deadlines(now=now)
    queue = list(selectors.orders_for_actor(actor=wuhou_clerk, now=now))
    assert queue == [overdue, warned, calm]
    assert litang not in queue
    assert list(selectors.orders_for_actor(actor=ganzi_clerk, now=now)) == [litang]
    assert list(selectors.orders_for_actor(actor=wuhou_clerk, overdue=True, now=now)) == [overdue]


def test_search_by_tracking_number_phone_or_words(submit, wuhou_clerk):
    first = submit(applicant_phone="13700001111", description="房屋租赁押金不退")
    second = submit(applicant_phone="13700002222", description="交通事故赔偿")
    spaced = format_tracking_number(first.tracking_no).lower()
    assert list(selectors.orders_for_actor(actor=wuhou_clerk, search=spaced)) == [first]
    assert list(selectors.orders_for_actor(actor=wuhou_clerk, search="137 0000 2222")) == [second]
    assert list(selectors.orders_for_actor(actor=wuhou_clerk, search="押金")) == [first]
    assert list(selectors.orders_for_actor(actor=wuhou_clerk, region_code="513334")) == []


def _page_numbers(actor, search: str) -> tuple[list[str], str]:
    page = selectors.order_page_for_actor(actor=actor, cursor=None, size=50, search=search)
    count = f"{page.count.value}{'' if page.count.exact else '+'}"
    return sorted(o.tracking_no for o in page.rows), count


def test_search_by_words_in_any_script_and_case(submit, wuhou_clerk):
    """Words of a description are found whatever their script, two Chinese characters being a word,
    Latin letters whatever their case, with punctuation copied around them (on PostgreSQL through
    the index of two-character pieces, elsewhere by a scan: the answers are the same)."""
    wages = submit(description="用人单位拖欠工资三个月")
    tibetan = submit(description="ལས་ཀའི་གླ་ཕོགས་ཟླ་བ་གསུམ་རིང་མ་སྤྲད།")
    yi = submit(description="ꀋꂿꃅꄉꇬꑍꌠ ꇬꄉꀕꑍ")
    latin = submit(description="WeChat 转账记录可作证据")
    assert _page_numbers(wuhou_clerk, "工资") == ([wages.tracking_no], "1")
    assert _page_numbers(wuhou_clerk, "ཟླ་བ་") == ([tibetan.tracking_no], "1")
    assert _page_numbers(wuhou_clerk, "ꇬꄉꀕ") == ([yi.tracking_no], "1")
    assert _page_numbers(wuhou_clerk, "wechat") == ([latin.tracking_no], "1")
    assert _page_numbers(wuhou_clerk, "资三") == ([wages.tracking_no], "1")
    assert _page_numbers(wuhou_clerk, "工作") == ([], "0")  # both characters, not side by side
    assert _page_numbers(wuhou_clerk, "资") == ([wages.tracking_no], "1")  # one character: a scan


# How a words search finds its matches (`selectors._words_matches`), set small enough for a test's few
# orders: the newest orders alone; a window widened to what should hold enough at the rate seen; the
# index of description pieces when even the widest window would not (a province-wide agent, all three);
# a county's own postings (a county clerk on PostgreSQL; elsewhere the same answer by the other ways).
WORDS_SEARCH_WAYS = {
    "the newest orders": ("hotline_agent", {}),
    "a widened window": ("hotline_agent", {"SEARCH_NEWEST_FIRST": 2}),
    "the index": ("hotline_agent", {"SEARCH_NEWEST_FIRST": 2, "SEARCH_WINDOW_MAX": 2}),
    "a county's own postings": ("wuhou_clerk", {"SEARCH_NEWEST_FIRST": 2, "SEARCH_WINDOW_MAX": 2}),
}


@pytest.mark.parametrize("way", WORDS_SEARCH_WAYS)
def test_a_words_search_shows_the_newest_matches_found_near_or_far(submit, request, monkeypatch, way):
    """The newest matches, whether the newest orders hold enough of them or the word is rarer and
    found further back: the count says "+" when there are more than shown."""
    actor_fixture, settings = WORDS_SEARCH_WAYS[way]
    actor = request.getfixturevalue(actor_fixture)
    old_match = submit(description="宅基地纠纷，邻居占用")
    for _ in range(3):
        submit(description="其他事项咨询")
    newest_matches = [submit(description=f"宅基地纠纷 第{k}次") for k in range(3)]
    for name, value in settings.items():
        monkeypatch.setattr(selectors, name, value)
    assert _page_numbers(actor, "宅基地") == (
        sorted(o.tracking_no for o in [old_match, *newest_matches]),
        "4",
    )
    assert _page_numbers(actor, "不在其中") == ([], "0")
    monkeypatch.setattr(selectors, "SEARCH_MATCHES_MAX", 2)
    assert _page_numbers(actor, "宅基地") == (sorted(o.tracking_no for o in newest_matches[1:]), "2+")


def test_a_county_search_finds_its_own_orders_and_those_it_handles_only(submit, wuhou_clerk):
    """A county's words search (through its own postings on PostgreSQL) finds the county's orders
    and the orders handled there for another county's applicant, and nothing of other counties."""
    from fawang.regions.models import Region

    here = submit(description="宅基地纠纷，邻居占用")
    elsewhere = submit(description="宅基地纠纷，邻居占用", region=Region.objects.get(code="513334100"))
    handled_here = submit(description="宅基地纠纷，外县申请人", region=Region.objects.get(code="513334100"))
    type(handled_here).objects.filter(pk=handled_here.pk).update(
        handler_region_path=Region.objects.get(code="510107").path
    )
    found, count = _page_numbers(wuhou_clerk, "宅基地纠纷")
    assert (found, count) == (sorted([here.tracking_no, handled_here.tracking_no]), "2")
    assert elsewhere.tracking_no not in found


def test_a_county_lawyers_search_finds_the_county_and_their_own_cases_elsewhere(submit, sichuan):
    """A duty lawyer who is also county staff reaches Wuhou's orders and the cases assigned to them
    wherever they are: the county's postings and their own assignments, not the rest of Litang."""
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory
    from fawang.accounts.tests.minimal_rows import institution, practitioner
    from fawang.orders.models import ServiceOrder
    from fawang.regions.models import Region

    lawyer = StaffFactory(jurisdiction_region_id="510107", roles=[Role.COUNTY_STAFF, Role.PRACTITIONER])
    me = practitioner(institution("510107", "四川清源律师事务所（武侯区）"), user=lawyer)
    litang = Region.objects.get(code="513334100")
    here = submit(description="宅基地纠纷，邻居占用")
    mine_elsewhere = submit(description="宅基地纠纷，理塘", region=litang)
    ServiceOrder.objects.filter(pk=mine_elsewhere.pk).update(assigned_practitioner=me)
    submit(description="宅基地纠纷，理塘", region=litang)
    submit(description="其他事项咨询")
    assert _page_numbers(lawyer, "宅基地纠纷") == (
        sorted([here.tracking_no, mine_elsewhere.tracking_no]),
        "2",
    )


def test_a_county_search_reads_the_countys_postings(submit, wuhou_clerk, hotline_agent):
    """The county's search can read the postings keyed by its county (orders 0018: the query's
    expression is the index's), and never consults the province's pieces, whose million postings for
    a common word are what made it slow. Which of the county's indexes serves is the planner's choice
    by the numbers of rows (a test's empty table says nothing of that: `make bench` times it)."""
    from django.db import connection

    from fawang.orders.models import ServiceOrder

    if connection.vendor != "postgresql":
        pytest.skip("the pieces' indexes are PostgreSQL's")
    county = selectors.county_words_q(wuhou_clerk, "拖欠工资")
    assert county is not None and selectors.county_words_q(hotline_agent, "拖欠工资") is None
    assert selectors.county_words_q(wuhou_clerk, "资") is None  # one character has no piece
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert "order_description_county_bigrams" in ServiceOrder.objects.filter(county).explain()
    scoped = selectors._orders_filtered(
        actor=wuhou_clerk, now=dt.datetime.now(tz=TZ), search="拖欠工资", words_through_index=False
    ).filter(county)
    assert "order_description_bigrams" not in scoped.explain()


def test_get_for_actor_says_not_found_alike_for_missing_and_forbidden(submit, wuhou_clerk, ganzi_clerk):
    order = submit()
    assert selectors.order_get_for_actor(actor=wuhou_clerk, tracking_no=order.tracking_no.lower()) == order
    with pytest.raises(NotFound) as forbidden:
        selectors.order_get_for_actor(actor=ganzi_clerk, tracking_no=order.tracking_no)
    with pytest.raises(NotFound) as missing:
        selectors.order_get_for_actor(actor=wuhou_clerk, tracking_no="SC2611250000000")
    assert (forbidden.value.code, str(forbidden.value.message)) == (
        missing.value.code,
        str(missing.value.message),
    )


def test_hotline_finds_a_callers_earlier_orders_by_phone(submit, hotline_agent, ganzi_clerk):
    mine = [
        submit(applicant_phone="13911112222"),
        submit(applicant_phone="139 1111 2222", region="513334100"),
    ]
    submit(applicant_phone="13933334444")
    assert set(selectors.orders_by_phone(actor=hotline_agent, phone="+86 139-1111-2222")) == set(mine)
    assert list(selectors.orders_by_phone(actor=ganzi_clerk, phone="13911112222")) == [mine[1]]
    with pytest.raises(InvalidIdentity):
        selectors.orders_by_phone(actor=hotline_agent, phone="12345")


def test_public_timeline_leaves_out_internal_events(submit):
    order = submit(now=at(2026, 11, 2, 9, 0))
    sweep_deadlines(now=at(2026, 11, 12, 9, 0))
    public = [e.kind for e in selectors.order_timeline(order=order, public_only=True)]
    full = [e.kind for e in selectors.order_timeline(order=order, public_only=False)]
    assert public == [EventKind.SUBMITTED, EventKind.ROUTED]
    assert EventKind.OVERDUE in full and EventKind.SUPERVISION_ISSUED in full


def test_public_tracking_needs_both_number_and_phone(submit):
    order = submit(applicant_phone="13812345678")
    shown = format_tracking_number(order.tracking_no)
    assert selectors.order_track_public(tracking_no=shown, phone="138 1234 5678") == order
    assert selectors.order_track_public(tracking_no=shown, phone="13812345679") is None
    assert selectors.order_track_public(tracking_no=shown, phone="") is None
    assert selectors.order_track_public(tracking_no="SC2611250000000", phone="13812345678") is None
    assert selectors.order_track_public(tracking_no="nonsense", phone="13812345678") is None


@pytest.mark.parametrize(("limit", "shown"), [(10, "5"), (4, "4+"), (2, "2+")])
def test_a_queue_of_open_and_finished_orders_counts_both_up_to_the_limit(
    submit, wuhou_clerk, settings, limit, shown
):
    """Open and finished orders are counted in two parts (each through its side's indexes): the total
    is the same as one count, exact up to the limit, "more than" past it wherever the limit falls."""
    orders = [submit() for _ in range(5)]
    for order in orders[:3]:
        order_reject(actor=wuhou_clerk, order=order, reason="不属于受理范围，已告知其他途径。")
    settings.FAWANG_LIST_COUNT_LIMIT = limit
    page = selectors.order_page_for_actor(actor=wuhou_clerk, cursor=None, size=50)
    assert (len(page.rows), f"{page.count.value}{'' if page.count.exact else '+'}") == (5, shown)
    opened = selectors.order_page_for_actor(actor=wuhou_clerk, cursor=None, size=50, statuses=("submitted",))
    assert (len(opened.rows), opened.count.value, opened.count.exact) == (2, 2, True)
