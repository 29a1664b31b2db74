"""Staff pages of the service loop: the workbench queue, the order page with its actions, the hotline
console and the window walk-in form.

Views stay thin: they read through `fawang.orders.selectors` (already scoped to the actor's
jurisdiction), write through `fawang.orders.services`, and turn `DomainError`s into form errors or
messages. Every POST that changes something answers with a redirect (POST-redirect-GET)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.forms import ChoiceField
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import empty
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fawang.accounts import policy
from fawang.accounts.models import User
from fawang.core.context import RequestMeta, client_ip, request_meta
from fawang.core.errors import DomainError, NotFound, ValidationFailed
from fawang.core.identity import mask_resident_id
from fawang.core.keyset import BadCursor
from fawang.core.replica import reading_replica
from fawang.network.enums import Language
from fawang.network.models import Institution, ServicePoint
from fawang.regions.models import Region
from fawang.ui.forms import add_domain_error, explain
from fawang.ui.search import search_token_get, search_token_put

from . import engine, routing, selectors, services, urgency, workflow
from .enums import (
    OPEN_STATUSES,
    Channel,
    OrderStatus,
    PriorityGroup,
    SupervisionKind,
    SupervisionStatus,
    TransitionAction,
)
from .forms import (
    BulkForm,
    HotlineIntakeForm,
    OptionalReasonForm,
    PhoneLookupForm,
    QueueFilterForm,
    ReasonForm,
    ResolveForm,
    SupervisionAnswerForm,
    SupervisionForm,
    TransferForm,
    WindowIntakeForm,
)
from .models import ServiceOrder

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_SIZE = 25
BULK_MAX = 100  # one bulk action touches at most one page of the queue (and a bit)
TRANSFER_TARGETS_MAX = 300
_BULK_SESSION_KEY = "orders_bulk_results"


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the staff login; signed-in citizens are refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not policy.is_staff_actor(request.user):
            raise PermissionDenied(_("This page is for staff of the service network."))
        return view(request, *args, **kwargs)

    return wrapper


def _staff(request: HttpRequest) -> User:
    """The signed-in staff user of a `staff_required` view (django-stubs types `request.user` as
    `User | AnonymousUser`; `fawang.core.types.Actor` is `User | None`)."""
    user = request.user  # staff_required let only active staff in, so the lazy user is loaded
    # `request.user` is a SimpleLazyObject: every attribute read goes through its proxy, and a queue page
    # reads the actor a few thousand times (the policy checks of each row). Hand the views the user itself.
    wrapped = getattr(user, "_wrapped", empty)
    return cast(User, user if wrapped is empty else wrapped)


def _get_order(request: HttpRequest, tracking_no: str) -> ServiceOrder:
    try:
        return selectors.order_get_for_actor(actor=_staff(request), tracking_no=tracking_no)
    except NotFound as exc:
        raise Http404(str(exc.message)) from None


def _channel_meta(request: HttpRequest, channel: str) -> AbstractContextManager[RequestMeta]:
    """Writes from the hotline console and the window carry their channel into the audit trail."""
    return request_meta(channel=channel, ip=client_ip(request))


# ---- urgency marks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Urgency:
    overdue: bool
    warned: bool
    supervised: bool = False  # an open supervision order (督办中) waits for an answer


def urgency_of(order: ServiceOrder, now: dt.datetime, *, supervised: bool = False) -> Urgency:
    """Overdue and warned as fawang.orders.urgency decides them for every screen. `supervised` comes
    from the caller, which reads the open supervision orders of a whole page in one query."""
    return Urgency(
        overdue=urgency.is_overdue(order, now), warned=urgency.is_warned(order, now), supervised=supervised
    )


# ---- transfer targets --------------------------------------------------------------------------------


def transfer_targets(actor: Any, region: Region | None) -> list[tuple[str, str]]:
    """The transfer form's choices: the places the service accepts (selectors.transfer_places).
    Values are "point:<id>" or "institution:<id>"."""
    points, institutions = selectors.transfer_places(actor, region, limit=TRANSFER_TARGETS_MAX)
    targets = [(f"point:{p.pk}", _place_label(p)) for p in points]
    targets += [(f"institution:{i.pk}", _place_label(i)) for i in institutions]
    return targets


def _place_label(place: Any) -> str:
    """The name and its region, unless the name already says where it is (most names start with it)."""
    if place.region.name in place.name:
        return place.name
    return _("%(name)s (%(region)s)") % {"name": place.name, "region": place.region.name}


def _status_label(value: str) -> StrOrPromise:
    return OrderStatus(value).label if value in OrderStatus.values else value


def _transfer_kwargs(target: str) -> dict[str, Any]:
    kind, _sep, pk = target.partition(":")
    if not pk.isdigit():
        return {}
    if kind == "point":
        point = ServicePoint.objects.filter(pk=int(pk), is_active=True).first()
        return {"to_point": point} if point else {}
    if kind == "institution":
        institution = Institution.objects.filter(pk=int(pk), is_active=True).first()
        return {"to_institution": institution} if institution else {}
    return {}


# ---- workbench ---------------------------------------------------------------------------------------


def jurisdiction_regions(actor: Any) -> list[Region]:
    """The regions one level below the actor's jurisdiction, for the region filter."""
    if actor.jurisdiction_region_id is None:
        return []
    return list(Region.objects.filter(parent_id=actor.jurisdiction_region_id).only("code", "name"))


