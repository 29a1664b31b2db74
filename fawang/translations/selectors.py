"""Reading content in the reader's language, or the Chinese with an honest mark.

`translate()` is what every page, notice and reason calls: the text in the wanted language when a
translation exists (with its review state), else the Chinese marked `fallback=True`, which the
`translated` template filter shows with a visible note ("暂无藏文译文，显示中文"). The rows of one
language are read in one query and kept in memory for the rest of the request (and at most
CACHE_SECONDS outside requests), so a queue of 25 orders costs one query, not 25."""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from django.db.models import QuerySet
from django.utils import translation

from .enums import SOURCE_LANGUAGE, TranslationLanguage, TranslationState
from .models import ContentTranslation
from .registry import contents

CACHE_SECONDS = 60.0
# Content languages to Django's language codes (LANGUAGES) and back.
_DJANGO_CODE = {"zh": "zh-hans", "bo": "bo", "ii": "ii", "en": "en"}


class Translated(str):
    """A text with where it came from: `language` it is written in, `wanted` the reader's language,
    `fallback` (the reader's language had none, this is the Chinese), `state` (TranslationState, or ""
    for the Chinese source and for interface-catalog text)."""

    language: str
    wanted: str
    fallback: bool
    state: str

    def __new__(
        cls, text: str, *, language: str, wanted: str = "", fallback: bool = False, state: str = ""
    ) -> Translated:
        obj = super().__new__(cls, text)
        obj.language, obj.wanted, obj.fallback, obj.state = language, wanted or language, fallback, state
        return obj

    @property
    def is_machine_draft(self) -> bool:
        return self.state == TranslationState.MACHINE


def content_language(code: str | None = None) -> str:
    """The content language ("zh", "bo", "ii", "en") of a Django or order language code; the active
    language when none is given. Anything unknown reads Chinese."""
    code = (code if code is not None else translation.get_language()) or SOURCE_LANGUAGE
    code = code.lower()
    for lang in ("bo", "ii", "en"):
        if code == lang or code.startswith(lang + "-"):
            return lang
    return SOURCE_LANGUAGE


def django_language(lang: str) -> str:
    return _DJANGO_CODE.get(lang, "zh-hans")


# (content, object_key, field) -> (text, state, source_text) of one language
_cache: dict[str, tuple[float, dict[tuple[str, str, str], tuple[str, str, str]]]] = {}


def translations_cache_clear(**_: Any) -> None:
    """Forget what was read (a new request, or a translation was written)."""
    _cache.clear()


def _rows(lang: str) -> dict[tuple[str, str, str], tuple[str, str, str]]:
    hit = _cache.get(lang)
    if hit is not None and time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    rows = {
        (c, k, f): (text, state, source)
        for c, k, f, text, state, source in ContentTranslation.objects.filter(language=lang).values_list(
            "content", "object_key", "field", "text", "state", "source_text"
        )
    }
    _cache[lang] = (time.monotonic(), rows)
    return rows


def translate(
    content: str,
    object_key: str,
    field: str,
    chinese: str,
    *,
    language: str | None = None,
    english: str = "",
    declared: Any = None,
    same_source: bool = False,
) -> Translated:
    """`chinese` (the field's source text) in `language` (default: the active one).

    Order: a stored translation; for declared content (`declared`, a lazy gettext string) the
    interface catalog's text when that language's catalog has it; for English an `english` column kept
    from before (an unreviewed draft); else the Chinese, marked as a fallback.

    `same_source`: use a stored translation only if it was made from exactly `chinese` (a citation
    copied onto an order's clock may be older than the catalog's text its translation was made from;
    a translation of another wording is not shown as this one's)."""
    wanted = content_language(language)
    if wanted == SOURCE_LANGUAGE:
        return Translated(chinese, language=SOURCE_LANGUAGE)
    row = _rows(wanted).get((content, object_key, field))
    if row is not None and same_source and row[2] and row[2] != chinese:
        row = None
    if row is not None:
        return Translated(row[0], language=wanted, state=row[1])
    if declared is not None:
        with translation.override(django_language(wanted)):
            text = str(declared)
        if text and text != chinese:
            return Translated(text, language=wanted)
    if wanted == "en" and english:
        return Translated(english, language="en", state=TranslationState.MACHINE)
    return Translated(chinese, language=SOURCE_LANGUAGE, wanted=wanted, fallback=True)


def declared_chinese(label: Any) -> str:
    """The Chinese of a lazy gettext label (event kinds, stages, notices): the source of its translations."""
    with translation.override(django_language(SOURCE_LANGUAGE)):
        return str(label)


def translations_for_review(*, language: str = "", state: str = "") -> QuerySet[ContentTranslation]:
    qs = ContentTranslation.objects.select_related("reviewer")
    if language:
        qs = qs.filter(language=language)
    if state:
        qs = qs.filter(state=state)
    return qs


def translations_report() -> list[dict[str, Any]]:
    """Per language and content kind: how many translatable fields exist, and which are missing,
    machine drafts not yet reviewed, reviewed, or outdated (the Chinese changed since)."""
    stored: dict[tuple[str, str, str, str], ContentTranslation] = {
        (t.language, t.content, t.object_key, t.field): t
        for t in ContentTranslation.objects.only(
            "language", "content", "object_key", "field", "state", "source_text"
        )
    }
    report = []
    for entry in contents():
        sources = list(entry.sources())
        for lang in TranslationLanguage.values:
            counts: dict[str, list[str]] = defaultdict(list)
            for key, field, chinese in sources:
                if not chinese:
                    continue
                row = stored.get((lang, entry.content, key, field))
                name = f"{key}.{field}"
                if row is None:
                    counts["missing"].append(name)
                elif row.source_text and row.source_text != chinese:
                    counts["outdated"].append(name)
                elif row.state == TranslationState.REVIEWED:
                    counts["reviewed"].append(name)
                else:
                    counts["machine"].append(name)
            report.append(
                {
                    "language": lang,
                    "content": entry.content,
                    "label": entry.label,
                    "total": sum(len(v) for v in counts.values()),
                    "missing": counts["missing"],
                    "machine": counts["machine"],
                    "outdated": counts["outdated"],
                    "reviewed": counts["reviewed"],
                }
            )
    return report


def fallback_note(wanted: str) -> str:
    """The note under a Chinese text shown for want of a translation, in the reader's language:
    （暂无藏文译文，显示中文）."""
    from django.utils.translation import gettext as _

    notes = {
        "bo": _("(No Tibetan translation yet; shown in Chinese)"),
        "ii": _("(No Yi translation yet; shown in Chinese)"),
        "en": _("(No English translation yet; shown in Chinese)"),
    }
    return notes.get(wanted, "")


def with_mark(value: str) -> str:
    """A `Translated` for plain text (an inbox notice, a text message): the text followed by the
    fallback note or "(machine translation)", as the `translated` filter marks it on a page."""
    from django.utils.translation import gettext as _

    if not isinstance(value, Translated):
        return str(value)
    if value.fallback:
        return f"{value} {fallback_note(value.wanted)}"
    if value.is_machine_draft:
        return f"{value} {_('(machine translation)')}"
    return str(value)
