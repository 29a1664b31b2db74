"""Reading the stored tree: perfect-subtree hashes from `LogTile` rows, fetched once per tile."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from . import merkle
from .models import LogTile


class TreeIntegrityError(RuntimeError):
    """Stored tiles that cannot be what the appends wrote (a tile missing or too short)."""


class TileReader:
    """A `merkle.SubtreeHash` over the stored tiles, memoising tiles and the subtrees it hashes."""

    def __init__(self, using: str | None = None) -> None:
        self.using = using
        self.tiles: dict[tuple[int, int], bytes] = {}
        self.memo: dict[tuple[int, int], bytes] = {}

    def prefetch(self, coords: Iterable[tuple[int, int]]) -> None:
        wanted = {c for c in coords if c not in self.tiles}
        if not wanted:
            return
        query = Q()
        for level, index in wanted:
            query |= Q(level=level, index=index)
        rows = LogTile.objects.using(self.using).filter(query).values_list("level", "index", "hashes")
        for level, index, hashes in rows:
            self.tiles[(level, index)] = bytes(hashes)

    def prefetch_plan(self, plan: Iterable[Iterable[merkle.Subtree]]) -> None:
        self.prefetch(merkle.tile_subtree(h, i)[:2] for element in plan for h, i in element)

    def tile(self, level: int, index: int) -> bytes:
        if (level, index) not in self.tiles:
            self.prefetch([(level, index)])
        if (level, index) not in self.tiles:
            raise TreeIntegrityError(f"Tile {level}/{index} is missing.")
        return self.tiles[(level, index)]

    def subtree(self, height: int, index: int) -> bytes:
        key = (height, index)
        found = self.memo.get(key)
        if found is not None:
            return found
        if height % merkle.TILE_HEIGHT == 0:
            level, tile_index, first, _count = merkle.tile_subtree(height, index)
            data = self.tile(level, tile_index)
            value = data[first * 32 : first * 32 + 32]
            if len(value) != 32:
                raise TreeIntegrityError(f"Tile {level}/{tile_index} has no hash at {first}.")
        else:
            value = merkle.node_hash(
                self.subtree(height - 1, 2 * index), self.subtree(height - 1, 2 * index + 1)
            )
        self.memo[key] = value
        return value

    __call__ = subtree
