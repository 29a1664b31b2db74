"""Deployment checks of our own (`manage.py check --deploy`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security, deploy=True)
def check_shared_cache(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """The rate limits of the public tracking page and of rating by phone count in the cache: with a
    per-process cache, N gunicorn workers let through N times the limit."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            Warning(
                "Rate limits are counted per process: each gunicorn worker lets through the full limit.",
                hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/1) so every worker shares one cache.",
                id="fawang.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_database_roles(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """The processes that serve must not connect as the role that owns the tables: an owner can switch
    off the append-only triggers of the audit trail and the order timeline (docs/adr/0005)."""
    return database_role_warnings(
        settings.DATABASES.get("default", {}), getattr(settings, "FAWANG_MIGRATION_DATABASE", None)
    )


def database_role_warnings(runtime: Mapping[str, Any], owner: Mapping[str, Any] | None) -> list[Warning]:
    if runtime.get("ENGINE") != "django.db.backends.postgresql":
        return []
    if owner and owner.get("USER") and owner.get("USER") != runtime.get("USER"):
        return []
    return [
        Warning(
            "The application connects to PostgreSQL as the role that runs the migrations: it owns the "
            "tables and could switch off the audit trail's append-only triggers.",
            hint="Set MIGRATE_DATABASE_URL to the owner role, DATABASE_URL to a runtime role, and run "
            "`manage.py db_roles` after migrate (docs/deploy.md section 2).",
            id="fawang.W009",
        )
    ]
