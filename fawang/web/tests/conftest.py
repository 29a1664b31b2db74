import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    """reverse() prefixes URLs with the thread's active language (i18n_patterns); a language left
    active by an earlier test in the same worker would send these tests to /en/ pages."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
