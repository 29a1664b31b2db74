"""The public matters pages in four languages, the apply page (a time booked meanwhile is refused
with nothing saved), the applicant's page with the local payment, the office's page, the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fawang.notary.models import NotaryApplication, Payment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "title", "mode"),
    [
        ("", "公证事项清单", "全程网办"),
        ("/en", "Notary matters", "Fully online"),
        ("/bo", "སྤྱི་དཔང་རྣམ་གྲངས་ཐོ།", "དྲ་ཐོག་ཁོ་ནར་སྒྲུབ།"),
        ("/ii", "ꇬꍓꏅꑣꄉ", "ꊁꃅꀠꆸ"),
    ],
)
def test_the_matters_list_is_public_in_four_languages(client, notary, prefix, title, mode):
    page = client.get(f"{prefix}/notary/").content.decode()
    assert title in page and mode in page
    assert "出生公证" in page and "¥80.00" in page


def test_a_matter_page_lists_materials_fee_versions_with_basis_and_offices(client, notary):
    page = client.get(reverse("notary:matter", args=["will"])).content.decode()
    assert "遗嘱草稿" in page and "须本人到场" in page and "DEMO" in page
    assert "四川省成都市武侯公证处" in page and "十五个工作日" in page
    assert client.get(reverse("notary:matter", args=["no-such"])).status_code == 404


def test_applying_needs_a_citizen_account(client, notary):
    response = client.get(reverse("notary:apply", args=["birth"]))
    assert response.status_code == 302 and "/login/citizen/" in response["Location"]


def _form(notary, slot=""):
    return {
        "office": notary.office.pk,
        "slot": slot,
        "region": "510107",
        "applicant_name": "陈小明",
        "second_language": "bo",
        "purpose": "出国留学",
        "description": "申请办理出生公证，用于出国留学。",
    }


def test_the_apply_page_books_and_applies_and_a_taken_time_is_refused(client, notary):
    from fawang.accounts.tests.factories import CitizenFactory

    client.force_login(notary.citizen)
    response = client.post(reverse("notary:apply", args=["contract"]), _form(notary, notary.slots[0].pk))
    assert response.status_code == 302
    application = NotaryApplication.objects.get()
    assert application.second_language == "bo" and application.order.applicant == notary.citizen

    client.force_login(CitizenFactory())
    response = client.post(reverse("notary:apply", args=["contract"]), _form(notary, notary.slots[0].pk))
    assert response.status_code == 400
    assert "slot" in response.context["form"].errors  # named beside the field; the race: test_application
    assert NotaryApplication.objects.count() == 1


def test_the_applicant_pays_on_their_page_which_says_it_is_a_local_record(client, notary, notary_apply):
    from fawang.orders.services import order_accept

    order = notary_apply()
    order_accept(actor=notary.clerk, order=order)
    client.force_login(notary.citizen)
    url = reverse("notary:application", args=[order.tracking_no])
    page = client.get(url).content.decode()
    assert "本地记录" in page and "缴纳公证费" in page
    assert client.post(url, {"action": "pay"}).status_code == 302
    payment = Payment.objects.get()
    assert payment.amount_fen == 8000
    page = client.get(url).content.decode()
    assert payment.reference in page and "已缴费" in page


def test_another_citizen_does_not_see_the_application(client, notary, notary_apply):
    from fawang.accounts.tests.factories import CitizenFactory

    order = notary_apply()
    client.force_login(CitizenFactory())
    assert client.get(reverse("notary:application", args=[order.tracking_no])).status_code == 404
    assert client.get(reverse("notary:certificate_pdf", args=[order.tracking_no])).status_code == 404


def test_the_office_adds_times_and_reads_its_visit_figures(client, notary, notary_apply):
    client.force_login(notary.clerk)
    page = client.get(reverse("notary:office")).content.decode()
    assert "最多跑一次" in page
    response = client.post(
        reverse("notary:office"),
        {"office": notary.office.pk, "starts_at": "2099-01-05 09:00", "minutes": 30, "kind": "video"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("notary:office"),
        {"office": notary.other.pk, "starts_at": "2099-01-05 09:00", "minutes": 30, "kind": "video"},
    )
    assert response.status_code == 400  # not their office


def test_the_api_lists_the_matters_with_todays_fee(client, notary):
    body = client.get("/api/v1/notary/matters").json()
    birth = next(m for m in body if m["code"] == "birth")
    assert birth["fee_today"]["amount_fen"] == 8000 and birth["fee_today"]["is_demo"]
    assert birth["mode"] == "online" and "四川省成都市武侯公证处" in birth["offices"]
    assert client.get("/api/v1/notary/certificates/NOPE").status_code == 404
