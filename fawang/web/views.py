"""The shell pages: citizen home, service catalog, sign-in for staff and citizens, staff landing.
Views are thin: they read through selectors, write through services, and turn DomainErrors into
field errors on the form."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fawang.core.errors import DomainError
from fawang.core.ratelimit import PHONE_CHECK_WINDOW_SECONDS
from fawang.ui.forms import add_domain_error

from .context_processors import resolve_first, staff_nav_items
from .forms import (
    ApplicantStepForm,
    ApplyForm,
    CitizenCodeForm,
    CitizenPhoneForm,
    EvaluationForm,
    MaterialsForm,
    RatingForm,
    StaffLoginForm,
    TrackForm,
)

CITIZEN_PHONE_SESSION_KEY = "web_citizen_login_phone"


def active_service_items():
    from fawang.catalog.models import ServiceItem, offered_items

    return ServiceItem.objects.filter(offered_items()).order_by("sort_order", "code")


def home(request: HttpRequest) -> HttpResponse:
    from fawang.catalog.selectors import life_events_active

    return render(
        request,
        "web/home.html",
        {
            "service_items": active_service_items(),
            "life_events": _by_audience(life_events_active()),
            "track_form": TrackForm(),
            "apply_url": _apply_url(),
        },
    )


def _by_audience(events) -> list[tuple[str, list]]:
    """Life events grouped under their audience's heading (persons, then enterprises)."""
    from fawang.catalog.enums import LifeEventAudience

    groups: dict[str, list] = {value: [] for value in LifeEventAudience.values}
    for event in events:
        groups[event.audience].append(event)
    return [(LifeEventAudience(a).label, group) for a, group in groups.items() if group]


def life_events(request: HttpRequest) -> HttpResponse:
    """人生大事: the moments of a person's or an enterprise's life (plan §4), each leading to the
    services that matter then."""
    from fawang.catalog.selectors import life_events_active

    return render(request, "web/life_events.html", {"groups": _by_audience(life_events_active())})


def life_event(request: HttpRequest, code: str) -> HttpResponse:
    """One life event and its service items, one line each, each leading to the item's page."""
    from django.http import Http404

    from fawang.catalog.selectors import life_event_get, life_event_items

    try:
        event = life_event_get(code)
    except DomainError:
        raise Http404 from None
    return render(request, "web/life_event.html", {"event": event, "service_items": life_event_items(event)})


def service_item(request: HttpRequest, code: str) -> HttpResponse:
    """One service item as the citizen meets it: what to bring, how long it takes, what it costs, the
    law it rests on, where it is offered, and the way to apply."""
    from django.http import Http404

    from fawang.catalog.selectors import life_events_of_item, service_item_get

    try:
        item = service_item_get(code)
    except DomainError:
        raise Http404 from None
    return render(
        request,
        "web/service_item.html",
        {
            "item": item,
            "time_limits": list(item.time_limits.all()),
            "life_events": list(life_events_of_item(item)),
            "apply_url": _apply_url(),
        },
    )


def services(request: HttpRequest) -> HttpResponse:
    """办事: the service catalog, each item with its time limit and a link to apply."""
    return render(
        request, "web/services.html", {"service_items": active_service_items(), "apply_url": _apply_url()}
    )


def _apply_url() -> str | None:
    return resolve_first(("web:apply",))


class StaffLoginView(LoginView):
    template_name = "web/login.html"
    authentication_form = StaffLoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return (
            reverse("web:staff_home")
            if getattr(self.request.user, "kind", "") == "staff"
            else reverse("web:home")
        )

    def form_valid(self, form: StaffLoginForm) -> HttpResponse:
        from fawang.accounts.throttle import remember_device

        response = super().form_valid(form)
        # This browser is now one the account signs in from: a stranger guessing the account's
        # password elsewhere will not slow it down (ADR 0012).
        remember_device(self.request, response, form.get_user().get_username())
        return response


class StaffLogoutView(LogoutView):
    """Django's LogoutView answers only POST (a link or prefetch can't sign anyone out)."""

    next_page = "web:home"


