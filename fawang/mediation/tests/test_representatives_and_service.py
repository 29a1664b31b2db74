"""The committee's forms for the disputes base's representatives and records of service (docs/adr/0029
"Left", closed): a representative with special authority must say what it covers, nothing saved
otherwise; the agreement served on the other party is recorded with its receipt; both show in the case
file; a committee elsewhere cannot post them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import agree

pytestmark = pytest.mark.django_db


def _post(client, order, what, data):
    return client.post(reverse("mediation:panel_post", args=[order.tracking_no, what]), data)


def test_a_representative_with_special_authority_says_what_it_covers(mediation_world, mediating, client):
    from fawang.disputes.models import Representative

    order = mediating()
    respondent = order.dispute_parties.get(side="respondent")
    client.force_login(mediation_world.clerk)
    page = client.get(reverse("orders:order_detail", args=[order.tracking_no])).content.decode()
    assert 'data-testid="representative-form"' in page
    form = {
        "rep-party": respondent.pk,
        "rep-kind": "lawyer",
        "rep-name": "赵律师",
        "rep-authority": "special",
        "rep-authority_scope": "",
        "rep-phone": "13800009999",
    }
    response = _post(client, order, "representative", form)
    assert response.status_code == 302 and not Representative.objects.exists()
    follow = client.get(response["Location"]).content.decode()
    assert "authority_scope" in follow  # the refusal names the field
    form["rep-authority_scope"] = "代为承认、放弃、变更调解请求，代为达成调解协议"
    _post(client, order, "representative", form)
    rep = Representative.objects.get()
    assert rep.party == respondent and rep.authority == "special" and rep.phone == "13800009999"
    page = client.get(reverse("orders:order_detail", args=[order.tracking_no])).content.decode()
    assert "代为达成调解协议" in page
    # The representative is masked in the case file like the party (not a lawyer of the network).
    assert "赵**" in page and "赵律师" not in page
    # A committee elsewhere cannot add one.
    client.force_login(mediation_world.litang_clerk)
    assert _post(client, order, "representative", form).status_code in (403, 404)
    assert Representative.objects.count() == 1


def test_the_agreement_served_on_the_other_party_is_recorded(mediation_world, mediating, client):
    from fawang.disputes.models import ServiceRecord

    order = mediating()
    outcome = agree(mediation_world, order)
    respondent = order.dispute_parties.get(side="respondent")
    client.force_login(mediation_world.clerk)
    page = client.get(reverse("orders:order_detail", args=[order.tracking_no])).content.decode()
    assert 'data-testid="service-form"' in page
    form = {
        "served-document": outcome.document_id,
        "served-party": respondent.pk,
        "served-method": "post",
        "served-receipt": "",
    }
    _post(client, order, "service", form)
    assert not ServiceRecord.objects.exists()  # a receipt is required
    form["served-receipt"] = "EMS 1234567890123"
    _post(client, order, "service", form)
    record = ServiceRecord.objects.get()
    assert record.party == respondent and record.method == "post" and record.receipt == "EMS 1234567890123"
    assert order.events.filter(kind="dispute_document_served").exists()
    page = client.get(reverse("orders:order_detail", args=[order.tracking_no])).content.decode()
    assert "EMS 1234567890123" in page
