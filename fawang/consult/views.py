"""Consultation's pages (docs/adr/0026): the duty lawyer's queue and answer page, the reviewer's
publish form on the same page, the asker's thread, and the expert panel's pages. Thin: services write,
selectors read; access through fawang.accounts.policy."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fawang.accounts import policy
from fawang.core.errors import DomainError, NotFound, ValidationFailed
from fawang.orders.engine import actions_open_to, order_act
from fawang.orders.views import staff_required
from fawang.ui.forms import add_domain_error

from . import selectors, services
from .anonymise import anonymise
from .enums import Action, MessageKind
from .forms import AnswerForm, ExpertRequestForm, FollowUpForm, OpinionForm, PublishForm
from .models import Consultation, Expert


def _order(actor: Any, tracking_no: str) -> Any:
    try:
        return selectors.access_consultation(actor, tracking_no)
    except NotFound:
        raise Http404(_("No such service order.")) from None


def ask(request: HttpRequest) -> HttpResponse:
    """Asking is the portal's intake for the consultation item (signed in, or with a phone number)."""
    item = selectors.consultation_item()
    return redirect(reverse("web:apply") + (f"?item={item.code}" if item else ""))


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    actor = request.user
    if not policy.has_action(actor, "consult.answer"):
        raise Http404(_("No such page."))
    practitioner = selectors.duty_practitioner(actor)
    return render(
        request,
        "consult/queue.html",
        {
            "waiting": list(selectors.duty_queue(actor)),
            "mine": list(selectors.my_consultations(actor)),
            "on_duty": bool(practitioner and selectors.duty_places(practitioner)),
        },
    )


def _thread_context(request: HttpRequest, order: Any, **forms: Any) -> dict[str, Any]:
    actor = request.user
    open_actions = actions_open_to(actor, order)
    row = Consultation.objects.get(pk=order.pk)
    answers = [m for m in selectors.thread(actor, order) if m.kind == MessageKind.ANSWER]
    context: dict[str, Any] = {
        "order": order,
        "consultation": row,
        "messages_": selectors.thread(actor, order),
        "may_take": Action.TAKE in open_actions,
        "may_answer": Action.ANSWER in open_actions
        and row.lawyer_id == getattr(actor, "practitioner_pk", None),
        "may_publish": bool(answers)
        and not row.publication
        and policy.can_act_on_order(actor, "consult.review", order),
        "answer_form": forms.get("answer_form") or AnswerForm(),
    }
    if context["may_answer"]:
        context.update(_picker(context["answer_form"]))
    if context["may_publish"]:
        first = Consultation.objects.get(pk=order.pk).messages.order_by("created_at", "id").first()
        context["publish_form"] = forms.get("publish_form") or PublishForm(
            initial={
                "question": anonymise(first.body, names=services.known_names(order)).text if first else "",
                "answer": anonymise(
                    row.messages.filter(kind=MessageKind.ANSWER).order_by("-created_at", "-id").first().body,
                    names=services.known_names(order),
                ).text,
            }
        )
    return context


def _picker(form: AnswerForm) -> dict[str, Any]:
    """The article picker's lists: the citations checked so far (with their labels) and what the
    search in `find` offers besides them."""
    chosen_keys = form.chosen()
    try:
        chosen = selectors.citations_resolve(form.citations())
    except ValidationFailed:  # a tampered value: shown as nothing chosen, refused by name on sending
        chosen = []
    for c in chosen:
        c["key"] = f"{c['kind']}:{c['id']}"
    find = (form.data.get("find") if form.is_bound else form.initial.get("find")) or ""
    return {
        "chosen": chosen,
        "candidates": selectors.citation_candidates(find, exclude=chosen_keys),
        "find": find,
    }


@staff_required
@require_http_methods(["GET"])
def thread(request: HttpRequest, tracking_no: str) -> HttpResponse:
    order = _order(request.user, tracking_no)
    return render(request, "consult/thread.html", _thread_context(request, order))


@staff_required
@require_POST
def take(request: HttpRequest, tracking_no: str) -> HttpResponse:
    order = _order(request.user, tracking_no)
    try:
        order_act(actor=request.user, order=order, action=Action.TAKE)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise Http404(str(exc.message)) from None
        messages.error(request, str(exc.message))
        return redirect("consult:queue")
    messages.success(request, _("You took the question %(no)s.") % {"no": order.tracking_no})
    return redirect("consult:thread", tracking_no=order.tracking_no)


@staff_required
@require_POST
def answer(request: HttpRequest, tracking_no: str) -> HttpResponse:
    order = _order(request.user, tracking_no)
    form = AnswerForm(request.POST)
    if request.POST.get("action") == "find":  # the picker: search, keep the answer and the chosen ones
        form = AnswerForm(
            initial={
                "answer": request.POST.get("answer", ""),
                "find": request.POST.get("find", ""),
                "cite": request.POST.getlist("cite"),
            }
        )
        return render(request, "consult/thread.html", _thread_context(request, order, answer_form=form))
    if form.is_valid():
        try:
            services.consultation_answer(
                actor=request.user,
                order=order,
                resolution=form.cleaned_data["answer"],
                citations=form.citations(),
            )
        except ValidationFailed as exc:
            add_domain_error(form, exc, {"citations": "find"})
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Answer sent."))
            return redirect("consult:thread", tracking_no=order.tracking_no)
    return render(
        request, "consult/thread.html", _thread_context(request, order, answer_form=form), status=200
    )


