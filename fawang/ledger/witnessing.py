"""The log's side of C2SP `tlog-witness`: submit each new checkpoint to the configured witnesses with a
consistency proof, keep the cosignatures that verify, and count the quorum.

Witnesses are reached through a `WitnessTransport` (HTTP in production, in-process in tests). The settings:

    LEDGER_WITNESSES = [{"vkey": "<name>+<id>+<key>", "url": "https://witness.example/prefix"}, ...]
    LEDGER_WITNESS_QUORUM = 2   # how many distinct witness keys make a checkpoint "witnessed"

A witness's answer is one of the protocol's statuses, each named in the outcome: 200 cosigned; 409 it
holds another size (we retry once with a proof from that size); 403 it does not trust our key; 404 it
does not know our origin; 422 it found the checkpoint inconsistent with what it cosigned (a fork: alarm);
400 a malformed request; anything else or no answer, unreachable.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

from . import note, tlog

OUTCOMES = {
    200: "cosigned",
    400: "bad_request",
    403: "untrusted_log_key",
    404: "unknown_origin",
    409: "size_conflict",
    422: "inconsistent",
}


@dataclass(frozen=True)
class WitnessConfig:
    verifier: note.Verifier
    url: str  # the submission prefix; add-checkpoint is POSTed to url + "/add-checkpoint"


@dataclass(frozen=True)
class WitnessReply:
    status: int
    body: bytes
    content_type: str = ""


class WitnessTransport(Protocol):
    def post(self, url: str, body: bytes) -> WitnessReply: ...


class HttpTransport:
    """urllib, a short timeout: a witness that does not answer must not hold the log up."""

    def __init__(self, timeout: float = 10.0) -> None:
        self.timeout = timeout

    def post(self, url: str, body: bytes) -> WitnessReply:
        request = urllib.request.Request(url, data=body, method="POST")
        request.add_header("Content-Type", "text/plain; charset=utf-8")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return WitnessReply(
                    response.status, response.read(64 * 1024), response.headers.get_content_type()
                )
        except urllib.error.HTTPError as exc:
            return WitnessReply(exc.code, exc.read(64 * 1024), exc.headers.get_content_type())


class InProcessTransport:
    """Witnesses called directly (tests, or a witness run inside the same process): url → witness."""

    def __init__(self, witnesses: Mapping[str, object]) -> None:
        self.witnesses = witnesses

    def post(self, url: str, body: bytes) -> WitnessReply:
        base, _, route = url.rpartition("/")
        witness = self.witnesses.get(base)
        if witness is None:
            return WitnessReply(0, b"unreachable")
        reply = witness.handle("POST", route, body)  # type: ignore[attr-defined]
        return WitnessReply(reply.status, reply.body, reply.content_type)


def configured_witnesses() -> list[WitnessConfig]:
    return [
        WitnessConfig(note.Verifier.from_vkey(w["vkey"]), str(w["url"]).rstrip("/"))
        for w in getattr(settings, "LEDGER_WITNESSES", [])
    ]


def configured_quorum() -> int:
    return int(getattr(settings, "LEDGER_WITNESS_QUORUM", 0))


@dataclass(frozen=True)
class Outcome:
    witness: str  # the witness key's name
    outcome: str  # cosigned, size_conflict, untrusted_log_key, unknown_origin, inconsistent, ...
    status: int
    detail: str = ""
    line: str = ""  # the verified cosignature line, when cosigned
    timestamp: int = 0


ProofSource = Callable[[int, int], list[bytes]]  # (old size, new size) -> the consistency proof


def submit(
    checkpoint_note: str,
    witness: WitnessConfig,
    *,
    old_size: int,
    consistency_proof: ProofSource,
    transport: WitnessTransport,
) -> Outcome:
    """Ask one witness to cosign: from `old_size` (what we believe it last cosigned), and once more from the
    size it names when it answers 409. The cosignature is kept only if it verifies under its key."""
    checkpoint = tlog.Checkpoint.parse(note.parse(checkpoint_note).text)
    name = witness.verifier.name
    for _attempt in range(2):
        if old_size > checkpoint.size:
            return Outcome(name, "witness_ahead", 409, f"the witness has cosigned size {old_size}")
        proof = consistency_proof(old_size, checkpoint.size) if 0 < old_size < checkpoint.size else []
        try:
            reply = transport.post(
                witness.url + "/add-checkpoint", tlog.add_checkpoint_body(old_size, proof, checkpoint_note)
            )
        except OSError as exc:
            return Outcome(name, "unreachable", 0, str(exc)[:200])
        if reply.status == 409 and reply.content_type.startswith("text/x.tlog.size"):
            try:
                old_size = int(reply.body.decode().strip())
            except ValueError:
                return Outcome(name, "bad_reply", 409, "a 409 without a tree size")
            continue
        if reply.status != 200:
            detail = reply.body.decode("utf-8", "replace").strip()[:200]
            return Outcome(name, OUTCOMES.get(reply.status, "unreachable"), reply.status, detail)
        return _verified(checkpoint_note, witness, reply.body)
    return Outcome(name, "size_conflict", 409, f"still in conflict at size {old_size}")


def _verified(checkpoint_note: str, witness: WitnessConfig, body: bytes) -> Outcome:
    name = witness.verifier.name
    try:
        lines = [line + "\n" for line in body.decode("utf-8").splitlines() if line]
        combined = note.add_signature_lines(checkpoint_note, lines)
        opened = note.open_note(combined, [witness.verifier])
    except (UnicodeDecodeError, note.NoteError) as exc:
        return Outcome(name, "bad_cosignature", 200, str(exc))
    mine = [
        sig.line
        for sig in opened.note.signatures
        if sig.name == witness.verifier.name and sig.key_id == witness.verifier.key_id
    ]
    timestamp = next(v.timestamp for v in opened.verified if v.verifier == witness.verifier)
    if timestamp == 0:
        return Outcome(name, "bad_cosignature", 200, "a cosignature must carry a timestamp")
    return Outcome(name, "cosigned", 200, "", mine[0], timestamp)


def count_quorum(
    checkpoint_note: str, witnesses: Sequence[note.Verifier], log_verifier: note.Verifier | None = None
) -> int:
    """How many distinct witness keys have a verifying cosignature on this note."""
    try:
        opened = note.open_note(checkpoint_note, [*witnesses, *([log_verifier] if log_verifier else [])])
    except note.NoteError:
        return 0
    return len({v.verifier for v in opened.verified if v.verifier in witnesses and v.timestamp > 0})
