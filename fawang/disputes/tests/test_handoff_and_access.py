"""The hand-off of a case file from one order to another (mediation → arbitration), and party access:
a party sees only their own case (by account, verified phone or ID number), everyone else 404; the
public tracking page follows it with any party's phone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fawang.core.errors import Conflict, NotFound
from fawang.disputes.models import Document, Party, Representative
from fawang.disputes.services import case_file_copy, document_add, representative_add

from .conftest import RESPONDENT_ID

pytestmark = pytest.mark.django_db


def second_order(world):
    from fawang.orders.services import order_submit

    return order_submit(
        actor=None,
        channel="web",
        service_item=world.item,
        region="510107",
        description="调解不成，转入仲裁程序继续处理。",
        applicant_kind="anonymous",
        applicant_phone="13800005555",
    )


def test_the_case_file_moves_with_its_parties_representatives_and_documents(world, dispute):
    representative_add(
        actor=world.clerk, party=dispute.applicant, kind="agent", name="王小山", authority="general"
    )
    document_add(
        actor=world.clerk, order=dispute.order, kind="evidence", title="宅基地使用证", text="证号001"
    )
    target = second_order(world)
    counts = case_file_copy(actor=world.clerk, source=dispute.order, target=target)
    assert counts == {"parties": 2, "representatives": 1, "documents": 1}
    copied = Party.objects.get(order=target, side="respondent")
    assert copied.name == "李小河" and copied.id_number == RESPONDENT_ID
    assert copied.copied_from_id == dispute.respondent.pk
    assert Representative.objects.get(party__order=target).name == "王小山"
    assert Document.objects.get(order=target).text == "证号001"
    event = target.events.get(kind="dispute_file_received")
    assert event.data["from_order"] == dispute.order.tracking_no
    with pytest.raises(Conflict):
        case_file_copy(actor=world.clerk, source=dispute.order, target=target)


def test_staff_who_cannot_see_the_source_cannot_take_its_file(world, dispute):
    with pytest.raises(NotFound):
        case_file_copy(actor=world.ganzi, source=dispute.order, target=second_order(world))
    assert not Party.objects.filter(copied_from__isnull=False).exists()


def test_the_respondent_sees_the_case_by_phone_and_a_stranger_gets_404(world, dispute, client):
    url = reverse("disputes:my_dispute", args=[dispute.order.tracking_no])
    client.force_login(world.respondent)
    page = client.get(url)
    assert page.status_code == 200 and dispute.order.tracking_no in page.content.decode()
    assert dispute.order.tracking_no in client.get(reverse("disputes:my_disputes")).content.decode()
    client.force_login(world.stranger)
    assert client.get(url).status_code == 404
    assert client.get(reverse("disputes:my_dispute", args=["SC000000000000"])).status_code == 404


def test_a_phone_not_verified_is_no_proof_but_the_id_number_is(world, dispute, client):
    from fawang.core.identity import resident_id_index

    world.respondent.phone_verified_at = None
    world.respondent.save(update_fields=["phone_verified_at"])
    url = reverse("disputes:my_dispute", args=[dispute.order.tracking_no])
    client.force_login(world.respondent)
    assert client.get(url).status_code == 404
    world.respondent.id_number = RESPONDENT_ID
    world.respondent.id_number_index = resident_id_index(RESPONDENT_ID)
    world.respondent.save(update_fields=["id_number", "id_number_index"])
    assert client.get(url).status_code == 200


def test_the_applicant_sees_it_and_staff_use_the_order_page(world, dispute, client):
    url = reverse("disputes:my_dispute", args=[dispute.order.tracking_no])
    client.force_login(world.applicant)
    assert client.get(url).status_code == 200
    client.force_login(world.clerk)
    assert client.get(url)["Location"].endswith(f"/work/orders/{dispute.order.tracking_no}/")


def test_only_parties_download_the_outcome(world, dispute, client):
    from .test_documents_and_outcomes import sign

    outcome = sign(world, dispute)
    url = reverse("disputes:outcome_download", args=[outcome.number])
    client.force_login(world.respondent)
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.force_login(world.stranger)
    assert client.get(url).status_code == 404
    client.force_login(world.ganzi)
    assert client.get(url).status_code == 404


def test_the_tracking_page_follows_the_case_with_the_respondents_phone(world, dispute, client):
    from fawang.orders.selectors import order_track_public

    assert order_track_public(tracking_no=dispute.order.tracking_no, phone="13800002222") == dispute.order
    assert order_track_public(tracking_no=dispute.order.tracking_no, phone="13800001111") == dispute.order
    assert order_track_public(tracking_no=dispute.order.tracking_no, phone="13800003333") is None
    page = client.post(
        reverse("web:track"), {"tracking_no": dispute.order.tracking_no, "phone": "13800002222"}
    )
    assert page.status_code == 200 and 'data-testid="timeline"' in page.content.decode()
