"""The citizen's pages of the service loop, through Django's test client: apply on the web, see the
tracking number, follow the public timeline with number + phone, rate a resolved order."""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fawang.orders.models import ServiceOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def consult(sichuan):
    """法律咨询, offered by the Wuhou district centre (routing walks up from the applicant's region)."""
    from fawang.orders import routing
    from fawang.orders.tests.factories import RoutingRuleFactory, ServiceItemFactory, ServicePointFactory

    routing.invalidate_routing_index()
    cache.clear()  # the tracking rate limit counts per address across tests otherwise
    item = ServiceItemFactory(code="consult", name="法律咨询", name_en="Legal consultation", time_limit=5)
    RoutingRuleFactory(service_item=item, handler_kind="service_point", lowest_level="township")
    ServicePointFactory(name="武侯区公共法律服务中心", region_id="510107", items=[item])
    yield item
    routing.invalidate_routing_index()


def apply_data(**overrides):
    data = {
        "action": "submit",
        "service_item": "consult",
        "prefecture": "510100",
        "county": "510107",
        "township": "",
        "description": "公司拖欠我三个月工资，约一万二千元，想咨询如何讨薪。",
        "applicant_name": "王小明",
        "applicant_phone": "13700001234",
        "applicant_id_number": "",
        "language": "zh",
        "priority_groups": ["migrant_worker"],
    }
    data.update(overrides)
    return data


def field_errors(html: str, field: str) -> list[str]:
    block = re.search(rf'id="field-{field}">(.*?)</div>', html, re.S)
    return re.findall(r'class="field-error"[^>]*>([^<]*)<', block.group(1)) if block else []


def test_apply_form_preselects_the_item_and_lists_prefectures(client, consult):
    html = client.get(reverse("web:apply") + "?item=consult").content.decode()
    assert '<option value="consult" selected>' in html
    assert ">甘孜藏族自治州</option>" in html
    assert "/static/web/region-select.js" in html


def test_citizen_applies_and_gets_a_tracking_number(client, consult):
    response = client.post(reverse("web:apply"), apply_data())
    assert response.status_code == 302
    order = ServiceOrder.objects.get()
    assert order.channel == "web"
    assert order.region_id == "510107"
    assert order.priority_groups == ["migrant_worker"]
    assert order.applicant_name == "王小明"
    done = client.get(response["Location"]).content.decode()
    assert order.tracking_no in done
    assert "137****1234" in done and "13700001234" not in done  # phone masked on screen


def test_confirmation_page_is_only_for_the_browser_that_applied(client, consult):
    response = client.post(reverse("web:apply"), apply_data())
    other = client.__class__()
    assert other.get(response["Location"]).status_code == 404


def test_bad_fields_are_reported_each_on_its_field_in_chinese_and_nothing_is_saved(client, consult):
    html = client.post(
        reverse("web:apply"),
        apply_data(
            county="", description="", applicant_phone="12345", applicant_id_number="510107199001011234"
        ),
    ).content.decode()
    assert ServiceOrder.objects.count() == 0
    assert field_errors(html, "county")  # the region picker
    assert field_errors(html, "description")
    # The service's own checks (phone, ID check digit) come back on their fields too, once the shape is right.
    html = client.post(
        reverse("web:apply"), apply_data(applicant_phone="12345", applicant_id_number="510107199001011234")
    ).content.decode()
    assert ServiceOrder.objects.count() == 0
    assert any("11" in e for e in field_errors(html, "applicant_phone"))
    assert field_errors(html, "applicant_id_number")
    assert "请更正以下错误" in html


def test_township_must_be_inside_the_chosen_county(client, consult):
    html = client.post(reverse("web:apply"), apply_data(township="513334100")).content.decode()
    assert field_errors(html, "township")
    assert ServiceOrder.objects.count() == 0


def test_region_picker_without_javascript_shows_the_townships_of_the_chosen_county(client, consult):
    html = client.post(reverse("web:apply"), apply_data(action="pick_region")).content.decode()
    assert ServiceOrder.objects.count() == 0  # picking a region submits nothing
    township_select = re.search(r'<select name="township".*?</select>', html, re.S).group(0)
    assert "浆洗街街道" in township_select  # a street of Wuhou district
    assert "公司拖欠我三个月工资" in html  # what was typed is kept


def test_attachment_of_a_forbidden_type_is_refused_on_the_attachments_field(client, consult):
    data = apply_data()
    data["attachments"] = SimpleUploadedFile(
        "virus.exe", b"MZ\x90\x00" * 100, content_type="application/octet-stream"
    )
    html = client.post(reverse("web:apply"), data).content.decode()
    assert ServiceOrder.objects.count() == 0
    assert field_errors(html, "attachments")