@staff_required
@require_POST
def publish(request: HttpRequest, tracking_no: str) -> HttpResponse:
    order = _order(request.user, tracking_no)
    form = PublishForm(request.POST)
    if not policy.can_act_on_order(request.user, "consult.review", order):
        raise Http404(_("No such service order."))
    if form.is_valid():
        try:
            services.consultation_publish(actor=request.user, order=order, **form.cleaned_data)
        except ValidationFailed as exc:
            add_domain_error(form, exc)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect("consult:thread", tracking_no=order.tracking_no)
        else:
            messages.success(request, _("Published to the knowledge base."))
            return redirect("consult:thread", tracking_no=order.tracking_no)
    return render(request, "consult/thread.html", _thread_context(request, order, publish_form=form))


@login_required
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest, tracking_no: str) -> HttpResponse:
    """The asker's thread: their words and the answers, the follow-up form, the link to rate."""
    actor = request.user
    if policy.is_staff_actor(actor):
        return redirect("consult:thread", tracking_no=tracking_no)
    order = _order(actor, tracking_no)
    form = FollowUpForm()
    if request.method == "POST":
        form = FollowUpForm(request.POST)
        if form.is_valid():
            try:
                order_act(
                    actor=actor, order=order, action=Action.FOLLOW_UP, reason=form.cleaned_data["reason"]
                )
            except ValidationFailed as exc:
                add_domain_error(form, exc)
            except DomainError as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(request, _("Your follow-up question was sent."))
                return redirect("consult_public:mine", tracking_no=order.tracking_no)
    return render(
        request,
        "consult/mine.html",
        {
            "order": order,
            "messages_": selectors.thread(actor, order),
            "form": form if Action.FOLLOW_UP in actions_open_to(actor, order) else None,
        },
    )


# ---- the expert panel ----------------------------------------------------------------------------------


def _expert_actor(request: HttpRequest) -> Any:
    actor = request.user
    if not policy.is_expert_panel_member(actor):
        raise Http404(_("No such page."))
    return actor


@staff_required
def expert_list(request: HttpRequest) -> HttpResponse:
    actor = _expert_actor(request)
    return render(
        request,
        "consult/expert_list.html",
        {
            "requests": list(selectors.expert_requests_for(actor)[:200]),
            "may_request": policy.holds_by_role(actor, "expert.request"),
            "today": timezone.localdate(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def expert_new(request: HttpRequest) -> HttpResponse:
    actor = _expert_actor(request)
    if not policy.holds_by_role(actor, "expert.request"):
        raise Http404(_("No such page."))
    form = ExpertRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.expert_request_submit(actor=actor, **form.cleaned_data)
        except ValidationFailed as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Request %(ref)s sent to the expert panel.") % {"ref": row.reference})
            return redirect("consult:expert_detail", reference=row.reference)
    return render(request, "consult/expert_new.html", {"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def expert_detail(request: HttpRequest, reference: str) -> HttpResponse:
    actor = _expert_actor(request)
    try:
        row = selectors.access_expert_request(actor, reference)
    except NotFound:
        raise Http404(_("No such expert request.")) from None
    may_answer = policy.can_answer_expert_request(actor, row) and not row.opinion
    form = OpinionForm(request.POST or None) if may_answer else None
    if request.method == "POST":
        if form is None:
            raise Http404(_("No such expert request."))
        if form.is_valid():
            try:
                services.expert_opinion_submit(actor=actor, request=row, opinion=form.cleaned_data["opinion"])
            except ValidationFailed as exc:
                add_domain_error(form, exc)
            except DomainError as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(request, _("Opinion given."))
                return redirect("consult:expert_detail", reference=row.reference)
    return render(
        request,
        "consult/expert_detail.html",
        {
            "row": row,
            "form": form,
            "experts": list(row.experts.all()),
            "may_assign": policy.holds_by_role(actor, "expert.manage") and not row.opinion,
            "all_experts": list(Expert.objects.filter(active=True))
            if policy.holds_by_role(actor, "expert.manage")
            else [],
            "overdue": row.answered_at is None and row.deadline < timezone.localdate(),
        },
    )


@staff_required
@require_POST
def expert_assign(request: HttpRequest, reference: str) -> HttpResponse:
    actor = _expert_actor(request)
    try:
        row = selectors.access_expert_request(actor, reference)
        services.expert_request_assign(
            actor=actor,
            request=row,
            expert_ids=[int(x) for x in request.POST.getlist("experts") if x.isdigit()][:10],
        )
    except NotFound:
        raise Http404(_("No such expert request.")) from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("consult:expert_detail", reference=reference)
