"""Entrustment by a court or a legal aid centre, bad input refused naming the field with nothing saved,
the process recorded step by step, the opinion's hash in the evidence log, who sees what, the negative
list's reports and complaints referred to people's mediation through the engine."""

from __future__ import annotations

import hashlib

import pytest

from fawang.core.errors import NotFound, ValidationFailed
from fawang.orders.models import ServiceOrder

pytestmark = pytest.mark.django_db


def _fields(exc: ValidationFailed) -> set[str | None]:
    return {e.field for e in exc.errors}


def test_entrustment_for_a_category_the_institution_is_not_registered_for_is_refused(appraisal, entrust):
    before = ServiceOrder.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        entrust(category="audio_visual")
    assert _fields(refused.value) == {"category"}
    (error,) = refused.value.errors
    assert error.code == "category_not_registered" and appraisal.institution.name in str(error.message)
    assert ServiceOrder.objects.count() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"institution": "x\x00"}, "institution"),
        ({"institution": 10**30}, "institution"),
        ({"category": "astrology"}, "category"),
        ({"case_reference": ""}, "case_reference"),
        ({"matter": "短"}, "matter"),
        ({"matter": "长" * 5000}, "matter"),
    ],
)
def test_bad_entrustments_name_their_field_and_save_nothing(appraisal, entrust, change, field):
    before = ServiceOrder.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        entrust(**change)
    assert field in _fields(refused.value)
    assert ServiceOrder.objects.count() == before


def test_only_an_entrusting_body_may_entrust(appraisal, entrust):
    from fawang.core.errors import Forbidden

    with pytest.raises(Forbidden):
        entrust(actor=appraisal.supervisor)


def test_a_court_entrusts_and_sees_only_its_own(appraisal, entrust):
    from fawang.accounts.tests.factories import StaffFactory
    from fawang.appraisal import selectors
    from fawang.appraisal.models import EntrustingBody, EntrustingOfficer

    row = entrust()
    order = row.order
    assert order.assigned_institution_id == appraisal.institution.pk and order.region_id == "510100"
    assert row.green_channel is False and order.clocks.get().name == "accept"
    assert selectors.entrustment_get(appraisal.judge, order.tracking_no) == row
    assert selectors.entrustment_get(appraisal.clerk, order.tracking_no) == row
    assert selectors.entrustment_get(appraisal.supervisor, order.tracking_no) == row
    other_court = EntrustingBody.objects.create(kind="court", name="成都市锦江区人民法院", region_id="510104")
    stranger = StaffFactory(jurisdiction_region_id="510104", roles=["entrusting_officer"])
    EntrustingOfficer.objects.create(user=stranger, body=other_court)
    assert selectors.entrustment_get(stranger, order.tracking_no) is None
    assert list(selectors.entrustments_for(stranger)) == []
    # The officer reaches no other order of the engine.
    from fawang.accounts import policy

    assert not policy.can_see_order(appraisal.judge, order)


def test_green_channel_for_a_legal_aid_centres_entrustment(appraisal, entrust):
    row = entrust(actor=appraisal.aid_clerk, legal_aid_reference="武法援〔2026〕88号")
    assert row.body.kind == "legal_aid_centre" and row.body.institution == appraisal.centre
    assert row.green_channel and row.fee_waived
    court_row = entrust(green_channel=True)
    assert court_row.green_channel
    from fawang.appraisal import selectors

    # The green channel comes first in the institution's list.
    plain = entrust()
    listed = list(selectors.entrustments_for(appraisal.clerk))
    assert [e.green_channel for e in listed] == [True, True, False] and plain in listed


