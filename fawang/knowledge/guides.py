"""Staff guides (issue 13): written by staff who hold `knowledge.guide`, sent for review, published
to the knowledge base by another holder of it (four eyes: never the author), or returned with a note.
Cited articles are named as citations write them (劳动合同法第三十条), one per line."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.audit.services import audit_record
from fawang.core.errors import ErrorCollector, FieldError, Forbidden, NotFound, ValidationFailed
from fawang.core.types import Actor

from .enums import Domain, EntryKind, GuideStatus
from .index import entry_tokens
from .models import Article, Entry, Guide
from .selectors import article_by_reference
from .services import MAX_TEXT, PERSONAL_NUMBER, knowledge_index_bump, knowledge_publish

ACTION = "knowledge.guide"
TITLE_MAX = 200


def _require(actor: Actor) -> None:
    if not policy.has_action(actor, ACTION):
        raise NotFound("not_found", _("No such staff guide."), None)


def guides_for(actor: Actor):
    _require(actor)
    return Guide.objects.select_related("author", "reviewer", "entry")


def guide_get(actor: Actor, pk: int) -> Guide:
    row = guides_for(actor).filter(pk=pk).first()
    if row is None:
        raise NotFound("not_found", _("No such staff guide."), None)
    return row


def articles_from_references(text: str, errors: ErrorCollector) -> list[Article]:
    """The articles named one per line; an unknown one is an error naming `articles` and the line."""
    found: list[Article] = []
    for line in (text or "").replace("\r", "").split("\n")[:30]:
        line = line.strip().strip("，,、;；")
        if not line:
            continue
        article = article_by_reference(line)
        if article is None:
            errors.add(
                "articles",
                "unknown_article",
                _(
                    "No such statute article: %(reference)s. Write the law and its article number, e.g. 劳动合同法第三十条."
                )
                % {"reference": line[:60]},
            )
        elif article not in found:
            found.append(article)
    return found


def guide_save(
    *, actor: Actor, guide: Guide | None, title: str, body: str, domain: str, references: str
) -> Guide:
    """Write a new guide or edit one (a published one becomes a draft again; one in review may not be
    edited until the reviewer decides)."""
    _require(actor)
    errors = ErrorCollector()
    title, body = (title or "").replace("\x00", "").strip(), (body or "").replace("\x00", "").strip()
    if not title:
        errors.add("title", "title_required", _("Give the guide a title."))
    elif len(title) > TITLE_MAX:
        errors.add("title", "title_too_long", _("The title is too long."))
    if not body:
        errors.add("body", "body_required", _("Write the guide."))
    elif len(body) > MAX_TEXT:
        errors.add("body", "body_too_long", _("The guide is too long."))
    for field, text in (("title", title), ("body", body)):
        if PERSONAL_NUMBER.search(text):
            errors.add(field, "personal_number", _("Remove the ID card or phone number."))
    if domain and domain not in Domain.values:
        errors.add("domain", "invalid_domain", _("Choose one of the legal domains."))
    articles = articles_from_references(references, errors)
    if guide is not None and guide.status == GuideStatus.IN_REVIEW:
        errors.add(None, "in_review", _("The guide is waiting for review; it cannot be edited now."))
    errors.raise_if_any()
    with transaction.atomic():
        before = None if guide is None else {"status": guide.status, "title": guide.title}
        if guide is None:
            guide = Guide(author=actor)
        guide.title, guide.body, guide.domain = title, body, domain or ""
        guide.status = GuideStatus.DRAFT
        guide.save()
        guide.articles.set(articles)
        audit_record(
            actor=actor,
            action="knowledge.guide_save",
            entity=guide,
            before=before,
            after={"status": guide.status, "title": title, "articles": [a.pk for a in articles]},
        )
    return guide


def guide_submit(*, actor: Actor, guide: Guide) -> Guide:
    """Send a draft for review."""
    _require(actor)
    if guide.status != GuideStatus.DRAFT:
        raise ValidationFailed([FieldError("not_draft", _("Only a draft can be sent for review."), None)])
    with transaction.atomic():
        updated = Guide.objects.filter(pk=guide.pk, status=GuideStatus.DRAFT).update(
            status=GuideStatus.IN_REVIEW, updated_at=timezone.now()
        )
        if not updated:
            raise ValidationFailed([FieldError("not_draft", _("Only a draft can be sent for review."), None)])
        guide.refresh_from_db()
        audit_record(
            actor=actor,
            action="knowledge.guide_submit",
            entity=guide,
            before=None,
            after={"status": guide.status},
        )
    return guide


def guide_review(*, actor: Actor, guide: Guide, approve: bool, note: str = "") -> Guide:
    """Approve (publish to the knowledge base, or update the published entry) or return with a note.
    Never by the guide's author."""
    _require(actor)
    if guide.author_id == getattr(actor, "pk", None):
        raise Forbidden("own_guide", _("Another member of staff reviews your guide."), None)
    note = (note or "").replace("\x00", "").strip()[:2000]
    if not approve and not note:
        raise ValidationFailed([FieldError("note_required", _("Say what should change."), "note")])
    with transaction.atomic():
        row = Guide.objects.select_for_update().get(pk=guide.pk)
        if row.status != GuideStatus.IN_REVIEW:
            raise ValidationFailed(
                [FieldError("not_in_review", _("The guide is not waiting for review."), None)]
            )
        articles = list(row.articles.all())
        if not approve:
            row.status, row.review_note, row.reviewer = GuideStatus.DRAFT, note, actor
            row.save(update_fields=["status", "review_note", "reviewer", "updated_at"])
            audit_record(
                actor=actor,
                action="knowledge.guide_return",
                entity=row,
                before=None,
                after={"status": row.status},
            )
            return row
        if row.entry_id is None:
            row.entry = knowledge_publish(
                kind=EntryKind.GUIDE,
                question=row.title,
                answer=row.body,
                domain=row.domain,
                reviewer=actor,
                article_ids=[a.pk for a in articles],
                source=_("Staff guide"),
            )
        else:
            entry = Entry.objects.get(pk=row.entry_id)
            entry.question, entry.answer, entry.domain = row.title, row.body, row.domain
            entry.reviewer = actor
            entry.reviewer_name = (actor.get_full_name() or actor.get_username())[:100] if actor else ""
            entry.reviewed_on = entry.published_on = timezone.localdate()
            entry.tokens = entry_tokens(row.title, "", row.body)
            entry.save()
            entry.articles.set(articles)
            knowledge_index_bump()
        row.status, row.review_note, row.reviewer = GuideStatus.PUBLISHED, note, actor
        row.save(update_fields=["status", "review_note", "reviewer", "entry", "updated_at"])
        audit_record(
            actor=actor,
            action="knowledge.guide_publish",
            entity=row,
            before=None,
            after={"status": row.status, "entry": row.entry_id},
        )
    return row
