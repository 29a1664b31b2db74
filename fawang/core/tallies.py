"""Rebuilding a rollup table (docs/adr/0016): the database keeps each rollup in step with the rows it
counts (triggers, in the transaction of every change); `tally_rebuild` recomputes one from an
aggregate query, for a deployment and after a load that ran with triggers off."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import QuerySet


def tally_rebuild(
    model: type[models.Model], *, columns: Sequence[str], queries: Iterable[QuerySet[Any]]
) -> int:
    """Replace every row of `model` by what `queries` aggregate (each a `.values(...)` query whose
    columns are `columns`, in that order), in one transaction. On PostgreSQL the table is locked
    against writers first (SHARE ROW EXCLUSIVE: readers go on, the triggers' upserts wait), so a
    change committed before the lock is in the aggregate, and one committed after it adds its delta
    to the rebuilt rows. Returns the number of rows written."""
    connection = connections[DEFAULT_DB_ALIAS]
    qn = connection.ops.quote_name
    meta = model._meta
    table = qn(meta.db_table)
    names = ", ".join(qn(str(meta.get_field(c).column)) for c in columns)  # type: ignore[union-attr]
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {table}")
        for qs in queries:
            select, params = qs.query.sql_with_params()
            cursor.execute(f"INSERT INTO {table} ({names}) {select}", params)
            written += max(cursor.rowcount, 0)
    return written
