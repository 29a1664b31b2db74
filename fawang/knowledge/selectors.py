"""The knowledge base's reads: public content (statutes and published entries are open to all)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import QuerySet

from .enums import AnswerOrigin, Domain, EntryKind
from .index import Hit, current_index
from .models import Article, Entry, Law
from .numbers import ARTICLE_NUMBER, chinese_to_int
from .text import expand, highlight

MAX_QUERY_CHARS = 500  # longer text is cut there before searching (the API refuses past 20,000)
MAX_LIMIT = 50
TYPES = ("article", *EntryKind.values)


@dataclass
class SearchItem:
    type: str  # "article", "qa", "consultation", "guide"
    id: int
    score: float
    title: str  # the article's reference (中华人民共和国民法典第九百零八条) or the entry's question
    snippet_html: str  # escaped text with the query's words in <mark>
    law: str = ""
    article_number: int | None = None
    article_number_text: str = ""
    domain: str = ""
    answer_origin: str = ""
    article: Article | None = None
    entry: Entry | None = None

    @property
    def domain_label(self) -> str:
        return str(Domain(self.domain).label) if self.domain else ""

    @property
    def origin_label(self) -> str:
        return str(AnswerOrigin(self.answer_origin).label) if self.answer_origin else ""


def knowledge_search(
    q: str, *, kind: str | None = None, domain: str | None = None, limit: int = 10
) -> list[SearchItem]:
    """Articles and entries for a citizen's words, best first (docs/adr/0027). `kind`: "article" or
    an entry kind; None: everything. Empty or meaningless text finds nothing (never an error)."""
    q = (q or "")[:MAX_QUERY_CHARS]
    limit = max(1, min(limit, MAX_LIMIT))
    hits = current_index().search(q, kinds=[kind] if kind else None, domain=domain or None, limit=limit)
    return _items(hits, q)


def knowledge_search_apart(
    q: str, *, entries: int = 3, articles: int = 3
) -> tuple[list[SearchItem], list[SearchItem]]:
    """The best published entries and the best articles for `q`, apart, from one scoring pass (the
    question reading shows both)."""
    q = (q or "")[:MAX_QUERY_CHARS]
    article_hits, entry_hits = current_index().rank(q, limit=max(entries, articles, 1))
    return _items(entry_hits[:entries], q), _items(article_hits[:articles], q)


def _items(hits: list[Hit], q: str) -> list[SearchItem]:
    own, extra = expand(q)
    terms = own + extra
    article_ids = [h.pk for h in hits if h.kind == "article"]
    entry_ids = [h.pk for h in hits if h.kind != "article"]
    # Without the stored tokens (as long as the text) and without the default ordering: a list of
    # ten by primary key is the whole database work of a search.
    articles = Article.objects.select_related("law").defer("tokens").order_by().in_bulk(article_ids)
    entries = Entry.objects.defer("tokens").order_by().in_bulk(entry_ids)
    items: list[SearchItem] = []
    from .domains import law_domain

    for hit in hits:
        if hit.kind == "article":
            a = articles.get(hit.pk)
            if a is None:
                continue
            items.append(
                SearchItem(
                    type="article",
                    id=a.pk,
                    score=round(hit.score, 4),
                    title=a.reference,
                    snippet_html=highlight(a.text, terms),
                    law=a.law.name,
                    article_number=a.number,
                    article_number_text=a.number_text,
                    domain=law_domain(a.law.name, a.number) or "",
                    article=a,
                )
            )
        else:
            e = entries.get(hit.pk)
            if e is None:
                continue
            items.append(
                SearchItem(
                    type=e.kind,
                    id=e.pk,
                    score=round(hit.score, 4),
                    title=e.question,
                    snippet_html=highlight(e.answer, terms),
                    domain=e.domain,
                    answer_origin=e.answer_origin,
                    entry=e,
                )
            )
    return items


_REFERENCE = re.compile(r"^\s*《?(?P<law>[^《》]+?)》?\s*" + ARTICLE_NUMBER.pattern + r"\s*$")


def article_by_reference(text: str) -> Article | None:
    """The article a citation names: '中华人民共和国民法典第九百零八条', '《民法典》第908条'. The
    version in force when a law has two; None when there is no such article."""
    match = _REFERENCE.match(text or "")
    if not match:
        return None
    number = chinese_to_int(match.group(2))
    if number is None or match.group(3):  # 第十条之一: not numbered as an integer here
        return None
    name = match.group("law").strip()
    names = [name] if name.startswith("中华人民共和国") else [name, f"中华人民共和国{name}"]
    return (
        Article.objects.select_related("law")
        .filter(law__name__in=names, number=number)
        .order_by("-law__in_force", "-law__version_date", "source_id")
        .first()
    )


def article_get(article_id: int) -> Article | None:
    return Article.objects.select_related("law").filter(pk=article_id).first()


def entry_get(entry_id: int) -> Entry | None:
    return Entry.objects.filter(pk=entry_id).first()


def entries_citing(article: Article) -> QuerySet[Entry]:
    return article.entries.order_by("-published_on", "id")


def laws_in_force() -> QuerySet[Law]:
    return Law.objects.filter(in_force=True)
