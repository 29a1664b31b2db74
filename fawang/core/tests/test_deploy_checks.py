"""`manage.py check --deploy` warns when rate limits would be counted per process, and when the
application would serve as the role that owns the tables."""

from django.core.checks import run_checks
from django.test import override_settings

from fawang.core.checks import database_role_warnings


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


POSTGRES = {"ENGINE": "django.db.backends.postgresql", "NAME": "fawang", "USER": "fawang"}


def _role_ids(owner) -> set[str]:
    return {message.id for message in database_role_warnings(POSTGRES, owner)}


def test_serving_as_the_owner_of_the_tables_is_reported():
    assert _role_ids(None) == {"fawang.W009"}
    assert _role_ids(POSTGRES) == {"fawang.W009"}


def test_a_runtime_role_beside_the_owner_is_not():
    assert _role_ids({**POSTGRES, "USER": "fawang_owner"}) == set()