def test_acceptance_needs_two_registered_appraisers_and_a_fee_in_fen(appraisal, entrust):
    from fawang.appraisal.services import appraisal_accept

    row = entrust()
    for appraisers, fee, field in (
        ([appraisal.appraisers[0].pk], 0, "appraisers"),
        ([appraisal.appraisers[0].pk, appraisal.appraisers[0].pk], 0, "appraisers"),
        ([p.pk for p in appraisal.appraisers[:2]], -1, "fee_fen"),
        ([p.pk for p in appraisal.appraisers[:2]], "12.5", "fee_fen"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            appraisal_accept(actor=appraisal.clerk, order=row.order, appraisers=appraisers, fee_fen=fee)
        assert field in _fields(refused.value)
    row.order.refresh_from_db()
    assert row.order.status == "submitted"
    # A suspended appraiser cannot be named.
    appraisal.appraisers[1].status = "suspended"
    appraisal.appraisers[1].save()
    with pytest.raises(ValidationFailed):
        appraisal_accept(
            actor=appraisal.clerk, order=row.order, appraisers=[p.pk for p in appraisal.appraisers[:2]]
        )
    # The court cannot accept its own entrustment.
    with pytest.raises(NotFound):
        appraisal_accept(
            actor=appraisal.judge, order=row.order, appraisers=[p.pk for p in appraisal.appraisers[::2]]
        )


def test_the_process_step_by_step_and_the_opinion_in_the_evidence_log(appraisal, entrust):
    from fawang.appraisal.enums import Action
    from fawang.appraisal.opinions import appraisal_issue, opinion_pdf_bytes
    from fawang.appraisal.services import appraisal_accept, appraisal_step
    from fawang.ledger.models import LogEntry
    from fawang.ledger.services import entry_body

    row = entrust()
    order = row.order
    appraisal_accept(actor=appraisal.clerk, order=order, appraisers=[p.pk for p in appraisal.appraisers[:2]])
    appraisal_step(actor=appraisal.clerk, order=order, action=Action.RECEIVE_MATERIALS)
    appraisal_step(
        actor=appraisal.clerk, order=order, action=Action.EXAMINE, note="活体检查：左下肢功能部分丧失"
    )
    appraisal_step(actor=appraisal.clerk, order=order, action=Action.EXAMINE, note="阅片")
    appraisal_step(actor=appraisal.clerk, order=order, action=Action.DRAFT)
    appraisal_step(actor=appraisal.clerk, order=order, action=Action.REVIEW, note="复核无误")
    row = appraisal_issue(actor=appraisal.clerk, order=order)
    kinds = list(order.events.values_list("kind", flat=True))
    assert [k for k in kinds if k.startswith("appraisal_")] == [
        "appraisal_materials_received",
        "appraisal_examined",
        "appraisal_examined",
        "appraisal_drafted",
        "appraisal_reviewed",
        "appraisal_issued",
    ]
    opinion = row.opinion
    pdf = opinion_pdf_bytes(row)
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == opinion.sha256
    assert opinion.number.startswith("SCJD-") and opinion.kind == "appraisal_opinion"
    entry = LogEntry.objects.get(index=opinion.log_index)
    expected = entry_body(
        "dispute-outcome", f"appraisal_opinion\n{opinion.number}\n{opinion.sha256}\n".encode()
    )
    assert bytes(entry.body) == expected
    order.refresh_from_db()
    assert (order.status, order.stage) == ("resolved", "issued")
    assert order.clocks.get(name="complete").stopped_at is not None


def test_negative_list_and_interference_reports(appraisal, entrust):
    from fawang.appraisal import selectors
    from fawang.appraisal.services import conduct_report, negative_items

    assert "interference" in negative_items() and "outside_registered_scope" in negative_items()
    row = entrust()
    report = conduct_report(
        actor=appraisal.clerk,
        kind="interference",
        item="interference",
        institution=appraisal.institution.pk,
        tracking_no=row.order.tracking_no,
        account="某人多次来电要求提高伤残等级",
    )
    assert report.entrustment == row and report.account == "某人多次来电要求提高伤残等级"
    assert report in selectors.reports_for(appraisal.supervisor)
    with pytest.raises(ValidationFailed) as refused:
        conduct_report(actor=appraisal.clerk, kind="rumour", item="nope", institution="", account="")
    assert _fields(refused.value) == {"kind", "item", "institution", "account"}


def test_a_complaint_is_referred_to_peoples_mediation_through_the_engine(appraisal):
    from fawang.appraisal.services import complaint_record, complaint_refer

    with pytest.raises(ValidationFailed) as refused:
        complaint_record(
            actor=appraisal.supervisor,
            institution=appraisal.institution.pk,
            complainant_name="张某",
            complainant_phone="123",
            account="鉴定人态度恶劣，收费不透明",
        )
    assert _fields(refused.value) == {"complainant_phone"}
    complaint = complaint_record(
        actor=appraisal.supervisor,
        institution=appraisal.institution.pk,
        complainant_name="张某",
        complainant_phone="13800001234",
        account="鉴定人态度恶劣，收费不透明",
    )
    complaint = complaint_refer(
        actor=appraisal.supervisor, complaint=complaint, committee=appraisal.committee.pk
    )
    order = complaint.referred_order
    assert complaint.status == "referred" and order.service_item.code == "mediation_dispute"
    assert order.workflow == "mediation"
    assert order.assigned_institution_id == appraisal.committee.pk and order.channel == "internal"
    # People's mediation proper: the complainant is the applicant party with their phone, the
    # institution the other side; the mediation row says who referred it.
    parties = {p.side: p for p in order.dispute_parties.all()}
    assert parties["applicant"].name == "张某" and parties["applicant"].phone == "13800001234"
    assert parties["respondent"].name == appraisal.institution.name
    assert parties["respondent"].kind == "organisation"
    assert order.mediation.source == "justice_bureau" and order.mediation.committee == appraisal.committee
    # The complainant follows it on the tracking page with their own phone.
    from fawang.orders.selectors import order_track_public

    assert order_track_public(tracking_no=order.tracking_no, phone="13800001234") == order
    with pytest.raises(ValidationFailed):
        complaint_refer(actor=appraisal.supervisor, complaint=complaint, committee=appraisal.committee.pk)
