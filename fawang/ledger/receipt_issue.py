"""Issuing receipts from the log (the database side of receipts.py), and the keys a verifier is given."""

from __future__ import annotations

from . import note, selectors
from .cosigning import with_cosignatures
from .receipts import build_receipt
from .witnessing import configured_quorum, configured_witnesses


def log_key() -> note.Verifier:
    return selectors.log_verifier()


def witness_keys() -> list[note.Verifier]:
    return [w.verifier for w in configured_witnesses()]


def witness_quorum() -> int:
    return configured_quorum()


def receipt_for(index: int) -> str | None:
    """The entry's tlog-proof against the newest checkpoint, with the cosignatures kept for it; None when
    no checkpoint covers the entry yet."""
    checkpoint = selectors.latest_checkpoint()
    if checkpoint is None or not 0 <= index < checkpoint.size:
        return None
    entry = selectors.entry_at(index)
    if entry is None:
        return None
    proof = selectors.inclusion_proof_for(index, checkpoint.size)
    return build_receipt(index, proof, with_cosignatures(checkpoint.note), bytes(entry.data))
