"""Notary's pages. Public: the matters list (证明事项清单) and a matter's page, the certificate
verification page (no login). The citizen's: book and apply, the application with its fee, payment
and certificate. The office's: record a visit, revoke a certificate, its slots and "at most one visit"
figures. Thin: services write, selectors read, accounts.policy decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from fawang.accounts import policy
from fawang.catalog.models import ServiceItem
from fawang.core.errors import DomainError
from fawang.network.models import Institution, Practitioner
from fawang.orders.selectors import order_get_for_actor
from fawang.orders.views import staff_required
from fawang.regions.models import Region, RegionLevel
from fawang.ui.forms import add_domain_error

from . import selectors
from .certificates import certificate_pdf_bytes, notary_revoke
from .enums import Mode, PaymentKind, SecondLanguage, Stage
from .forms import RevokeForm, SlotForm
from .models import Certificate, EnforcementCertificate
from .payments import LOCAL_NOTE, notary_pay
from .services import notary_visit_record, slot_create


def _yuan(fen: int | None) -> str:
    return "" if fen is None else f"¥{fen // 100}.{fen % 100:02d}"


def _matter_rows() -> list[dict[str, Any]]:
    today = timezone.localdate()
    rows = []
    for matter in selectors.matters_list():
        fee = selectors.fee_as_of(matter, today)
        rows.append({"matter": matter, "fee": fee, "fee_text": _yuan(fee.amount_fen if fee else None)})
    return rows


def matters(request: HttpRequest) -> HttpResponse:
    return render(request, "notary/matters.html", {"rows": _matter_rows(), "Mode": Mode})


def matter(request: HttpRequest, code: str) -> HttpResponse:
    found = selectors.matter_get(code)
    if found is None:
        raise Http404
    fees = [{"fee": f, "text": _yuan(f.amount_fen)} for f in found.fees.all()]
    return render(
        request,
        "notary/matter.html",
        {
            "matter": found,
            "fees": fees,
            "offices": list(found.offices.all()),
            "today_fee": selectors.fee_as_of(found, timezone.localdate()),
        },
    )


class ApplyForm(forms.Form):
    office = forms.TypedChoiceField(label=gettext_lazy("Notary office"), coerce=int)
    slot = forms.TypedChoiceField(
        label=gettext_lazy("Appointment"), coerce=int, required=False, empty_value=None
    )
    region = forms.ChoiceField(label=gettext_lazy("County where you live"))
    applicant_name = forms.CharField(label=gettext_lazy("Your name"), max_length=64)
    second_language = forms.ChoiceField(
        label=gettext_lazy("Certificate language"), choices=SecondLanguage.choices, required=False
    )
    purpose = forms.CharField(label=gettext_lazy("Purpose of use"), max_length=200, required=False)
    description = forms.CharField(
        label=gettext_lazy("What you need notarised"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, matter: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = list(matter.offices.all())
        self.fields["office"].choices = [(o.pk, o.name) for o in offices]
        slots = []
        for office in offices:
            for slot in selectors.free_slots(office)[:20]:
                when = timezone.localtime(slot.starts_at).strftime("%Y-%m-%d %H:%M")
                slots.append((slot.pk, f"{office.name} · {when} · {slot.get_kind_display()}"))
        self.fields["slot"].choices = [("", _("No appointment (fully online)")), *slots]
        counties = Region.objects.filter(level=RegionLevel.COUNTY, code__startswith="51").order_by("code")
        self.fields["region"].choices = [(r.code, r.name) for r in counties]


def _citizen(request: HttpRequest) -> Any:
    user = request.user
    return user if user.is_authenticated and getattr(user, "kind", "") == "citizen" else None


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, code: str) -> HttpResponse:
    """Book a time and apply (a signed-in citizen): the order's intake with notary's fields; a time
    booked by someone else meanwhile is refused with nothing saved."""
    from fawang.orders.services import order_submit

    found = selectors.matter_get(code)
    if found is None:
        raise Http404
    citizen = _citizen(request)
    if citizen is None:
        return redirect(f"{reverse('web:citizen_login')}?next={request.path}")
    form = ApplyForm(request.POST or None, matter=found, initial={"applicant_name": citizen.display_name})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                order = order_submit(
                    actor=citizen,
                    channel="web",
                    service_item=ServiceItem.objects.get(code=found.item_code),
                    region=data["region"],
                    description=data["description"],
                    applicant_kind="citizen",
                    applicant_name=data["applicant_name"],
                    applicant_phone=citizen.phone,
                    applicant=citizen,
                    language=(request.LANGUAGE_CODE or "zh")[:2]
                    if request.LANGUAGE_CODE in ("bo", "ii", "en")
                    else "zh",
                    details={
                        "matter": found.code,
                        "office": data["office"],
                        "slot": data["slot"],
                        "second_language": data["second_language"],
                        "purpose": data["purpose"],
                    },
                )
            except DomainError as exc:
                add_domain_error(
                    form,
                    exc,
                    {f"details.{n}": n for n in ("office", "slot", "matter", "second_language", "purpose")},
                )
            else:
                messages.success(
                    request,
                    _("Your application was sent. The office checks it and accepts it or asks for more."),
                )
                return redirect("notary:application", tracking_no=order.tracking_no)
    return render(request, "notary/apply.html", {"matter": found, "form": form}, status=status)


def _order_for(request: HttpRequest, tracking_no: str) -> Any:
    if not request.user.is_authenticated:
        raise Http404
    try:
        return order_get_for_actor(actor=request.user, tracking_no=tracking_no)
    except DomainError:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
def application(request: HttpRequest, tracking_no: str) -> HttpResponse:
    """The application as its applicant sees it: where it stands, the fee, paying it (the local
    backend, said so), the certificate to download and verify."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('web:citizen_login')}?next={request.path}")
    order = _order_for(request, tracking_no)
    app = selectors.application_of(order)
    if app is None:
        raise Http404
    own = _citizen(request) is not None
    if request.method == "POST":
        if not own or request.POST.get("action") != "pay":
            raise PermissionDenied
        try:
            notary_pay(actor=request.user, order=order)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The fee is recorded as paid."))
        return redirect("notary:application", tracking_no=tracking_no)
    from fawang.orders.workflow import stage_label

    payments = [
        {"p": p, "text": _yuan(p.amount_fen), "refund": p.kind == PaymentKind.REFUND}
        for p in app.payments.all()
    ]
    certificate = Certificate.objects.filter(application=app).defer("pdf_b64").first()
    enforcement = EnforcementCertificate.objects.filter(application=app).defer("pdf_b64").first()
    slot = getattr(order, "notary_slot", None)
    return render(
        request,
        "notary/application.html",
        {
            "order": order,
            "app": app,
            "fee_text": _yuan(app.fee_fen),
            "stage_text": stage_label(order.workflow, order.stage),
            "can_pay": own and order.stage == Stage.PAYMENT_DUE,
            "payments": payments,
            "local_note": LOCAL_NOTE,
            "certificate": certificate,
            "enforcement": enforcement,
            "slot": slot,
        },
    )


