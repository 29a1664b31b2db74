"""Provincial staff read the translation report in the back office (ADR 0014): per language, what is
missing or not yet reviewed in every kind of content (service items, clocks and their legal bases, life
events, notices, timeline and stage labels), and the interface text a reader still gets in Chinese
(routing reasons, the back office, the rest)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from fawang.catalog.services import catalog_load
from fawang.translations.interface import interface_report
from fawang.translations.models import ContentTranslation

REPORT = "admin:translations_contenttranslation_report"


def _count(page: str, language: str, key: str, value: str, count: str) -> int:
    row = re.search(rf'<tr data-language="{language}" data-{key}="{re.escape(value)}">(.*?)</tr>', page, re.S)
    assert row, (language, value)
    return int(re.search(rf'data-count="{count}">(?:<a [^>]*>)?(\d+)', row.group(1)).group(1))


@pytest.fixture
def catalog(db):
    catalog_load()


def test_the_report_page_covers_every_kind_of_content_per_language(client, catalog, provincial_admin):
    ContentTranslation.objects.filter(object_key="mediation", field="name", language="bo").delete()
    client.force_login(provincial_admin)
    listing = client.get(reverse("admin:translations_contenttranslation_changelist")).content.decode()
    assert f'href="{reverse(REPORT)}"' in listing  # reached from the review list
    page = client.get(reverse(REPORT), {"details": "1"})
    assert page.status_code == 200
    html = page.content.decode()
    for content in (
        "catalog.serviceitem",
        "catalog.timelimit",
        "catalog.lifeevent",
        "notify.notice",
        "orders.event",
        "orders.stage",
    ):
        for language in ("bo", "ii", "en"):
            assert f'data-language="{language}" data-content="{content}"' in html, (language, content)
    # The Tibetan item name just removed is missing, and named; Tibetan legal bases are drafts.
    assert _count(html, "bo", "content", "catalog.serviceitem", "missing") == 1
    assert "mediation.name" in html
    assert _count(html, "bo", "content", "catalog.serviceitem", "machine") > 0
    # Yi legal bases are machine drafts too: nothing of the items or their clocks is missing in Yi.
    assert _count(html, "ii", "content", "catalog.serviceitem", "missing") == 0
    assert _count(html, "ii", "content", "catalog.timelimit", "missing") == 0
    assert _count(html, "ii", "content", "catalog.serviceitem", "machine") >= 99
    # Interface text: routing reasons and the back office are translated in both languages.
    assert _count(html, "bo", "group", "routing_reasons", "chinese") == 0
    assert _count(html, "ii", "group", "routing_reasons", "chinese") == 0
    assert _count(html, "bo", "group", "back_office", "chinese") == 0
    assert _count(html, "ii", "group", "back_office", "chinese") == 0
    assert _count(html, "ii", "group", "interface", "chinese") == 0


def test_the_interface_report_finds_a_string_left_in_chinese(settings, tmp_path):
    # A catalog whose Yi keeps Django's Chinese for "Log out" (as ours did before the Yi back office
    # was drafted) is reported, in the back office's part; a translated entry is not.
    entries = {
        "zh_Hans": [("Log out", "注销"), ("Save", "保存")],
        "ii": [("Log out", "注销"), ("Save", "ꀦꋇ")],
    }
    for lang, rows in entries.items():
        po = tmp_path / lang / "LC_MESSAGES" / "django.po"
        po.parent.mkdir(parents=True)
        po.write_text(
            'msgid ""\nmsgstr ""\n\n'
            + "\n\n".join(f'#: fawang/ui/admin_strings.py:1\nmsgid "{m}"\nmsgstr "{t}"' for m, t in rows),
            encoding="utf-8",
        )
    settings.LOCALE_PATHS = [str(tmp_path)]
    rows = {(r.language, r.group): r for r in interface_report(("ii",))}
    assert rows["ii", "back_office"].total == 2
    assert rows["ii", "back_office"].chinese == ["Log out"]


def test_no_tibetan_or_yi_interface_entry_is_left_in_chinese():
    rows = {(r.language, r.group): r for r in interface_report()}
    assert rows["bo", "routing_reasons"].total > 20
    assert rows["ii", "back_office"].total > 100
    assert {key: row.chinese for key, row in rows.items() if row.chinese} == {}


def test_a_county_clerk_cannot_open_the_report(client, catalog, wuhou_clerk):
    client.force_login(wuhou_clerk)
    response = client.get(reverse(REPORT))
    assert response.status_code in (302, 403)
    assert 'data-testid="content-report"' not in response.content.decode()
