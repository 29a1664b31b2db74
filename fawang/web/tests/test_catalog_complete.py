"""The Chinese, Tibetan and Yi catalogs are complete: every msgid has a translation gettext will use.

zh-hans is the default language, so a msgid left untranslated (or fuzzy, which gettext skips) shows up
as English on a Chinese page; on a Tibetan (bo) or Yi (ii) page it shows up in Chinese (Django falls
back to the default language), which a Tibetan herder or a Yi farmer may not read. The first test reads the committed catalog; the second extracts the
msgids from the code as `make messages` does and checks each has Chinese in the committed catalog, so
a new string added without running `make messages` (and writing its line in the app's
TRANSLATIONS.<lang>.tsv) fails here rather than on a citizen's screen."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from fawang.web.management.commands.merge_translations import (
    _entry_strings,
    catalog_key,
    describe_key,
    incomplete_entries,
)

LOCALE_DIR = Path(settings.BASE_DIR) / "fawang" / "locale"
FIX = "run `make messages` after adding the missing lines to the app's TRANSLATIONS.{tsv}.tsv"

# Every language of the site: an entry without a translation (or fuzzy) in any of them fails.
LANGUAGES = [
    pytest.param("zh_Hans", "zh", id="zh_Hans"),
    pytest.param("bo", "bo", id="bo"),
    pytest.param("ii", "ii", id="ii"),
]


def catalog_of(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"


def catalog_entries(text: str) -> dict[str, dict[str, str]]:
    """Every live entry of a .po text by key (msgctxt\\x04msgid, or msgid)."""
    entries = {}
    for block in text.strip("\n").split("\n\n"):
        values = _entry_strings(block.split("\n"))
        if values.get("msgid"):  # skips the header and obsolete (#~) entries
            entries[catalog_key(values["msgid"], values.get("msgctxt"))] = values
    return entries


@pytest.mark.parametrize(("locale", "tsv"), LANGUAGES)
def test_the_catalog_has_no_untranslated_or_fuzzy_entry(locale, tsv):
    text = catalog_of(locale).read_text(encoding="utf-8")
    entries = catalog_entries(text)
    assert len(entries) > 500  # the real catalog, not an empty file
    assert "Plural-Forms: nplurals=1; plural=0;" in text
    missing = incomplete_entries(text)
    assert not missing, (
        f"{len(missing)} {locale} entries untranslated ({FIX.format(tsv=tsv)}):\n"
        + "\n".join(f"  {state}: {describe_key(key)}" for key, state in missing)
    )


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("locale", ["zh_Hans", "bo", "ii"])
def test_gnu_msgfmt_accepts_the_catalog(locale):
    # The real gettext tool rejects a broken python-format, a plural entry with more forms than the
    # header declares, or a malformed entry, in any state of translation.
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(catalog_of(locale))],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize(("locale", "tsv"), LANGUAGES)
def test_gnu_msgfmt_agrees_that_every_message_is_translated(locale, tsv):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalog_of(locale))],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The msgids in the code, extracted as `make messages` does, into a scratch locale directory (the
    committed catalogs are not touched): the project's own fawang/locale is ignored so makemessages
    writes every msgid to LOCALE_PATHS[0]."""
    scratch = tmp_path_factory.mktemp("extracted")
    with override_settings(LOCALE_PATHS=[str(scratch / "locale")]):
        cwd = os.getcwd()
        os.chdir(settings.BASE_DIR)
        try:
            call_command(
                "makemessages",
                locale=["zh_Hans"],
                ignore_patterns=[".venv*", "var/*", "fawang/locale", "node_modules/*"],
                verbosity=0,
            )
        finally:
            os.chdir(cwd)
    return catalog_entries(
        (scratch / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    )


@pytest.mark.parametrize(("locale", "tsv"), LANGUAGES)
def test_every_msgid_in_the_code_is_translated_in_the_catalog(extracted, locale, tsv):
    assert any(key.endswith("Submitted") and "order status" in key for key in extracted)
    assert "This field is required." in extracted  # Django's own, marked in fawang/ui/django_strings.py

    text = catalog_of(locale).read_text(encoding="utf-8")
    committed = catalog_entries(text)
    incomplete = {key for key, _state in incomplete_entries(text)}
    missing = sorted(key for key in extracted if key not in committed or key in incomplete)
    assert not missing, (
        f"{len(missing)} msgids in the code have no {locale} translation yet ({FIX.format(tsv=tsv)}):\n"
        + "\n".join(f"  {describe_key(key)}" for key in missing)
    )