def _safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@require_http_methods(["GET", "POST"])
def citizen_login(request: HttpRequest) -> HttpResponse:
    """Sign in with a mobile number and a one-time SMS code, in two steps on one page."""
    from fawang.accounts import services as account_services

    phone = request.session.get(CITIZEN_PHONE_SESSION_KEY, "")
    step = "code" if phone and request.GET.get("step") != "phone" else "phone"
    phone_form = CitizenPhoneForm(initial={"phone": phone})
    code_form = CitizenCodeForm()
    if request.method == "POST" and request.POST.get("action") == "request_code":
        phone_form = CitizenPhoneForm(request.POST)
        step = "phone"
        if phone_form.is_valid():
            try:
                account_services.citizen_request_code(phone=phone_form.cleaned_data["phone"])
            except DomainError as exc:
                add_domain_error(phone_form, exc)
            else:
                request.session[CITIZEN_PHONE_SESSION_KEY] = phone_form.cleaned_data["phone"]
                messages.info(request, _("A verification code was sent to your mobile phone."))
                next_url = _safe_next(request, "")
                target = reverse("web:citizen_login")
                return redirect(f"{target}?next={next_url}" if next_url else target)
    elif request.method == "POST" and request.POST.get("action") == "verify":
        code_form = CitizenCodeForm(request.POST)
        step = "code"
        if not phone:
            step = "phone"
            phone_form.add_error("phone", _("Enter your mobile number first."))
        elif code_form.is_valid():
            try:
                user = account_services.citizen_verify_code(phone=phone, code=code_form.cleaned_data["code"])
            except DomainError as exc:
                add_domain_error(code_form, exc)
            else:
                request.session.pop(CITIZEN_PHONE_SESSION_KEY, None)
                login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
                return redirect(_safe_next(request, reverse("web:home")))
    from fawang.core.identity import mask_mobile
    from fawang.notify.services import demo_login_code

    return render(
        request,
        "web/citizen_login.html",
        {
            "step": step,
            # Only with an SMS backend that sends nothing (a demo): the code is shown where it is asked for.
            "demo_code": demo_login_code(phone=phone) if step == "code" and phone else None,
            "phone_form": phone_form,
            "code_form": code_form,
            "masked_phone": mask_mobile(phone),
            "next": _safe_next(request, ""),
        },
    )


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """Staff land on the first page of their navigation (the workbench; an analyst's figures);
    citizens go to their home."""
    if getattr(request.user, "kind", "") != "staff":
        return redirect("web:home")
    items = staff_nav_items(request)
    landing = items[0]["url"] if items else None
    if landing and landing != request.path:
        return redirect(landing)
    return render(request, "web/staff_home.html")


def _citizen_or_none(request: HttpRequest):
    user = request.user
    return user if user.is_authenticated and getattr(user, "kind", "") == "citizen" else None


@login_required
def my_messages(request: HttpRequest) -> HttpResponse:
    """我的消息: the notices about the citizen's orders (notify's inbox: addressed to the account, or to
    the verified phone for orders made without one), newest first."""
    from fawang.notify.selectors import inbox_for_user

    citizen = _citizen_or_none(request)
    if citizen is None:
        return redirect("web:staff_home")
    notices = list(inbox_for_user(citizen)[:100])
    return render(request, "web/messages.html", {"notices": notices})


@login_required
def my_orders(request: HttpRequest) -> HttpResponse:
    """我的工单: every order of the signed-in citizen with its status, step, due date and what is open
    to them (send the materials asked for, rate a resolved one)."""
    from fawang.orders.selectors import orders_of_applicant

    citizen = _citizen_or_none(request)
    if citizen is None:
        return redirect("web:staff_home")
    orders = list(orders_of_applicant(actor=citizen)[:200])
    for order in orders:
        _describe_for_applicant(order)
        # The workflow's steps open to the applicant (an objection to a refusal ...): a link to each.
        order.step_links = [
            {"action": s["action"], "label": s["label"], "anchor": s["prefix"]}
            for s in _applicant_step_forms(citizen, order).values()
        ]
    return render(request, "web/my_orders.html", {"orders": orders})


def _describe_for_applicant(order) -> None:
    """The step the order is in and the action open to the applicant, for the templates."""
    from fawang.orders.enums import OrderStatus
    from fawang.orders.workflow import stage_label

    order.stage_text = stage_label(order.workflow, order.stage)
    order.applicant_action = {
        OrderStatus.SUSPENDED: "materials",
        OrderStatus.RESOLVED: "rate" if _evaluation_available() else "",
    }.get(order.status, "")


