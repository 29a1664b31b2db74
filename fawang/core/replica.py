"""Reads that may go to a read replica (docs/adr/0015-growing-past-one-server.md).

With REPLICA_DATABASE_URL set, settings add a `replica` database alias (a streaming replica of the
primary) and name it in FAWANG_READ_REPLICA. `ReplicaRouter` then sends there only the reads made inside
`reading_replica()`: figures, analytics and exports, which tolerate the replica's lag of a few seconds.
Everything else reads and writes the primary, so no page reads its own write from a lagging replica:

- a write always goes to the primary, inside the block too;
- a read inside a transaction on the primary stays on the primary (it may need the transaction's own
  rows), whatever the block says;
- without FAWANG_READ_REPLICA (development, tests, a single server), the block changes nothing.

Mark a read at the view that makes it, around the selector call: `with reading_replica(): figures = ...`.
The selector must return evaluated data (lists, numbers), not querysets a template evaluates after
the block has ended.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

_replica_reads: contextvars.ContextVar[bool] = contextvars.ContextVar("fawang_replica_reads", default=False)


@contextlib.contextmanager
def reading_replica() -> Iterator[None]:
    """Inside the block, reads outside a transaction go to the read replica when one is configured."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def replica_alias() -> str | None:
    """The alias reads inside `reading_replica()` go to now, or None for the primary."""
    alias: str | None = getattr(settings, "FAWANG_READ_REPLICA", None)
    if not alias or not _replica_reads.get():
        return None
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return None
    return alias


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: reads marked by `reading_replica()` to the replica, all else to the
    primary. The replica is a physical copy of the primary: never migrated, same rows."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return replica_alias() or DEFAULT_DB_ALIAS

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same rows on both

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