def certificate_pdf(request: HttpRequest, tracking_no: str) -> HttpResponse:
    order = _order_for(request, tracking_no)
    if request.GET.get("kind") == "enforcement":  # the enforcement certificate (执行证书)
        certificate = EnforcementCertificate.objects.filter(application__order=order).first()
    else:
        certificate = Certificate.objects.filter(application__order=order).first()
    if certificate is None:
        raise Http404
    response = HttpResponse(certificate_pdf_bytes(certificate), content_type="application/pdf")
    # The number is Chinese (（2026）川成武民证字第1号): RFC 6266's filename* with an ASCII fallback.
    response["Content-Disposition"] = content_disposition_header(True, f"{certificate.number}.pdf")
    return response


def verify(request: HttpRequest, number: str) -> HttpResponse:
    """Public: is this certificate ours, valid or revoked, and where is it in the evidence log. No
    personal data."""
    number = number[:40]
    certificate = selectors.certificate_public(number)
    enforcement = None if certificate else selectors.enforcement_certificate_public(number)
    return render(
        request,
        "notary/verify.html",
        {"certificate": certificate or enforcement, "enforcement": enforcement is not None, "number": number},
        status=200 if certificate or enforcement else 404,
    )


@require_POST
@staff_required
def visit(request: HttpRequest, tracking_no: str) -> HttpResponse:
    order = _order_for(request, tracking_no)
    try:
        notary_visit_record(actor=request.user, order=order)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise PermissionDenied from None
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The visit is recorded."))
    return redirect("orders:order_detail", tracking_no=tracking_no)


