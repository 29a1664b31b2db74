"""`manage.py check --database default` (and `migrate`): rows in a DEFAULT partition mean months were
written without their partition, which is what `partitions_ahead` exists to prevent (docs/adr/0015)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError, connections

from . import partitions


@register(Tags.database)
def check_default_partitions(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[Warning]:
    warnings: list[Warning] = []
    for alias in databases or ():
        try:
            found = partitions.default_rows(connections[alias])
        except DatabaseError:  # not migrated yet
            continue
        for table, rows in found.items():
            warnings.append(
                Warning(
                    f"{partitions.default_name(table)} holds {rows.describe(partitions.DEFAULT_ROWS_LIMIT)}: "
                    f"months of {table} written before their partition existed.",
                    hint=f"Run `manage.py partitions_ahead --from {rows.oldest:%Y-%m}` (and --months to reach "
                    f"{rows.newest:%Y-%m} if that is ahead): it creates those months and moves the rows there. "
                    "Check that the daily partitions_ahead timer runs.",
                    id="fawang.W010",
                )
            )
    return warnings
