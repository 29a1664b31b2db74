"""A model change ships with its migration: `makemigrations --check` finds nothing to write for any
app (CONVENTIONS 10, after django-oscar's migration test). When this fails, run
`.venv/bin/python manage.py makemigrations` and commit the migration it writes."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


# makemigrations reads each database's migration history to check it is consistent.
@pytest.mark.django_db
def test_no_model_change_is_missing_its_migration() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # --check exits 1 when a migration would be written
        pytest.fail(f"makemigrations would write migrations (exit {exc.code}):\n{out.getvalue()}")
