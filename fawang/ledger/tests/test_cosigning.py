"""The log asks its configured witnesses to cosign each new checkpoint and keeps what verifies: with a
quorum of 2, two cosignatures of three witnesses make the checkpoint witnessed and one does not; the
checkpoint served carries the cosignatures, which verify with note.open_note; the next checkpoint is
submitted with a consistency proof from the size each witness cosigned."""

from __future__ import annotations

import hashlib

import pytest

from fawang.ledger import note, receipt_issue, selectors, services
from fawang.ledger.cosigning import checkpoint_cosign, is_witnessed
from fawang.ledger.entries import hash_data
from fawang.ledger.witness import FileState, Witness, generate_key
from fawang.ledger.witness_models import WitnessCosignature
from fawang.ledger.witnessing import InProcessTransport, configured_witnesses

pytestmark = pytest.mark.django_db


def _append(count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        services.ledger_append(kind="evidence", data=hash_data(hashlib.sha256(b"%d" % i).hexdigest()))


@pytest.fixture
def three_witnesses(tmp_path, settings):
    """Three witnesses of other institutions; the third does not know our log (it answers 404)."""
    log_key = receipt_issue.log_key()
    witnesses = {}
    for i, name in enumerate(("court.example/witness", "notaries.example/witness", "bar.example/witness")):
        witnesses[f"https://w{i}.example"] = Witness(
            signer=generate_key(name),
            logs={log_key.name: [log_key]} if i < 2 else {},
            state=FileState(tmp_path / f"w{i}.json"),
        )
    settings.LEDGER_WITNESSES = [{"vkey": w.verifier.vkey, "url": url} for url, w in witnesses.items()]
    return witnesses


def _cosign(witnesses) -> str:
    checkpoint = services.ledger_checkpoint()
    checkpoint_cosign(
        checkpoint,
        consistency_proof=selectors.consistency_proof_between,
        transport=InProcessTransport(witnesses),
    )
    return selectors.latest_checkpoint().note  # as /log/checkpoint serves it


def test_two_of_three_make_a_quorum_of_two(three_witnesses, settings):
    settings.LEDGER_WITNESS_QUORUM = 2
    _append(5)
    signed = _cosign(three_witnesses)
    assert is_witnessed(signed)
    served = signed
    keys = [w.verifier for w in configured_witnesses()]
    opened = note.open_note(served, [receipt_issue.log_key(), *keys])
    assert {v.verifier.name for v in opened.verified} == {
        receipt_issue.log_key().name,
        "court.example/witness",
        "notaries.example/witness",
    }
    assert all(v.timestamp > 0 for v in opened.verified if v.verifier in keys)


def test_one_of_three_is_not_a_quorum_of_two(three_witnesses, settings):
    settings.LEDGER_WITNESS_QUORUM = 2
    del three_witnesses["https://w1.example"]  # the notaries' witness is down: unreachable
    _append(5)
    signed = _cosign(three_witnesses)
    assert WitnessCosignature.objects.count() == 1
    assert not is_witnessed(signed)
    settings.LEDGER_WITNESS_QUORUM = 1
    assert is_witnessed(signed)


def test_the_next_checkpoint_goes_with_a_consistency_proof_and_stays_witnessed(three_witnesses, settings):
    settings.LEDGER_WITNESS_QUORUM = 2
    _append(3)
    _cosign(three_witnesses)
    _append(9, start=3)
    signed = _cosign(three_witnesses)
    assert is_witnessed(signed)
    assert three_witnesses["https://w0.example"].state.get(receipt_issue.log_key().name).size == 12


def test_a_receipt_carries_the_cosignatures_and_verifies_with_the_quorum(three_witnesses, settings):
    from fawang.ledger.receipts import verify_receipt

    settings.LEDGER_WITNESS_QUORUM = 2
    _append(6)
    _cosign(three_witnesses)
    receipt = receipt_issue.receipt_for(4)
    check = verify_receipt(
        receipt, log_key=receipt_issue.log_key(), witness_keys=receipt_issue.witness_keys(), quorum=2
    )
    assert check.ok, check.problems
    assert check.witnesses == ["court.example/witness", "notaries.example/witness"]


def test_the_cosign_command_reports_each_witness_and_the_quorum(
    three_witnesses, settings, capsys, monkeypatch
):
    from django.core.management import CommandError, call_command

    from fawang.ledger import cosigning

    monkeypatch.setattr(cosigning, "HttpTransport", lambda: InProcessTransport(three_witnesses))
    settings.LEDGER_WITNESS_QUORUM = 2
    _append(4)
    call_command("ledger_cosign")
    out = capsys.readouterr().out
    assert "court.example/witness: cosigned (200)" in out
    assert "bar.example/witness: unknown_origin (404)" in out
    assert "checkpoint 4: witnessed (quorum 2)" in out
    settings.LEDGER_WITNESS_QUORUM = 3
    _append(1, start=4)
    with pytest.raises(CommandError, match="quorum"):
        call_command("ledger_cosign")


def test_the_served_checkpoint_carries_the_cosignatures(three_witnesses, settings, client):
    settings.LEDGER_WITNESS_QUORUM = 2
    _append(7)
    _cosign(three_witnesses)
    served = client.get("/log/checkpoint").content.decode()
    keys = [w.verifier for w in configured_witnesses()]
    opened = note.open_note(served, keys)  # the witnesses' keys alone verify it
    assert len(opened.verified) == 2
    assert is_witnessed(served)


def test_ledger_verify_accepts_checkpoints_carrying_cosignatures(three_witnesses, settings):
    from django.core.management import call_command

    _append(9)
    _cosign(three_witnesses)
    _append(4, start=9)
    _cosign(three_witnesses)
    call_command("ledger_verify")  # raises when a stored checkpoint does not verify
