"""存证: a citizen's upload is streamed to disk and hashed, stored by its SHA-256, entered in the log as
its kind and hash only, and listed with its receipt; a file over the limit is refused by name, nothing
half-saved; staff and strangers get nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fawang.audit.models import AuditEntry
from fawang.evidence.models import PreservedFile
from fawang.evidence.uploads import EvidenceUploadHandler
from fawang.ledger.entries import entry_data, parse_entry_data
from fawang.ledger.tlog import TlogProof

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 a signed lease, page 1 of 3\n" * 4000  # ~150 KB: several chunks


@pytest.fixture
def _post(client, run_on_commit):
    def post(client=client, content: bytes = CONTENT, name: str = "张三租房合同.pdf"):
        upload = SimpleUploadedFile(name, content, content_type="application/pdf")
        return run_on_commit(lambda: client.post(reverse("evidence:preserve"), {"file": upload}))

    return post


def _leftovers() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "evidence"
    return list(root.glob(".upload-*")) if root.exists() else []


def test_a_citizen_preserves_a_file_and_the_log_holds_only_its_kind_and_hash(client, citizen, _post):
    client.force_login(citizen)
    response = _post()
    assert response.status_code == 302
    row = PreservedFile.objects.get()
    sha = hashlib.sha256(CONTENT).hexdigest()
    assert (row.sha256, row.size, row.name, row.owner) == (sha, len(CONTENT), "张三租房合同.pdf", citizen)
    assert (Path(settings.MEDIA_ROOT) / row.storage_name).read_bytes() == CONTENT
    assert _leftovers() == []
    receipt = client.get(reverse("evidence:receipt", args=[row.entry_index]))
    assert receipt.status_code == 200
    proof = TlogProof.parse(receipt.content)
    assert proof.index == row.entry_index
    assert proof.extra == entry_data("evidence", sha) == b"evidence\n" + sha.encode()
    assert parse_entry_data(proof.extra).sha256 == sha
    assert "张三".encode() not in receipt.content
    page = client.get(response["Location"])
    assert "张三租房合同.pdf" in page.content.decode() and sha in page.content.decode()
    audit = AuditEntry.objects.get(action="evidence.preserve")
    assert "张三" not in str(audit.after)


def test_the_same_file_again_is_the_same_preservation(client, citizen, _post):
    client.force_login(citizen)
    _post()
    _post(name="copy.pdf")
    assert PreservedFile.objects.count() == 1
    assert _leftovers() == []


def test_a_file_over_the_limit_is_refused_by_name_and_nothing_is_kept(client, citizen, settings, _post):
    settings.FAWANG_EVIDENCE_MAX_BYTES = 100 * 1024
    client.force_login(citizen)
    response = _post()
    assert response.status_code == 422
    assert "文件超过 100.0" in response.content.decode()
    assert 'id="field-file"' in response.content.decode()
    assert PreservedFile.objects.count() == 0
    assert _leftovers() == []


def test_an_empty_file_or_none_is_refused(client, citizen, _post):
    client.force_login(citizen)
    empty = _post(content=b"")
    assert empty.status_code == 422
    assert "所提交的是空文件" in empty.content.decode()  # Django's own words for an empty upload
    response = client.post(reverse("evidence:preserve"), {})
    assert response.status_code == 422
    assert PreservedFile.objects.count() == 0


def test_staff_and_strangers_preserve_nothing_and_see_no_ones_files(client, citizen, wuhou_clerk, _post):
    from fawang.accounts.tests.factories import CitizenFactory

    client.force_login(citizen)
    _post()
    client.logout()
    assert _post().status_code == 302  # to sign in
    assert _leftovers() == []  # what was streamed before the redirect is gone
    client.force_login(wuhou_clerk)
    assert _post().status_code == 302  # staff: to their own home
    other = CitizenFactory(username="citizen_13700000000", phone="13700000000")
    client.force_login(other)
    assert "租房合同" not in client.get(reverse("evidence:preserve")).content.decode()
    assert PreservedFile.objects.count() == 1


def test_the_upload_handler_hashes_and_writes_each_chunk_as_it_arrives(rf, settings):
    """Never the whole file in memory: each chunk goes to disk at once and into the running hash."""
    settings.FAWANG_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
    handler = EvidenceUploadHandler(rf.post("/"))
    handler.new_file("file", "big.bin", "application/octet-stream", None)
    chunk = b"\x5a" * handler.chunk_size
    sizes = []
    for i in range(4):
        assert handler.receive_data_chunk(chunk, i * len(chunk)) is None
        handler._out.flush()
        sizes.append(Path(handler._tmp).stat().st_size)
    upload = handler.file_complete(4 * len(chunk))
    assert sizes == [len(chunk) * (i + 1) for i in range(4)]
    assert upload.sha256 == hashlib.sha256(chunk * 4).hexdigest()
    upload.discard()
