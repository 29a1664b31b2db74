"""Deployment checks of our own (`manage.py check --deploy`)."""

from __future__ import annotations

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
