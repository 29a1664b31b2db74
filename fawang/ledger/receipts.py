"""Receipts: an entry's C2SP `tlog-proof@v1` file (docs/specs/c2sp-tlog-proof.md), and its offline check.

A receipt is the entry's index, its inclusion proof, and the log's signed checkpoint with the witnesses'
cosignatures, verbatim. Its `extra` line carries the entry's leaf data exactly as the log hashed it
(the entry's kind and the SHA-256 of what it records, never a name), so a verifier recomputes the leaf
hash from the receipt itself and, given the original file, checks the file's hash against it.

`verify_receipt` needs nothing but the log's public key (and, for a quorum, the witnesses' keys): it is
what `manage.py ledger_verify_receipt` and the public verification page run, and it touches no database.
The reasons it gives have stable codes; their messages are translated by the caller's language.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils.translation import gettext as _

from . import merkle, note, tlog
from .entries import EntryData, parse_entry_data

CHUNK = 1024 * 1024


def sha256_of(stream: BinaryIO) -> str:
    """The hex SHA-256 of a file, read a megabyte at a time (never whole in memory)."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


@dataclass
class ReceiptCheck:
    """What a check found: `ok` only when every step passed."""

    problems: list[Problem] = field(default_factory=list)
    index: int | None = None
    origin: str = ""
    tree_size: int | None = None
    entry: EntryData | None = None
    witnesses: list[str] = field(default_factory=list)  # names of the witnesses whose cosignature verified
    quorum: int = 0
    original_checked: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, code: str, message: str) -> ReceiptCheck:
        self.problems.append(Problem(code, message))
        return self


def _canonical_line(sig: note.SignatureLine) -> str:
    """A signature line as its bytes spell it: base64 has unused low bits, so a changed character can
    decode to the same signature; a receipt with one changed byte must not verify."""
    return f"\u2014 {sig.name} {tlog.b64(sig.key_id.to_bytes(4, 'big') + sig.signature)}\n"


def build_receipt(index: int, proof: Sequence[bytes], checkpoint_note: str, leaf_data: bytes) -> str:
    return tlog.TlogProof(
        index=index, proof=tuple(proof), checkpoint_note=checkpoint_note, extra=leaf_data
    ).to_text()


def verify_receipt(
    receipt: bytes | str,
    *,
    log_key: note.Verifier,
    witness_keys: Sequence[note.Verifier] = (),
    quorum: int = 0,
    original_sha256: str | None = None,
) -> ReceiptCheck:
    """The spec's four steps (leaf hash, the log's signature, the witnesses, the inclusion proof), then,
    given the original's SHA-256, that the entry records that very file."""
    check = ReceiptCheck(quorum=quorum)
    try:
        proof = tlog.TlogProof.parse(receipt)
    except tlog.FormatError:
        return check.fail("bad_format", _("This is not a receipt in the tlog-proof format."))
    check.index = proof.index
    # 1. The leaf hash, from the extra data (the entry's kind and hash as the log stored them).
    if proof.extra is None:
        return check.fail("no_entry", _("The receipt does not carry the entry's data (its extra line)."))
    try:
        check.entry = parse_entry_data(proof.extra)
    except ValueError:
        return check.fail("no_entry", _("The receipt's extra line is not an entry of this log."))
    leaf_hash = merkle.leaf_hash(proof.extra)
    # 2. The checkpoint is from this log and signed by its key.
    try:
        parsed = note.parse(proof.checkpoint_note)
        checkpoint = tlog.Checkpoint.parse(parsed.text)
    except (note.NoteError, tlog.FormatError):
        return check.fail("bad_checkpoint", _("The receipt's checkpoint is malformed."))
    if any(sig.line != _canonical_line(sig) for sig in parsed.signatures):
        return check.fail("bad_checkpoint", _("The receipt's checkpoint is malformed."))
    check.origin, check.tree_size = checkpoint.origin, checkpoint.size
    if checkpoint.origin != log_key.name:
        return check.fail(
            "wrong_log",
            _("The receipt is from the log “%(origin)s”, not from “%(expected)s”.")
            % {"origin": checkpoint.origin, "expected": log_key.name},
        )
    try:
        opened = note.open_note(proof.checkpoint_note, [log_key, *witness_keys])
    except note.NoteError as exc:
        if exc.code == "bad_signature":
            return check.fail(
                "bad_signature", _("A signature on the checkpoint does not verify: it was altered.")
            )
        return check.fail("unsigned", _("The checkpoint is not signed with the log's key."))
    if not opened.signed_by(log_key):
        return check.fail("unsigned", _("The checkpoint is not signed with the log's key."))
    # 3. The witnesses known to the verifier; a quorum when one is asked.
    check.witnesses = sorted({v.verifier.name for v in opened.verified if v.verifier in witness_keys})
    if len(check.witnesses) < quorum:
        check.fail(
            "quorum",
            _("Only %(count)d of the %(quorum)d witness cosignatures required verify.")
            % {"count": len(check.witnesses), "quorum": quorum},
        )
    # 4. The inclusion proof binds the leaf to the signed root.
    try:
        merkle.verify_inclusion(proof.index, checkpoint.size, leaf_hash, proof.proof, checkpoint.root_hash)
    except merkle.ProofError:
        check.fail(
            "bad_inclusion",
            _("The inclusion proof does not lead to the signed tree: the receipt was altered."),
        )
    # 5. The original file, when given.
    if original_sha256 is not None:
        check.original_checked = True
        if check.entry.sha256 is None:
            check.fail(
                "no_hash", _("This entry does not record a file's SHA-256 to compare the original with.")
            )
        elif original_sha256.lower() != check.entry.sha256:
            check.fail(
                "original_mismatch",
                _(
                    "The file's SHA-256 is %(actual)s; the receipt records %(recorded)s. It is not the preserved file."
                )
                % {"actual": original_sha256.lower(), "recorded": check.entry.sha256},
            )
    return check
