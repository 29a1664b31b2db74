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
    # Yi legal bases are not written: every active item's is missing.
    assert _count(html, "ii", "content", "catalog.serviceitem", "missing") >= 19
    # Interface text: routing reasons are translated in both; the Yi back office is still Chinese.
    assert _count(html, "bo", "group", "routing_reasons", "chinese") == 0
    assert _count(html, "ii", "group", "routing_reasons", "chinese") == 0
    assert _count(html, "bo", "group", "back_office", "chinese") == 0
    assert _count(html, "ii", "group", "back_office", "chinese") > 100
    assert "Save and continue editing" in html  # named with ?details=1


def test_the_interface_report_finds_a_string_left_in_chinese():
    rows = {(r.language, r.group): r for r in interface_report()}
    assert rows["bo", "routing_reasons"].total > 20
    assert "Log out" in rows["ii", "back_office"].chinese
    assert "Log out" not in rows["bo", "back_office"].chinese


def test_a_county_clerk_cannot_open_the_report(client, catalog, wuhou_clerk):
    client.force_login(wuhou_clerk)
    response = client.get(reverse(REPORT))
    assert response.status_code in (302, 403)
    assert 'data-testid="content-report"' not in response.content.decode()
