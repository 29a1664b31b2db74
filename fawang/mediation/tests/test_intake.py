"""Registering a dispute: by the party (the villager's phone page or any intake), free of charge
(人民调解法第四条); bad input names its field and saves nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fawang.core.errors import NotFound, ValidationFailed
from fawang.disputes.models import Party
from fawang.mediation.enums import Action
from fawang.mediation.models import Mediation
from fawang.orders.models import ServiceOrder
from fawang.orders.workflow import workflow_get

from .conftest import NEIGHBOUR_ID, VILLAGER_ID

pytestmark = pytest.mark.django_db


def test_a_registered_dispute_goes_to_the_chosen_committee_with_both_parties(mediation_world, register):
    order = register()
    assert (order.workflow, order.assigned_institution_id) == ("mediation", mediation_world.committee.pk)
    row = Mediation.objects.get(order=order)
    assert (row.category, row.source) == ("neighbours", "party")
    parties = {p.side: p for p in Party.objects.filter(order=order)}
    assert (
        parties["applicant"].id_number == VILLAGER_ID
        and parties["applicant"].account == mediation_world.villager
    )
    assert parties["respondent"].id_number == NEIGHBOUR_ID and parties["respondent"].name == "李小河"
    assert order.clocks.get(name="mediate").stopped_at is None


def test_art_4_mediation_is_free_of_charge_everywhere(mediation_world, register, client):
    from fawang.catalog.models import ServiceItem

    item = ServiceItem.objects.get(code="mediation_dispute")
    assert "免费" in item.fee and "第四条" in item.fee
    flow = workflow_get("mediation")
    assert not any("pay" in a.name or "fee" in a.name for a in flow.actions)
    assert not any("fee" in f.name for f in Mediation._meta.get_fields())
    order = register()
    client.force_login(mediation_world.clerk)
    body = client.get(f"/api/v1/mediation/cases/{order.tracking_no}").json()
    assert body["fee_fen"] == 0 and "第四条" in body["fee_basis"]
    page = client.get(reverse("orders:order_detail", args=[order.tracking_no])).content.decode()
    assert 'data-testid="fee"' in page


def test_a_referral_names_who_referred_it(mediation_world, register):
    with pytest.raises(ValidationFailed) as caught:
        register(source="court")
    assert [e.field for e in caught.value.errors] == ["details.referred_by"]
    order = register(source="police", referred_by="簇桥派出所")
    assert Mediation.objects.get(order=order).referred_by == "簇桥派出所"


def test_an_invalid_id_or_credit_code_of_the_other_party_is_named_and_nothing_is_saved(
    mediation_world, register
):
    before = ServiceOrder.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        register(respondent_id_number="510107198502020013")
    assert [e.field for e in caught.value.errors] == ["details.respondent_id_number"]
    with pytest.raises(ValidationFailed) as caught:
        register(
            respondent_kind="organisation",
            respondent_name="某建筑公司",
            respondent_credit_code="91510100MA61R8XK2Y",
        )
    assert [e.field for e in caught.value.errors] == ["details.respondent_credit_code"]
    with pytest.raises(ValidationFailed) as caught:
        register(committee=mediation_world.commission.pk)
    assert [e.field for e in caught.value.errors] == ["details.committee"]
    assert ServiceOrder.objects.count() == before and not Party.objects.exists()


def test_the_villager_registers_on_the_phone_page(mediation_world, client):
    client.force_login(mediation_world.villager)
    page = client.get(reverse("mediation:apply") + "?county=510107")
    assert "簇桥街道七里村人民调解委员会" in page.content.decode()
    data = {
        "county": "510107",
        "name": "王大山",
        "id_number": "510107198001010014",  # a wrong check digit
        "committee": mediation_world.committee.pk,
        "category": "land",
        "respondent_name": "李小河",
        "respondent_phone": "",
        "description": "邻居修房占了我家的宅基地，请调委会调解。",
    }
    refused = client.post(reverse("mediation:apply"), data)
    assert refused.status_code == 400 and "GB 11643" in refused.content.decode()
    assert not ServiceOrder.objects.exists()
    data["id_number"] = VILLAGER_ID
    done = client.post(reverse("mediation:apply"), data)
    order = ServiceOrder.objects.get()
    assert done["Location"].endswith(f"/disputes/my/{order.tracking_no}/")


def test_another_committee_sees_nothing(mediation_world, register, client):
    order = register()
    client.force_login(mediation_world.litang_clerk)
    assert client.get(f"/api/v1/mediation/cases/{order.tracking_no}").status_code == 404
    assert client.get(reverse("orders:order_detail", args=[order.tracking_no])).status_code == 404
    from fawang.orders.engine import order_act

    with pytest.raises(NotFound):
        order_act(actor=mediation_world.litang_clerk, order=order, action=Action.REFUSE, reason="拒绝")
