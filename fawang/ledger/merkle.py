"""RFC 6962 / RFC 9162 Merkle trees: hashing, proofs and their verification. Pure: no database, no settings.

Written from RFC 9162 §2.1 (and C2SP tlog-tiles for the tile geometry), checked against the vectors of
transparency-dev/merkle (`tests/data/rfc6962_vectors.json`) and against `pymerkle` on random trees.

* `leaf_hash(d) = SHA-256(0x00 || d)`, `node_hash(l, r) = SHA-256(0x01 || l || r)`, the empty tree's root is
  `SHA-256("")`.
* A *subtree* `(h, i)` is the perfect subtree of height `h` over leaves `[i * 2**h, (i + 1) * 2**h)`; its hash
  is the one thing storage must give (`SubtreeHash`). Proofs are planned as lists of subtrees first
  (`range_subtrees`, `inclusion_plan`, `consistency_plan`), so a store can fetch everything a proof needs in
  one query, then computed with `inclusion_proof` / `consistency_proof`.
* `verify_inclusion` and `verify_consistency` follow RFC 9162 §2.1.3.2 and §2.1.4.2 and need nothing but
  the hashes: what an offline verifier runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

# (height, index) -> hash of that perfect subtree.
SubtreeHash = Callable[[int, int], bytes]
Subtree = tuple[int, int]


class ProofError(ValueError):
    """A proof that cannot be produced or does not verify; `code` is stable, the message says which rule."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _largest_power_of_two_below(n: int) -> int:
    """The largest power of two strictly smaller than `n` (n >= 2): RFC 6962's `k`."""
    return 1 << ((n - 1).bit_length() - 1)


def root_of(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH(D[0:n]) from the leaf hashes (not the entries), by the definition: for tests and small trees."""
    n = len(leaf_hashes)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaf_hashes[0]
    k = _largest_power_of_two_below(n)
    return node_hash(root_of(leaf_hashes[:k]), root_of(leaf_hashes[k:]))


def perfect_root(hashes: Sequence[bytes]) -> bytes:
    """Root of a power-of-two count of hashes (a full tile, a perfect subtree), bottom-up."""
    level = list(hashes)
    while len(level) > 1:
        level = [node_hash(level[j], level[j + 1]) for j in range(0, len(level), 2)]
    return level[0]


def range_subtrees(start: int, end: int) -> list[Subtree]:
    """The perfect subtrees, left to right, whose hashes combine into MTH(D[start:end]), for the ranges
    RFC 6962's recursion produces (`start` is a multiple of the largest power of two <= end - start, or
    the range is a suffix of such an aligned range). Combine them with `combine`."""
    out: list[Subtree] = []
    while start < end:
        size = end - start
        # The largest perfect subtree starting at `start` that fits: limited by alignment and by size.
        height = size.bit_length() - 1
        if start:
            height = min(height, (start & -start).bit_length() - 1)
        out.append((height, start >> height))
        start += 1 << height
    return out


def combine(hashes: Sequence[bytes]) -> bytes:
    """Fold the hashes of `range_subtrees` into the range's MTH: right-associative, as RFC 6962 splits."""
    acc = hashes[-1]
    for h in reversed(hashes[:-1]):
        acc = node_hash(h, acc)
    return acc


def range_hash(start: int, end: int, subtree: SubtreeHash) -> bytes:
    """MTH(D[start:end]) from stored perfect-subtree hashes."""
    if start == end:
        return EMPTY_ROOT
    return combine([subtree(h, i) for h, i in range_subtrees(start, end)])


def tree_root(size: int, subtree: SubtreeHash) -> bytes:
    return range_hash(0, size, subtree)


def inclusion_plan(index: int, size: int) -> list[list[Subtree]]:
    """The audit path of leaf `index` in the tree of `size` leaves (RFC 6962 §2.1.1 PATH), each element as
    the subtrees that combine into it; leaf-side first, as the proof is sent."""
    if not 0 <= index < size:
        raise ProofError("index_out_of_range", "The leaf index must be below the tree size.")
    plan: list[list[Subtree]] = []
    start, end, m = 0, size, index
    while end - start > 1:
        k = _largest_power_of_two_below(end - start)
        if m < k:
            plan.append(range_subtrees(start + k, end))
            end = start + k
        else:
            plan.append(range_subtrees(start, start + k))
            start, m = start + k, m - k
    plan.reverse()
    return plan


def consistency_plan(old: int, new: int) -> list[list[Subtree]]:
    """The consistency proof from `old` to `new` leaves (RFC 6962 §2.1.2 PROOF), as subtree lists; empty when
    `old == new` (and for `old == 0`, which proves nothing: `verify_consistency` refuses it)."""
    if old < 0 or new < 0:
        raise ProofError("bad_size", "Tree sizes are not negative.")
    if old > new:
        raise ProofError("old_after_new", "The old tree size must not exceed the new one.")
    if old == 0 or old == new:
        return []
    plan: list[list[Subtree]] = []
    start, end, m, complete = 0, new, old, True
    while m != end - start:
        k = _largest_power_of_two_below(end - start)
        if m <= k:
            plan.append(range_subtrees(start + k, end))
            end = start + k
        else:
            plan.append(range_subtrees(start, start + k))
            start, m, complete = start + k, m - k, False
    if not complete:
        plan.append(range_subtrees(start, end))
    plan.reverse()
    return plan


def plan_subtrees(plan: Sequence[Sequence[Subtree]]) -> set[Subtree]:
    return {st for element in plan for st in element}


def proof_from_plan(plan: Sequence[Sequence[Subtree]], subtree: SubtreeHash) -> list[bytes]:
    return [combine([subtree(h, i) for h, i in element]) for element in plan]


