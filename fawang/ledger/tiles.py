"""Reading the stored tree: perfect-subtree hashes from `LogTile` rows, fetched once per tile.

A committed full tile never changes, nor does the hash of a committed perfect subtree, so a process keeps
some of them (`_TILES`, `_SUBTREES`): an inclusion proof in a tree of ten million leaves then reads
one level-0 tile and hashes within it. Only what was read outside any transaction is kept (inside one,
a tile could be the caller's own uncommitted append, which a rollback would undo)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from django.db import connections
from django.db.models import Q

from . import merkle
from .models import LogHead, LogTile


class TreeIntegrityError(RuntimeError):
    """Stored tiles that cannot be what the appends wrote (a tile missing or too short)."""


# Tiles as read (a partial one is a prefix of what it will be), least recently read first.
_TILES: OrderedDict[tuple[int, int], bytes] = OrderedDict()
_TILES_MAX = 2048  # 16 MiB
_SUBTREES: dict[tuple[int, int], bytes] = {}
_SUBTREES_MAX = 100_000  # heights above one tile only: few per proof
_TILE_BYTES = merkle.TILE_WIDTH * merkle.HASH_SIZE


_SIZE_SEEN = [0]  # the largest committed tree size read: the log never shrinks


def clear_caches(**_kwargs: object) -> None:
    """Forget kept tiles, subtrees and size: on `post_migrate` (which `flush` sends, so transactional
    tests that empty the database start afresh)."""
    _TILES.clear()
    _SUBTREES.clear()
    _SIZE_SEEN[0] = 0


def committed_size_at_least(size: int, using: str | None = None) -> bool:
    """Whether the log has at least `size` entries, without a query when a larger committed size was
    already seen."""
    if size <= _SIZE_SEEN[0]:
        return True
    stored = LogHead.objects.using(using).filter(pk=1).values_list("size", flat=True).first() or 0
    if not connections[using or "default"].in_atomic_block:
        _SIZE_SEEN[0] = max(_SIZE_SEEN[0], int(stored))
    return size <= int(stored)


class TileReader:
    """A `merkle.SubtreeHash` over the stored tiles, memoising tiles and the subtrees it hashes."""

    def __init__(self, using: str | None = None) -> None:
        self.using = using
        self.tiles: dict[tuple[int, int], bytes] = {}
        self.memo: dict[tuple[int, int], bytes] = {}
        self.committed = not connections[using or "default"].in_atomic_block

    def prefetch(self, needs: Iterable[tuple[int, int]] | dict[tuple[int, int], int]) -> None:
        """Fetch tiles in one query: `needs` maps `(level, index)` to the bytes wanted from it (a kept
        prefix that long will do: the first W hashes of a tile never change), or lists tiles wanted whole."""
        wanted_len = needs if isinstance(needs, dict) else dict.fromkeys(needs, _TILE_BYTES)
        wanted = set()
        for coord, length in wanted_len.items():
            have = self.tiles.get(coord)
            if have is None and self.committed:
                have = _TILES.get(coord)
                if have is not None and len(have) >= length:
                    self.tiles[coord] = have
            if have is None or (len(have) < length and len(have) < _TILE_BYTES):
                wanted.add(coord)
        if not wanted:
            return
        query = Q()
        for level, index in wanted:
            query |= Q(level=level, index=index)
        rows = LogTile.objects.using(self.using).filter(query).values_list("level", "index", "hashes")
        for level, index, hashes in rows:
            data = self.tiles[(level, index)] = bytes(hashes)
            if self.committed:
                _TILES[(level, index)] = data
                _TILES.move_to_end((level, index))
                if len(_TILES) > _TILES_MAX:
                    _TILES.popitem(last=False)

    def prefetch_plan(self, plan: Iterable[Iterable[merkle.Subtree]]) -> None:
        needs: dict[tuple[int, int], int] = {}
        for element in plan:
            for h, i in element:
                if self.committed and (h, i) in _SUBTREES:
                    continue
                level, index, first, count = merkle.tile_subtree(h, i)
                end = (first + count) * merkle.HASH_SIZE
                needs[(level, index)] = max(needs.get((level, index), 0), end)
        self.prefetch(needs)

    def tile(self, level: int, index: int, length: int = _TILE_BYTES) -> bytes:
        """Tile `level`/`index`, at least `length` bytes of it where the log has them."""
        have = self.tiles.get((level, index))
        if have is None or len(have) < length:
            self.tiles.pop((level, index), None)
            self.prefetch({(level, index): length})
        if (level, index) not in self.tiles:
            raise TreeIntegrityError(f"Tile {level}/{index} is missing.")
        return self.tiles[(level, index)]

    def subtree(self, height: int, index: int) -> bytes:
        key = (height, index)
        found = self.memo.get(key)
        if found is None and self.committed:
            found = _SUBTREES.get(key)
        if found is not None:
            return found
        # A perfect subtree of height h lies within one tile of level h // 8: hash its 2**(h % 8) hashes
        # there bottom-up (no recursion: about 255 hashes for a proof's path through a tile).
        level, tile_index, first, count = merkle.tile_subtree(height, index)
        end = (first + count) * merkle.HASH_SIZE
        data = self.tile(level, tile_index, end)
        if len(data) < end:
            raise TreeIntegrityError(f"Tile {level}/{tile_index} has no hash at {first + count - 1}.")
        start = first * merkle.HASH_SIZE
        if count == 1:
            value = data[start:end]
        else:
            value = merkle.perfect_root([data[k : k + 32] for k in range(start, end, merkle.HASH_SIZE)])
        self.memo[key] = value
        if self.committed and height > merkle.TILE_HEIGHT:
            if len(_SUBTREES) >= _SUBTREES_MAX:
                _SUBTREES.clear()
            _SUBTREES[key] = value
        return value

    __call__ = subtree
