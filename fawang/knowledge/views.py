"""The knowledge base's public pages: search (with the reading of the question), an article with the
answers that cite it, an entry with the articles it cites. Thin: the work is in selectors/reading."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fawang.core.errors import DomainError, NotFound, ValidationFailed
from fawang.orders.views import staff_required
from fawang.ui.forms import add_domain_error

from .enums import AnswerOrigin, Domain, GuideStatus
from .forms import GuideForm, GuideReviewForm, SearchForm
from .guides import guide_get, guide_review, guide_save, guide_submit, guides_for
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


# ---- staff guides (written and reviewed by staff who hold `knowledge.guide`) -----------------------------


def _guide_actor(request: HttpRequest):
    from fawang.accounts import policy

    actor = request.user
    if not policy.has_action(actor, "knowledge.guide"):  # type: ignore[arg-type]  # staff_required ran
        raise Http404(_("No such page."))
    return actor


@staff_required
@require_GET
def guides(request: HttpRequest) -> HttpResponse:
    actor = _guide_actor(request)
    return render(request, "knowledge/guides.html", {"guides": list(guides_for(actor)[:200])})


@staff_required
@require_http_methods(["GET", "POST"])
def guide_edit(request: HttpRequest, guide_id: int | None = None) -> HttpResponse:
    """Write or edit a guide (`action=save`), send it for review (`submit`), or as a reviewer other
    than the author approve or return it (`approve`, `return`)."""
    actor = _guide_actor(request)
    guide = None
    if guide_id is not None:
        try:
            guide = guide_get(actor, guide_id)
        except NotFound:
            raise Http404(_("No such staff guide.")) from None
    initial = (
        {
            "title": guide.title,
            "body": guide.body,
            "domain": guide.domain,
            "references": "\n".join(a.reference for a in guide.articles.select_related("law")),
        }
        if guide
        else {}
    )
    form = GuideForm(initial=initial)
    review = GuideReviewForm()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    try:
        if action == "save":
            form = GuideForm(request.POST)
            if form.is_valid():
                guide = guide_save(actor=actor, guide=guide, **form.cleaned_data)
                messages.success(request, _("Guide saved as a draft."))
                return redirect("knowledge:guide", guide_id=guide.pk)
        elif action == "submit" and guide is not None:
            guide_submit(actor=actor, guide=guide)
            messages.success(request, _("Guide sent for review."))
            return redirect("knowledge:guide", guide_id=guide.pk)
        elif action in ("approve", "return") and guide is not None:
            review = GuideReviewForm(request.POST)
            if review.is_valid():
                guide_review(
                    actor=actor, guide=guide, approve=action == "approve", note=review.cleaned_data["note"]
                )
                messages.success(
                    request,
                    _("Guide published.") if action == "approve" else _("Guide returned to its author."),
                )
                return redirect("knowledge:guide", guide_id=guide.pk)
    except ValidationFailed as exc:
        if action in ("approve", "return"):
            add_domain_error(review, exc)
        else:
            add_domain_error(form, exc, {"articles": "references"})
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return render(
        request,
        "knowledge/guide.html",
        {
            "guide": guide,
            "form": form,
            "review": review,
            "may_edit": guide is None or guide.status != GuideStatus.IN_REVIEW,
            "may_review": guide is not None
            and guide.status == GuideStatus.IN_REVIEW
            and guide.author_id != actor.pk,
        },
        status=422 if request.method == "POST" else 200,
    )