def _region_filter(actor: Any, code: str) -> str | None:
    """A region code from the filter, kept only when it lies inside the jurisdiction."""
    if not code:
        return None
    region = Region.objects.filter(code=code).only("path").first()
    if region is None or not policy.region_in_jurisdiction(actor, region.path):
        return None
    return code


# The URL parameter that stands for the search text (fawang.ui.search): never the text itself.
SEARCH_TOKEN = "s"


def _search_redirect(request: HttpRequest, url: str, data: dict[str, Any], text_field: str) -> HttpResponse:
    """Redirect to `url` with the filters of `data` in the query string and `text_field` (which may
    hold a phone number) replaced by a session token."""
    query = QueryDict(mutable=True)
    for name, value in data.items():
        if name != text_field and value:
            query[name] = value
    text = (data.get(text_field) or "").strip()
    if text:
        query[SEARCH_TOKEN] = search_token_put(request.session, text)
    return redirect(f"{url}?{query.urlencode()}" if query else url)


def _with_search_text(request: HttpRequest, text_field: str) -> QueryDict | None:
    """The GET parameters with the token's text put back under `text_field` (None: no filters). A
    lapsed token leaves the search empty and says so."""
    if not request.GET:
        return None
    data = request.GET.copy()
    data.pop(text_field, None)  # the text itself in a URL is not taken: the pages never put it there
    token = data.pop(SEARCH_TOKEN, [""])[-1]
    if token:
        text = search_token_get(request.session, token)
        if text is None:
            messages.info(request, _("That search has lapsed; search again."))
        else:
            data[text_field] = text
    return data


@staff_required
@require_http_methods(["GET", "POST"])
def workbench(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    _require(actor, "order.view")
    regions = jurisdiction_regions(actor)
    if request.method == "POST":
        # The filter form posts, so a phone number searched for never appears in a URL.
        posted = QueueFilterForm(request.POST, regions=regions)
        cleaned = posted.cleaned_data if posted.is_valid() else {}
        return _search_redirect(request, reverse("orders:workbench"), cleaned, "q")
    form = QueueFilterForm(_with_search_text(request, "q"), regions=regions)
    data = form.cleaned_data if form.is_valid() else {}
    overdue = {"1": True, "0": False}.get(data.get("overdue", ""))
    filters: dict[str, Any] = {
        "actor": actor,
        "size": PAGE_SIZE,
        "statuses": form.statuses() if data else tuple(OPEN_STATUSES),
        "region_code": _region_filter(actor, data.get("region", "")),
        "overdue": overdue,
        "search": (data.get("q") or "").strip(),
        "with_actor": data.get("whose") != QueueFilterForm.WHOLE_JURISDICTION,
        "language": data.get("language") or None,
    }
    try:
        page = selectors.order_page_for_actor(cursor=request.GET.get("cursor"), **filters)
    except BadCursor:  # a link changed by hand or cut short: the first page
        page = selectors.order_page_for_actor(cursor=None, **filters)
    now = page.now  # the instant the list's order was judged at: its marks agree with it
    supervised = selectors.order_ids_under_supervision([order.pk for order in page.rows])
    can_accept = policy.has_action(actor, "order.handle")
    can_transfer = policy.has_action(actor, "order.transfer")
    # A select box only where a bulk action applies to the order now (as the order page would offer it).
    bulk = {BulkForm.ACCEPT} if can_accept else set()
    bulk |= {BulkForm.TRANSFER} if can_transfer else set()
    rows = [
        (
            order,
            urgency_of(order, now, supervised=order.pk in supervised),
            not policy.order_is_with(actor, order),
        )
        for order in page.rows
    ]
    selectable = {
        order.tracking_no
        for order in page.rows
        if any(workflow.action_in_bulk(order.workflow, a) and action_allowed(actor, order, a) for a in bulk)
    }
    query = request.GET.copy()
    query.pop("cursor", None)
    return render(
        request,
        "orders/workbench.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "bulk_results": request.session.pop(_BULK_SESSION_KEY, None),
            "can_accept": can_accept,
            "selectable": selectable,
            "filters_set": sum(
                bool(data.get(name)) for name in ("whose", "status", "region", "language", "overdue")
            ),
            "can_transfer": can_transfer,
        },
    )


