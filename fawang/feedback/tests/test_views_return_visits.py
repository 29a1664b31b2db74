"""The return-visit queue (待回访, /work/return-visits/): hotline agents call back the applicants of
resolved hotline orders in their jurisdiction and record each call; a reached caller's rating rates
the order on their behalf (a good one closes it, a bad one reopens it and opens a review)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.feedback.enums import EvaluationLevel, ReturnVisitStatus
from fawang.feedback.models import Evaluation, ReturnVisit, Review
from fawang.orders.enums import OrderStatus
from fawang.orders.models import ServiceOrder
from fawang.regions.models import Region

pytestmark = pytest.mark.django_db

RESOLUTION = "已告知可向劳动保障监察大队投诉，并申请劳动仲裁。"


def _en(name: str, *args) -> str:
    with override("en"):
        return reverse(name, args=args)


@pytest.fixture
def ganzi_hotline_agent(sichuan):
    """A hotline seat of Ganzi prefecture's own 12348 line: sees only Ganzi's callers."""
    return StaffFactory(username="ganzi_hotline", jurisdiction_region_id="513300", roles=[Role.HOTLINE_AGENT])


@pytest.fixture
def hotline_resolved(submit, hotline_agent):
    """A hotline call turned into an order, worked through and resolved by `clerk`."""
    from fawang.orders.services import order_accept, order_resolve, order_start

    def _make(clerk, **overrides) -> ServiceOrder:
        order = submit(actor=hotline_agent, channel="hotline", **overrides)
        order_accept(actor=clerk, order=order)
        order_start(actor=clerk, order=order)
        return order_resolve(actor=clerk, order=order, resolution=RESOLUTION)

    return _make


def _record(client, visit: ReturnVisit, **data):
    prefix = f"visit-{visit.pk}"
    return client.post(
        _en("feedback:return_visit_record", visit.pk), {f"{prefix}-{k}": v for k, v in data.items()}
    )


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_agent_sees_the_pending_visits_of_their_jurisdiction_only(
    client, hotline_resolved, hotline_agent, ganzi_hotline_agent, wuhou_clerk, ganzi_clerk
):
    wuhou = hotline_resolved(wuhou_clerk, applicant_phone="13800138000")
    litang = hotline_resolved(
        ganzi_clerk, region=Region.objects.get(code="513334"), applicant_phone="13900139000"
    )

    client.force_login(hotline_agent)  # the provincial 12348 centre: every caller in Sichuan
    response = client.get(_en("feedback:return_visits"))
    assert response.status_code == 200
    assert {row["order"].pk for row in response.context["rows"]} == {wuhou.pk, litang.pk}
    html = response.content.decode()
    # The tracking number links to the order page; the phone is masked; the resolution is there.
    assert f'href="{_en("orders:order_detail", wuhou.tracking_no)}"' in html
    assert "138****8000" in html and "13800138000" not in html
    assert RESOLUTION in html

    client.force_login(ganzi_hotline_agent)
    response = client.get(_en("feedback:return_visits"))
    assert [row["order"].pk for row in response.context["rows"]] == [litang.pk]
    html = response.content.decode()
    assert litang.tracking_no in html and wuhou.tracking_no not in html
    # ... and a Wuhou visit cannot be recorded by a Ganzi seat: it does not exist for them.
    wuhou_visit = ReturnVisit.objects.get(order=wuhou)
    assert _record(client, wuhou_visit, reached="0").status_code == 404
    assert ReturnVisit.objects.get(pk=wuhou_visit.pk).attempts == 0


def test_a_visit_follows_its_order_when_the_order_moves_to_another_place(
    client, hotline_resolved, ganzi_hotline_agent, wuhou_clerk
):
    # The queue scopes visits by copies of their order's places; the database keeps the copies in step
    # whichever way the order is moved (here a bare update, as a bulk reassignment would be).
    order = hotline_resolved(wuhou_clerk, applicant_phone="13800138000")
    client.force_login(ganzi_hotline_agent)
    assert not client.get(_en("feedback:return_visits")).context["rows"]

    ganzi_path = Region.objects.get(code="513334").path
    ServiceOrder.objects.filter(pk=order.pk).update(handler_region_path=ganzi_path)
    rows = client.get(_en("feedback:return_visits")).context["rows"]
    assert [row["order"].pk for row in rows] == [order.pk]
    assert ReturnVisit.objects.get(order=order).handler_region_path == ganzi_path


def test_queue_is_sorted_by_due_and_marks_overdue_visits(
    client, hotline_resolved, hotline_agent, wuhou_clerk
):
    later = hotline_resolved(wuhou_clerk)
    late = hotline_resolved(wuhou_clerk)
    ReturnVisit.objects.filter(order=late).update(due_at=timezone.now() - dt.timedelta(days=1))

    client.force_login(hotline_agent)
    response = client.get(_en("feedback:return_visits"))

    rows = response.context["rows"]
    assert [row["order"].pk for row in rows] == [late.pk, later.pk]
    assert [row["overdue"] for row in rows] == [True, False]
    html = response.content.decode()
    late_item = html.split(f'data-tracking-no="{late.tracking_no}"')[1].split("</li>")[0]
    later_item = html.split(f'data-tracking-no="{later.tracking_no}"')[1].split("</li>")[0]
    assert 'data-mark="overdue"' in late_item and "Overdue" in late_item
    assert "Overdue" not in later_item
    # The console points at the queue, with the overdue count in words.
    console = client.get(_en("orders:hotline")).content.decode()
    assert _en("feedback:return_visits") in console and "2 calls back waiting" in console
    assert "1 overdue" in console


def test_not_reached_then_reached_and_satisfied_closes_the_order(
    client, hotline_resolved, hotline_agent, wuhou_clerk
):
    order = hotline_resolved(wuhou_clerk)
    visit = ReturnVisit.objects.get(order=order)
    client.force_login(hotline_agent)

    response = _record(client, visit, reached="0", note="无人接听")
    assert response.status_code == 302 and response["Location"] == _en("feedback:return_visits")
    page = client.get(response["Location"])
    assert any("not reached (attempt 1 of 3)" in m for m in _messages(page))
    assert "无人接听" in page.content.decode()  # the earlier call is listed with the visit
    visit.refresh_from_db()
    assert visit.status == ReturnVisitStatus.PENDING and visit.attempts == 1
    assert ServiceOrder.objects.get(pk=order.pk).status == OrderStatus.RESOLVED

    response = _record(client, visit, reached="1", level=str(EvaluationLevel.SATISFIED), note="满意，谢谢")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert any("rated “Satisfied”" in m for m in _messages(page))
    assert page.context["rows"] == []  # done: gone from the queue
    visit.refresh_from_db()
    assert visit.status == ReturnVisitStatus.DONE and visit.attempts == 2
    evaluation = Evaluation.objects.get(order=order)
    assert evaluation.level == EvaluationLevel.SATISFIED and evaluation.on_behalf
    assert evaluation.channel == "hotline"
    assert ServiceOrder.objects.get(pk=order.pk).status == OrderStatus.CLOSED


def test_a_dissatisfied_caller_reopens_the_order_and_opens_a_review(
    client, hotline_resolved, hotline_agent, wuhou_clerk, chengdu_supervisor
):
    order = hotline_resolved(wuhou_clerk)
    visit = ReturnVisit.objects.get(order=order)
    client.force_login(hotline_agent)

    response = _record(
        client, visit, reached="1", level=str(EvaluationLevel.DISSATISFIED), note="答复太笼统，问题没有解决"
    )

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert any("reopened" in m and "review" in m for m in _messages(page))
    assert ServiceOrder.objects.get(pk=order.pk).status == OrderStatus.REOPENED
    review = Review.objects.get(order=order)
    assert review.evaluation.comment == "答复太笼统，问题没有解决"
    client.force_login(chengdu_supervisor)
    supervision_page = client.get(_en("supervision:index"))
    assert order.tracking_no in supervision_page.content.decode()
    assert [r.pk for r in supervision_page.context["reviews"]] == [review.pk]


def test_bad_input_gives_one_error_per_field_and_saves_nothing(
    client, hotline_resolved, hotline_agent, wuhou_clerk
):
    order = hotline_resolved(wuhou_clerk)
    visit = ReturnVisit.objects.get(order=order)
    client.force_login(hotline_agent)

    def errors_of(response) -> dict[str, list[str]]:
        assert response.status_code == 422
        (row,) = [r for r in response.context["rows"] if r["visit"].pk == visit.pk]
        return {name: [str(e) for e in errs] for name, errs in row["form"].errors.items()}

    assert errors_of(_record(client, visit, note="x")) == {"reached": ["Say whether the caller was reached."]}
    assert "level" in errors_of(_record(client, visit, reached="1"))  # reached, but no rating
    assert "level" in errors_of(_record(client, visit, reached="0", level="2"))  # not reached, rated
    assert "level" in errors_of(_record(client, visit, reached="1", level="9"))
    # A bad rating must say what went wrong: the service's rule, shown on the note field.
    bad = errors_of(
        _record(client, visit, reached="1", level=str(EvaluationLevel.VERY_DISSATISFIED), note="差")
    )
    assert list(bad) == ["note"] and "at least 5 characters" in bad["note"][0]

    visit.refresh_from_db()
    assert visit.attempts == 0 and visit.status == ReturnVisitStatus.PENDING
    assert not Evaluation.objects.filter(order=order).exists()
    assert ServiceOrder.objects.get(pk=order.pk).status == OrderStatus.RESOLVED


def test_a_clerk_without_the_hotline_role_cannot_see_or_record_visits(
    client, hotline_resolved, hotline_agent, wuhou_clerk
):
    order = hotline_resolved(wuhou_clerk)
    visit = ReturnVisit.objects.get(order=order)
    client.force_login(wuhou_clerk)

    assert client.get(_en("feedback:return_visits")).status_code == 403
    assert _record(client, visit, reached="1", level="1", note="很好").status_code == 403
    visit.refresh_from_db()
    assert visit.attempts == 0
    assert ServiceOrder.objects.get(pk=order.pk).status == OrderStatus.RESOLVED
    # Nor is the queue in the clerk's navigation; it is in the hotline agent's.
    nav = client.get(_en("orders:workbench")).content.decode()
    assert 'data-nav-key="return_visits"' not in nav
    client.force_login(hotline_agent)
    nav = client.get(_en("orders:workbench")).content.decode()
    assert 'data-nav-key="return_visits"' in nav


def test_a_finished_visit_is_refused_in_words(client, hotline_resolved, hotline_agent, wuhou_clerk):
    order = hotline_resolved(wuhou_clerk)
    visit = ReturnVisit.objects.get(order=order)
    client.force_login(hotline_agent)
    assert _record(client, visit, reached="1", level="1", note="很好").status_code == 302

    response = _record(client, visit, reached="1", level="1", note="再记一次")

    assert response.status_code == 302
    assert any("already finished" in m for m in _messages(client.get(response["Location"])))
    assert Evaluation.objects.filter(order=order).count() == 1


def test_return_visits_page_earliest_due_first_without_repeats(
    client, hotline_agent, wuhou_clerk, hotline_resolved, monkeypatch
):
    from fawang.feedback import views as feedback_views

    monkeypatch.setattr(feedback_views, "RETURN_VISITS_PAGE", 2)
    for _ in range(3):
        hotline_resolved(wuhou_clerk)
    now = timezone.now()
    visits = list(ReturnVisit.objects.order_by("id"))
    for visit, hours in zip(visits, (30, 10, 20), strict=True):
        ReturnVisit.objects.filter(pk=visit.pk).update(due_at=now + dt.timedelta(hours=hours))
    expected = [visits[1].pk, visits[2].pk, visits[0].pk]

    client.force_login(hotline_agent)
    first = client.get(_en("feedback:return_visits"))
    shown = [row["visit"].pk for row in first.context["rows"]]
    second = client.get(_en("feedback:return_visits"), {"cursor": first.context["page"].next})
    assert shown + [row["visit"].pk for row in second.context["rows"]] == expected
    assert second.context["page"].next is None
    assert client.get(_en("feedback:return_visits"), {"cursor": "tampered"}).status_code == 200