@require_http_methods(["GET", "POST"])
@login_required
def my_order(request: HttpRequest, tracking_no: str) -> HttpResponse:
    """One of the citizen's orders: its facts, public timeline and files, with the form of the action
    open to them. Another person's order is "not found"."""
    from django.http import Http404

    from fawang.orders.selectors import order_get_for_actor, order_timeline

    citizen = _citizen_or_none(request)
    if citizen is None:
        return redirect("web:staff_home")
    try:
        order = order_get_for_actor(actor=citizen, tracking_no=tracking_no)
    except DomainError:
        raise Http404 from None
    _describe_for_applicant(order)
    materials_form = MaterialsForm() if order.applicant_action == "materials" else None
    rating_form = RatingForm() if order.applicant_action == "rate" else None
    step_forms = _applicant_step_forms(citizen, order)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action in step_forms:
            step = step_forms[action]
            step["form"] = ApplicantStepForm(request.POST, prefix=step["prefix"], required=step["required"])
            if _take_step(citizen, order, action, step["form"]):
                messages.success(request, _("“%(action)s” is recorded.") % {"action": step["label"]})
                return redirect("web:my_order", tracking_no=order.tracking_no)
        elif action == "materials" and materials_form is not None:
            materials_form = MaterialsForm(request.POST, request.FILES)
            if _send_materials(citizen, order, materials_form):
                messages.success(request, _("Your materials were sent. The handler will check them."))
                return redirect("web:my_order", tracking_no=order.tracking_no)
        elif action == "rate" and rating_form is not None:
            rating_form = RatingForm(request.POST)
            if _rate(citizen, order, rating_form):
                messages.success(request, _("Thank you. Your rating has been recorded."))
                return redirect("web:my_order", tracking_no=order.tracking_no)
        else:
            messages.error(request, _("This action is not open for this order now."))
            return redirect("web:my_order", tracking_no=order.tracking_no)
        status = 400
    context = {
        "order": order,
        "events": _labelled(order_timeline(order=order, public_only=True)),
        "attachments": list(order.attachments.order_by("created_at", "id")),
        "materials_form": materials_form,
        "rating_form": rating_form,
        "step_forms": list(step_forms.values()),
    }
    return render(request, "web/my_order.html", context, status=status)


def _applicant_step_forms(citizen, order) -> dict[str, dict]:
    """The steps of the order's workflow its applicant may take now (`Step.applicant`, e.g. an
    objection to a refusal of legal aid), each with its label as the workflow names it and a form."""
    from fawang.orders.engine import applicant_steps
    from fawang.orders.workflow import action_label

    return {
        step.action: {
            "action": step.action,
            "label": action_label(order.workflow, step.action),
            "prefix": f"step-{step.action}",
            "required": step.reason_required,
            "form": ApplicantStepForm(prefix=f"step-{step.action}", required=step.reason_required),
        }
        for step in applicant_steps(citizen, order)
    }


