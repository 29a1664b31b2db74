"""The knowledge base's writes: publishing an entry (a reviewed consultation, a staff guide) and
marking the search index stale (docs/adr/0027). Imports of the public data are management commands
(knowledge_import_statutes, knowledge_import_qa) that write in bulk and bump the generation too."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.audit.services import audit_record
from fawang.core.errors import ErrorCollector
from fawang.core.types import Actor

from .enums import AnswerOrigin, Domain, EntryKind, ErrorCode
from .index import entry_tokens
from .models import Article, Entry, IndexGeneration

MAX_TEXT = 20_000
# A last guard behind the caller's anonymisation: an ID card or mobile number never reaches the
# knowledge base (issue 13, "Bad input").
PERSONAL_NUMBER = re.compile(r"(?<!\d)(\d{17}[\dXx]|1[3-9]\d{9})(?![\dXx])")

_ORIGIN_BY_KIND = {EntryKind.CONSULTATION: AnswerOrigin.DUTY_LAWYER, EntryKind.GUIDE: AnswerOrigin.STAFF}


def knowledge_publish(
    *,
    kind: str,
    question: str,
    answer: str,
    domain: str,
    reviewer: Actor,
    article_ids: Sequence[int],
    source: str,
) -> Entry:
    """Publish a question and its answer to the knowledge base, citing `article_ids`, reviewed by
    `reviewer` today. The caller has already anonymised the text (names, phone and ID numbers,
    addresses) and checked the reviewer's right to publish (fawang.accounts.policy); this records
    who and when, audits it, and makes it searchable. `kind`: consultation or guide."""
    errors = ErrorCollector()
    question, answer = (question or "").strip(), (answer or "").strip()
    if kind not in _ORIGIN_BY_KIND:
        errors.add("kind", "invalid_kind", _("Choose a published consultation or a staff guide."))
    if not question:
        errors.add("question", ErrorCode.TEXT_REQUIRED, _("Type the question."))
    elif len(question) > MAX_TEXT:
        errors.add("question", ErrorCode.TEXT_TOO_LONG, _("The question is too long."))
    if not answer:
        errors.add("answer", ErrorCode.ANSWER_REQUIRED, _("The answer is empty."))
    elif len(answer) > MAX_TEXT:
        errors.add("answer", ErrorCode.TEXT_TOO_LONG, _("The answer is too long."))
    for field, text in (("question", question), ("answer", answer)):
        if PERSONAL_NUMBER.search(text):
            errors.add(field, "personal_number", _("Remove the ID card or phone number before publishing."))
    if domain and domain not in Domain.values:
        errors.add("domain", "invalid_domain", _("Choose one of the legal domains."))
    ids = sorted({int(i) for i in article_ids})
    articles = list(Article.objects.filter(pk__in=ids))
    if len(articles) != len(ids):
        errors.add("article_ids", ErrorCode.UNKNOWN_ARTICLE, _("No such statute article."))
    errors.raise_if_any()
    today = timezone.localdate()
    reviewer_name = (reviewer.get_full_name() or reviewer.get_username()) if reviewer is not None else ""
    with transaction.atomic():
        entry = Entry.objects.create(
            kind=kind,
            question=question,
            answer=answer,
            domain=domain or "",
            source=source[:300],
            answer_origin=_ORIGIN_BY_KIND[EntryKind(kind)],
            reviewer=reviewer,
            reviewer_name=reviewer_name[:100],
            reviewed_on=today,
            published_on=today,
            tokens=entry_tokens(question, "", answer),
        )
        entry.articles.set(articles)
        audit_record(
            actor=reviewer,
            action="knowledge.publish",
            entity=entry,
            before=None,
            after={"kind": kind, "domain": entry.domain, "source": entry.source, "articles": ids},
        )
        knowledge_index_bump()
    return entry


def knowledge_index_bump() -> None:
    """Tell every process its search index is stale (it rebuilds on its next search)."""
    IndexGeneration.objects.get_or_create(pk=1)
    IndexGeneration.objects.filter(pk=1).update(generation=F("generation") + 1)