@staff_required
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    """Accept or transfer several orders at once. Each goes through the service on its own, so one
    refusal does not undo the others; the page reports per order what happened and why."""
    actor = _staff(request)
    needed = _BULK_ACTIONS.get(request.POST.get("action", ""))
    if needed:  # an unknown action is the form's error below
        _require(actor, needed)
    posted = request.POST.getlist("orders")[:BULK_MAX]
    transferring = request.POST.get("action") == BulkForm.TRANSFER
    # The places to transfer to are read here, for a transfer only: at province level they take most of
    # a second to gather, which every queue page paid while it carried them in a select box.
    targets = transfer_targets(actor, actor.jurisdiction_region) if transferring else []
    form = BulkForm(request.POST, order_choices=posted, targets=targets)
    valid = form.is_valid()
    if transferring and "orders" not in form.errors:
        if "target" not in request.POST:  # from the queue's button: ask where to, and why
            form = BulkForm(initial={"action": BulkForm.TRANSFER}, order_choices=posted, targets=targets)
            return _bulk_transfer_page(request, form, posted)
        if not valid:  # the page again, its fields naming what is missing
            return _bulk_transfer_page(request, form, posted)
    if not valid:
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, cast(str, error))  # an ErrorList yields its messages
        return redirect(_workbench_url(request))
    action = form.cleaned_data["action"]
    kwargs: dict[str, Any] = {}
    if action == BulkForm.TRANSFER:
        kwargs = {
            "reason": form.cleaned_data["reason"].strip(),
            **_transfer_kwargs(form.cleaned_data["target"]),
        }
    results = []
    for tracking_no in form.cleaned_data["orders"]:
        try:
            order = selectors.order_get_for_actor(actor=actor, tracking_no=tracking_no)
            if not workflow.action_in_bulk(order.workflow, action):
                # The workflow decides this one order at a time (Workflow.action_views, docs/adr/0019).
                results.append(
                    {
                        "tracking_no": tracking_no,
                        "ok": False,
                        "message": _("“%(action)s” is decided one order at a time: open the order.")
                        % {"action": workflow.action_label(order.workflow, action)},
                    }
                )
                continue
            services.order_transition(actor=actor, order=order, action=action, **kwargs)
        except DomainError as exc:
            results.append({"tracking_no": tracking_no, "ok": False, "message": explain(exc)})
        else:
            results.append(
                {"tracking_no": tracking_no, "ok": True, "message": pgettext("bulk action result", "Done")}
            )
    # A ChoiceField keeps its choices as the list of (value, label) pairs declared on BulkForm.
    action_choices = cast(list[tuple[str, Any]], cast(ChoiceField, BulkForm.base_fields["action"]).choices)
    request.session[_BULK_SESSION_KEY] = {
        "action": str(dict(action_choices)[action]),
        "succeeded": sum(r["ok"] for r in results),
        "failed": sum(not r["ok"] for r in results),
        "results": results,
    }
    return redirect(_workbench_url(request))


# The policy action each bulk action needs (the steps' own, see fawang.orders.transitions).
_BULK_ACTIONS = {BulkForm.ACCEPT: "order.handle", BulkForm.TRANSFER: "order.transfer"}


