"""Our own C2SP tlog-witness (fawang/ledger/witness.py): it cosigns a log that grows consistently and
refuses, with the specification's status codes, a fork, a rollback, an unknown log and a bad signature;
its state survives a restart; its cosignatures verify with note.open_note."""

from __future__ import annotations

import json
import threading
from http.server import ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from fawang.ledger import note, tlog
from fawang.ledger.management.commands.ledger_witness import _handler
from fawang.ledger.witness import FileState, Witness, generate_key, signer_from_skey, signer_to_skey
from fawang.ledger.witnessing import HttpTransport, InProcessTransport, WitnessConfig, count_quorum, submit

from . import rfc6962

ORIGIN = "fawang.example/log"


class Log:
    """A log the tests grow: leaves, signed checkpoints, proofs (from the RFC's own definitions)."""

    def __init__(self, key: Ed25519PrivateKey | None = None) -> None:
        self.signer = note.Signer(ORIGIN, key or Ed25519PrivateKey.generate())
        self.leaves: list[bytes] = []

    def grow(self, count: int, tag: str = "entry") -> None:
        start = len(self.leaves)
        self.leaves += [f"{tag} {i}".encode() for i in range(start, start + count)]

    def checkpoint(self) -> str:
        body = tlog.Checkpoint(ORIGIN, len(self.leaves), rfc6962.mth(self.leaves)).to_text()
        return note.sign(body, [self.signer])

    def proof(self, old: int, new: int) -> list[bytes]:
        return rfc6962.consistency_proof(old, self.leaves[:new])


@pytest.fixture
def log() -> Log:
    return Log()


@pytest.fixture
def witness(tmp_path, log) -> Witness:
    return Witness(
        signer=generate_key("court.example/witness"),
        logs={ORIGIN: [log.signer.verifier]},
        state=FileState(tmp_path / "state.json"),
    )


def add(witness: Witness, log: Log, old: int, proof: list[bytes] | None = None):
    if proof is None:
        proof = log.proof(old, len(log.leaves))
    return witness.add_checkpoint(tlog.add_checkpoint_body(old, proof, log.checkpoint()))


def test_cosigns_the_first_checkpoint_and_the_cosignature_verifies_with_open_note(witness, log):
    log.grow(5)
    reply = add(witness, log, 0)
    assert reply.status == 200
    assert reply.text.startswith("— court.example/witness ")
    opened = note.open_note(log.checkpoint() + reply.text, [witness.verifier])
    assert opened.verified[0].timestamp > 0  # the protocol forbids a zero timestamp


def test_cosigns_a_log_that_grew_consistently(witness, log):
    log.grow(5)
    assert add(witness, log, 0).status == 200
    log.grow(13)
    reply = add(witness, log, 5)
    assert reply.status == 200, reply.text
    note.open_note(log.checkpoint() + reply.text, [witness.verifier])
    assert witness.state.get(ORIGIN).size == 18


def test_a_fork_at_the_same_size_is_refused_and_recorded(witness, log, tmp_path):
    log.grow(5)
    add(witness, log, 0)
    fork = Log(log.signer.private_key)
    fork.grow(5, tag="rewritten")
    reply = add(witness, fork, 5, proof=[])
    assert reply.status == 422
    assert witness.state.get(ORIGIN).root_hash == rfc6962.mth(log.leaves)  # still the honest tree
    refused = [json.loads(line) for line in (tmp_path / "state.json.refused").read_text().splitlines()]
    assert refused[0]["status"] == 422 and "fork" in refused[0]["reason"]


def test_a_fork_that_grew_is_refused_its_proof_does_not_verify(witness, log):
    log.grow(5)
    add(witness, log, 0)
    fork = Log(log.signer.private_key)
    fork.grow(4)
    fork.grow(6, tag="rewritten")  # shares 4 entries, rewrote the 5th, then grew
    reply = add(witness, fork, 5, proof=fork.proof(5, 10))
    assert reply.status == 422
    assert witness.state.get(ORIGIN).size == 5


def test_a_rollback_is_refused(witness, log):
    log.grow(9)
    add(witness, log, 0)
    older = Log(log.signer.private_key)
    older.leaves = log.leaves[:5]
    assert add(witness, older, 9, proof=[]).status == 400  # old size larger than the checkpoint
    conflict = add(witness, older, 0)
    assert conflict.status == 409
    assert conflict.content_type == "text/x.tlog.size"
    assert conflict.body == b"9\n"
    assert witness.state.get(ORIGIN).size == 9


def test_409_names_the_size_it_cosigned(witness, log):
    log.grow(5)
    add(witness, log, 0)
    log.grow(3)
    reply = add(witness, log, 2)
    assert (reply.status, reply.body) == (409, b"5\n")


