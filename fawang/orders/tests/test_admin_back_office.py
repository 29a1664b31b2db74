"""The back office as the provincial admin finds it (issue 8, item 12): every section named in Chinese
(the task queue's too), service orders, their events and clocks, ratings and reviews to look up by
tracking number, read-only with personal data masked; pages of tens of KB, not 700; and an
icon at /favicon.ico."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from fawang.accounts.enums import UserKind
from fawang.orders.models import ServiceOrder

pytestmark = pytest.mark.django_db

PAGE_KB_MAX = 150  # a list or change page; the user page with every region as an <option> was 690 KB


@pytest.fixture
def back_office(client, django_user_model, sichuan):
    admin_user = django_user_model.objects.create_superuser(
        "boss", password="pw-for-test-only", kind=UserKind.STAFF, jurisdiction_region_id="510000"
    )
    client.force_login(admin_user)
    return client


@pytest.fixture
def rated_order(submit, wuhou_clerk) -> ServiceOrder:
    from fawang.feedback.enums import EvaluationLevel
    from fawang.feedback.services import evaluation_submit
    from fawang.orders.services import order_accept, order_resolve, order_start

    order = submit(applicant_phone="13800138000", applicant_name="陈小明")
    order_accept(actor=wuhou_clerk, order=order)
    order_start(actor=wuhou_clerk, order=order)
    order_resolve(actor=wuhou_clerk, order=order, resolution="已电话解答。")
    evaluation_submit(
        actor=None,
        order=order,
        level=EvaluationLevel.DISSATISFIED,
        comment="答复太笼统。",
        channel="web",
        phone="13800138000",
    )
    return order


def test_every_section_of_the_back_office_is_named_in_chinese(back_office):
    html = back_office.get("/admin/").content.decode()
    for english in ("Tasks Database Backend", "Task Results", "Task Result"):
        assert english not in html
    assert "后台任务" in html and "任务执行记录" in html
    for section in ("工单", "办理记录", "评价", "差评整改"):
        assert section in html, section
    assert back_office.get("/admin/django_tasks_database/dbtaskresult/").status_code == 200
    # The task list's columns and filters (the demo's immediate backend leaves no rows to show them).
    task_admin = admin.site._registry[DBTaskResult]
    with translation.override("zh-hans"):
        labels = [
            str(label_for_field(name, DBTaskResult, task_admin))
            for name in (*task_admin.list_display, *task_admin.list_filter)
        ]
    assert labels == [
        "任务",
        "状态",
        "入队时间",
        "开始时间",
        "结束时间",
        "优先级",
        "队列",
        "状态",
        "优先级",
        "队列",
    ]


def test_orders_are_found_by_tracking_number_with_personal_data_masked(back_office, rated_order, submit):
    other = submit(applicant_phone="13700137000")
    listing = back_office.get("/admin/orders/serviceorder/", {"q": rated_order.tracking_no})
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [rated_order]
    assert other.tracking_no not in listing.content.decode()

    page = back_office.get(f"/admin/orders/serviceorder/{rated_order.pk}/change/").content.decode()
    assert "138****8000" in page and "陈**" in page
    assert "13800138000" not in page and "陈小明" not in page
    for model in ("orderevent", "orderclock"):
        found = back_office.get(f"/admin/orders/{model}/", {"q": rated_order.tracking_no})
        assert found.status_code == 200 and len(found.context["cl"].result_list) >= 1, model
    for model in ("evaluation", "review"):
        found = back_office.get(f"/admin/feedback/{model}/", {"q": rated_order.tracking_no})
        assert [row.order_id for row in found.context["cl"].result_list] == [rated_order.pk], model


def test_orders_ratings_and_their_rows_are_read_only(back_office, rated_order):
    from fawang.feedback.models import Evaluation

    evaluation = Evaluation.objects.get(order=rated_order)
    for url in (
        "/admin/orders/serviceorder/add/",
        "/admin/orders/orderevent/add/",
        "/admin/feedback/evaluation/add/",
        f"/admin/orders/serviceorder/{rated_order.pk}/delete/",
        f"/admin/feedback/evaluation/{evaluation.pk}/delete/",
    ):
        assert back_office.get(url).status_code == 403, url
    page = back_office.get(f"/admin/orders/serviceorder/{rated_order.pk}/change/").content.decode()
    assert 'name="_save"' not in page  # a view page, no form to save
    status = ServiceOrder.objects.get(pk=rated_order.pk).status
    refused = back_office.post(f"/admin/orders/serviceorder/{rated_order.pk}/change/", {"status": "closed"})
    assert refused.status_code == 403
    assert ServiceOrder.objects.get(pk=rated_order.pk).status == status


def test_back_office_pages_stay_small_with_sichuans_regions_loaded(back_office, wuhou_clerk, rated_order):
    for url in (
        "/admin/accounts/user/",
        f"/admin/accounts/user/{wuhou_clerk.pk}/change/",
        "/admin/accounts/user/add/",
        "/admin/orders/serviceorder/",
        f"/admin/orders/serviceorder/{rated_order.pk}/change/",
        "/admin/feedback/review/",
    ):
        response = back_office.get(url)
        assert response.status_code == 200, url
        assert len(response.content) < PAGE_KB_MAX * 1024, f"{url}: {len(response.content) // 1024} KB"


def test_the_favicon_is_a_static_file_and_favicon_ico_finds_it(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("ui/favicon.ico")
    path = finders.find("ui/favicon.ico")
    assert path is not None
    with open(path, "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get("/").content.decode()
    assert f'rel="icon" href="{static("ui/favicon.ico")}"' in page