def inclusion_proof(index: int, size: int, subtree: SubtreeHash) -> list[bytes]:
    return proof_from_plan(inclusion_plan(index, size), subtree)


def consistency_proof(old: int, new: int, subtree: SubtreeHash) -> list[bytes]:
    return proof_from_plan(consistency_plan(old, new), subtree)


def memory_subtrees(leaf_hashes: Sequence[bytes]) -> SubtreeHash:
    """A `SubtreeHash` over leaf hashes held in memory (tests, offline tools), memoised."""
    memo: dict[Subtree, bytes] = {}

    def subtree(height: int, index: int) -> bytes:
        if height == 0:
            return leaf_hashes[index]
        key = (height, index)
        if key not in memo:
            memo[key] = node_hash(subtree(height - 1, 2 * index), subtree(height - 1, 2 * index + 1))
        return memo[key]

    return subtree


# --- verification (RFC 9162 §2.1.3.2 and §2.1.4.2) -------------------------------------------------


def _check_hash(value: bytes, what: str) -> None:
    if len(value) != HASH_SIZE:
        raise ProofError("bad_hash", f"The {what} must be {HASH_SIZE} bytes.")


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root that `proof` leads to from `leaf` at `index` in a tree of `size`; ProofError when the proof
    has the wrong shape for that position."""
    if not 0 <= index < size:
        raise ProofError("index_out_of_range", "The leaf index must be below the tree size.")
    _check_hash(leaf, "leaf hash")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        _check_hash(p, "proof hash")
        if sn == 0:
            raise ProofError("proof_too_long", "The inclusion proof has more hashes than the tree needs.")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("proof_too_short", "The inclusion proof has fewer hashes than the tree needs.")
    return r


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes) -> None:
    """Raise ProofError unless `proof` shows leaf hash `leaf` at `index` in the tree of `size` with `root`."""
    _check_hash(root, "root hash")
    if root_from_inclusion_proof(index, size, leaf, proof) != root:
        raise ProofError("root_mismatch", "The inclusion proof does not lead to the root hash.")


def verify_consistency(old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> None:
    """Raise ProofError unless `proof` shows the tree of `old` leaves with `old_root` is a prefix of the tree
    of `new` leaves with `new_root`. The old tree is not empty (an empty tree proves nothing, and the vectors
    of transparency-dev/merkle reject it); equal sizes take an empty proof and equal roots."""
    if old < 1 or new < 1:
        raise ProofError("bad_size", "A consistency proof is between non-empty trees.")
    if old > new:
        raise ProofError("old_after_new", "The old tree size must not exceed the new one.")
    if old == new:
        if proof:
            raise ProofError("proof_too_long", "Equal tree sizes take an empty consistency proof.")
        if old_root != new_root:
            raise ProofError("root_mismatch", "Trees of equal size must have equal roots.")
        return
    _check_hash(old_root, "old root hash")
    _check_hash(new_root, "new root hash")
    for p in proof:
        _check_hash(p, "proof hash")
    if not proof:
        raise ProofError("proof_too_short", "The consistency proof is empty.")
    path = list(proof)
    if old & (old - 1) == 0:  # an exact power of two: the old root is a node of the new tree
        path.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("proof_too_long", "The consistency proof has more hashes than the trees need.")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("proof_too_short", "The consistency proof has fewer hashes than the trees need.")
    if fr != old_root:
        raise ProofError("root_mismatch", "The consistency proof does not lead to the old root hash.")
    if sr != new_root:
        raise ProofError("root_mismatch", "The consistency proof does not lead to the new root hash.")


# --- tiles (C2SP tlog-tiles: height 8) ---------------------------------------------------------------

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT  # 256 hashes


def tile_path_index(n: int) -> str:
    """`<N>` of a tile path: zero-padded 3-digit elements, all but the last prefixed `x` (1234067 ->
    `x001/x234/067`)."""
    if n < 0:
        raise ValueError("A tile index is not negative.")
    parts = [f"{n % 1000:03d}"]
    n //= 1000
    while n:
        parts.append(f"x{n % 1000:03d}")
        n //= 1000
    return "/".join(reversed(parts))


def parse_tile_path_index(text: str) -> int:
    """The inverse of `tile_path_index`, strict (ValueError on anything else)."""
    parts = text.split("/")
    value = 0
    for position, part in enumerate(parts):
        last = position == len(parts) - 1
        digits = part if last else part[1:]
        if (not last and not part.startswith("x")) or len(digits) != 3 or not digits.isascii():
            raise ValueError("bad tile index")
        if not digits.isdigit():
            raise ValueError("bad tile index")
        value = value * 1000 + int(digits)
    if len(parts) > 1 and parts[0] == "x000":
        raise ValueError("bad tile index")  # one spelling per index: no leading zero elements
    return value


def tile_subtree(height: int, index: int) -> tuple[int, int, int, int]:
    """Where the perfect subtree `(height, index)` lives in tiles: `(tile level, tile index, first hash in
    that tile, count of hashes)`; its hash is the `perfect_root` of those hashes."""
    level, rest = divmod(height, TILE_HEIGHT)
    first = index << rest
    return level, first >> TILE_HEIGHT, first & (TILE_WIDTH - 1), 1 << rest


def tile_widths(size: int) -> list[tuple[int, int, int]]:
    """The partial tiles of a tree of `size` leaves, `(level, index, width)`: those a checkpoint of that
    size makes a client fetch as `.p/<width>`."""
    out = []
    level, count = 0, size
    while count:
        full, partial = divmod(count, TILE_WIDTH)
        if partial:
            out.append((level, full, partial))
        level += 1
        count = full
    return out
