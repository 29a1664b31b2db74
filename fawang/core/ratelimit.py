"""Counting attempts per client in the cache: used where a request proves ownership with a phone
number (public tracking, rating without an account), so nobody can guess numbers by trying many, and by
the sign-in throttle (fawang/accounts/throttle.py, ADR 0012).

The counters live in Django's cache: per process with the default local-memory cache, shared across
web nodes when CACHES points at Redis (REDIS_URL; see docs/deploy.md). When that cache cannot be
reached the limits cannot be counted, and a limit that cannot be counted must not let guesses through:
every function here raises `LimiterUnavailable`, which the pages and the API answer with 503
(fawang.core.middleware.PrivateResponsesMiddleware)."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator

from django.core.cache import cache
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from .errors import DomainError

logger = logging.getLogger(__name__)

# Enough attempts for typos, too few to guess a tracking number and a phone.
PHONE_CHECK_LIMIT = 10
PHONE_CHECK_WINDOW_SECONDS = 10 * 60


class LimiterUnavailable(DomainError):
    """The cache that counts attempts is unreachable: refuse the attempt rather than leave it uncounted.
    The API answers 503 with the usual error body; pages get the 503 page."""

    status = 503

    def __init__(self) -> None:
        super().__init__(
            "service_unavailable",
            _(
                "This check is unavailable for a moment: the service that counts attempts cannot be "
                "reached. Please try again in a few minutes, or call 12348."
            ),
        )


@contextlib.contextmanager
def _cache_reachable() -> Iterator[None]:
    # Django's Redis backend raises redis-py's errors (connection refused, timeout, server going away);
    # the local-memory cache never raises. Either way the count is unknown.
    try:
        yield
    except (RedisError, OSError) as exc:
        logger.error("rate-limit cache unreachable: %s", exc.__class__.__name__)
        raise LimiterUnavailable() from exc


def _key(scope: str, client: str | None) -> str:
    return f"ratelimit:{scope}:{client or 'unknown'}"


def count_attempt(scope: str, client: str | None, *, window_seconds: int) -> int:
    """Count one attempt by `client` in `scope`; the number of attempts in the current window (a fixed
    window that starts with the first attempt)."""
    key = _key(scope, client)
    with _cache_reachable():
        cache.add(key, 0, window_seconds)
        try:
            return int(cache.incr(key))
        except ValueError:  # the key expired between add and incr
            cache.set(key, 1, window_seconds)
            return 1


def attempts(scope: str, client: str | None) -> int:
    """How many attempts `client` made in `scope` in the current window, without counting one."""
    with _cache_reachable():
        return int(cache.get(_key(scope, client)) or 0)


def forget(scope: str, client: str | None) -> None:
    with _cache_reachable():
        cache.delete(_key(scope, client))


def hold(scope: str, client: str | None, *, seconds: int) -> float:
    """Put a hold on `client` in `scope` for `seconds`, unless one is already running; the time
    (epoch seconds) the running hold ends."""
    return take_turn(scope, client, seconds=seconds) or time.time() + seconds


def take_turn(scope: str, client: str | None, *, seconds: int) -> float | None:
    """One turn per `seconds` in `scope`: None when this caller has just taken the turn, else the time
    (epoch seconds) the running turn ends."""
    key = _key(f"hold:{scope}", client)
    until = time.time() + seconds
    with _cache_reachable():
        if cache.add(key, until, seconds):
            return None
        running = cache.get(key)
    return float(running) if running is not None else None


def held_until(scope: str, client: str | None) -> float | None:
    """When the hold on `client` in `scope` ends (epoch seconds), or None when there is none."""
    with _cache_reachable():
        until = cache.get(_key(f"hold:{scope}", client))
    return float(until) if until is not None and float(until) > time.time() else None


def attempt_exceeds_limit(scope: str, client: str | None, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt by `client` in `scope`; True once the client has used up its attempts."""
    return count_attempt(scope, client, window_seconds=window_seconds) > limit


def phone_check_exceeds_limit(client: str | None) -> bool:
    """Public tracking and rating by phone share one budget per client address."""
    return attempt_exceeds_limit(
        "phone-check", client, limit=PHONE_CHECK_LIMIT, window_seconds=PHONE_CHECK_WINDOW_SECONDS
    )
