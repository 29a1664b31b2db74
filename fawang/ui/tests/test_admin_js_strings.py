"""The back office's JavaScript words (the calendar and clock beside a date field, "Show"/"Hide", the
action bar's "1 of 25 selected", the two-box selector) come from the admin's jsi18n view, which reads
our djangojs catalogs (fawang/ui/admin_strings.js, filled from fawang/ui/TRANSLATIONS.<lang>.tsv by
`make messages`). Django ships none for Tibetan or Yi: before, a Tibetan clerk's calendar said
"今天", "现在" and the weekday letters "S M T W T F S"."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import django
import pytest
from django.conf import settings

from fawang.web.management.commands.merge_translations import _entry_strings, catalog_key

DJANGO_ADMIN_JS = (
    Path(django.__file__).parent / "contrib" / "admin" / "locale" / "zh_Hans" / "LC_MESSAGES" / "djangojs.po"
)
OUR_CATALOG = Path(settings.BASE_DIR) / "fawang" / "locale" / "{locale}" / "LC_MESSAGES" / "djangojs.po"
CJK = re.compile(r"[\u3400-\u9fff]")
TIBETAN = re.compile(r"[\u0f00-\u0fff]")


def _keys(path: Path) -> dict[str, dict[str, str]]:
    out = {}
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        values = _entry_strings(block.split("\n"))
        if values.get("msgid"):
            out[catalog_key(values["msgid"], values.get("msgctxt"))] = values
    return out


def _catalog(client, language: str) -> dict[str, object]:
    response = client.get(f"/{language}/admin/jsi18n/")
    assert response.status_code == 200
    text = response.content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});", text, flags=re.S).group(1))


@pytest.mark.parametrize("locale", ["bo", "ii"])
def test_our_catalog_marks_every_javascript_word_of_djangos_admin(locale):
    # A Django upgrade that adds or rewords an admin JS string fails here until admin_strings.js follows.
    django_keys = set(_keys(DJANGO_ADMIN_JS))
    assert len(django_keys) > 70
    ours = _keys(Path(str(OUR_CATALOG).format(locale=locale)))
    assert django_keys - set(ours) == set()
    untranslated = [k for k, v in ours.items() if not any(v.get(f) for f in ("msgstr", "msgstr[0]"))]
    assert not untranslated


@pytest.mark.django_db
def test_the_tibetan_back_office_calendar_and_buttons_speak_tibetan(client, provincial_admin):
    client.force_login(provincial_admin)
    catalog = _catalog(client, "bo")
    assert catalog["Today"] == "དེ་རིང་།"
    assert catalog["Now"] == "ད་ལྟ།"
    assert catalog["Show"] == "སྟོན།" and catalog["Hide"] == "སྦས།"
    assert catalog["Choose a Date"] == "ཚེས་གྲངས་འདེམས།"
    assert catalog["January"] == "ཟླ་བ་དང་པོ།"
    assert catalog["one letter Sunday\x04S"] == "ཉི"  # no longer the English letter
    assert catalog["%(sel)s of %(cnt)s selected"] == ["%(cnt)s ནས་ %(sel)s བདམས།"]  # the action counter
    # Every word of the admin's scripts is Tibetan: nothing falls back to Django's Chinese or English.
    for key in _keys(DJANGO_ADMIN_JS):
        value = catalog[key]
        text = " ".join(value) if isinstance(value, list) else str(value)
        assert TIBETAN.search(text) and not CJK.search(text), (key, value)


YI = re.compile(r"[\ua000-\ua48f]")


@pytest.mark.django_db
def test_the_yi_back_office_calendar_and_buttons_speak_yi(client, provincial_admin):
    # Machine-drafted Nuosu like the admin's other words (fawang/ui/TRANSLATIONS.ii.tsv): months are
    # numbered with ꆪ "month", the weekday letters are ꏞ (日, Sunday) and 1-6, not "S M T W T F S".
    client.force_login(provincial_admin)
    catalog = _catalog(client, "ii")
    assert catalog["Today"] == "ꏢꑍ" and catalog["Hide"] == "ꑲꊹ"
    assert catalog["January"] == "1ꆪ" and catalog["abbrev. month December\x04Dec"] == "12ꆪ"
    assert catalog["%(sel)s of %(cnt)s selected"] == ["%(cnt)s ꍏ %(sel)s ꑢꍏꀐ"]  # the action counter
    # Every word of the admin's scripts is Yi (or a number): nothing falls back to Chinese or English.
    for key in _keys(DJANGO_ADMIN_JS):
        value = catalog[key]
        text = " ".join(value) if isinstance(value, list) else str(value)
        assert (YI.search(text) or text.isdigit()) and not CJK.search(text), (key, value)
    assert [
        catalog[f"one letter {day}\x04{letter}"]
        for day, letter in zip(
            ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"),
            "SMTWTFS",
            strict=True,
        )
    ] == ["ꏞ", "1", "2", "3", "4", "5", "6"]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("locale", ["bo", "ii"])
def test_gnu_msgfmt_accepts_the_javascript_catalog_with_nothing_untranslated(locale):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(OUR_CATALOG).format(locale=locale)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr
