"""The search index: BM25 (bm25s) over jieba tokens of every article and entry, held in memory by
each process and rebuilt when the content's generation moves on (docs/adr/0027).

The ranking beyond plain BM25, which the benchmark compares against it:
- the query is expanded with the legal synonym list (synonyms weigh half a query word);
- an article's document also holds the questions of the entries that cite it (document expansion:
  the words citizens use, next to the words the statute uses);
- the entries most like the query vote for the articles they cite (a lawyer chose those);
- a mild prior for the laws that answers cite most (the laws citizens' questions are about);
- articles of a superseded law version count half.
The index is built from rows, not from the database directly, so the benchmark's cross-validation
builds it from a fold's entries only."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import bm25s
import numpy as np

from .text import expand, tokenize

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at INFO

SYNONYM_WEIGHT = 0.5
VOTE_WEIGHT = (
    0.2  # an entry vote's weight against the article's own normalised score (chosen by the bench's CV)
)
VOTERS = 20  # the most similar entries that vote
SUPERSEDED_FACTOR = 0.5
LAW_PRIOR = 0.5  # how much more an article of the most-cited law counts (chosen by the bench's CV)


@dataclass(frozen=True)
class ArticleDoc:
    pk: int
    tokens: Sequence[str]
    domain: str
    in_force: bool = True
    law: str = ""


@dataclass(frozen=True)
class EntryDoc:
    pk: int
    kind: str
    tokens: Sequence[str]  # question, keywords and answer
    question_tokens: Sequence[str]
    domain: str
    article_pks: Sequence[int] = ()


@dataclass
class Hit:
    kind: str  # "article" or the entry's kind
    pk: int
    score: float


@dataclass
class Index:
    articles: list[ArticleDoc]
    entries: list[EntryDoc]
    expand_articles: bool = True
    vote: bool = True
    synonyms: bool = True
    law_prior: bool = True
    generation: int = -1
    _article_bm25: bm25s.BM25 | None = field(default=None, repr=False)
    _entry_bm25: bm25s.BM25 | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        citing: dict[int, list[str]] = {}
        if self.expand_articles:
            for entry in self.entries:
                for pk in entry.article_pks:
                    citing.setdefault(pk, []).extend(entry.question_tokens)
        self._article_pos = {a.pk: i for i, a in enumerate(self.articles)}
        self._article_domain = np.array([a.domain for a in self.articles], dtype=object)
        self._article_factor = np.array(
            [1.0 if a.in_force else SUPERSEDED_FACTOR for a in self.articles], dtype=np.float32
        )
        if LAW_PRIOR and self.law_prior:
            # Laws that answers cite are the laws citizens' questions are about: a mild prior.
            law_of = {a.pk: a.law for a in self.articles}
            cites: dict[str, int] = {}
            for entry in self.entries:
                for law in {law_of.get(pk, "") for pk in entry.article_pks}:
                    cites[law] = cites.get(law, 0) + 1
            top = max(cites.values(), default=0)
            if top:
                prior = np.array(
                    [1.0 + LAW_PRIOR * np.log1p(cites.get(a.law, 0)) / np.log1p(top) for a in self.articles],
                    dtype=np.float32,
                )
                self._article_factor = self._article_factor * prior
        self._entry_domain = np.array([e.domain for e in self.entries], dtype=object)
        self._entry_kind = np.array([e.kind for e in self.entries], dtype=object)
        self._article_bm25 = _bm25([[*a.tokens, *citing.get(a.pk, ())] for a in self.articles])
        self._entry_bm25 = _bm25([list(e.tokens) for e in self.entries])

    def _scores(self, bm25: bm25s.BM25 | None, size: int, own: list[str], extra: list[str]) -> np.ndarray:
        if bm25 is None or size == 0:
            return np.zeros(size, dtype=np.float32)
        scores = bm25.get_scores(own) if own else np.zeros(size, dtype=np.float32)
        if extra and self.synonyms:
            scores = scores + SYNONYM_WEIGHT * bm25.get_scores(extra)
        return np.asarray(scores, dtype=np.float32)

    def search(
        self, text: str, *, kinds: Iterable[str] | None = None, domain: str | None = None, limit: int = 10
    ) -> list[Hit]:
        """The best articles and entries for `text`, best first; scores are comparable across both
        (each normalised by the best of its own kind, 1.0 at most)."""
        articles, entries = self.rank(text, kinds=kinds, domain=domain, limit=limit)
        hits = articles + entries
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]

    def rank(
        self, text: str, *, kinds: Iterable[str] | None = None, domain: str | None = None, limit: int = 10
    ) -> tuple[list[Hit], list[Hit]]:
        """The best `limit` articles and the best `limit` entries, apart, from one scoring pass."""
        own, extra = expand(text) if self.synonyms else (tokenize(text), [])
        if not own and not extra:
            return [], []
        kinds = set(kinds) if kinds else None
        entry_raw = self._scores(self._entry_bm25, len(self.entries), own, extra)
        article_raw = self._scores(self._article_bm25, len(self.articles), own, extra)
        entry_norm = entry_raw / entry_raw.max() if entry_raw.size and entry_raw.max() > 0 else entry_raw
        article_score = (
            article_raw / article_raw.max() if article_raw.size and article_raw.max() > 0 else article_raw
        )
        article_score = article_score * self._article_factor
        if self.vote and entry_norm.size:
            article_score = (article_score + VOTE_WEIGHT * self._votes(entry_norm)) / (1 + VOTE_WEIGHT)
        article_hits: list[Hit] = []
        entry_hits: list[Hit] = []
        if kinds is None or "article" in kinds:
            article_hits = _top(article_score, self._article_domain, domain, limit, "article", self.articles)
        if kinds is None or kinds - {"article"}:
            mask = None if kinds is None else np.isin(self._entry_kind, list(kinds - {"article"}))
            scores = entry_norm if mask is None else np.where(mask, entry_norm, 0.0)
            entry_hits = _top(scores, self._entry_domain, domain, limit, None, self.entries)
        return article_hits, entry_hits

    def _votes(self, entry_norm: np.ndarray) -> np.ndarray:
        votes = np.zeros(len(self.articles), dtype=np.float32)
        order = np.argsort(-entry_norm)[:VOTERS]
        for i in order:
            weight = float(entry_norm[i])
            if weight <= 0:
                break
            for pk in self.entries[i].article_pks:
                pos = self._article_pos.get(pk)
                if pos is not None:
                    votes[pos] += weight
        if votes.max() > 0:
            votes /= votes.max()
        return votes


def _bm25(corpus: list[list[str]]) -> bm25s.BM25 | None:
    if not any(corpus):  # no document, or none with a word (bm25s cannot index an empty vocabulary)
        return None
    bm25 = bm25s.BM25(k1=1.2, b=0.75)
    bm25.index(corpus, show_progress=False)
    return bm25


def _top(
    scores: np.ndarray, domains: np.ndarray, domain: str | None, limit: int, kind: str | None, docs
) -> list[Hit]:
    if scores.size == 0:
        return []
    if domain:
        scores = np.where(domains == domain, scores, 0.0)
    k = min(limit, scores.size)
    best = np.argpartition(-scores, k - 1)[:k]
    best = best[np.argsort(-scores[best])]
    return [Hit(kind or docs[i].kind, docs[i].pk, float(scores[i])) for i in best if scores[i] > 0]


_lock = threading.Lock()
_current: Index | None = None


def current_index() -> Index:
    """This process's index of the database's content, rebuilt when the generation moved on."""
    global _current
    from .models import IndexGeneration

    generation = IndexGeneration.objects.filter(pk=1).values_list("generation", flat=True).first() or 0
    index = _current
    if index is not None and index.generation == generation:
        return index
    with _lock:
        if _current is None or _current.generation != generation:
            _current = build_from_database(generation)
        return _current


def build_from_database(generation: int = 0) -> Index:
    from .domains import law_domain
    from .models import Article, Entry

    articles = [
        ArticleDoc(pk, tokens.split(), law_domain(name, number) or "", in_force, name)
        for pk, tokens, name, number, in_force in Article.objects.values_list(
            "pk", "tokens", "law__name", "number", "law__in_force"
        ).iterator(chunk_size=5000)
    ]
    cited: dict[int, list[int]] = {}
    for entry_id, article_id in Entry.articles.through.objects.values_list("entry_id", "article_id"):
        cited.setdefault(entry_id, []).append(article_id)
    entries = [
        EntryDoc(pk, kind, tokens.split(), tokenize(question + " " + keywords), domain, cited.get(pk, ()))
        for pk, kind, tokens, question, keywords, domain in Entry.objects.values_list(
            "pk", "kind", "tokens", "question", "keywords", "domain"
        )
    ]
    index = Index(articles, entries)
    index.generation = generation
    return index


def article_tokens(law_name: str, chapter: str, text: str) -> str:
    """What an article is found by: its law's short name (without 中华人民共和国), chapter and text."""
    return " ".join(tokenize(f"{law_name.removeprefix('中华人民共和国')} {chapter} {text}"))


def entry_tokens(question: str, keywords: str, answer: str) -> str:
    return " ".join(tokenize(f"{question} {keywords} {answer}"))
