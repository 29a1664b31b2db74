"""Issuing receipts from the log (the database side of receipts.py), and the keys a verifier is given."""

from __future__ import annotations

from . import merkle, note, selectors
from .receipts import build_receipt
from .witnessing import configured_quorum, configured_witnesses


def log_key() -> note.Verifier:
    return note.Verifier.from_vkey(selectors.log_verifier_key())


def witness_keys() -> list[note.Verifier]:
    return [w.verifier for w in configured_witnesses()]


def witness_quorum() -> int:
    return configured_quorum()


def receipt_for(index: int) -> str | None:
    """The entry's tlog-proof against the newest checkpoint, which carries the witnesses' cosignatures
    (cosigning.checkpoint_cosign adds them to it); None when no checkpoint covers the entry yet."""
    checkpoint = selectors.latest_checkpoint()
    if checkpoint is None or not 0 <= index < checkpoint.size:
        return None
    entry = selectors.entry(index)
    if entry is None:
        return None
    try:
        proof = selectors.inclusion_proof_for(index, checkpoint.size)
    except merkle.ProofError:
        return None
    return build_receipt(index, proof, checkpoint.note, bytes(entry.body))