def _require(actor: User, action: str) -> None:
    """A page whose every use needs `action` (policy.ROLE_TABLE): refused as a whole to other roles."""
    if not policy.has_action(actor, action):
        raise PermissionDenied(_("Your role does not allow this action."))


def _bulk_transfer_page(request: HttpRequest, form: BulkForm, tracking_nos: list[str]) -> HttpResponse:
    return render(
        request,
        "orders/bulk_transfer.html",
        {"form": form, "tracking_nos": tracking_nos, "back": _workbench_url(request)},
        status=400 if form.is_bound else 200,
    )


def _workbench_url(request: HttpRequest) -> str:
    back = request.POST.get("next", "")
    base = reverse("orders:workbench")
    return back if back.startswith(base) else base


# ---- order page --------------------------------------------------------------------------------------

# The form of each kind of action (what a person gives for it: workflow.ActionSpec.takes).
_FORMS_BY_TAKES: dict[tuple[str, ...], type] = {
    (): OptionalReasonForm,
    ("resolution",): ResolveForm,
    ("transfer",): TransferForm,
}


def _form_class(order: ServiceOrder, action: str) -> type:
    spec = workflow.action_spec(action)
    takes = spec.takes if spec else ("reason",)
    if takes == ("reason",):
        step = engine.step_of(order, action)
        return ReasonForm if step is None or step.reason_required else OptionalReasonForm
    return _FORMS_BY_TAKES.get(takes, ReasonForm)


def allowed_actions(actor: Any, order: ServiceOrder) -> list[str]:
    """The actions this actor may take on this order now, in the registry's button order. Both halves
    come from the orders app: the order's workflow (status and stage → steps, with the policy action
    each needs) and the jurisdiction check of `policy.can_act_on_order`, as the engine enforces them."""
    steps = {s.action: s for s in workflow.steps_from(order.workflow, order.status, order.stage)}
    return [action for action in workflow.action_names() if _step_allowed(actor, order, steps.get(action))]


def action_allowed(actor: Any, order: ServiceOrder, action: str) -> bool:
    """`action in allowed_actions(actor, order)`, checking only that action's policy (the queue asks
    this of each row for its bulk actions alone)."""
    if action not in workflow.action_names():
        return False
    step = next(
        (s for s in workflow.steps_from(order.workflow, order.status, order.stage) if s.action == action),
        None,
    )
    return _step_allowed(actor, order, step)


def _step_allowed(actor: Any, order: ServiceOrder, step: workflow.Step | None) -> bool:
    return step is not None and any(policy.can_act_on_order(actor, p, order) for p in step.policy)


def _role_may(actor: Any, order: ServiceOrder, action: str) -> bool:
    """May this actor's role ever take `action` on an order they can see, in some status? Whether the
    order sits with their place now is the service's check, which says where it went."""
    needed = {p for step in workflow.steps_with_action(action) for p in step.policy}
    return policy.can_see_order(actor, order) and any(policy.has_action(actor, p) for p in needed)


def _action_form(
    order: ServiceOrder, action: str, data: Any = None, *, targets: list[tuple[str, str]]
) -> Any:
    form_class = _form_class(order, action)
    prefix = f"act-{action}"
    if form_class is TransferForm:
        return TransferForm(data, targets=targets, prefix=prefix)
    return form_class(data, prefix=prefix)


def _action_label(order: ServiceOrder, action: str) -> Any:
    return workflow.action_label(order.workflow, action)  # the workflow's own label when it has one


