"""Documents served with a record of service; the signed outcome: a PDF (WeasyPrint, QR code) whose
SHA-256 is in the evidence log and verifies on the public page, which names nobody."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from fawang.core.errors import ValidationFailed
from fawang.disputes.models import Document, Outcome, ServiceRecord
from fawang.disputes.outcomes import outcome_pdf_bytes, outcome_sign
from fawang.disputes.services import document_add, document_serve
from fawang.ledger.models import LogEntry

pytestmark = pytest.mark.django_db


def sign(world, dispute, **kwargs):
    defaults = {
        "actor": world.clerk,
        "order": dispute.order,
        "kind": "agreement",
        "title": "人民调解协议书",
        "body": "一、李小河于2026年10月31日前拆除越界部分。\n二、王大山放弃其他请求。",
        "number_prefix": "SCTJ",
        "issuer_name": "簇桥街道人民调解委员会",
        "signatories": [dispute.applicant, dispute.respondent],
    }
    defaults.update(kwargs)
    return outcome_sign(**defaults)


def test_a_document_served_is_recorded_with_how_when_and_the_receipt(world, dispute):
    document = document_add(
        actor=world.clerk, order=dispute.order, kind="notice", title="调解通知书", text="请于9月8日到场。"
    )
    with pytest.raises(ValidationFailed) as caught:
        document_serve(
            actor=world.clerk, document=document, party=dispute.respondent, method="pigeon", receipt=""
        )
    assert [e.field for e in caught.value.errors] == ["method", "receipt"]
    assert not ServiceRecord.objects.exists()
    record = document_serve(
        actor=world.clerk,
        document=document,
        party=dispute.respondent,
        method="post",
        receipt="EMS 1234567890123",
    )
    assert (record.method, record.receipt) == ("post", "EMS 1234567890123")
    assert document.sha256 == hashlib.sha256("请于9月8日到场。".encode()).hexdigest()


def test_a_document_cannot_be_served_on_someone_of_another_case(world, dispute):
    from fawang.disputes.services import party_add
    from fawang.orders.services import order_submit

    other = order_submit(
        actor=None,
        channel="web",
        service_item=world.item,
        region="510107",
        description="另一起纠纷，和本案无关的当事人。",
        applicant_kind="anonymous",
        applicant_phone="13800004444",
    )
    outsider = party_add(actor=world.clerk, order=other, side="applicant", kind="person", name="赵六")
    document = document_add(actor=world.clerk, order=dispute.order, kind="notice", title="通知", text="到场")
    with pytest.raises(ValidationFailed) as caught:
        document_serve(
            actor=world.clerk, document=document, party=outsider, method="in_person", receipt="本人签收"
        )
    assert caught.value.errors[0].field == "party"


def test_the_outcome_pdf_hash_is_in_the_evidence_log_and_verifies_publicly(world, dispute, client):
    outcome = sign(world, dispute)
    pdf = outcome_pdf_bytes(outcome)
    assert pdf.startswith(b"%PDF")
    digest = hashlib.sha256(pdf).hexdigest()
    assert outcome.sha256 == digest
    entry = LogEntry.objects.get(index=outcome.log_index)
    assert entry.kind == "dispute-outcome"
    assert bytes(entry.data).decode() == f"agreement\n{outcome.number}\n{digest}\n"
    page = client.get(reverse("disputes:verify", args=[outcome.number]))
    text = page.content.decode()
    assert page.status_code == 200 and digest in text and "簇桥街道人民调解委员会" in text
    assert "王大山" not in text and "李小河" not in text  # public: no names
    assert client.get(reverse("disputes:verify", args=["SCTJ-nope"])).status_code == 404
    # The PDF is kept (encrypted) as a document of the case file.
    assert Document.objects.get(pk=outcome.document_id).content_type == "application/pdf"
    assert dispute.order.events.filter(kind="dispute_outcome_signed").exists()


def test_the_pdf_names_the_parties_and_carries_the_qr_code(world, dispute):
    import subprocess

    outcome = sign(world, dispute)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=outcome_pdf_bytes(outcome), capture_output=True, check=True
    ).stdout.decode()
    assert "人民调解协议书" in text and "王大山" in text and "李小河" in text and outcome.number in text


def test_a_written_agreement_needs_a_signatory_of_each_side_and_nothing_is_logged_without(world, dispute):
    before = LogEntry.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        sign(world, dispute, signatories=[dispute.applicant])
    assert caught.value.errors[0].field == "signatories"
    assert LogEntry.objects.count() == before and not Outcome.objects.exists()
    oral = sign(world, dispute, form="oral", signatories=[])
    assert oral.form == "oral"


def test_numbers_count_up_per_place_and_year(world, dispute):
    first, second = sign(world, dispute), sign(world, dispute)
    place = dispute.order.assigned_institution_id or dispute.order.assigned_point_id
    assert first.number.startswith(f"SCTJ-{first.signed_at.year}-{place:04d}-")
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1
