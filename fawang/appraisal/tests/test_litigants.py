"""The litigants of an entrusted case are its parties (issue 14; docs/adr/0031 addendum): the court
names them with valid resident ID numbers, each follows the appraisal on the public tracking page with
their own phone, rates the issued opinion once, and a stranger finds nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fawang.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db

PLAINTIFF = {"side": "applicant", "name": "张某", "phone": "13800005555", "id_number": "510107198001010013"}
DEFENDANT = {"side": "respondent", "name": "刘某", "phone": "13800006666", "id_number": "510107198502020017"}


def _issue(appraisal, order):
    from fawang.appraisal.enums import Action
    from fawang.appraisal.opinions import appraisal_issue
    from fawang.appraisal.services import appraisal_accept, appraisal_step

    appraisal_accept(actor=appraisal.clerk, order=order, appraisers=[p.pk for p in appraisal.appraisers[:2]])
    appraisal_step(actor=appraisal.clerk, order=order, action=Action.RECEIVE_MATERIALS)
    appraisal_step(actor=appraisal.clerk, order=order, action=Action.EXAMINE, note="活体检查")
    appraisal_step(actor=appraisal.clerk, order=order, action=Action.DRAFT)
    appraisal_step(actor=appraisal.clerk, order=order, action=Action.REVIEW, note="复核无误")
    appraisal_issue(actor=appraisal.clerk, order=order)
    order.refresh_from_db()
    return order


def test_a_litigant_with_an_invalid_id_number_is_refused_and_nothing_saved(appraisal, entrust):
    from fawang.appraisal.models import Entrustment

    with pytest.raises(ValidationFailed) as refused:
        entrust(litigants=[PLAINTIFF, {**DEFENDANT, "id_number": "510107198502020018"}, {"side": "x"}])
    fields = {e.field for e in refused.value.errors}
    assert "litigants.1.id_number" in fields and "litigants.2.side" in fields
    assert "litigants.2.name" in fields and "litigants.2.id_number" in fields  # an ID number is required
    assert not Entrustment.objects.exists()


def test_litigants_follow_the_appraisal_and_each_rate_the_opinion_once(appraisal, entrust, client):
    from fawang.core.errors import Conflict
    from fawang.feedback.models import Evaluation
    from fawang.feedback.services import evaluation_submit

    row = entrust(litigants=[PLAINTIFF, DEFENDANT])
    order = row.order
    assert sorted(order.dispute_parties.values_list("side", flat=True)) == ["applicant", "respondent"]
    for phone in ("13800005555", "13800006666"):
        page = client.post(reverse("web:track"), {"tracking_no": order.tracking_no, "phone": phone})
        assert 'data-testid="timeline"' in page.content.decode()
    page = client.post(reverse("web:track"), {"tracking_no": order.tracking_no, "phone": "13800007777"})
    assert 'data-testid="timeline"' not in page.content.decode()

    order = _issue(appraisal, order)
    assert order.status == "resolved"
    page = client.post(reverse("web:track"), {"tracking_no": order.tracking_no, "phone": "13800005555"})
    assert 'name="level"' in page.content.decode()
    client.post(
        reverse("web:track_evaluate"),
        {"tracking_no": order.tracking_no, "phone": "13800005555", "level": 1, "comment": ""},
    )
    evaluation_submit(actor=None, order=order, level=2, channel="web", phone="13800006666")
    assert Evaluation.objects.filter(order=order).count() == 2
    with pytest.raises(Conflict):
        evaluation_submit(actor=None, order=order, level=2, channel="web", phone="13800005555")
    response = client.post(
        reverse("web:track_evaluate"),
        {"tracking_no": order.tracking_no, "phone": "13800007777", "level": 1, "comment": ""},
    )
    assert response.status_code == 404
    assert Evaluation.objects.filter(order=order).count() == 2


def test_the_entrust_page_names_the_litigants(appraisal, client):
    client.force_login(appraisal.judge)
    url = reverse("appraisal:entrust")
    form = {
        "institution": appraisal.institution.pk,
        "category": "forensic_medicine",
        "case_reference": "（2026）川0107民初1234号",
        "matter": "原告张某交通事故伤残等级鉴定",
        "applicant_litigant_name": "张某",
        "applicant_litigant_phone": "13800005555",
        "applicant_litigant_id_number": "510107198001010014",
    }
    from fawang.disputes.models import Party

    page = client.post(url, form)
    assert page.status_code == 400 and not Party.objects.exists()
    form["applicant_litigant_id_number"] = "510107198001010013"
    response = client.post(url, form)
    assert response.status_code == 302
    assert Party.objects.get().name == "张某"
