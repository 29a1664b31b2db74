"""Rebuilding the whole tree from the stored entries and checking everything stored against it
(`manage.py ledger_verify`, docs/adr/0023): each entry's bytes against its leaf hash, every tile hash,
no gap, and every stored checkpoint's root and signature. Reports the first fault, by entry where there is
one. Memory grows with the number of tiles, not of entries."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass

from . import merkle, note
from .keys import log_signer
from .models import Checkpoint, LogEntry, LogHead, LogTile
from .tiles import TileReader

_TILE_BYTES = merkle.TILE_WIDTH * merkle.HASH_SIZE
_PAGE = 64  # tiles fetched at once


class LogCorrupt(Exception):
    """The first fault found; `index` is the entry it concerns, when there is one."""

    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.index = index


@dataclass
class VerifyReport:
    size: int
    tiles: int
    checkpoints: int


class _Tiles:
    """Stored tiles of one level, fetched a page at a time in index order."""

    def __init__(self, level: int) -> None:
        self.level = level
        self.page: dict[int, bytes] = {}
        self.seen = 0

    def get(self, index: int) -> bytes | None:
        if index not in self.page:
            rows = LogTile.objects.filter(level=self.level, index__gte=index, index__lt=index + _PAGE)
            self.page = {i: bytes(h) for i, h in rows.values_list("index", "hashes")}
        found = self.page.get(index)
        if found is not None:
            self.seen += 1
        return found


def _check_tile(level: int, index: int, stored: bytes | None, want: bytes) -> None:
    if stored == want:
        return
    span = merkle.TILE_WIDTH**level
    if stored is None:
        raise LogCorrupt(
            f"Tile {level}/{index} is missing (entries from {index * merkle.TILE_WIDTH * span}).",
            index * merkle.TILE_WIDTH * span,
        )
    for k in range(0, max(len(stored), len(want)), merkle.HASH_SIZE):
        if stored[k : k + 32] != want[k : k + 32]:
            first = (index * merkle.TILE_WIDTH + k // 32) * span
            what = f"entry {first}" if level == 0 else f"entries {first} to {first + span - 1}"
            raise LogCorrupt(f"Tile {level}/{index}: stored hash {k // 32} ({what}) is wrong.", first)


def verify_log(progress: Callable[[str], None] | None = None) -> VerifyReport:
    """Raise LogCorrupt at the first fault; return what was checked."""
    size = int(LogHead.objects.filter(pk=1).values_list("size", flat=True).first() or 0)
    level0 = _Tiles(0)
    upper: list[bytes] = []
    buffer = bytearray()
    expected = 0
    rows = LogEntry.objects.order_by("index").values_list("index", "kind", "body", "leaf_hash")
    for index, kind, body, stored_leaf in rows.iterator(chunk_size=4000):
        if index != expected:
            raise LogCorrupt(f"Entry {expected} is missing (the next stored entry is {index}).", expected)
        if index >= size:
            raise LogCorrupt(f"Entry {index} lies past the log's size {size}.", index)
        body = bytes(body)
        if not body.startswith(kind.encode() + b"\n"):
            raise LogCorrupt(f"Entry {index}: its bytes do not start with its kind {kind!r}.", index)
        leaf = merkle.leaf_hash(body)
        if leaf != bytes(stored_leaf):
            raise LogCorrupt(f"Entry {index}: its bytes do not hash to its stored leaf hash.", index)
        buffer += leaf
        expected += 1
        if len(buffer) == _TILE_BYTES:
            tile_index = index // merkle.TILE_WIDTH
            _check_tile(0, tile_index, level0.get(tile_index), bytes(buffer))
            upper.append(merkle.perfect_root([bytes(buffer[k : k + 32]) for k in range(0, _TILE_BYTES, 32)]))
            buffer.clear()
            if progress and tile_index % 1000 == 999:
                progress(f"{expected} entries checked")
    if expected != size:
        raise LogCorrupt(f"Entry {expected} is missing: the log's size is {size}.", expected)
    if buffer:
        tile_index = size // merkle.TILE_WIDTH
        _check_tile(0, tile_index, level0.get(tile_index), bytes(buffer))
    tiles = level0.seen
    level = 1
    while upper:
        stored = _Tiles(level)
        for tile_index, at in enumerate(range(0, len(upper), merkle.TILE_WIDTH)):
            _check_tile(
                level, tile_index, stored.get(tile_index), b"".join(upper[at : at + merkle.TILE_WIDTH])
            )
        tiles += stored.seen
        upper = [
            merkle.perfect_root(upper[at : at + merkle.TILE_WIDTH])
            for at in range(0, len(upper) - merkle.TILE_WIDTH + 1, merkle.TILE_WIDTH)
        ]
        level += 1
    extra = LogTile.objects.count() - tiles
    if extra:
        raise LogCorrupt(f"{extra} stored tile(s) lie past the log's size {size}.")
    checkpoints = _verify_checkpoints(size)
    return VerifyReport(size=size, tiles=tiles, checkpoints=checkpoints)


def _verify_checkpoints(size: int) -> int:
    signer = log_signer()
    verifier = signer.verifier
    reader = TileReader()  # the tiles were just checked against the entries
    count = 0
    for checkpoint in Checkpoint.objects.order_by("size").iterator():
        where = f"Checkpoint of size {checkpoint.size}"
        try:
            opened = note.open_note(checkpoint.note, [verifier])
        except note.NoteError as exc:
            raise LogCorrupt(f"{where}: {exc}") from None
        lines = opened.text.split("\n")
        if len(lines) < 4 or lines[0] != signer.name or lines[1] != str(checkpoint.size):
            raise LogCorrupt(f"{where}: its text does not name this log and size.")
        if checkpoint.size > size:
            raise LogCorrupt(f"{where}: larger than the log ({size}).")
        root = merkle.tree_root(checkpoint.size, reader)
        if lines[2] != base64.b64encode(root).decode() or bytes(checkpoint.root_hash) != root:
            raise LogCorrupt(f"{where}: its root is not the root of the stored entries.")
        count += 1
    return count
