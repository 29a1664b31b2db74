"""The supervisor's pages (/supervision/): the area's reviews of bad ratings and supervision orders with
compliance figures, and the review page where the handler rectifies and the supervisor verifies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.feedback.enums import EvaluationLevel, ReviewStatus
from fawang.feedback.models import Review
from fawang.orders.models import ServiceOrder
from fawang.orders.tests.factories import working_day_deadline

pytestmark = pytest.mark.django_db


def _en(name: str, *args) -> str:
    with override("en"):
        return reverse(name, args=args)


@pytest.fixture
def ganzi_supervisor(sichuan):
    return StaffFactory(username="ganzi_sup", jurisdiction_region_id="513300", roles=[Role.SUPERVISOR])


@pytest.fixture
def badly_rated(submit, wuhou_clerk):
    """A Wuhou order worked through and rated 不满意 by its applicant."""
    from fawang.feedback.services import evaluation_submit
    from fawang.orders.services import order_accept, order_resolve, order_start

    order = submit(applicant_phone="13800138000")
    order_accept(actor=wuhou_clerk, order=order)
    order_start(actor=wuhou_clerk, order=order)
    order_resolve(actor=wuhou_clerk, order=order, resolution="已电话解答。")
    evaluation_submit(
        actor=None,
        order=order,
        level=EvaluationLevel.DISSATISFIED,
        comment="答复太笼统，问题没有解决。",
        channel="web",
        phone="13800138000",
    )
    return order


def test_supervisor_sees_the_areas_bad_ratings_and_others_do_not(
    client, chengdu_supervisor, ganzi_supervisor, badly_rated
):
    client.force_login(chengdu_supervisor)
    response = client.get(_en("supervision:index"))
    assert response.status_code == 200
    assert [r.order_id for r in response.context["reviews"]] == [badly_rated.pk]
    html = response.content.decode()
    assert badly_rated.tracking_no in html and "答复太笼统" in html

    client.force_login(ganzi_supervisor)
    response = client.get(_en("supervision:index"))
    assert response.context["reviews"] == []
    assert badly_rated.tracking_no not in response.content.decode()
    review = Review.objects.get(order=badly_rated)
    assert client.get(_en("supervision:review", review.pk)).status_code == 404


def test_compliance_figures(client, chengdu_supervisor, wuhou_clerk, submit):
    from fawang.orders.services import order_accept, order_resolve, order_start

    on_time, late, still_open = submit(), submit(), submit()
    for order in (on_time, late):
        order_accept(actor=wuhou_clerk, order=order)
        order_start(actor=wuhou_clerk, order=order)
        order_resolve(actor=wuhou_clerk, order=order, resolution="已办结。")
    now = timezone.now()
    ServiceOrder.objects.filter(pk=on_time.pk).update(due_at=now + dt.timedelta(days=1))
    ServiceOrder.objects.filter(pk=late.pk).update(due_at=now - dt.timedelta(days=1))
    ServiceOrder.objects.filter(pk=still_open.pk).update(due_at=now - dt.timedelta(hours=1))

    client.force_login(chengdu_supervisor)
    response = client.get(_en("supervision:index"))
    compliance = response.context["compliance"]
    assert (compliance.finished, compliance.on_time, compliance.open_overdue) == (2, 1, 1)
    html = response.content.decode()
    # 1 on time of 2 finished and 1 still open past its limit: 1 ÷ (2 + 1).
    assert 'data-testid="on-time-rate">33.3%<' in html
    assert 'data-testid="open-overdue">1<' in html


def test_supervision_orders_of_the_area_are_listed(client, chengdu_supervisor, submit):
    from fawang.orders.services import supervision_issue

    order = submit()
    supervision_issue(
        actor=chengdu_supervisor,
        order=order,
        reason="请于三日内受理并回复",
        deadline=working_day_deadline(3),
    )
    client.force_login(chengdu_supervisor)
    response = client.get(_en("supervision:index"))
    assert [s.order_id for s in response.context["supervisions"]] == [order.pk]
    assert "请于三日内受理并回复" in response.content.decode()


def test_handler_rectifies_and_supervisor_verifies_on_the_review_page(
    client, wuhou_clerk, chengdu_supervisor, badly_rated
):
    review = Review.objects.get(order=badly_rated)
    url = _en("supervision:review", review.pk)

    # The supervisor cannot verify before there is a rectification: no form, and a forged POST fails.
    client.force_login(chengdu_supervisor)
    assert [s["step"] for s in client.get(url).context["step_forms"]] == []
    assert client.post(url, {"step": "verify", "verify-accepted": "1"}).status_code == 403

    client.force_login(wuhou_clerk)
    assert [s["step"] for s in client.get(url).context["step_forms"]] == ["rectify", "appeal"]
    response = client.post(url, {"step": "rectify", "rectify-rectification": ""})
    assert response.status_code == 422
    response = client.post(
        url, {"step": "rectify", "rectify-rectification": "已回访申请人，补充告知仲裁委地址和申请材料。"}
    )
    assert response.status_code == 302
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.RECTIFIED

    client.force_login(chengdu_supervisor)
    assert [s["step"] for s in client.get(url).context["step_forms"]] == ["verify"]
    response = client.post(url, {"step": "verify", "verify-accepted": "1", "verify-note": "回访属实"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.CLOSED and review.verified_by_id == chengdu_supervisor.pk


def test_clerks_do_not_get_the_supervision_page(client, wuhou_clerk):
    client.force_login(wuhou_clerk)
    assert client.get(_en("supervision:index")).status_code == 403


def test_open_overdue_orders_lower_the_on_time_rate_and_the_page_shows_the_formula(
    client, chengdu_supervisor, wuhou_clerk, submit
):
    """The issue's page: "按期办结率 100.0%" beside "在办超期 10". One order finished on time and ten
    open past their limit is 1 ÷ (1 + 10) = 9.1%, and the page says how it is counted."""
    from fawang.orders.services import order_accept, order_resolve, order_start

    finished = submit()
    order_accept(actor=wuhou_clerk, order=finished)
    order_start(actor=wuhou_clerk, order=finished)
    order_resolve(actor=wuhou_clerk, order=finished, resolution="已办结。")
    overdue = [submit() for _ in range(10)]
    now = timezone.now()
    ServiceOrder.objects.filter(pk=finished.pk).update(due_at=now + dt.timedelta(days=1))
    ServiceOrder.objects.filter(pk__in=[o.pk for o in overdue]).update(due_at=now - dt.timedelta(hours=1))

    client.force_login(chengdu_supervisor)
    html = client.get("/supervision/").content.decode()

    assert 'data-testid="on-time-rate">9.1%<' in html
    assert 'data-testid="open-overdue">10<' in html
    assert "按期办结 ÷（已办结 + 在办已超期）" in html and "= 1 ÷ (1 + 10)" in html


def _rate_badly(submit, clerk) -> ServiceOrder:
    from fawang.feedback.services import evaluation_submit
    from fawang.orders.services import order_accept, order_resolve, order_start

    order = submit(applicant_phone="13800138000")
    order_accept(actor=clerk, order=order)
    order_start(actor=clerk, order=order)
    order_resolve(actor=clerk, order=order, resolution="已电话解答。")
    evaluation_submit(
        actor=None,
        order=order,
        level=EvaluationLevel.DISSATISFIED,
        comment="答复太笼统，问题没有解决。",
        channel="web",
        phone="13800138000",
    )
    return order


def test_supervision_lists_page_overdue_first_then_by_deadline(
    client, chengdu_supervisor, wuhou_clerk, submit, monkeypatch
):
    """Both lists of the page: overdue first, then by deadline; two rows a page here, each list paged
    by its own cursor, none shown twice; a cursor changed by hand shows the first page."""
    from fawang.feedback import views as feedback_views
    from fawang.orders.models import SupervisionOrder
    from fawang.orders.services import supervision_issue

    monkeypatch.setattr(feedback_views, "LIST_PAGE", 2)
    now = timezone.now()
    issued = []
    for days in (5, 2, 9):
        issued.append(
            supervision_issue(
                actor=chengdu_supervisor, order=submit(), reason="请回复", deadline=working_day_deadline(3)
            )
        )
        SupervisionOrder.objects.filter(pk=issued[-1].pk).update(deadline=now + dt.timedelta(days=days))
    overdue = issued[2]
    SupervisionOrder.objects.filter(pk=overdue.pk).update(deadline=now - dt.timedelta(hours=1))
    rated = [_rate_badly(submit, wuhou_clerk) for _ in range(3)]
    reviews = {r.order_id: r for r in Review.objects.filter(order__in=rated)}
    for order, days in zip(rated, (4, 1, 7), strict=True):
        Review.objects.filter(pk=reviews[order.pk].pk).update(deadline_at=now + dt.timedelta(days=days))
    Review.objects.filter(pk=reviews[rated[2].pk].pk).update(overdue_at=now - dt.timedelta(hours=2))

    client.force_login(chengdu_supervisor)
    first = client.get(_en("supervision:index"))
    assert [s.pk for s in first.context["supervisions"]] == [overdue.pk, issued[1].pk]
    assert [r.order_id for r in first.context["reviews"]] == [rated[2].pk, rated[1].pk]
    html = first.content.decode()
    assert 'rel="next"' in html and "is-overdue" in html

    second = client.get(_en("supervision:index"), {"cursor": first.context["supervision_page"].next})
    assert [s.pk for s in second.context["supervisions"]] == [issued[0].pk]
    assert [r.order_id for r in second.context["reviews"]] == [rated[2].pk, rated[1].pk]  # its own cursor
    reviews_second = client.get(_en("supervision:index"), {"rcursor": first.context["review_page"].next})
    assert [r.order_id for r in reviews_second.context["reviews"]] == [rated[0].pk]

    garbage = client.get(_en("supervision:index"), {"cursor": "x:y:z", "rcursor": "%00"})
    assert garbage.status_code == 200
    assert [s.pk for s in garbage.context["supervisions"]] == [overdue.pk, issued[1].pk]
