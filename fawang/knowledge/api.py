"""The knowledge base's API (docs/adr/0027): search at /api/v1/knowledge/search, and reading a
question at /api/v1/consult/classify (its own router, beside the consultation module's /consult/).
Both public, both read-only; the text searched is never logged."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from fawang.api.schemas import BODY_ERROR_RESPONSES, ErrorOut
from fawang.core.errors import FieldError, ValidationFailed

from .enums import AnswerOrigin, Domain, ErrorCode
from .reading import WHY, read_question
from .selectors import MAX_LIMIT, SearchItem, knowledge_search

router = Router(tags=["knowledge base"])
classify_router = Router(tags=["knowledge base"])

MAX_TEXT = 20_000


class SearchItemOut(Schema):
    type: str = Field(description="article, qa, consultation or guide")
    id: int
    score: float = Field(description="0..1, comparable across types")
    title: str = Field(
        description="The article's reference (中华人民共和国民法典第九百零八条) or the question"
    )
    snippet_html: str = Field(description="Escaped text with the query's words in <mark>")
    url: str
    law: str = Field("", description="Articles: the law's full name")
    article_number: int | None = Field(None, description="Articles: the number as an integer")
    article_number_text: str = Field("", description="Articles: the number as written (第九百零八条)")
    domain: str = ""
    answer_origin: str = Field("", description="Entries: who wrote the answer (never a machine)")
    answer_origin_label: str = ""


class SearchOut(Schema):
    count: int
    items: list[SearchItemOut]


def item_out(item: SearchItem) -> dict[str, Any]:
    url = (
        reverse("knowledge:article", args=[item.id])
        if item.type == "article"
        else reverse("knowledge:entry", args=[item.id])
    )
    return {
        "type": item.type,
        "id": item.id,
        "score": item.score,
        "title": item.title,
        "snippet_html": item.snippet_html,
        "url": url,
        "law": item.law,
        "article_number": item.article_number,
        "article_number_text": item.article_number_text,
        "domain": item.domain,
        "answer_origin": item.answer_origin,
        "answer_origin_label": str(AnswerOrigin(item.answer_origin).label) if item.answer_origin else "",
    }


def _text_checked(value: str, field: str) -> str:
    if len(value) > MAX_TEXT:
        code = ErrorCode.QUERY_TOO_LONG if field == "q" else ErrorCode.TEXT_TOO_LONG
        raise ValidationFailed(
            [FieldError(code, _("At most %(n)s characters.") % {"n": f"{MAX_TEXT:,}"}, field)]
        )
    return value


class SearchIn(Schema):
    q: str = Field("", description="What to search for, in your own words")
    type: Literal["article", "qa", "consultation", "guide"] | None = Field(None, description="Only this type")
    domain: Domain | None = Field(None, description="Only this legal domain")
    limit: int = Field(10, ge=1, le=MAX_LIMIT)


@router.get(
    "/search",
    response={200: SearchOut, 422: ErrorOut},
    auth=None,
    summary="Search statutes and answered questions",
    description="Chinese full-text search with word segmentation and legal synonyms, ranked by BM25 "
    "(docs/adr/0027). An empty query, or one with no searchable word (only an ID number, another "
    f"script), finds nothing. `q` is cut to its first 500 characters; more than {MAX_TEXT:,} is refused.",
)
def knowledge_search_api(request: HttpRequest, filters: Query[SearchIn]) -> dict[str, Any]:
    q = _text_checked(filters.q, "q")
    items = knowledge_search(q, kind=filters.type, domain=filters.domain, limit=filters.limit)
    return {"count": len(items), "items": [item_out(i) for i in items]}


class ClassifyIn(Schema):
    text: str = Field(description=f"The question in the asker's words (at most {MAX_TEXT:,} characters)")


class ServiceOut(Schema):
    code: str = Field(description="The catalog item's code (GET /api/v1/catalog/items/{code})")
    name: str
    why: str


class DomainScoreOut(Schema):
    domain: str
    label: str
    score: float


class ClassifyOut(Schema):
    domain: str = Field(description="The legal domain (one of 20); empty when nothing could be read")
    domain_label: str
    score: float = Field(description="The classifier's probability of that domain, 0..1")
    reasons: list[str] = Field(description="The words that decided it")
    alternatives: list[DomainScoreOut]
    services: list[ServiceOut]
    answers: list[SearchItemOut]
    statutes: list[SearchItemOut]


@classify_router.post(
    "",
    response={200: ClassifyOut, **BODY_ERROR_RESPONSES},
    auth=None,
    summary="Read a question: its legal domain, the services that fit, answers and statutes",
    description="Runs on the server's CPU in milliseconds; nothing is saved and the text is never logged.",
)
def consult_classify(request: HttpRequest, payload: ClassifyIn) -> dict[str, Any]:
    text = _text_checked(payload.text, "text")
    if not text.strip():
        raise ValidationFailed([FieldError(ErrorCode.TEXT_REQUIRED, _("Type the question."), "text")])
    reading = read_question(text)
    return reading_out(reading)


def reading_out(reading: Any) -> dict[str, Any]:
    from fawang.catalog.selectors import service_items_active

    items = {i.code: i for i in service_items_active().filter(code__in=[s.code for s in reading.services])}
    return {
        "domain": reading.domain,
        "domain_label": str(Domain(reading.domain).label) if reading.domain else "",
        "score": reading.score,
        "reasons": reading.reasons,
        "alternatives": [
            {"domain": d, "label": str(Domain(d).label), "score": s} for d, s in reading.alternatives
        ],
        "services": [
            {"code": s.code, "name": str(items[s.code].display_name), "why": str(WHY[s.why])}
            for s in reading.services
            if s.code in items
        ],
        "answers": [item_out(i) for i in reading.answers],
        "statutes": [item_out(i) for i in reading.statutes],
    }
