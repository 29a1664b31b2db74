"""Issue 8, item 1: a signed-in citizen sees their orders ("my orders": status, step, due date, the
action open to them) and the notices of those orders ("my messages"). Their orders are those filed from
the account and those made without an account for their verified phone (hotline, window, web)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fawang.orders.models import ServiceOrder

from .test_apply_and_track import apply_data, consult  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

CITIZEN_PHONE = "13912345678"  # the `citizen` persona's verified phone
PDF = b"%PDF-1.4\n" + b"x" * 500


@pytest.fixture
def verified_citizen(citizen):
    from django.utils import timezone

    citizen.phone_verified_at = timezone.now()
    citizen.save(update_fields=["phone_verified_at"])
    return citizen


def hotline_order(agent, consult, phone=CITIZEN_PHONE, **extra) -> ServiceOrder:  # noqa: F811
    from fawang.orders.services import order_submit
    from fawang.regions.models import Region

    return order_submit(
        actor=agent,
        channel="hotline",
        service_item=consult,
        region=Region.objects.get(code="510107"),
        description="来电咨询：房东不退押金怎么办。",
        applicant_kind="citizen",
        applicant_name="陈明",
        applicant_phone=phone,
        **extra,
    )


def test_web_and_hotline_orders_and_their_notices_reach_the_citizen(
    client,
    consult,  # noqa: F811
    verified_citizen,
    hotline_agent,
    django_capture_on_commit_callbacks,
):
    client.force_login(verified_citizen)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("web:apply"), apply_data(applicant_phone="", applicant_name=""))
        by_phone = hotline_order(hotline_agent, consult)
        someone_else = hotline_order(hotline_agent, consult, phone="13700009999")
    mine = ServiceOrder.objects.get(applicant=verified_citizen)

    html = client.get(reverse("web:my_orders")).content.decode()
    assert f'data-tracking-no="{mine.tracking_no}"' in html
    assert f'data-tracking-no="{by_phone.tracking_no}"' in html
    assert someone_else.tracking_no not in html
    assert "待受理" in html and "办结期限" in html and mine.due_at.strftime("%Y-%m-%d") in html

    inbox = client.get(reverse("web:messages")).content.decode()
    assert "暂无消息" not in inbox
    assert f"工单 {mine.tracking_no}" in inbox and f"工单 {by_phone.tracking_no}" in inbox
    assert someone_else.tracking_no not in inbox

    # The nav leads there, and another person's order is "not found".
    assert reverse("web:my_orders") in client.get(reverse("web:home")).content.decode()
    response = client.get(reverse("web:my_order", args=[someone_else.tracking_no]))
    assert response.status_code == 404


def test_an_order_another_account_filed_for_this_phone_stays_theirs(
    client,
    consult,  # noqa: F811
    verified_citizen,
):
    from fawang.accounts.tests.factories import CitizenFactory

    relative = CitizenFactory(username="relative", phone="13600001111")
    client.force_login(relative)
    client.post(reverse("web:apply"), apply_data(applicant_phone=CITIZEN_PHONE, applicant_name=""))
    order = ServiceOrder.objects.get(applicant=relative)
    client.force_login(verified_citizen)
    assert order.tracking_no not in client.get(reverse("web:my_orders")).content.decode()


def test_citizen_sends_the_materials_asked_for(client, consult, verified_citizen, wuhou_clerk):  # noqa: F811
    from fawang.orders.services import order_accept, order_suspend

    client.force_login(verified_citizen)
    client.post(reverse("web:apply"), apply_data(applicant_phone="", applicant_name=""))
    order = ServiceOrder.objects.get()
    order_accept(actor=wuhou_clerk, order=order)
    order_suspend(
        actor=wuhou_clerk, order=ServiceOrder.objects.get(pk=order.pk), reason="请补交劳动合同复印件"
    )

    listing = client.get(reverse("web:my_orders")).content.decode()
    assert 'data-action="materials"' in listing and "补交材料" in listing
    page = client.get(reverse("web:my_order", args=[order.tracking_no])).content.decode()
    assert "请补交劳动合同复印件" in page  # what is asked for, on the timeline

    response = client.post(
        reverse("web:my_order", args=[order.tracking_no]),
        {
            "action": "materials",
            "note": "合同复印件见附件",
            "attachments": SimpleUploadedFile("合同.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.awaiting == "handler"
    assert [a.original_name for a in order.attachments.all()] == ["合同.pdf"]
    assert order.events.filter(kind="materials_sent", is_public=True).exists()
    page = client.get(response["Location"]).content.decode()
    assert "合同.pdf" in page and "已补交材料" in page


def test_citizen_rates_a_resolved_order_made_for_their_phone_on_the_hotline(
    client,
    consult,  # noqa: F811
    verified_citizen,
    hotline_agent,
    wuhou_clerk,
):
    from .test_apply_and_track import resolve

    order = hotline_order(hotline_agent, consult)
    resolve(order, wuhou_clerk)
    client.force_login(verified_citizen)
    assert 'data-action="rate"' in client.get(reverse("web:my_orders")).content.decode()
    response = client.post(
        reverse("web:my_order", args=[order.tracking_no]), {"action": "rate", "level": "1", "comment": ""}
    )
    assert response.status_code == 302
    assert ServiceOrder.objects.get(pk=order.pk).status == "closed"


def test_nothing_can_be_sent_to_an_order_not_awaiting_materials(client, consult, verified_citizen):  # noqa: F811
    client.force_login(verified_citizen)
    client.post(reverse("web:apply"), apply_data(applicant_phone="", applicant_name=""))
    order = ServiceOrder.objects.get()
    response = client.post(
        reverse("web:my_order", args=[order.tracking_no]),
        {"action": "materials", "attachments": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert response.status_code == 302
    assert not order.attachments.exists()
