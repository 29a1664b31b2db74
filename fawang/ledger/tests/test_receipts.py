"""Receipts (C2SP tlog-proof@v1): one verifies offline with nothing but the log's public key, with the
original file too; one changed byte anywhere in the receipt, or in the original, is refused with the
reason; the offline command says the same."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from fawang.ledger import note, tlog
from fawang.ledger.entries import entry_data
from fawang.ledger.receipts import build_receipt, verify_receipt
from fawang.ledger.witness import generate_key

from . import rfc6962

ORIGIN = "fawang.example/log"
ORIGINAL = "合同扫描件 — the preserved file's bytes".encode() * 50


@pytest.fixture(scope="module")
def world():
    """A log of 11 entries, the 7th the preserved file; a checkpoint cosigned by two witnesses."""
    log = note.Signer(ORIGIN, Ed25519PrivateKey.generate())
    witnesses = [generate_key("court.example/witness"), generate_key("notaries.example/witness")]
    leaves = [entry_data("evidence", hashlib.sha256(str(i).encode()).hexdigest()) for i in range(11)]
    leaves[6] = entry_data("evidence", hashlib.sha256(ORIGINAL).hexdigest())
    body = tlog.Checkpoint(ORIGIN, len(leaves), rfc6962.mth(leaves)).to_text()
    signed = note.sign(body, [log])
    cosigned = note.add_signature_lines(
        signed, [w.signature_line(body, timestamp=1_764_000_000) for w in witnesses]
    )
    receipt = build_receipt(6, rfc6962.inclusion_path(6, leaves), cosigned, leaves[6])
    return {
        "log": log.verifier,
        "witnesses": [w.verifier for w in witnesses],
        "receipt": receipt,
    }


def test_a_receipt_verifies_offline_with_only_the_logs_public_key(world):
    check = verify_receipt(world["receipt"], log_key=world["log"])
    assert check.ok, check.problems
    assert (check.index, check.tree_size, check.entry.kind) == (6, 11, "evidence")
    assert check.entry.sha256 == hashlib.sha256(ORIGINAL).hexdigest()


def test_with_the_original_and_a_quorum_of_witnesses(world):
    check = verify_receipt(
        world["receipt"],
        log_key=world["log"],
        witness_keys=world["witnesses"],
        quorum=2,
        original_sha256=hashlib.sha256(ORIGINAL).hexdigest(),
    )
    assert check.ok and check.original_checked
    assert check.witnesses == ["court.example/witness", "notaries.example/witness"]
    short = verify_receipt(
        world["receipt"], log_key=world["log"], witness_keys=world["witnesses"][:1], quorum=2
    )
    assert [p.code for p in short.problems] == ["quorum"]


def test_one_changed_byte_in_the_original_is_rejected_with_the_reason(world):
    changed = bytearray(ORIGINAL)
    changed[100] ^= 0x01
    check = verify_receipt(
        world["receipt"], log_key=world["log"], original_sha256=hashlib.sha256(changed).hexdigest()
    )
    assert [p.code for p in check.problems] == ["original_mismatch"]
    assert "它不是存证的那个文件" in check.problems[0].message  # in the active language (zh-hans)


def test_every_single_changed_byte_in_the_receipt_is_rejected(world):
    """Each byte of the receipt, changed in turn. With the witnesses' keys the verifier knows every
    signature on it (an unknown key's line is ignored by the signed-note rules, so without them a changed
    witness line would only lose that witness)."""
    data = world["receipt"].encode()
    accepted = []
    for position in range(len(data)):
        for flip in (0x01, 0x20):
            changed = bytearray(data)
            changed[position] ^= flip
            check = verify_receipt(
                bytes(changed), log_key=world["log"], witness_keys=world["witnesses"], quorum=2
            )
            if check.ok:
                accepted.append((position, flip))
    assert accepted == []


@pytest.mark.parametrize(
    ("where", "code"),
    [
        ("index 6", "bad_inclusion"),  # another index: the proof no longer leads to the root
        ("\n11\n", "bad_signature"),  # another tree size: the log's signature breaks
        ("c2sp.org/tlog-proof@v1", "bad_format"),
    ],
)
def test_the_reason_is_named(world, where, code):
    replacement = {
        "index 6": "index 5",
        "\n11\n": "\n12\n",
        "c2sp.org/tlog-proof@v1": "c2sp.org/tlog-proof@v2",
    }
    altered = world["receipt"].replace(where, replacement[where], 1)
    check = verify_receipt(altered, log_key=world["log"])
    assert code in [p.code for p in check.problems]


def test_another_logs_key_is_refused(world):
    stranger = note.Signer("elsewhere.example/log", Ed25519PrivateKey.generate()).verifier
    assert [p.code for p in verify_receipt(world["receipt"], log_key=stranger).problems] == ["wrong_log"]
    impostor = note.Signer(ORIGIN, Ed25519PrivateKey.generate()).verifier
    assert [p.code for p in verify_receipt(world["receipt"], log_key=impostor).problems] == ["unsigned"]


def test_the_offline_command(world, tmp_path, capsys):
    receipt = tmp_path / "entry.tlog-proof"
    receipt.write_text(world["receipt"])
    original = tmp_path / "contract.pdf"
    original.write_bytes(ORIGINAL)
    call_command("ledger_verify_receipt", str(receipt), str(original), "--vkey", world["log"].vkey)
    out = capsys.readouterr().out
    assert "OK: the receipt verifies" in out and "original: matches the entry" in out
    original.write_bytes(ORIGINAL + b"!")
    with pytest.raises(CommandError, match="does not verify"):
        call_command("ledger_verify_receipt", str(receipt), str(original), "--vkey", world["log"].vkey)
    assert "[original_mismatch]" in capsys.readouterr().err
