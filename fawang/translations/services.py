"""Writes of content translations: staff edit and review them in the back office; data files
(`translations_load`) bring machine drafts, which never overwrite a person's text or review."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.audit.services import audit_record
from fawang.core.errors import DomainError, ErrorCollector, NotFound

from .enums import ErrorCode, TranslationLanguage, TranslationState
from .models import ContentTranslation
from .registry import content_get

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def translation_can_review(actor: Any) -> bool:
    """Translations are province-wide content: provincial administrators edit and review them."""
    from fawang.accounts import policy
    from fawang.accounts.enums import Role

    return policy.is_staff_actor(actor) and (actor.is_superuser or actor.has_role(Role.PROVINCIAL_ADMIN))


def _chinese_of(content: str, object_key: str, field: str) -> str | None:
    entry = content_get(content)
    if entry is None:
        return None
    for key, f, chinese in entry.sources():
        if key == object_key and f == field:
            return chinese
    return None


def _check(
    errors: ErrorCollector, where: str, content: str, object_key: str, field: str, language: str, text: str
) -> str:
    """Every rule one row breaks, each naming the row and the field; the current Chinese source."""
    entry = content_get(content)
    if entry is None:
        errors.add(
            "content",
            ErrorCode.CONTENT_UNKNOWN,
            _("%(where)s: unknown content type %(value)r.") % {"where": where, "value": content},
        )
        return ""
    if field not in entry.fields:
        errors.add(
            "field",
            ErrorCode.FIELD_UNKNOWN,
            _("%(where)s: %(value)r is not a translatable field.") % {"where": where, "value": field},
        )
    if language not in TranslationLanguage.values:
        errors.add(
            "language",
            ErrorCode.LANGUAGE_UNKNOWN,
            _("%(where)s: unknown language %(value)r.") % {"where": where, "value": language},
        )
    if not (text or "").strip():
        errors.add(
            "text", ErrorCode.TEXT_REQUIRED, _("%(where)s: the translation is empty.") % {"where": where}
        )
    chinese = _chinese_of(content, object_key, field)
    if chinese is None:
        errors.add(
            "object_key",
            ErrorCode.TRANSLATION_NOT_FOUND,
            _("%(where)s: there is no %(value)r to translate.") % {"where": where, "value": object_key},
        )
        return ""
    if entry.keeps_placeholders and set(_PLACEHOLDER.findall(chinese)) != set(_PLACEHOLDER.findall(text)):
        errors.add(
            "text",
            ErrorCode.PLACEHOLDERS,
            _("%(where)s: the translation must keep the placeholders %(names)s.")
            % {"where": where, "names": ", ".join(sorted(f"%({n})s" for n in _PLACEHOLDER.findall(chinese)))},
        )
    return chinese


def translation_validate(*, content: str, object_key: str, field: str, language: str, text: str) -> None:
    """Raise ValidationFailed naming each field a translation of these would break."""
    errors = ErrorCollector()
    _check(errors, f"{content}:{object_key}.{field} [{language}]", content, object_key, field, language, text)
    errors.raise_if_any()


def _snapshot(t: ContentTranslation) -> dict[str, Any]:
    return {
        "text": t.text,
        "state": t.state,
        "reviewer": t.reviewer_id,
        "reviewed_at": t.reviewed_at.isoformat() if t.reviewed_at else None,
    }


def translation_save(
    *, actor: Any, translation: ContentTranslation, mark_reviewed: bool = False
) -> ContentTranslation:
    """Save a person's edit of a translation (the back office). Marking it reviewed records the actor
    and today as reviewer and date; an edit without that makes it a draft again, since the reviewed
    text is no longer the one shown. Audited with the text before and after."""
    if not translation_can_review(actor):
        raise DomainError(ErrorCode.FORBIDDEN, _("Only provincial administrators edit translations."))
    errors = ErrorCollector()
    where = str(translation)
    chinese = _check(
        errors,
        where,
        translation.content,
        translation.object_key,
        translation.field,
        translation.language,
        translation.text,
    )
    errors.raise_if_any()
    with transaction.atomic():
        before = None
        if translation.pk:
            old = ContentTranslation.objects.select_for_update().get(pk=translation.pk)
            before = _snapshot(old)
        translation.source_text = chinese
        if before is None or before["text"] != translation.text:
            translation.edited_by = actor
        if mark_reviewed:
            translation.state = TranslationState.REVIEWED
            translation.reviewer = actor
            translation.reviewed_at = timezone.now()
        elif before is None or before["text"] != translation.text:
            translation.state = TranslationState.MACHINE
            translation.reviewer = None
            translation.reviewed_at = None
        translation.save()
        audit_record(
            actor=actor,
            action="translation.review" if mark_reviewed else "translation.edit",
            entity=translation,
            before=before,
            after=_snapshot(translation),
        )
    return translation


def translation_review(*, actor: Any, translation: ContentTranslation) -> ContentTranslation:
    """Mark a translation reviewed by `actor` today, text unchanged."""
    return translation_save(actor=actor, translation=translation, mark_reviewed=True)


def translations_load(*, path: Path | str | None = None, rows: list[dict[str, Any]] | None = None) -> int:
    """Load machine drafts from a data file (a JSON list of {content, key, field, language, text}).

    Every row is checked first and the load is refused as a whole, each error naming the row and the
    field. A draft is written where there is none, or over an earlier machine draft; a reviewed
    translation and a person's edit are never touched. Returns the number of rows written."""
    if rows is None:
        rows = json.loads(Path(path or "").read_text(encoding="utf-8"))
    errors = ErrorCollector()
    checked = []
    for n, row in enumerate(rows, start=1):
        where = _("row %(n)d (%(key)s)") % {"n": n, "key": row.get("key", "")}
        chinese = _check(
            errors,
            where,
            row.get("content", ""),
            row.get("key", ""),
            row.get("field", ""),
            row.get("language", ""),
            row.get("text", ""),
        )
        checked.append((row, chinese))
    errors.raise_if_any()
    written = 0
    with transaction.atomic():
        existing = {
            (t.content, t.object_key, t.field, t.language): t
            for t in ContentTranslation.objects.select_for_update().filter(
                content__in={r["content"] for r, _c in checked}
            )
        }
        for row, chinese in checked:
            key = (row["content"], row["key"], row["field"], row["language"])
            current = existing.get(key)
            if current is None:
                ContentTranslation.objects.create(
                    content=row["content"],
                    object_key=row["key"],
                    field=row["field"],
                    language=row["language"],
                    text=row["text"],
                    source_text=chinese,
                    state=TranslationState.MACHINE,
                )
                written += 1
            elif (
                current.state == TranslationState.MACHINE
                and current.edited_by_id is None
                and (current.text != row["text"] or current.source_text != chinese)
            ):
                current.text, current.source_text = row["text"], chinese
                current.save(update_fields=["text", "source_text", "updated_at"])
                written += 1
    return written


def translation_get(*, pk: int) -> ContentTranslation:
    t = ContentTranslation.objects.filter(pk=pk).first()
    if t is None:
        raise NotFound(ErrorCode.TRANSLATION_NOT_FOUND, _("No such translation."), "translation")
    return t