def _render_order(
    request: HttpRequest,
    order: ServiceOrder,
    *,
    bound: dict[str, Any] | None = None,
    revealed: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = _staff(request)
    actions = allowed_actions(actor, order)
    bound = bound or {}
    # A transfer is chosen on its own page (`order_transfer`): the places it may go to are many
    # (hundreds at province level) and read only there, not on every view of the order.
    forms = [
        {
            "action": action,
            "label": _action_label(order, action),
            "page": reverse("orders:order_transfer", args=[order.tracking_no])
            if action == TransitionAction.TRANSFER
            else "",
            "form": None
            if action == TransitionAction.TRANSFER
            else bound.get(action) or _action_form(order, action, targets=[]),
            # allowed_actions names only registered actions, so each has its spec
            "bare": cast(workflow.ActionSpec, workflow.action_spec(action)).bare,
        }
        for action in actions
    ]
    can_supervise = policy.can_act_on_order(actor, "order.supervise", order) and order.is_open
    supervisions = _supervisions_of(actor, order, bound)
    # list[Any]: each event gets its labels for the template below (kind_label, from_label, to_label)
    timeline: list[Any] = selectors.order_timeline(order=order, public_only=False)
    clocks = list(order.clocks.order_by("started_at", "pk"))
    for event in timeline:
        event.kind_label = workflow.event_label(event.kind)
        event.note = workflow.event_note(event.kind, event.data)  # e.g. a refusal's right to object
        # The statuses are shown by their labels: the stored values are English code words.
        event.from_label = _status_label(event.from_status)
        event.to_label = _status_label(event.to_status)
    context = {
        "order": order,
        "elsewhere": order.is_open and not policy.order_is_with(actor, order),
        "urgency": urgency_of(
            order, timezone.now(), supervised=any(s.status == SupervisionStatus.OPEN for s in supervisions)
        ),
        "timeline": timeline,
        "masked_id_number": mask_resident_id(order.applicant_id_number),
        "language_label": Language(order.language).label
        if order.language in Language.values
        else order.language,
        "priority_labels": [
            PriorityGroup(g).label if g in PriorityGroup.values else g for g in order.priority_groups or ()
        ],
        "attachments": list(order.attachments.all()),
        "action_forms": forms,
        "can_reveal": policy.has_action(actor, "personal_data.reveal"),
        "revealed": revealed,
        "can_supervise": can_supervise,
        "supervision_form": bound.get("supervise") or SupervisionForm(prefix="supervise"),
        "supervisions": supervisions,
        "open_manual_supervision": next(
            (
                s
                for s in supervisions
                if s.kind == SupervisionKind.MANUAL and s.status == SupervisionStatus.OPEN
            ),
            None,
        ),
        "clocks": clocks,
        "paused_clocks": any(c.paused_at and not c.stopped_at for c in clocks),
        "stage_label": workflow.stage_label(order.workflow, order.stage),
        # A Tibetan or Yi order at a place where nobody speaks it: the page says so and offers the
        # interpreter route (the 12348 hotline's interpreting, or a transfer to a place with a speaker).
        "no_speaker": order.is_open
        and order.language in ("bo", "ii")
        and not routing.order_has_speaker(order),
        "description_lang": {"bo": "bo", "ii": "ii", "en": "en"}.get(order.language, "zh-Hans"),
        **_module_panel(order),
    }
    response = render(request, "orders/order_detail.html", context, status=status)
    if revealed:
        response["Cache-Control"] = "no-store"  # full personal numbers must not sit in a cache
    return response


def _module_panel(order: ServiceOrder) -> dict[str, Any]:
    """The service module's own panel on the order page, with its detail row (one-to-one with the
    order), as its workflow declares them."""
    flow = workflow.workflow_get(order.workflow)
    if not flow.panel_template:
        return {}
    detail = None
    if flow.detail_model:
        from django.apps import apps

        detail = apps.get_model(flow.detail_model).objects.filter(order=order).first()
    return {"module_panel": flow.panel_template, "detail": detail}


def _answer_prefix(supervision: Any) -> str:
    return f"answer-{supervision.pk}"


def _supervisions_of(actor: Any, order: ServiceOrder, bound: dict[str, Any]) -> list[Any]:
    """The order's supervision orders, newest first. An open one the actor may answer carries its
    answer form (`answer_form`); whether they may is the same check `supervision_answer` makes."""
    supervisions: list[Any] = list(  # Any: each gets its answer_form for the template
        order.supervisions.select_related("issued_by", "answered_by", "issued_to_region").order_by("-pk")
    )
    for supervision in supervisions:
        supervision.answer_form = None
        if supervision.status == SupervisionStatus.OPEN and selectors.supervision_may_answer(
            actor, supervision
        ):
            prefix = _answer_prefix(supervision)
            supervision.answer_form = bound.get(prefix) or SupervisionAnswerForm(prefix=prefix)
    return supervisions


@staff_required
@require_GET
def order_detail(request: HttpRequest, tracking_no: str) -> HttpResponse:
    order = _get_order(request, tracking_no)
    return _render_order(request, order)


@staff_required
@require_POST
def order_action(request: HttpRequest, tracking_no: str, action: str) -> HttpResponse:
    actor = _staff(request)
    order = _get_order(request, tracking_no)
    spec = workflow.action_spec(action)
    if spec is None or not spec.offered:
        raise Http404
    if not _role_may(actor, order, action):
        # A forged POST: no button for this action is ever shown to this actor on this order.
        raise PermissionDenied(_("This action is not available to you on this order."))
    # A stale one (the order moved on since the page was drawn) goes to the service, which refuses it
    # with a message that says what happened, e.g. who accepted the order first.
    transferring = action == TransitionAction.TRANSFER
    targets = transfer_targets(actor, order.region) if transferring else []
    form = _action_form(order, action, request.POST, targets=targets)
    if not form.is_valid():
        if transferring:  # what is missing is named on the transfer page itself
            return _transfer_page(request, order, form)
        return _render_order(request, order, bound={action: form}, status=422)
    kwargs = dict(form.cleaned_data)
    if spec.bare:
        kwargs = {}
    elif action == TransitionAction.TRANSFER:
        kwargs = {"reason": kwargs["reason"], **_transfer_kwargs(kwargs["target"])}
    try:
        services.order_transition(actor=actor, order=order, action=action, **kwargs)
    except ValidationFailed as exc:
        add_domain_error(form, exc, {"to_point": "target", "to_institution": "target"})
        if transferring:
            return _transfer_page(request, order, form)
        return _render_order(request, order, bound={action: form}, status=422)
    except DomainError as exc:  # Conflict (another clerk acted first) or a refused transition
        messages.error(request, explain(exc))
        return redirect("orders:order_detail", tracking_no=order.tracking_no)
    messages.success(
        request,
        _("%(action)s: done for %(tracking_no)s.")
        % {"action": _action_label(order, action), "tracking_no": order.tracking_no},
    )
    return redirect("orders:order_detail", tracking_no=order.tracking_no)


def _transfer_page(request: HttpRequest, order: ServiceOrder, form: TransferForm) -> HttpResponse:
    """Where to and why: the places the order may go to, read here only. It posts to the order's
    transfer action (`order_action`); a refused form comes back here, each error on its field (400)."""
    return render(
        request,
        "orders/order_transfer.html",
        {"order": order, "form": form, "label": _action_label(order, TransitionAction.TRANSFER)},
        status=400 if form.is_bound else 200,
    )


@staff_required
@require_GET
def order_transfer(request: HttpRequest, tracking_no: str) -> HttpResponse:
    """The order page's "Transfer…": the transfer form of one order (the same policy check as the
    transfer itself: a role that may never transfer this order is refused the page)."""
    actor = _staff(request)
    order = _get_order(request, tracking_no)
    if not _role_may(actor, order, TransitionAction.TRANSFER):
        raise PermissionDenied(_("This action is not available to you on this order."))
    targets = transfer_targets(actor, order.region)
    return _transfer_page(
        request, order, TransferForm(targets=targets, prefix=f"act-{TransitionAction.TRANSFER}")
    )


@staff_required
@require_POST
def order_reveal(request: HttpRequest, tracking_no: str) -> HttpResponse:
    """Show the full phone and ID number once, for roles that need them; the reveal is audited by the
    accounts service. The answer is the page itself (not a redirect) so the numbers never travel
    through the session."""
    from fawang.accounts.services import personal_data_reveal

    order = _get_order(request, tracking_no)
    fields = ["applicant_phone"] + (["applicant_id_number"] if order.applicant_id_number_index else [])
    try:
        revealed = {
            field: personal_data_reveal(actor=_staff(request), obj=order, field=field) for field in fields
        }
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("orders:order_detail", tracking_no=order.tracking_no)
    return _render_order(request, order, revealed=revealed)


# Offices close at 17:30 (network.enums.Shift): a deadline "by 3 June" means by the end of that day.
_OFFICE_CLOSE = dt.time(17, 30)


def _end_of_working_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, _OFFICE_CLOSE))


