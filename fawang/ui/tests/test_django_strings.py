"""The Django strings we copy into our catalogs are spelled exactly as Django spells them: a msgid that
differs by one character would be translated in our catalog and never used, and a bo or ii page would
show the Chinese fallback instead."""

import gettext
import re
from pathlib import Path

import django

from fawang.ui import admin_strings, django_strings

DJANGO = Path(django.__file__).parent
DJANGO_CATALOGS = [
    DJANGO / "conf" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo",
    DJANGO / "contrib" / "auth" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo",
    DJANGO / "contrib" / "admin" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo",
]
# Django 5.2's admin says these, but its Chinese catalog has not translated them yet: they are checked
# against the admin's templates instead.
NEWER_ADMIN_MSGIDS = ("Model name", "Add link", "Change or view list link", "Error:")


def django_msgids() -> set:
    keys: set = set()
    for path in DJANGO_CATALOGS:
        with path.open("rb") as handle:
            keys |= set(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]
    return keys


def test_every_marked_django_string_is_one_of_djangos_msgids():
    known = django_msgids()
    unknown = [m for m in django_strings.DJANGO_MSGIDS if m not in known]
    # ngettext_lazy keeps its arguments to itself: read the singular msgids from the source.
    source = Path(django_strings.__file__).read_text(encoding="utf-8")
    plurals = re.findall(r'ngettext_lazy\(\s*"([^"]+)"', source)
    assert len(plurals) == len(django_strings.DJANGO_PLURAL_MSGIDS)
    unknown += [singular for singular in plurals if (singular, 0) not in known]
    assert not unknown, unknown


def test_every_marked_admin_string_is_one_of_djangos_msgids():
    known = django_msgids()
    templates = "".join(
        p.read_text(encoding="utf-8") for p in (DJANGO / "contrib" / "admin" / "templates").rglob("*.html")
    )
    unknown = [
        m
        for m in admin_strings.ADMIN_MSGIDS
        if m not in known
        and not (m in NEWER_ADMIN_MSGIDS and f"translate '{m}'" in templates.replace('"', "'"))
    ]
    source = Path(admin_strings.__file__).read_text(encoding="utf-8")
    plurals = re.findall(r'ngettext_lazy\(\s*"([^"]+)"', source)
    assert len(plurals) == len(admin_strings.ADMIN_PLURAL_MSGIDS)
    unknown += [singular for singular in plurals if (singular, 0) not in known]
    assert not unknown, unknown
