"""Evidence preservation in the API (/api/v1/evidence/…): a file streamed in under an Idempotency-Key
(the retry answers with the same preservation, no second log entry), the list, the public receipt, the
check of a receipt and the original; and retention: past FAWANG_EVIDENCE_RETENTION_DAYS the stored copy
is deleted while the row and the log entry stay and the receipt still verifies."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from fawang.accounts.services import api_token_create
from fawang.evidence.models import PreservedFile
from fawang.evidence.services import evidence_retention_sweep
from fawang.ledger.models import LogEntry

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 a signed lease, page 1 of 3\n" * 4000  # ~150 KB: several chunks


@pytest.fixture
def token(citizen):
    _token, raw = api_token_create(actor=citizen, user=citizen, name="app")
    return raw


def _upload(client, token, *, key: str = "", content: bytes = CONTENT, name: str = "租房合同.pdf"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if key:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post("/api/v1/evidence/files", {"file": upload}, **headers)


def _leftovers() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "evidence"
    return list(root.glob(".upload-*")) if root.exists() else []


def test_a_file_preserved_through_the_api_with_a_retry_under_the_same_key(
    client, citizen, token, run_on_commit
):
    first = run_on_commit(lambda: _upload(client, token, key="k-1"))
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["sha256"] == hashlib.sha256(CONTENT).hexdigest() and body["size"] == len(CONTENT)
    entries = LogEntry.objects.count()
    again = run_on_commit(lambda: _upload(client, token, key="k-1"))
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == body["id"]
    assert LogEntry.objects.count() == entries and PreservedFile.objects.count() == 1
    # The same key with another file is refused by name.
    other = _upload(client, token, key="k-1", content=b"another file")
    assert other.status_code == 422 and other.json()["field"] == "Idempotency-Key"
    assert not _leftovers()  # nothing left in the upload area, whatever the answer
    listed = client.get("/api/v1/evidence/files", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert [row["id"] for row in listed] == [body["id"]]
    assert listed[0]["kept_until"] == (timezone.localdate() + dt.timedelta(days=3650)).isoformat()
    # The receipt is public, and checks out against the original through the API.
    receipt = client.get(body["receipt_url"])
    assert receipt.status_code == 200 and receipt.content.startswith(b"c2sp.org/tlog-proof@v1")
    check = client.post(
        "/api/v1/evidence/verify",
        {
            "receipt": SimpleUploadedFile("r.tlog-proof", receipt.content),
            "original": SimpleUploadedFile("o.pdf", CONTENT),
        },
    ).json()
    assert check["original_checked"] and check["index"] == body["entry_index"]
    assert all(p["code"] == "quorum" for p in check["problems"])  # no witness configured in tests
    changed = client.post(
        "/api/v1/evidence/verify",
        {
            "receipt": SimpleUploadedFile("r.tlog-proof", receipt.content),
            "original": SimpleUploadedFile("o.pdf", CONTENT + b"x"),
        },
    ).json()
    assert "original_mismatch" in {p["code"] for p in changed["problems"]}


def test_the_api_refuses_without_a_file_without_an_account_and_for_staff(client, token, hotline_agent):
    response = client.post("/api/v1/evidence/files", {}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 422 and response.json()["field"] == "file"
    upload = SimpleUploadedFile("a.txt", b"hello")
    assert client.post("/api/v1/evidence/files", {"file": upload}).status_code == 401
    _t, staff_token = api_token_create(actor=hotline_agent, user=hotline_agent, name="x")
    upload = SimpleUploadedFile("a.txt", b"hello")
    refused = client.post(
        "/api/v1/evidence/files", {"file": upload}, HTTP_AUTHORIZATION=f"Bearer {staff_token}"
    )
    assert refused.status_code in (401, 403)
    assert not PreservedFile.objects.exists()


def test_a_file_over_the_limit_is_refused_by_name_through_the_api(client, token, settings):
    settings.FAWANG_EVIDENCE_MAX_BYTES = 64 * 1024
    response = _upload(client, token)
    assert response.status_code in (413, 422)
    assert not PreservedFile.objects.exists() and not _leftovers()


def test_past_its_retention_the_copy_is_deleted_and_the_log_entry_and_receipt_stay(
    client, citizen, token, run_on_commit
):
    body = run_on_commit(lambda: _upload(client, token)).json()
    row = PreservedFile.objects.get(pk=body["id"])
    stored = Path(settings.MEDIA_ROOT) / row.storage_name
    assert stored.exists()
    assert run_on_commit(lambda: evidence_retention_sweep(today=row.kept_until)) == 0  # its last day: kept
    assert run_on_commit(lambda: evidence_retention_sweep(today=row.kept_until + dt.timedelta(days=1))) == 1
    row.refresh_from_db()
    assert row.file_deleted_at is not None and not stored.exists()
    assert LogEntry.objects.filter(index=row.entry_index).exists()  # the log entry is never removed
    receipt = client.get(body["receipt_url"]).content
    check = client.post(
        "/api/v1/evidence/verify",
        {"receipt": SimpleUploadedFile("r", receipt), "original": SimpleUploadedFile("o", CONTENT)},
    ).json()
    assert check["original_checked"] and "original_mismatch" not in {p["code"] for p in check["problems"]}
    # Preserved again after that: a new preservation with its own entry (the old one has no copy).
    again = run_on_commit(lambda: _upload(client, token)).json()
    assert again["id"] != body["id"] and stored.exists()


def test_a_copy_another_account_still_keeps_stays_on_disk(client, citizen, token, run_on_commit, settings):
    from fawang.accounts.tests.factories import CitizenFactory

    first = run_on_commit(lambda: _upload(client, token)).json()
    other = CitizenFactory(username="li")
    _t, other_token = api_token_create(actor=other, user=other, name="app")
    run_on_commit(lambda: _upload(client, other_token))
    PreservedFile.objects.filter(pk=first["id"]).update(
        kept_until=timezone.localdate() - dt.timedelta(days=1)
    )
    run_on_commit(lambda: call_command("evidence_retention", stdout=open("/dev/null", "w")))  # noqa: SIM115
    row = PreservedFile.objects.get(pk=first["id"])
    assert row.file_deleted_at is not None
    assert (Path(settings.MEDIA_ROOT) / row.storage_name).exists()  # the other account's copy


def test_retention_zero_keeps_without_end(client, token, run_on_commit, settings):
    settings.FAWANG_EVIDENCE_RETENTION_DAYS = 0
    body = run_on_commit(lambda: _upload(client, token)).json()
    assert body["kept_until"] is None
    assert evidence_retention_sweep(today=timezone.localdate() + dt.timedelta(days=100_000)) == 0
