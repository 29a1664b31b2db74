"""The Chinese catalog is complete: every msgid has a Chinese translation gettext will use.

zh-hans is the default language, so a msgid left untranslated (or fuzzy, which gettext skips) shows up
as English on a Chinese page. The first test reads the committed catalog; the second extracts the
msgids from the code as `make messages` does and checks each has Chinese in the committed catalog, so
a new string added without running `make messages` (and writing its line in the app's
TRANSLATIONS.zh.tsv) fails here rather than on a citizen's screen."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from fawang.web.management.commands.merge_translations import (
    _entry_strings,
    catalog_key,
    describe_key,
    incomplete_entries,
)

CATALOG = Path(settings.BASE_DIR) / "fawang" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
FIX = "run `make messages` after adding the missing lines to the app's TRANSLATIONS.zh.tsv"


def catalog_entries(text: str) -> dict[str, dict[str, str]]:
    """Every live entry of a .po text by key (msgctxt\\x04msgid, or msgid)."""
    entries = {}
    for block in text.strip("\n").split("\n\n"):
        values = _entry_strings(block.split("\n"))
        if values.get("msgid"):  # skips the header and obsolete (#~) entries
            entries[catalog_key(values["msgid"], values.get("msgctxt"))] = values
    return entries


def test_the_chinese_catalog_has_no_untranslated_or_fuzzy_entry():
    text = CATALOG.read_text(encoding="utf-8")
    entries = catalog_entries(text)
    assert len(entries) > 500  # the real catalog, not an empty file
    missing = incomplete_entries(text)
    assert not missing, f"{len(missing)} entries without Chinese ({FIX}):\n" + "\n".join(
        f"  {state}: {describe_key(key)}" for key, state in missing
    )


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_gnu_msgfmt_agrees_that_every_message_is_translated():
    # The real gettext tool, which also rejects a broken python-format or a malformed entry.
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOG)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


def test_every_msgid_in_the_code_has_chinese_in_the_catalog(settings, tmp_path, monkeypatch):
    # Extract into a scratch locale directory (the committed catalog is not touched): the project's
    # own fawang/locale is ignored so makemessages writes every msgid to LOCALE_PATHS[0].
    settings.LOCALE_PATHS = [str(tmp_path / "locale")]
    monkeypatch.chdir(settings.BASE_DIR)
    call_command(
        "makemessages",
        locale=["zh_Hans"],
        ignore_patterns=[".venv*", "var/*", "fawang/locale", "node_modules/*"],
        verbosity=0,
    )
    extracted = catalog_entries(
        (tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    )
    assert any(key.endswith("Submitted") and "order status" in key for key in extracted)

    text = CATALOG.read_text(encoding="utf-8")
    committed = catalog_entries(text)
    incomplete = {key for key, _state in incomplete_entries(text)}
    missing = sorted(key for key in extracted if key not in committed or key in incomplete)
    assert not missing, f"{len(missing)} msgids in the code have no Chinese yet ({FIX}):\n" + "\n".join(
        f"  {describe_key(key)}" for key in missing
    )
