"""Writing to the evidence log: appending entries and signing checkpoints (docs/adr/0023).

THE LOG IS PUBLIC. Everything entered here is served to anyone at `/log/tile/entries/...`, forever and
unchangeably. An entry must NEVER hold personal data (names, ID numbers, phone numbers, addresses, the text
of a document): a module enters a `kind` and hashes and non-personal identifiers only, e.g. a certificate
number and the SHA-256 of its PDF. Once entered, nothing can take it out again.

Sequencing: every append locks the single `LogHead` row (`SELECT … FOR UPDATE`), writes its entries at the
next indices, extends the tiles and moves the head, all in one transaction. Concurrent writers wait for
each other, so the tree never forks and never has a gap; an append is durable once its transaction commits
(when `ledger_append` returns outside any transaction, or when the caller's outer transaction commits:
then the entry commits or rolls back with the caller's own records).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence

from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.core.errors import FieldError, ValidationFailed

from . import merkle, note
from .keys import log_signer
from .models import Checkpoint, LogEntry, LogHead, LogTile
from .tiles import TileReader, TreeIntegrityError

KIND_PATTERN = re.compile(r"[a-z0-9][a-z0-9._/-]{0,63}")
# Entry bundles prefix each entry with a big-endian uint16 length (C2SP tlog-tiles).
MAX_ENTRY_BYTES = 0xFFFF
MAX_BATCH = 10_000
_TILE_BYTES = merkle.TILE_WIDTH * merkle.HASH_SIZE


def entry_body(kind: str, data: bytes) -> bytes:
    """The entry's bytes as served and hashed: `kind || 0x0A || data`."""
    return kind.encode("ascii") + b"\n" + data


def _check(kind: str, data: bytes, position: int | None) -> list[FieldError]:
    prefix = "" if position is None else f"entries[{position}]."
    errors = []
    if not isinstance(kind, str) or not KIND_PATTERN.fullmatch(kind):
        errors.append(
            FieldError(
                "ledger_bad_kind",
                _("The kind is 1 to 64 lowercase letters, digits, '.', '_', '-' or '/'."),
                f"{prefix}kind",
            )
        )
    elif not isinstance(data, bytes | bytearray | memoryview):
        errors.append(FieldError("ledger_bad_data", _("The entry data must be bytes."), f"{prefix}data"))
    elif len(kind) + 1 + len(data) > MAX_ENTRY_BYTES:
        errors.append(
            FieldError(
                "ledger_entry_too_large",
                _("A log entry is at most %(limit)d bytes.") % {"limit": MAX_ENTRY_BYTES},
                f"{prefix}data",
            )
        )
    return errors


def ledger_append(*, kind: str, data: bytes) -> LogEntry:
    """Enter one entry in the public log; returns it with its `index` and `leaf_hash`.
    NO PERSONAL DATA: `data` is hashes and non-personal identifiers only (see the module docstring)."""
    return ledger_append_many([(kind, data)])[0]


def ledger_append_many(items: Sequence[tuple[str, bytes]]) -> list[LogEntry]:
    """Enter several `(kind, data)` entries at consecutive indices in one transaction (one lock, one
    tile update): how to append thousands a second. NO PERSONAL DATA (see the module docstring)."""
    if not items:
        return []
    if len(items) > MAX_BATCH:
        raise ValidationFailed(
            [
                FieldError(
                    "ledger_batch_too_large",
                    _("At most %(limit)d entries at once.") % {"limit": MAX_BATCH},
                    "entries",
                )
            ]
        )
    single = len(items) == 1
    errors = [e for n, (kind, data) in enumerate(items) for e in _check(kind, data, None if single else n)]
    if errors:
        raise ValidationFailed(errors)
    bodies = [entry_body(kind, bytes(data)) for kind, data in items]
    hashes = [merkle.leaf_hash(body) for body in bodies]
    now = timezone.now()
    with transaction.atomic():
        start = _locked_size()
        entries = [
            LogEntry(index=start + n, kind=kind, body=body, leaf_hash=leaf, created_at=now)
            for n, ((kind, _data), body, leaf) in enumerate(zip(items, bodies, hashes, strict=True))
        ]
        _insert_entries(entries)
        _extend_tiles(start, hashes)
        LogHead.objects.filter(pk=1).update(size=start + len(entries), updated_at=now)
    return entries