@require_POST
@staff_required
def video(request: HttpRequest, tracking_no: str) -> HttpResponse:
    """The notary opens the video session of a video appointment and records its identity checks."""
    from .video import identity_check_record, video_session_open

    order = _order_for(request, tracking_no)
    if not policy.can_act_on_order(request.user, "order.handle", order):
        raise PermissionDenied
    try:
        if request.POST.get("action") == "open":
            video_session_open(actor=request.user, order=order)
        else:
            identity_check_record(
                actor=request.user,
                order=order,
                step=request.POST.get("step", "")[:20],
                passed=request.POST.get("passed") == "1",
                note=request.POST.get("note", ""),
            )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Recorded."))
    return redirect("orders:order_detail", tracking_no=tracking_no)


@require_POST
@staff_required
def revoke(request: HttpRequest, number: str) -> HttpResponse:
    certificate = Certificate.objects.select_related("application__order").filter(number=number).first()
    if certificate is None or not policy.can_see_order(request.user, certificate.application.order):
        raise Http404
    if not policy.can_act_on_order(request.user, "notary.issue", certificate.application.order):
        raise PermissionDenied
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the revocation."))
    else:
        try:
            notary_revoke(actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The certificate is revoked."))
    return redirect("orders:order_detail", tracking_no=certificate.application.order.tracking_no)


@require_http_methods(["GET", "POST"])
@staff_required
def office(request: HttpRequest) -> HttpResponse:
    """The office's appointment times (add one) and the "at most one visit" figures per office."""
    if not policy.has_action(request.user, "notary.slots"):
        raise PermissionDenied
    offices = list(
        policy.scope_institutions(request.user, Institution.objects.filter(kind="notary_office"))[:200]
    )
    form = SlotForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        office_id = request.POST.get("office", "")
        chosen = next((o for o in offices if str(o.pk) == office_id), None)
        if chosen is None:
            form.add_error(None, _("Choose one of your offices."))
        elif form.is_valid():
            data = form.cleaned_data
            notary = Practitioner.objects.filter(pk=data["notary"]).first() if data.get("notary") else None
            try:
                slot_create(
                    actor=request.user,
                    office=chosen,
                    starts_at=data["starts_at"],
                    minutes=data["minutes"],
                    kind=data["kind"],
                    notary=notary,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The time is added."))
                return redirect("notary:office")
    from .models import Slot

    slots = Slot.objects.filter(office__in=offices, starts_at__gte=timezone.now()).select_related(
        "office", "notary"
    )[:200]
    return render(
        request,
        "notary/office.html",
        {"offices": offices, "form": form, "slots": slots, "figures": selectors.visit_figures(request.user)},
        status=status,
    )


# ---- 双随机、一公开 ---------------------------------------------------------------------------------


def inspections(request: HttpRequest) -> HttpResponse:
    """Public: the published inspections per office, with the seed that reproduces each draw."""
    from .models import Inspection

    rows = []
    for inspection in Inspection.objects.filter(published_at__isnull=False).select_related("office")[:200]:
        results = list(inspection.results.select_related("certificate"))
        rows.append(
            {
                "inspection": inspection,
                "results": results,
                "conforming": sum(r.conforms for r in results),
                "failing": sum(not r.conforms for r in results),
            }
        )
    return render(request, "notary/inspections.html", {"rows": rows})


class DrawForm(forms.Form):
    office = forms.TypedChoiceField(label=gettext_lazy("Notary office"), coerce=int)
    period_start = forms.DateField(label=gettext_lazy("From"))
    period_end = forms.DateField(label=gettext_lazy("Until"))
    share_percent = forms.IntegerField(
        label=gettext_lazy("Share (%)"), min_value=1, max_value=100, initial=10
    )
    minimum = forms.IntegerField(label=gettext_lazy("At least"), min_value=0, max_value=1000, initial=3)
    seed = forms.CharField(label=gettext_lazy("Seed announced for the draw"), max_length=64)


@require_http_methods(["GET", "POST"])
@staff_required
def inspection_manage(request: HttpRequest) -> HttpResponse:
    """Draw a sample, record the results drawn to oneself, publish a finished inspection."""
    from .inspection import inspection_draw, inspection_publish, inspection_record
    from .models import Inspection

    if not policy.has_action(request.user, "notary.inspect"):
        raise PermissionDenied
    offices = list(
        Institution.objects.filter(
            kind="notary_office", region__path__startswith=policy.jurisdiction_path(request.user) or "~"
        )
        if not request.user.is_superuser
        else Institution.objects.filter(kind="notary_office")
    )
    form = DrawForm(request.POST if request.POST.get("action") == "draw" else None)
    form.fields["office"].choices = [(o.pk, o.name) for o in offices]
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "draw":
                if form.is_valid():
                    data = form.cleaned_data
                    office = next(o for o in offices if o.pk == data["office"])
                    inspection_draw(
                        actor=request.user,
                        office=office,
                        period_start=data["period_start"],
                        period_end=data["period_end"],
                        share_percent=data["share_percent"],
                        minimum=data["minimum"],
                        seed=data["seed"],
                    )
                    messages.success(request, _("The sample is drawn."))
                    return redirect("notary:inspection_manage")
                status = 400
            elif action in ("record", "publish"):
                inspection = Inspection.objects.filter(
                    pk=request.POST.get("inspection", "0")[:12] or 0
                ).first()
                if inspection is None or inspection.office not in offices:
                    raise Http404
                if action == "record":
                    inspection_record(
                        actor=request.user,
                        inspection=inspection,
                        certificate_id=int(request.POST.get("certificate", "0")[:12] or 0),
                        conforms=request.POST.get("conforms") == "1",
                        findings=request.POST.get("findings", ""),
                    )
                    messages.success(request, _("The result is recorded."))
                else:
                    inspection_publish(actor=request.user, inspection=inspection)
                    messages.success(request, _("The results are published."))
                return redirect("notary:inspection_manage")
        except (DomainError, ValueError) as exc:
            if isinstance(exc, DomainError):
                add_domain_error(form, exc)
                messages.error(request, str(exc.message))
            status = 400
    mine = []
    for inspection in Inspection.objects.filter(office__in=offices).select_related("office")[:100]:
        done = set(inspection.results.values_list("certificate_id", flat=True))
        numbers = dict(
            Certificate.objects.filter(pk__in=[c for c, _u in inspection.sampled]).values_list("pk", "number")
        )
        todo = [
            {"id": c, "number": numbers.get(c, c)}
            for c, u in inspection.sampled
            if u == request.user.pk and c not in done
        ]
        mine.append(
            {"inspection": inspection, "todo": todo, "done": len(done), "total": len(inspection.sampled)}
        )
    return render(
        request, "notary/inspection_manage.html", {"form": form, "inspections": mine}, status=status
    )
