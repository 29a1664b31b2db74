"""Counting attempts per client in the cache: used where a request proves ownership with a phone
number (public tracking, rating without an account), so nobody can guess numbers by trying many.

The counter lives in Django's cache: per process with the default local-memory cache, shared across
web nodes when CACHES points at Redis (REDIS_URL; see docs/deploy.md)."""

from __future__ import annotations

from django.core.cache import cache

# Enough attempts for typos, too few to guess a tracking number and a phone.
PHONE_CHECK_LIMIT = 10
PHONE_CHECK_WINDOW_SECONDS = 10 * 60


def attempt_exceeds_limit(scope: str, client: str | None, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt by `client` in `scope`; True once the client has used up its attempts."""
    key = f"ratelimit:{scope}:{client or 'unknown'}"
    cache.add(key, 0, window_seconds)
    try:
        attempts = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, window_seconds)
        attempts = 1
    return attempts > limit


def phone_check_exceeds_limit(client: str | None) -> bool:
    """Public tracking and rating by phone share one budget per client address."""
    return attempt_exceeds_limit(
        "phone-check", client, limit=PHONE_CHECK_LIMIT, window_seconds=PHONE_CHECK_WINDOW_SECONDS
    )