def _take_step(citizen, order, action: str, form: ApplicantStepForm) -> bool:
    """Take the applicant's step through the workflow engine (audited there); a refusal names the
    field and the rule on the form, a step no longer open (the order moved on) says so."""
    from fawang.orders.engine import order_act

    if not form.is_valid():
        return False
    try:
        order_act(actor=citizen, order=order, action=action, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        add_domain_error(form, exc)
        return False
    return True


def _send_materials(citizen, order, form: MaterialsForm) -> bool:
    from fawang.orders.services import order_materials_send

    if not form.is_valid():
        return False
    try:
        order_materials_send(
            actor=citizen,
            order=order,
            files=form.cleaned_data["attachments"],
            note=form.cleaned_data.get("note", ""),
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return False
    return True


def _rate(citizen, order, form: RatingForm) -> bool:
    from fawang.feedback.services import evaluation_submit

    if not form.is_valid():
        return False
    try:
        # The phone proves an order made for it without an account is the citizen's (as on /track/).
        evaluation_submit(
            actor=citizen,
            order=order,
            level=form.cleaned_data["level"],
            comment=form.cleaned_data.get("comment", ""),
            channel="web",
            phone=citizen.phone,
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return False
    return True


# ---- Public tracking ---------------------------------------------------------------------------------


def _track_rate_limited(request: HttpRequest) -> bool:
    """Count this attempt; True when the address has used up its attempts for the window."""
    from fawang.core.context import client_ip
    from fawang.core.ratelimit import phone_check_exceeds_limit

    return phone_check_exceeds_limit(client_ip(request))


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """查询进度: tracking number + the applicant's phone, no login. Both must match; a mismatch and a
    missing order get the same answer so the page never confirms that someone else's order exists."""
    form = TrackForm(request.POST or None, initial={"tracking_no": request.GET.get("no", "")})
    context: dict = {"form": form}
    if request.method == "POST":
        if _track_rate_limited(request):
            context["rate_limited"] = True
            response = render(request, "web/track.html", context, status=429)
            response["Retry-After"] = str(PHONE_CHECK_WINDOW_SECONDS)
            return response
        if form.is_valid():
            order = _track_lookup(form)
            if order is None and not form.errors:
                form.add_error(
                    None, _("No service order matches this tracking number and mobile number. Check both.")
                )
            if order is not None:
                from fawang.orders.selectors import order_timeline

                context.update(order=order, events=_labelled(order_timeline(order=order, public_only=True)))
                context.update(_evaluation_context(request, order))
    return render(request, "web/track.html", context)


def _track_lookup(form: TrackForm):
    from fawang.orders.selectors import order_track_public

    try:
        from fawang.orders.tracking import normalise_tracking_number, tracking_number_is_valid
    except ImportError:  # the orders app's helpers are not there yet: pass the input as typed
        normalise_tracking_number, tracking_number_is_valid = (lambda v: v.strip().upper()), (lambda v: True)
    number = normalise_tracking_number(form.cleaned_data["tracking_no"])
    if not tracking_number_is_valid(number):
        form.add_error(
            "tracking_no",
            _("This tracking number is mistyped: its check digit does not match. Check it again."),
        )
        return None
    try:
        return order_track_public(tracking_no=number, phone=form.cleaned_data["phone"])
    except DomainError as exc:
        add_domain_error(form, exc)
        return None


def _evaluation_available() -> bool:
    try:
        from fawang.feedback.services import evaluation_submit  # noqa: F401
    except ImportError:
        return False
    return True


def _evaluation_context(request: HttpRequest, order, form: EvaluationForm | None = None) -> dict:
    """A resolved order gets the 好差评 form (five levels + comment) under its timeline."""
    from fawang.orders.enums import OrderStatus

    if not _evaluation_available():
        return {}
    if form is not None and form.errors:
        return {"evaluation_form": form}  # a refused rating is shown with its reason
    phone = request.POST.get("phone", "")
    if phone:
        # The applicant, or a dispute's other party following with their own phone (docs/adr/0029):
        # each rates the outcome once.
        from fawang.feedback.selectors import rating_offered

        if not rating_offered(order, phone):
            return {}
    elif order.status != OrderStatus.RESOLVED:
        return {}
    if form is None:
        form = EvaluationForm(
            initial={"tracking_no": order.tracking_no, "phone": request.POST.get("phone", "")}
        )
    return {"evaluation_form": form}


@require_http_methods(["POST"])
def track_evaluate(request: HttpRequest) -> HttpResponse:
    """Rate a resolved order from the tracking page. The number and phone are checked again."""
    from fawang.feedback.services import evaluation_submit

    if _track_rate_limited(request):
        response = render(request, "web/track.html", {"form": TrackForm(), "rate_limited": True}, status=429)
        response["Retry-After"] = str(PHONE_CHECK_WINDOW_SECONDS)
        return response
    form = EvaluationForm(request.POST)
    track_form = TrackForm(
        {"tracking_no": request.POST.get("tracking_no", ""), "phone": request.POST.get("phone", "")}
    )
    order = _track_lookup(track_form) if track_form.is_valid() else None
    if order is None:
        if not track_form.errors:
            track_form.add_error(
                None, _("No service order matches this tracking number and mobile number. Check both.")
            )
        return render(request, "web/track.html", {"form": track_form}, status=404)
    if form.is_valid():
        actor = request.user if getattr(request.user, "kind", "") == "citizen" else None
        try:
            evaluation_submit(
                actor=actor,
                order=order,
                level=form.cleaned_data["level"],
                comment=form.cleaned_data.get("comment", ""),
                channel="web",
                phone=track_form.cleaned_data["phone"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            order.refresh_from_db()
            messages.success(request, _("Thank you. Your rating has been recorded."))
            form = None
    from fawang.orders.selectors import order_timeline

    context = {
        "form": track_form,
        "order": order,
        "events": _labelled(order_timeline(order=order, public_only=True)),
    }
    if form is not None:
        context.update(_evaluation_context(request, order, form))
    return render(request, "web/track.html", context)


def _labelled(events: list) -> list:
    """Give each timeline event its human label (EventKind) and the note the applicant reads under it
    (never the routing reason written for staff: fawang.orders.reasons.applicant_note)."""
    from fawang.orders.reasons import applicant_note
    from fawang.orders.workflow import event_label, event_note

    for event in events:
        event.label = event_label(event.kind)  # in the reader's language, or marked Chinese
        event.note = applicant_note(event.kind, event.reason, event.data)
        event.module_note = event_note(event.kind, event.data)  # the workflow's, e.g. a right to object
    return events


# ---- Citizen application (办事 → apply) ----------------------------------------------------------------

SUBMITTED_SESSION_KEY = "web_submitted_orders"


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """The application form. `action=pick_region` re-renders with the chosen region's children (the
    picker without JavaScript); `action=submit` hands everything to order_submit, which checks every
    field and saves nothing unless all are right. Files uploaded with a form that comes back (an error,
    the region picker) are kept and listed, so nobody has to choose them again."""
    from fawang.orders.services import order_submit
    from fawang.orders.services.attachments import (
        pending_attachments_discard,
        pending_attachments_from_token,
        pending_attachments_open,
    )

    user = request.user if request.user.is_authenticated else None
    citizen = user if getattr(user, "kind", "") == "citizen" else None
    if request.method != "POST":
        item = request.GET.get("item", "")
        draft = _apply_draft(citizen) if not item else None
        if draft is not None:
            return render(request, "web/apply.html", {"form": draft[0], "draft": draft[1], "can_draft": True})
        form = ApplyForm(initial={"service_item": item} if item else {}, user=user)
        return render(request, "web/apply.html", {"form": form, "can_draft": citizen is not None})
    if request.POST.get("action") in ("save_draft", "discard_draft"):
        if citizen is None:  # a draft is kept for a citizen account: sign in first
            return redirect(f"{reverse('web:citizen_login')}?next={reverse('web:apply')}")
        return _apply_draft_action(request, citizen)

    kept = pending_attachments_from_token(request.POST.get("kept_attachments", ""))
    removed = set(request.POST.getlist("remove_kept"))
    pending_attachments_discard([k for k in kept if k.key in removed])
    kept = [k for k in kept if k.key not in removed]
    form = ApplyForm(request.POST, request.FILES, user=user)
    if request.POST.get("action") in ("pick_region", "check_question"):
        # The region picker and "check my question" (issue 13: the reading of the question before it
        # is sent, knowledge's template tag) re-render the form as typed, nothing checked or saved.
        form = ApplyForm(initial=request.POST.dict(), user=user)
        form.initial["priority_groups"] = request.POST.getlist("priority_groups")
        reading = (
            request.POST.get("description", "") if request.POST.get("action") == "check_question" else ""
        )
        return _apply_again(request, form, kept, request.FILES.getlist("attachments"), reading=reading)
    if not form.is_valid():
        return _apply_again(request, form, kept, request.FILES.getlist("attachments"))
    kwargs = form.service_kwargs()
    named = bool(kwargs["applicant_name"].strip() or citizen)
    opened = pending_attachments_open(kept)
    try:
        order = order_submit(
            actor=user,
            channel="web",
            applicant_kind="citizen" if named else "anonymous",
            applicant=citizen,
            **{**kwargs, "attachments": [*opened, *kwargs["attachments"]]},
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return _apply_again(request, form, kept, kwargs["attachments"])
    finally:
        for handle in opened:
            handle.close()
    pending_attachments_discard(kept)
    from fawang.legalaid.drafts import draft_discard

    draft_discard(citizen=citizen)  # sent: the draft has done its work
    # Only this browser may see the confirmation page of this order.
    submitted = [*request.session.get(SUBMITTED_SESSION_KEY, [])[-9:], order.tracking_no]
    request.session[SUBMITTED_SESSION_KEY] = submitted
    return redirect("web:apply_done", tracking_no=order.tracking_no)


# Fields a draft never keeps: files, the kept-files token (it expires in a day) and the form's own.
_NOT_IN_DRAFT = frozenset({"csrfmiddlewaretoken", "action", "attachments", "kept_attachments", "remove_kept"})


def _apply_draft(citizen) -> tuple[ApplyForm, object] | None:
    """The apply form filled from the citizen's saved draft (issue 11: resume a half-filled
    application), with the draft row; None without one."""
    from django import forms as django_forms

    from fawang.legalaid.drafts import draft_get

    found = draft_get(citizen=citizen)
    if found is None:
        return None
    fields, draft = found
    probe = ApplyForm(initial={"service_item": (fields.get("service_item") or [""])[0]}, user=citizen)
    multi = {n for n, f in probe.fields.items() if isinstance(f, django_forms.MultipleChoiceField)}
    initial = {
        name: values if name in multi else (values[0] if values else "")
        for name, values in fields.items()
        if name in probe.fields
    }
    return ApplyForm(initial=initial, user=citizen), draft


def _apply_draft_action(request: HttpRequest, citizen) -> HttpResponse:
    """Save the form as the citizen's draft, or throw the draft away; back to the form either way."""
    from fawang.legalaid.drafts import draft_discard, draft_save

    if request.POST.get("action") == "discard_draft":
        draft_discard(citizen=citizen)
        messages.success(request, _("Your draft was deleted."))
        return redirect("web:apply")
    fields = {k: request.POST.getlist(k) for k in request.POST if k not in _NOT_IN_DRAFT}
    try:
        draft_save(citizen=citizen, fields=fields)
    except DomainError as exc:
        form = ApplyForm(request.POST, request.FILES, user=citizen)
        add_domain_error(form, exc)
        return render(request, "web/apply.html", {"form": form, "can_draft": True}, status=422)
    messages.success(
        request,
        _("Draft saved for 30 days. Files are not kept in a draft: choose them again when you send it."),
    )
    return redirect("web:apply")


def _apply_again(
    request: HttpRequest, form: ApplyForm, kept: list, uploads: list, *, reading: str = ""
) -> HttpResponse:
    """The form again, with the files uploaded so far kept (the good ones of this try added to those of
    earlier tries) and listed; a file that cannot be kept says why on the attachments field."""
    from fawang.core.errors import ErrorCollector
    from fawang.orders.services.attachments import (
        MAX_ATTACHMENTS,
        pending_attachments_keep,
        pending_attachments_token,
    )

    problems = ErrorCollector()
    room = max(MAX_ATTACHMENTS - len(kept), 0)
    kept = [*kept, *pending_attachments_keep(uploads[:room], problems)]
    token = pending_attachments_token(kept) if kept else ""
    shown: list[str] = []
    if form.is_bound:
        form.data = form.data.copy()
        form.data["kept_attachments"] = token
        if not form.errors.get("attachments"):
            for problem in problems.errors:
                form.add_error("attachments", str(problem.message))
    else:  # the region picker's fresh form: nothing was checked, so the problems are shown beside it
        form.initial["kept_attachments"] = token
        shown = [str(problem.message) for problem in problems.errors]
    return render(
        request,
        "web/apply.html",
        {
            "form": form,
            "kept_attachments": kept,
            "attachment_problems": shown,
            "can_draft": getattr(request.user, "kind", "") == "citizen",
            "reading_text": reading,
        },
    )


def apply_done(request: HttpRequest, tracking_no: str) -> HttpResponse:
    from django.http import Http404

    from fawang.orders.models import ServiceOrder

    if tracking_no not in request.session.get(SUBMITTED_SESSION_KEY, []):
        raise Http404
    order = ServiceOrder.objects.select_related("service_item", "assigned_point", "assigned_institution").get(
        tracking_no=tracking_no
    )
    # Where it went, by the place's public name: the routing reason is written for staff.
    return render(request, "web/apply_done.html", {"order": order, "place": order.assigned_place})


@require_http_methods(["POST"])
def language_set(request: HttpRequest) -> HttpResponse:
    """The language switcher: Django's set_language (the cookie, and back to `next` in the new
    language), and for a signed-in person also their account, so every page they open later, on any
    device, is in that language (fawang.web.middleware)."""
    from django.views.i18n import set_language

    from fawang.accounts.services import user_set_preferred_language

    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_set_preferred_language(actor=request.user, user=request.user, language=language)
    return response
