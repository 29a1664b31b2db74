"""The public verification page (no sign-in, four languages) and the receipt's PDF."""

from __future__ import annotations

import hashlib
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fawang.evidence.models import PreservedFile
from fawang.evidence.receipt_pdf import render_receipt_document

pytestmark = pytest.mark.django_db

CONTENT = "公证处存证的调解协议书\n".encode() * 100


@pytest.fixture
def preserved(client, citizen, run_on_commit) -> PreservedFile:
    client.force_login(citizen)
    upload = SimpleUploadedFile("协议.txt", CONTENT, "text/plain")
    run_on_commit(lambda: client.post(reverse("evidence:preserve"), {"file": upload}))
    client.logout()
    return PreservedFile.objects.get()


def _receipt(client, row: PreservedFile) -> bytes:
    return client.get(reverse("evidence:receipt", args=[row.entry_index])).content


def _check(client, receipt: bytes, original: bytes | None = None, prefix: str = ""):
    data = {"receipt": SimpleUploadedFile("entry.tlog-proof", receipt, "text/plain")}
    if original is not None:
        data["original"] = SimpleUploadedFile("original.txt", original, "text/plain")
    return client.post(f"{prefix}/evidence/verify/", data)


@pytest.mark.parametrize(
    ("prefix", "heading"),
    [("", "核验回执"), ("/en", "Check a receipt"), ("/bo", "ལེན་འཛིན་ར་སྤྲོད།"), ("/ii", "ꉰꍠꑷꍓ")],
)
def test_the_page_is_public_in_four_languages(client, prefix, heading):
    response = client.get(f"{prefix}/evidence/verify/")
    assert response.status_code == 200
    assert heading in response.content.decode()


def test_a_receipt_and_its_original_verify_for_anyone(client, preserved):
    response = _check(client, _receipt(client, preserved), CONTENT)
    body = response.content.decode()
    assert 'data-ok="true"' in body and "原始文件正是回执记录的文件" in body
    assert hashlib.sha256(CONTENT).hexdigest() in body


def test_a_changed_original_or_receipt_is_refused_with_the_reason(client, preserved):
    receipt = _receipt(client, preserved)
    body = _check(client, receipt, CONTENT + b" ").content.decode()
    assert 'data-ok="false"' in body and 'data-code="original_mismatch"' in body
    changed = receipt.replace(b"index ", b"index 1", 1)
    body = _check(client, changed, CONTENT, prefix="/en").content.decode()
    assert 'data-ok="false"' in body
    assert "the receipt was altered" in body or "not a receipt" in body
    body = _check(client, b"\x00\xff not a receipt").content.decode()
    assert 'data-code="bad_format"' in body


def test_the_form_names_a_missing_receipt(client):
    response = client.post("/evidence/verify/", {})
    assert response.status_code == 422
    assert 'id="field-receipt"' in response.content.decode()


def test_the_receipt_pdf_is_one_page_with_a_qr_code(client, preserved):
    response = client.get(reverse("evidence:receipt_pdf", args=[preserved.entry_index]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True)
    assert "存证日志回执" in text.stdout.decode() and preserved.sha256 in text.stdout.decode()
    receipt = client.get(reverse("evidence:receipt", args=[preserved.entry_index])).content.decode()
    document = render_receipt_document(receipt, verify_url="https://fawang.example/evidence/verify/")
    assert len(document.pages) == 1


def test_a_receipt_for_an_entry_not_yet_logged_is_404(client):
    assert client.get(reverse("evidence:receipt", args=[10**9])).status_code == 404
    assert client.get(reverse("evidence:receipt_pdf", args=[10**9])).status_code == 404


def test_the_public_page_counts_checks_per_connection(client, settings, monkeypatch):
    from fawang.evidence import views

    monkeypatch.setattr(views, "CHECK_LIMIT", 2)
    for _ in range(2):
        assert _check(client, b"not a receipt").status_code == 200
    limited = _check(client, b"not a receipt")
    assert limited.status_code == 429 and "核验次数过多" in limited.content.decode()


@pytest.mark.parametrize(("prefix", "title"), [("/bo", "དཔང་རྟགས་ཉིན་ཐོའི་ལེན་འཛིན།"), ("/ii", "ꊨꍓꏦꍆꉰꍠ")])
def test_the_receipt_pdf_in_tibetan_and_yi_keeps_its_text_layer(client, preserved, prefix, title):
    response = client.get(f"{prefix}/evidence/receipts/{preserved.entry_index}.pdf")
    text = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=response.content, capture_output=True, check=True
    )
    # pdftotext puts a Tibetan vowel sign, drawn above its letter, on a line of its own: the characters
    # are all there and in order (the page itself, rendered with pdftoppm, shows them shaped)
    assert title in "".join(text.stdout.decode().split())