@staff_required
@require_POST
def order_supervise(request: HttpRequest, tracking_no: str) -> HttpResponse:
    actor = _staff(request)
    order = _get_order(request, tracking_no)
    if not policy.can_act_on_order(actor, "order.supervise", order):
        raise PermissionDenied(_("Only supervisors issue supervision orders."))
    form = SupervisionForm(request.POST, prefix="supervise")
    if not form.is_valid():
        return _render_order(request, order, bound={"supervise": form}, status=422)
    try:
        services.supervision_issue(
            actor=actor,
            order=order,
            deadline=_end_of_working_day(form.cleaned_data["deadline"]),
            reason=form.cleaned_data["reason"],
        )
    except ValidationFailed as exc:
        add_domain_error(form, exc)
        return _render_order(request, order, bound={"supervise": form}, status=422)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("orders:order_detail", tracking_no=order.tracking_no)
    messages.success(request, _("Supervision order issued."))
    return redirect("orders:order_detail", tracking_no=order.tracking_no)


@staff_required
@require_POST
def order_supervision_answer(request: HttpRequest, tracking_no: str, supervision_id: int) -> HttpResponse:
    """督办回复: the handler's region answers a supervision order in writing, from the order page."""
    actor = _staff(request)
    order = _get_order(request, tracking_no)
    supervision = order.supervisions.select_related("issued_to_region").filter(pk=supervision_id).first()
    if supervision is None:
        raise Http404(_("No such supervision order."))
    if not selectors.supervision_may_answer(actor, supervision):
        # A forged POST: the page never offers this form to this actor.
        raise PermissionDenied(_("This supervision order is answered by the region it was issued to."))
    prefix = _answer_prefix(supervision)
    form = SupervisionAnswerForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _render_order(request, order, bound={prefix: form}, status=422)
    try:
        services.supervision_answer(
            actor=actor, supervision=supervision, response=form.cleaned_data["response"]
        )
    except ValidationFailed as exc:
        add_domain_error(form, exc)
        return _render_order(request, order, bound={prefix: form}, status=422)
    except DomainError as exc:  # answered meanwhile by a colleague, or escalated by the sweep
        messages.error(request, explain(exc))
        return redirect("orders:order_detail", tracking_no=order.tracking_no)
    messages.success(request, _("Answer to the supervision order sent."))
    return redirect("orders:order_detail", tracking_no=order.tracking_no)


