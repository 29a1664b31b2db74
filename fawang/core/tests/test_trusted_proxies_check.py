"""`manage.py check` names a mistyped TRUSTED_PROXIES entry; `check --deploy` warns when it is empty."""

from django.core.checks import run_checks
from django.test import override_settings


def _ids(**settings) -> set[str]:
    with override_settings(**settings):
        return {message.id for message in run_checks(include_deployment_checks=True)}


def test_a_mistyped_proxy_is_an_error():
    assert "fawang.E001" in _ids(TRUSTED_PROXIES=["127.0.0.l"])
    assert "fawang.E001" not in _ids(TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/24", "::1"])


def test_no_proxies_is_warned_about_on_deploy():
    assert "fawang.W002" in _ids(TRUSTED_PROXIES=[])
    assert "fawang.W002" not in _ids(TRUSTED_PROXIES=["127.0.0.1"])
