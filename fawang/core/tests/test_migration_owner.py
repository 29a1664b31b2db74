"""`migrate` and `db_roles` connect as the owner of MIGRATE_DATABASE_URL, and only to the same database."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from fawang.core.db import as_migration_owner


def test_without_an_owner_url_nothing_changes(settings):
    settings.FAWANG_MIGRATION_DATABASE = None
    with as_migration_owner() as as_owner:
        assert as_owner is False


def test_the_owner_url_swaps_the_credentials_for_the_block_only(settings):
    runtime_user = connection.settings_dict.get("USER")
    settings.FAWANG_MIGRATION_DATABASE = {**connection.settings_dict, "USER": "fawang_owner", "PASSWORD": "o"}
    with as_migration_owner() as as_owner:
        assert as_owner is True
        assert connection.settings_dict["USER"] == "fawang_owner"
    assert connection.settings_dict.get("USER") == runtime_user


def test_an_owner_url_of_another_database_is_refused(settings):
    settings.FAWANG_MIGRATION_DATABASE = {**connection.settings_dict, "NAME": "someone_elses_database"}
    with pytest.raises(ImproperlyConfigured, match="same database"), as_migration_owner():
        pass
