"""Connecting as the role that owns the tables (MIGRATE_DATABASE_URL) for the commands that change the
schema or the grants, while every other process connects as the runtime role (DATABASE_URL), which does
not own the tables and so cannot alter them or switch their triggers off (docs/adr/0005)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections

_CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")


@contextlib.contextmanager
def as_migration_owner(alias: str = DEFAULT_DB_ALIAS) -> Iterator[bool]:
    """Inside the block, `connections[alias]` connects as the owner of MIGRATE_DATABASE_URL (yields
    True), or, when that is not set, as usual (yields False). The owner URL must name the same
    database: migrating another one by mistake would leave this one behind."""
    owner = getattr(settings, "FAWANG_MIGRATION_DATABASE", None)
    if not owner or alias != DEFAULT_DB_ALIAS:
        yield False
        return
    connection = connections[alias]
    current = connection.settings_dict
    if owner.get("ENGINE") != current.get("ENGINE") or owner.get("NAME") != current.get("NAME"):
        raise ImproperlyConfigured(
            "MIGRATE_DATABASE_URL must name the same database as DATABASE_URL "
            f"({owner.get('NAME')!r} is not {current.get('NAME')!r})."
        )
    saved = {key: current.get(key) for key in _CREDENTIALS}
    connection.close()
    current.update({key: owner.get(key, "") for key in _CREDENTIALS})
    try:
        yield True
    finally:
        connection.close()
        current.update(saved)
