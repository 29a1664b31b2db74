"""System checks of our own (`manage.py check`; the deploy=True ones with `check --deploy`)."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

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


@register(Tags.security)
def check_trusted_proxies(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """A mistyped TRUSTED_PROXIES entry would otherwise be found only by the first request."""
    errors = []
    for entry in settings.TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            errors.append(
                Error(
                    f"TRUSTED_PROXIES has {entry!r}, which is not an address or a network.",
                    hint="Use addresses or CIDR networks separated by commas, e.g. 127.0.0.1,10.0.0.0/24.",
                    id="fawang.E001",
                )
            )
    return errors


@register(Tags.security, deploy=True)
def check_proxies_declared(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Behind nginx every request comes from the proxy's address: without TRUSTED_PROXIES all clients
    share one rate limit and the audit trail records the proxy."""
    if not settings.TRUSTED_PROXIES:
        return [
            Warning(
                "TRUSTED_PROXIES is empty: X-Forwarded-For is ignored and the connecting address is the client.",
                hint="Behind a reverse proxy set TRUSTED_PROXIES to its address (e.g. 127.0.0.1); "
                "leave it empty only when clients connect to gunicorn directly.",
                id="fawang.W002",
            )
        ]
    return []
