"""The log through its services and its public resources: what a monitor or verifier fetching /log/ and
the proof API gets, checked with an independent reader (no code of the app on the verifying side but the
pure RFC 9162 verification)."""

import base64
import gzip
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from fawang.core.errors import ValidationFailed
from fawang.ledger import merkle, services
from fawang.ledger.models import Checkpoint
from fawang.ledger.tests.conftest import append_entries

pytestmark = pytest.mark.django_db


# --- an independent tile reader: C2SP tlog-tiles straight from the spec --------------------------------


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _n_path(n: int) -> str:
    parts = []
    while True:
        parts.append(n % 1000)
        n //= 1000
        if not n:
            break
    parts.reverse()
    return "/".join([f"x{p:03d}" for p in parts[:-1]] + [f"{parts[-1]:03d}"])


def _fetch_level(client, level: int, count: int) -> list[bytes]:
    """All `count` hashes of a tile level: full tiles, then the partial one."""
    out: list[bytes] = []
    for n in range(count // 256):
        response = client.get(f"/log/tile/{level}/{_n_path(n)}")
        assert response.status_code == 200 and len(response.content) == 8192
        out += [response.content[i : i + 32] for i in range(0, 8192, 32)]
    if count % 256:
        response = client.get(f"/log/tile/{level}/{_n_path(count // 256)}.p/{count % 256}")
        assert response.status_code == 200
        out += [response.content[i : i + 32] for i in range(0, len(response.content), 32)]
    return out


def _mth(hashes: list[bytes]) -> bytes:
    if len(hashes) == 1:
        return hashes[0]
    k = 1 << ((len(hashes) - 1).bit_length() - 1)
    return _sha(b"\x01" + _mth(hashes[:k]) + _mth(hashes[k:]))


def _root_from_tiles(client, size: int) -> bytes:
    """Rebuild the root from tiles alone: level-0 hashes cover everything; higher levels must agree with
    the full tiles below them."""
    leaves = _fetch_level(client, 0, size)
    level, count, below = 1, size // 256, leaves
    while count:
        hashes = _fetch_level(client, level, count)
        for j, value in enumerate(hashes):
            assert value == _mth(below[j * 256 : (j + 1) * 256])
        below = [_mth(below[j * 256 : (j + 1) * 256]) for j in range(len(below) // 256)]
        level, count = level + 1, count // 256
    return _mth(leaves)


def _open_checkpoint(text: str, vkey: str) -> tuple[str, int, bytes]:
    """Verify a checkpoint with nothing but the vkey, by the signed-note spec."""
    name, key_id_hex, material = vkey.strip().split("+")
    raw = base64.b64decode(material)
    assert raw[0] == 0x01
    key = Ed25519PublicKey.from_public_bytes(raw[1:])
    assert _sha(name.encode() + b"\n" + raw)[:4].hex() == key_id_hex
    body, _, sigs = text.partition("\n\n")
    body += "\n"
    found = False
    for line in sigs.splitlines():
        signer, blob = line.removeprefix("— ").split(" ")
        blob = base64.b64decode(blob)
        if signer == name and blob[:4].hex() == key_id_hex:
            key.verify(blob[4:], body.encode())  # raises when it does not verify
            found = True
    assert found
    origin, size, root = body.splitlines()
    return origin, int(size), base64.b64decode(root)


def test_tiles_read_independently_reproduce_the_signed_root(client):
    entries = append_entries(256 * 256 + 300)  # a full level-1 tile, so level 2 exists
    checkpoint = services.ledger_checkpoint()
    vkey = client.get("/log/verifier-key").content.decode()
    text = client.get("/log/checkpoint").content.decode()
    origin, size, root = _open_checkpoint(text, vkey)
    assert (origin, size) == ("test.fawang.invalid/log", len(entries))
    assert root == bytes(checkpoint.root_hash) == _root_from_tiles(client, size)
    assert root == merkle.root_of([e.leaf_hash for e in entries])


def test_entry_bundles_hash_to_the_level_0_tile(client):
    entries = append_entries(300)
    services.ledger_checkpoint()
    full = client.get("/log/tile/entries/000")
    partial = client.get("/log/tile/entries/001.p/44", HTTP_ACCEPT_ENCODING="gzip")
    assert partial["Content-Encoding"] == "gzip"
    bundle = full.content + gzip.decompress(partial.content)
    bodies, at = [], 0
    while at < len(bundle):
        length = int.from_bytes(bundle[at : at + 2], "big")
        bodies.append(bundle[at + 2 : at + 2 + length])
        at += 2 + length
    assert len(bodies) == 300
    assert bodies[5] == b"test.entry\n" + hashlib.sha256(b"5").digest()
    tiles = client.get("/log/tile/0/000").content + client.get("/log/tile/0/001.p/44").content
    assert [_sha(b"\x00" + b) for b in bodies] == [tiles[i : i + 32] for i in range(0, len(tiles), 32)]
    assert [bytes(e.body) for e in entries] == bodies


def test_cache_headers_say_what_may_be_kept(client):
    append_entries(257)
    services.ledger_checkpoint()
    assert "immutable" in client.get("/log/tile/0/000")["Cache-Control"]
    assert "max-age=31536000" in client.get("/log/tile/entries/000")["Cache-Control"]
    assert "immutable" not in client.get("/log/tile/0/001.p/1")["Cache-Control"]
    checkpoint = client.get("/log/checkpoint")
    assert checkpoint["Cache-Control"] == "no-cache"
    assert checkpoint["Content-Type"] == "text/plain; charset=utf-8"
    assert client.get("/log/tile/0/000")["Content-Type"] == "application/octet-stream"


def test_tiles_that_do_not_exist_or_are_misspelt_are_not_found(client):
    append_entries(10)
    for path in (
        "/log/tile/0/000",  # not full yet
        "/log/tile/0/000.p/11",  # wider than the log
        "/log/tile/0/000.p/0",
        "/log/tile/0/000.p/256",
        "/log/tile/0/000.p/010",
        "/log/tile/00/000.p/10",
        "/log/tile/64/000",
        "/log/tile/0/0",
        "/log/tile/0/x000/000",
        "/log/tile/1/000.p/1",
        "/log/tile/entries/000.p/11",
        "/log/tile/entries/x999/x999/x999/x999/x999/x999/x999/999",
        "/log/tile/0/x999/x999/x999/x999/x999/x999/x999/999",
        "/log/tile/0/x036/x028/x797/x018/x963/967.p/1",  # 2**55 - 1 fits, is simply not there
    ):
        assert client.get(path).status_code == 404, path
    assert client.get("/log/tile/0/000.p/10").status_code == 200
    assert client.get("/log/checkpoint").status_code == 404  # nothing signed yet
    assert client.post("/log/tile/0/000.p/10").status_code == 405


def test_proofs_over_the_api_verify_against_the_checkpoint(client):
    entries = append_entries(1000)
    checkpoint = services.ledger_checkpoint()
    vkey = client.get("/log/verifier-key").content.decode()
    body = client.get("/api/v1/ledger/proofs/inclusion?index=777&size=1000").json()
    _origin, size, root = _open_checkpoint(body["checkpoint"], vkey)
    assert base64.b64decode(body["leaf_hash"]) == entries[777].leaf_hash
    merkle.verify_inclusion(
        777, size, entries[777].leaf_hash, [base64.b64decode(x) for x in body["hashes"]], root
    )
    old_root = merkle.root_of([e.leaf_hash for e in entries[:333]])
    body = client.get("/api/v1/ledger/proofs/consistency?old=333&new=1000").json()
    assert base64.b64decode(body["old_root_hash"]) == old_root
    merkle.verify_consistency(
        333, 1000, old_root, bytes(checkpoint.root_hash), [base64.b64decode(x) for x in body["hashes"]]
    )
    body = client.get("/api/v1/ledger/entries/12").json()
    assert body["kind"] == "test.entry"
    assert base64.b64decode(body["body"]) == bytes(entries[12].body)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("proofs/inclusion?index=10&size=10", "index"),
        ("proofs/inclusion?index=0&size=0", "size"),
        ("proofs/inclusion?index=0&size=11", "size"),
        ("proofs/inclusion?index=x&size=5", "index"),
        ("proofs/inclusion?index=-1&size=5", "index"),
        ("proofs/inclusion?index=1&size=99999999999999999999999", "size"),
        ("proofs/inclusion?index=1&size=9223372036854775808", "size"),
        ("proofs/inclusion?index=1", "size"),
        ("proofs/consistency?old=5&new=3", "old"),
        ("proofs/consistency?old=0&new=3", "old"),
        ("proofs/consistency?old=3&new=11", "new"),
        ("proofs/consistency?old=3&new=1e3", "new"),
        ("entries/99999999999999999999999", "index"),
    ],
)
def test_bad_proof_requests_name_the_parameter_and_never_fail(client, query, field):
    append_entries(10)
    response = client.get(f"/api/v1/ledger/{query}")
    assert response.status_code in (404, 422), response.content
    if response.status_code == 422:
        assert response.json()["field"] == field


def test_a_missing_entry_is_404(client):
    response = client.get("/api/v1/ledger/entries/5")
    assert response.status_code == 404 and response.json()["field"] == "index"


def test_kinds_and_sizes_are_checked_before_anything_is_written():
    with pytest.raises(ValidationFailed) as refused:
        services.ledger_append_many([("ok", b"1"), ("Has Spaces", b"2"), ("ok", b"x" * 70000)])
    assert [e.field for e in refused.value.errors] == ["entries[1].kind", "entries[2].data"]
    assert not services.LogEntry.objects.exists()
    entry = services.ledger_append(kind="notary.certificate", data=b"cert-no 123 sha256 abc")
    assert entry.index == 0 and entry.data == b"cert-no 123 sha256 abc"
    assert entry.leaf_hash == merkle.leaf_hash(b"notary.certificate\ncert-no 123 sha256 abc")


def test_one_checkpoint_per_size_and_witness_lines_are_kept(client):
    append_entries(3)
    first = services.ledger_checkpoint()
    assert services.ledger_checkpoint().pk == first.pk
    cosigner_line = (
        "— witness.example/w1 " + base64.b64encode(b"\x00\x00\x00\x01" + b"s" * 72).decode() + "\n"
    )
    services.checkpoint_add_signature_lines(first, [cosigner_line])
    served = client.get("/log/checkpoint").content.decode()
    assert served.endswith(cosigner_line)
    assert served.startswith(Checkpoint.objects.get().note.split("\n\n")[0])
    _open_checkpoint(served, client.get("/log/verifier-key").content.decode())
    append_entries(2)
    assert services.ledger_checkpoint().size == 5


def test_the_checkpoint_command_signs_the_current_size(capsys):
    from django.core.management import call_command

    append_entries(4)
    call_command("ledger_checkpoint")
    printed = capsys.readouterr().out
    assert printed.startswith("test.fawang.invalid/log\n4\n")
    assert printed == Checkpoint.objects.get(size=4).note


def test_production_refuses_to_start_without_the_log_key():
    import os
    import secrets
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith("FAWANG_LEDGER_")}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        FAWANG_DATA_KEY=secrets.token_urlsafe(40),
        DATABASE_URL="sqlite:///:memory:",
        FAWANG_LEDGER_ORIGIN="fawang.example.cn/log",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--settings=config.settings.production"],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "FAWANG_LEDGER_SIGNING_KEY must be set in production" in result.stderr


def test_a_signing_key_that_cannot_sign_fails_the_system_check(settings):
    from fawang.ledger.apps import check_signing_key

    assert check_signing_key() == []
    settings.FAWANG_LEDGER_SIGNING_KEY = "bm90IDMyIGJ5dGVz"  # base64 of 12 bytes
    assert "32-byte Ed25519 seed" in check_signing_key()[0].msg
    settings.FAWANG_LEDGER_SIGNING_KEY = "not base64!"
    assert "base64" in check_signing_key()[0].msg
