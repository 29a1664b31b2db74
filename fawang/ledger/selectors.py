"""Reading the evidence log: checkpoints, entries, proofs, tiles (docs/adr/0023)."""

from __future__ import annotations

from . import merkle
from .keys import log_signer
from .models import Checkpoint, LogEntry, LogHead, LogTile
from .tiles import TileReader, committed_size_at_least


def tree_size() -> int:
    """The number of committed entries (which a checkpoint may not cover yet)."""
    size = LogHead.objects.filter(pk=1).values_list("size", flat=True).first()
    return int(size or 0)


def latest_checkpoint() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-size").first()


def checkpoint_at(size: int) -> Checkpoint | None:
    return Checkpoint.objects.filter(size=size).first()


def entry(index: int) -> LogEntry | None:
    return LogEntry.objects.filter(index=index).first()


def log_verifier_key() -> str:
    """The log's public key in signed-note verifier-key form (`<origin>+<key id>+<base64 key>`)."""
    return log_signer().verifier.vkey


def _check_size(size: int, field: str) -> None:
    if size < 1:
        raise merkle.ProofError(f"{field}_too_small", "A tree size is at least 1.")
    if not committed_size_at_least(size):
        raise merkle.ProofError(f"{field}_too_large", "The log is not that large yet.")


def root_at(size: int) -> bytes:
    if size == 0:
        return merkle.EMPTY_ROOT
    _check_size(size, "size")
    return merkle.tree_root(size, TileReader())


def inclusion_proof_for(index: int, size: int) -> list[bytes]:
    """The audit path of entry `index` in the tree of `size` entries. ProofError (its `code` names the
    parameter) for a size of 0 or past the log, or an index not below the size."""
    _check_size(size, "size")
    if not 0 <= index < size:
        raise merkle.ProofError("index_out_of_range", "The index must be below the tree size.")
    plan = merkle.inclusion_plan(index, size)
    reader = TileReader()
    reader.prefetch_plan(plan)
    return merkle.proof_from_plan(plan, reader)


def consistency_proof_between(old: int, new: int) -> list[bytes]:
    """The consistency proof from the tree of `old` entries to that of `new` entries (1 <= old <= new)."""
    _check_size(old, "old")
    _check_size(new, "new")
    if old > new:
        raise merkle.ProofError("old_after_new", "The old size must not exceed the new size.")
    plan = merkle.consistency_plan(old, new)
    reader = TileReader()
    reader.prefetch_plan(plan)
    return merkle.proof_from_plan(plan, reader)


def tile_bytes(level: int, index: int, width: int | None) -> bytes | None:
    """A tile as served: full (`width` None, only once the stored tile is full) or its first `width`
    hashes. None when the log has no such tile yet."""
    hashes = LogTile.objects.filter(level=level, index=index).values_list("hashes", flat=True).first()
    if hashes is None:
        return None
    data = bytes(hashes)
    want = merkle.TILE_WIDTH if width is None else width
    if len(data) < want * merkle.HASH_SIZE:
        return None
    return data[: want * merkle.HASH_SIZE]


def entry_bundle(index: int, width: int | None) -> bytes | None:
    """An entry bundle as served: big-endian uint16 length-prefixed entries `[index * 256, … + width)`."""
    want = merkle.TILE_WIDTH if width is None else width
    start = index * merkle.TILE_WIDTH
    if start + want > tree_size():
        return None
    bodies = list(
        LogEntry.objects.filter(index__gte=start, index__lt=start + want)
        .order_by("index")
        .values_list("body", flat=True)
    )
    if len(bodies) != want:
        return None
    return b"".join(len(body).to_bytes(2, "big") + bytes(body) for body in bodies)