def test_unknown_origin_is_404_and_an_untrusted_or_altered_signature_403(witness, log):
    log.grow(3)
    stranger = note.Signer("elsewhere.example/log", Ed25519PrivateKey.generate())
    body = tlog.Checkpoint("elsewhere.example/log", 3, rfc6962.mth(log.leaves)).to_text()
    assert witness.add_checkpoint(tlog.add_checkpoint_body(0, [], note.sign(body, [stranger]))).status == 404
    impostor = Log()  # same origin, another key
    impostor.grow(3)
    assert add(witness, impostor, 0).status == 403
    signed = log.checkpoint()
    altered = signed.replace("\n3\n", "\n4\n", 1)
    assert witness.add_checkpoint(tlog.add_checkpoint_body(0, [], altered)).status == 403
    assert witness.state.get(ORIGIN) is None


def test_the_empty_tree_must_have_the_empty_root_and_no_proof_comes_from_it(witness, log):
    bogus = note.sign(tlog.Checkpoint(ORIGIN, 0, b"\x01" * 32).to_text(), [log.signer])
    assert witness.add_checkpoint(tlog.add_checkpoint_body(0, [], bogus)).status == 422
    log.grow(4)
    assert add(witness, log, 0, proof=[b"\x02" * 32]).status == 422


def test_malformed_requests_are_400(witness):
    for body in (b"", b"old 01\n\nx", b"old 1\nnot base64!\n\n", "old 0\n\n\u0000".encode()):
        assert witness.add_checkpoint(body).status == 400


def test_the_state_survives_a_restart(witness, log, tmp_path):
    log.grow(6)
    add(witness, log, 0)
    restarted = Witness(signer=witness.signer, logs=witness.logs, state=FileState(tmp_path / "state.json"))
    fork = Log(log.signer.private_key)
    fork.grow(6, tag="rewritten")
    assert add(restarted, fork, 6, proof=[]).status == 422
    assert add(restarted, log, 0).status == 409


def test_monitoring_endpoint_serves_the_cosigned_checkpoint(witness, log):
    import hashlib

    assert (
        witness.handle("GET", f"/{hashlib.sha256(ORIGIN.encode()).hexdigest()}/checkpoint", b"").status == 404
    )
    log.grow(2)
    add(witness, log, 0)
    reply = witness.handle("GET", f"/{hashlib.sha256(ORIGIN.encode()).hexdigest()}/checkpoint", b"")
    assert reply.status == 200
    opened = note.open_note(reply.body, [log.signer.verifier, witness.verifier])
    assert len(opened.verified) == 2


def test_the_key_file_round_trips():
    signer = generate_key("court.example/witness")
    again = signer_from_skey(signer_to_skey(signer))
    assert again.verifier == signer.verifier


# ---- The log's side: submitting, the 409 retry, the quorum -----------------------------------------


def _witnesses(tmp_path, log: Log, count: int, *, knowing: int | None = None) -> dict[str, Witness]:
    """`count` witnesses at URLs w0..; only the first `knowing` know our log (the rest answer 404)."""
    knowing = count if knowing is None else knowing
    return {
        f"https://w{i}.example": Witness(
            signer=generate_key(f"w{i}.example/witness"),
            logs={ORIGIN: [log.signer.verifier]}
            if i < knowing
            else {"other.example/log": [log.signer.verifier]},
            state=FileState(tmp_path / f"w{i}.json"),
        )
        for i in range(count)
    }


def _submit_all(log: Log, witnesses: dict[str, Witness], believed_size: int = 0) -> tuple[str, list]:
    transport = InProcessTransport(witnesses)
    signed = log.checkpoint()
    outcomes = []
    for url, w in witnesses.items():
        outcomes.append(
            submit(
                signed,
                WitnessConfig(w.verifier, url),
                old_size=believed_size,
                consistency_proof=log.proof,
                transport=transport,
            )
        )
    lines = [o.line for o in outcomes if o.outcome == "cosigned"]
    return note.add_signature_lines(signed, lines) if lines else signed, outcomes


def test_a_409_is_retried_with_a_proof_from_the_witnesss_size(tmp_path, log):
    witnesses = _witnesses(tmp_path, log, 1)
    log.grow(5)
    _submit_all(log, witnesses)
    log.grow(7)
    _, [outcome] = _submit_all(log, witnesses, believed_size=0)  # we forgot what it cosigned
    assert outcome.outcome == "cosigned"