# ---- intake: hotline console and window --------------------------------------------------------------


def _require_intake(actor: Any) -> None:
    if not policy.has_action(actor, "order.create"):
        raise PermissionDenied(_("Your role does not take in new orders."))


def _initial_region(actor: Any) -> dict[str, str]:
    """Start the region picker at the actor's own county (a window clerk mostly serves neighbours)."""
    region = actor.jurisdiction_region
    if region is None:
        return {}
    if region.level == "county":
        return {"region": region.code}
    if region.level == "township" and region.parent_id:
        return {"region": region.parent_id, "township": region.code}
    return {}


def _caller_initial(earlier: list[ServiceOrder] | None) -> dict[str, Any]:
    """What a returning caller told us last time (name, kind, language, where they live): the agent
    confirms it on the phone instead of asking again."""
    if not earlier:
        return {}
    last = earlier[0]  # newest first
    initial: dict[str, Any] = {
        "applicant_name": last.applicant_name,
        "applicant_kind": last.applicant_kind,
        "language": last.language,
    }
    codes = last.region_path.rstrip("/").split("/")  # province, prefecture, county, township, village
    if len(codes) > 2:
        initial["region"] = codes[2]
    if len(codes) > 3:
        initial["township"] = codes[3]
    return initial


@staff_required
@require_http_methods(["GET", "POST"])
def hotline_console(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    _require_intake(actor)
    # The lookup form posts to hotline_lookup, which redirects here with a token for the number.
    lookup = PhoneLookupForm(_with_search_text(request, "phone"))
    earlier: list[ServiceOrder] | None = None
    phone = ""
    if lookup.is_bound and lookup.is_valid():
        phone = lookup.cleaned_data["phone"].strip()
        try:
            earlier = list(
                selectors.orders_by_phone(actor=actor, phone=phone).select_related(
                    "service_item", "region", "assigned_point", "assigned_institution"
                )[:50]
            )
        except DomainError as exc:
            lookup.add_error("phone", str(exc.message))
    reading_text = ""
    checking = request.method == "POST" and request.POST.get("action") == "check_question"
    if checking:
        # "Check the question": the form again as typed, nothing checked or saved, with the reading of
        # the caller's words beside it (knowledge's template tag; issue 13).
        form = HotlineIntakeForm(initial=request.POST.dict())
        form.initial["priority_groups"] = request.POST.getlist("priority_groups")
        reading_text = request.POST.get("description", "")
    elif request.method == "POST":
        form = HotlineIntakeForm(request.POST)
        if form.is_valid():
            try:
                with _channel_meta(request, Channel.HOTLINE):
                    order = services.order_submit(
                        actor=actor, channel=Channel.HOTLINE, **form.service_kwargs()
                    )
            except DomainError as exc:
                add_domain_error(form, exc, {"resolved_at_first_contact": "answer", "township": "township"})
            else:
                if order.resolved_at_first_contact:
                    messages.success(
                        request,
                        _("Call recorded as answered on the spot: %(tracking_no)s.")
                        % {"tracking_no": order.tracking_no},
                    )
                else:
                    messages.success(
                        request,
                        _("Order %(tracking_no)s created and dispatched to %(place)s.")
                        % {"tracking_no": order.tracking_no, "place": _assignee_name(order)},
                    )
                return redirect("orders:order_detail", tracking_no=order.tracking_no)
    else:
        form = HotlineIntakeForm(initial={"applicant_phone": phone, **_caller_initial(earlier)})
    # Checking the question refuses nothing, even with no words yet; only a refused intake is a 422.
    status = 422 if request.method == "POST" and not checking else 200
    return render(
        request,
        "orders/hotline.html",
        {
            "lookup": lookup,
            "earlier": earlier,
            "phone": phone,
            "form": form,
            "reading_text": reading_text,
        },
        status=status,
    )


@staff_required
@require_POST
def hotline_lookup(request: HttpRequest) -> HttpResponse:
    """The caller lookup, posted so the number never appears in a URL (the access log, the history)."""
    _require_intake(_staff(request))
    lookup = PhoneLookupForm(request.POST)
    data = lookup.cleaned_data if lookup.is_valid() else {"phone": request.POST.get("phone", "")[:32]}
    return _search_redirect(request, reverse("orders:hotline"), data, "phone")


def _assignee_name(order: ServiceOrder) -> str:
    place = order.assigned_place
    return str(place) if place else _("(not yet assigned)")


@staff_required
@require_http_methods(["GET", "POST"])
def window_intake(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    _require_intake(actor)
    if request.method == "POST":
        form = WindowIntakeForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                with _channel_meta(request, Channel.WINDOW):
                    order = services.order_submit(
                        actor=actor, channel=Channel.WINDOW, **form.service_kwargs()
                    )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request, _("Order %(tracking_no)s received.") % {"tracking_no": order.tracking_no}
                )
                return redirect("orders:receipt", tracking_no=order.tracking_no)
        return render(request, "orders/window.html", {"form": form}, status=422)
    form = WindowIntakeForm(initial=_initial_region(actor))
    return render(request, "orders/window.html", {"form": form})


@staff_required
@require_GET
def order_receipt(request: HttpRequest, tracking_no: str) -> HttpResponse:
    """The printable slip handed to the walk-in applicant: tracking number and how to follow it."""
    order = _get_order(request, tracking_no)
    try:
        track_url = request.build_absolute_uri(reverse("web:track"))
    except NoReverseMatch:  # the public tracking page is another app's; the slip works without it
        track_url = ""
    return render(request, "orders/receipt.html", {"order": order, "track_url": track_url})


# ---- figures -----------------------------------------------------------------------------------------


@staff_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """The analyst's landing page until the insight module exists: counts of the jurisdiction's orders
    by region, service, channel and status, and the on-time rate with its formula. No order, no name."""
    actor = _staff(request)
    _require(actor, "insight.view")
    with reading_replica():  # counts that tolerate the replica's lag (docs/adr/0015)
        figures = selectors.order_figures(actor=actor)
    return render(
        request,
        "orders/figures.html",
        {
            "figures": figures,
            "on_time_formula": selectors.ON_TIME_FORMULA,
        },
    )
