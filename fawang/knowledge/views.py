"""The knowledge base's public pages: search (with the reading of the question), an article with the
answers that cite it, an entry with the articles it cites. Thin: the work is in selectors/reading."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .enums import AnswerOrigin, Domain
from .forms import SearchForm
from .reading import WHY, read_question
from .selectors import article_get, entries_citing, entry_get, knowledge_search


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    items, reading, services = [], None, []
    q = ""
    if form.is_bound and form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            items = knowledge_search(
                q,
                kind=form.cleaned_data["type"] or None,
                domain=form.cleaned_data["domain"] or None,
                limit=20,
            )
            reading = read_question(q, answers=0, statutes=0)
            if reading.domain:
                from fawang.catalog.selectors import service_items_active

                found = {
                    i.code: i
                    for i in service_items_active().filter(code__in=[s.code for s in reading.services])
                }
                services = [(found[s.code], WHY[s.why]) for s in reading.services if s.code in found]
    return render(
        request,
        "knowledge/search.html",
        {
            "form": form,
            "q": q,
            "items": items,
            "reading": reading,
            "domain_label": Domain(reading.domain).label if reading and reading.domain else "",
            "services": services,
        },
    )


@require_GET
def article(request: HttpRequest, article_id: int) -> HttpResponse:
    found = article_get(article_id)
    if found is None:
        raise Http404
    return render(
        request,
        "knowledge/article.html",
        {"article": found, "entries": list(entries_citing(found)[:20])},
    )


@require_GET
def entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    found = entry_get(entry_id)
    if found is None:
        raise Http404
    return render(
        request,
        "knowledge/entry.html",
        {
            "entry": found,
            "articles": list(found.articles.select_related("law").order_by("law__name", "number")),
            "origin_label": AnswerOrigin(found.answer_origin).label,
            "domain_label": Domain(found.domain).label if found.domain else "",
        },
    )
