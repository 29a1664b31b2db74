"""`manage.py check --deploy` warns when rate limits would be counted per process."""

from django.core.checks import run_checks
from django.test import override_settings


def _ids(**settings) -> set[str]:
    with override_settings(**settings):
        return {message.id for message in run_checks(include_deployment_checks=True)}


def test_a_per_process_cache_is_reported():
    local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "fawang.W001" in _ids(CACHES=local)


def test_a_shared_cache_is_not():
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/1",
        }
    }
    assert "fawang.W001" not in _ids(CACHES=redis)