def test_two_of_three_witnesses_make_a_quorum_of_two_and_one_does_not(tmp_path, log):
    log.grow(8)
    witnesses = _witnesses(tmp_path, log, 3, knowing=2)
    keys = [w.verifier for w in witnesses.values()]
    cosigned, outcomes = _submit_all(log, witnesses)
    assert [o.outcome for o in outcomes] == ["cosigned", "cosigned", "unknown_origin"]
    assert count_quorum(cosigned, keys, log.signer.verifier) == 2
    only_one = note.add_signature_lines(log.checkpoint(), [outcomes[0].line])
    assert count_quorum(only_one, keys, log.signer.verifier) == 1
    opened = note.open_note(cosigned, [log.signer.verifier, *keys])
    assert {v.verifier.name for v in opened.verified} == {ORIGIN, "w0.example/witness", "w1.example/witness"}


def test_statuses_are_named(tmp_path, log):
    log.grow(4)
    stranger = Log()  # a witness that trusts another key for our origin
    witnesses = {
        "https://w.example": Witness(
            signer=generate_key("w.example/witness"),
            logs={ORIGIN: [stranger.signer.verifier]},
            state=FileState(tmp_path / "w.json"),
        )
    }
    _, [outcome] = _submit_all(log, witnesses)
    assert (outcome.outcome, outcome.status) == ("untrusted_log_key", 403)
    unreachable = submit(
        log.checkpoint(),
        WitnessConfig(witnesses["https://w.example"].verifier, "https://down.example"),
        old_size=0,
        consistency_proof=log.proof,
        transport=InProcessTransport({}),
    )
    assert unreachable.outcome == "unreachable"


def test_the_witness_over_http(tmp_path, log):
    """The command's HTTP server and the log's HTTP client, over a real socket."""
    witness = _witnesses(tmp_path, log, 1)["https://w0.example"]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(witness))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        log.grow(3)
        first = submit(
            log.checkpoint(),
            WitnessConfig(witness.verifier, url),
            old_size=0,
            consistency_proof=log.proof,
            transport=HttpTransport(timeout=5),
        )
        assert first.outcome == "cosigned"
        log.grow(2)
        second = submit(
            log.checkpoint(),
            WitnessConfig(witness.verifier, url),
            old_size=0,
            consistency_proof=log.proof,
            transport=HttpTransport(timeout=5),
        )
        assert second.outcome == "cosigned"  # through a 409 and its retry
    finally:
        server.shutdown()
        server.server_close()


def test_the_command_one_shot_mode(tmp_path, log, capsys):
    key = tmp_path / "witness.key"
    call_command("ledger_witness", "keygen", "--key", str(key), "--name", "court.example/witness")
    vkey = capsys.readouterr().out.strip()
    log.grow(4)
    request = tmp_path / "request"
    request.write_bytes(tlog.add_checkpoint_body(0, [], log.checkpoint()))
    args = ["ledger_witness", "add-checkpoint", "--key", str(key), "--state", str(tmp_path / "s.json")]
    args += ["--log", log.signer.verifier.vkey, "--request", str(request)]
    call_command(*args)
    line = capsys.readouterr().out
    note.open_note(log.checkpoint() + line, [note.Verifier.from_vkey(vkey)])
    with pytest.raises(CommandError, match="409"):
        call_command(*args)  # the same request again: it has cosigned size 4 since
    with pytest.raises(CommandError, match="keeps its key"):
        call_command("ledger_witness", "keygen", "--key", str(key), "--name", "x.example/w")


def test_keys_whose_base64_holds_a_plus_round_trip():
    """Half of all keys spell a '+' in their base64: the vkey and the private key file split on the
    first separators only (note.Verifier.from_vkey once split on every '+')."""
    signers = [generate_key("court.example/witness") for _ in range(40)]
    with_plus = [s for s in signers if "+" in s.verifier.vkey.split("+", 2)[2]]
    assert with_plus
    for signer in with_plus:
        assert note.Verifier.from_vkey(signer.verifier.vkey) == signer.verifier
        assert signer_from_skey(signer_to_skey(signer)).verifier == signer.verifier


def test_concurrent_submissions_never_roll_the_witness_back(witness, log):
    """The spec's race: two requests checked at once must not both be cosigned and leave the smaller
    size recorded. Eight threads submit checkpoints of sizes 6..13, each from size 5; the state file's
    lock lets exactly one through, the others get 409 with the size it recorded."""
    from concurrent.futures import ThreadPoolExecutor

    log.grow(5)
    add(witness, log, 0)
    bodies = []
    for size in range(6, 14):
        grown = Log(log.signer.private_key)
        grown.leaves = [*log.leaves, *(f"entry {i}".encode() for i in range(5, size))]
        bodies.append((size, tlog.add_checkpoint_body(5, grown.proof(5, size), grown.checkpoint())))
    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda sb: (sb[0], witness.add_checkpoint(sb[1])), bodies))
    winners = [size for size, reply in replies if reply.status == 200]
    assert len(winners) == 1
    assert all(reply.status == 409 for _, reply in replies if reply.status != 200)
    assert witness.state.get(ORIGIN).size == winners[0]