def _insert_entries(entries: list[LogEntry]) -> None:
    connection = connections[LogEntry.objects.db]
    if connection.vendor != "postgresql":
        LogEntry.objects.bulk_create(entries, batch_size=2000)
        return
    # COPY: several times faster than a multi-row INSERT for a batch (bench/ledger.py).
    table = LogEntry._meta.db_table
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} (index, kind, body, leaf_hash, created_at) FROM STDIN") as copy,
    ):
        for e in entries:
            copy.write_row((e.index, e.kind, e.body, e.leaf_hash, e.created_at))


def _locked_size() -> int:
    """Lock the head row (creating it on first use) and return the tree size: the log's one sequencer."""
    head = LogHead.objects.select_for_update().filter(pk=1).values_list("size", flat=True).first()
    if head is None:
        LogHead.objects.get_or_create(pk=1)
        head = LogHead.objects.select_for_update().filter(pk=1).values_list("size", flat=True).get()
    return int(head)


def _extend_tiles(start: int, leaf_hashes: list[bytes]) -> None:
    """Add leaf hashes at `start` to the level-0 tiles, and every tile they complete to the level above."""
    partial = {(level, index): width for level, index, width in merkle.tile_widths(start)}
    stored: dict[tuple[int, int], bytes] = {}
    if partial:
        reader = TileReader()
        reader.prefetch(list(partial))
        stored = reader.tiles
    writes: list[LogTile] = []
    level, position, new = 0, start, leaf_hashes
    while new:
        first_tile, offset = divmod(position, merkle.TILE_WIDTH)
        prefix = b""
        if offset:
            prefix = stored.get((level, first_tile), b"")
            if len(prefix) != offset * merkle.HASH_SIZE:
                raise TreeIntegrityError(
                    f"Tile {level}/{first_tile} holds {len(prefix) // 32} hashes, the head says {offset}."
                )
        buffer = prefix + b"".join(new)
        completed = []
        for n, at in enumerate(range(0, len(buffer), _TILE_BYTES)):
            chunk = buffer[at : at + _TILE_BYTES]
            writes.append(LogTile(level=level, index=first_tile + n, hashes=chunk))
            if len(chunk) == _TILE_BYTES:
                completed.append(
                    merkle.perfect_root([chunk[k : k + 32] for k in range(0, _TILE_BYTES, merkle.HASH_SIZE)])
                )
        level, position, new = level + 1, first_tile, completed
    LogTile.objects.bulk_create(
        writes, update_conflicts=True, unique_fields=["level", "index"], update_fields=["hashes"]
    )


def checkpoint_text(origin: str, size: int, root: bytes) -> str:
    """The C2SP tlog-checkpoint body: origin, size, base64 root."""
    return f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n"


def ledger_checkpoint() -> Checkpoint:
    """Sign and store a checkpoint over the current tree size (the stored one if that size is already
    signed: one checkpoint per size, so the log never signs two roots for a size)."""
    signer = log_signer()
    with transaction.atomic():
        size = _locked_size()  # no append between reading the size and hashing the tree
        existing = Checkpoint.objects.filter(size=size).first()
        if existing is not None:
            return existing
        root = merkle.tree_root(size, TileReader())
        text = checkpoint_text(signer.name, size, root)
        return Checkpoint.objects.create(size=size, root_hash=root, note=note.sign(text, [signer]))


def checkpoint_add_signature_lines(checkpoint: Checkpoint, lines: Sequence[str]) -> Checkpoint:
    """Add cosignature lines (already verified by the caller) to a stored checkpoint's note; the text they
    sign is unchanged. For the witness side (issue 12, item 3)."""
    with transaction.atomic():
        locked = Checkpoint.objects.select_for_update().get(pk=checkpoint.pk)
        locked.note = note.add_signature_lines(locked.note, lines)
        locked.save(update_fields=["note"])
    return locked