def submit_order(client, consult, **overrides) -> ServiceOrder:
    client.post(reverse("web:apply"), apply_data(**overrides))
    return ServiceOrder.objects.latest("submitted_at")


def resolve(order: ServiceOrder, clerk) -> None:
    from fawang.orders.services import order_accept, order_resolve, order_start

    order_accept(actor=clerk, order=order)
    order_start(actor=clerk, order=ServiceOrder.objects.get(pk=order.pk))
    order_resolve(
        actor=clerk, order=ServiceOrder.objects.get(pk=order.pk), resolution="已解答，建议申请劳动仲裁。"
    )


def test_public_tracking_shows_the_timeline_with_number_and_phone(client, consult):
    order = submit_order(client, consult)
    anonymous = client.__class__()
    html = anonymous.post(
        reverse("web:track"), {"tracking_no": order.tracking_no, "phone": "13700001234"}
    ).content.decode()
    assert 'data-testid="timeline"' in html
    assert order.tracking_no in html
    assert "137****1234" in html and "13700001234" not in html
    assert "王小明" not in html  # the page shows nothing the tracker did not already give


def test_wrong_phone_gets_the_same_answer_as_a_missing_order(client, consult):
    order = submit_order(client, consult)
    wrong_phone = client.post(
        reverse("web:track"), {"tracking_no": order.tracking_no, "phone": "13900009999"}
    )
    html = wrong_phone.content.decode()
    assert 'data-testid="timeline"' not in html
    assert "未找到与该工单编号和手机号码匹配的工单" in html


def test_tracking_is_rate_limited_per_address(client, consult):
    from fawang.core.ratelimit import PHONE_CHECK_LIMIT as TRACK_LIMIT

    for _ in range(TRACK_LIMIT):
        response = client.post(reverse("web:track"), {"tracking_no": "X", "phone": "13900009999"})
        assert response.status_code == 200
    response = client.post(reverse("web:track"), {"tracking_no": "X", "phone": "13900009999"})
    assert response.status_code == 429
    assert "查询次数过多" in response.content.decode()


def test_resolved_order_can_be_rated_from_the_tracking_page(client, consult, wuhou_clerk):
    order = submit_order(client, consult)
    resolve(order, wuhou_clerk)
    html = client.post(
        reverse("web:track"), {"tracking_no": order.tracking_no, "phone": "13700001234"}
    ).content.decode()
    assert 'data-testid="evaluation"' in html

    # A bad rating needs a comment: the error sits on the comment field, nothing is recorded.
    html = client.post(
        reverse("web:track_evaluate"),
        {"tracking_no": order.tracking_no, "phone": "13700001234", "level": "4", "comment": ""},
    ).content.decode()
    assert field_errors(html, "comment")
    assert ServiceOrder.objects.get(pk=order.pk).status == "resolved"

    response = client.post(
        reverse("web:track_evaluate"),
        {"tracking_no": order.tracking_no, "phone": "13700001234", "level": "1", "comment": "很及时"},
    )
    assert response.status_code == 200
    assert ServiceOrder.objects.get(pk=order.pk).status == "closed"
    assert 'data-testid="evaluation"' not in response.content.decode()


def test_rating_with_the_wrong_phone_is_refused(client, consult, wuhou_clerk):
    order = submit_order(client, consult)
    resolve(order, wuhou_clerk)
    response = client.post(
        reverse("web:track_evaluate"),
        {"tracking_no": order.tracking_no, "phone": "13900009999", "level": "5", "comment": "随便打个差评"},
    )
    assert response.status_code == 404
    assert ServiceOrder.objects.get(pk=order.pk).status == "resolved"


def test_signed_in_citizen_applies_with_the_verified_phone(client, consult, citizen):
    client.force_login(citizen)
    html = client.get(reverse("web:apply")).content.decode()
    assert "139****5678" in html  # offered as the default, masked
    response = client.post(reverse("web:apply"), apply_data(applicant_phone="", applicant_name=""))
    assert response.status_code == 302
    order = ServiceOrder.objects.get()
    assert order.applicant == citizen
    assert order.applicant_phone == "13912345678"


def test_anonymous_applicant_must_give_a_phone(client, consult):
    html = client.post(reverse("web:apply"), apply_data(applicant_phone="")).content.decode()
    assert field_errors(html, "applicant_phone")
    assert ServiceOrder.objects.count() == 0
