"""Electronic notarial certificates (issue 12 Part B item 4): a PDF rendered with WeasyPrint on Debian's
Noto fonts (Chinese; Tibetan or Yi too when the applicant asked for a bilingual certificate, shaped by
Pango/HarfBuzz), a QR code (segno) linking the public verification page, and an entry in the evidence
log (fawang.ledger) naming only the certificate's kind, number and the SHA-256 of its PDF: log entries
are public, so no personal data. Revocation (公证法第三十九条) is a log entry too."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib

import segno
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.audit.services import audit_record
from fawang.core.errors import Conflict, FieldError, ValidationFailed
from fawang.core.types import Actor
from fawang.ledger.services import ledger_append
from fawang.orders.engine import order_step
from fawang.orders.models import ServiceOrder

from .enums import Action, ErrorCode, Stage
from .models import Certificate, EnforcementCertificate, NotaryApplication
from .numbering import ENFORCEMENT_WORD, next_certificate_number, word_for_matter

LOG_KIND_ISSUED = "notary-certificate"
LOG_KIND_REVOKED = "notary-certificate-revoked"
LOG_KIND_ENFORCEMENT = "notary-enforcement-certificate"
# Where the QR code points: the platform's public address (FAWANG_PUBLIC_URL, required in production);
# `make run` and the tests, which leave it empty, point at the development server.
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


def verify_url(number: str) -> str:
    base = settings.FAWANG_PUBLIC_URL or DEFAULT_PUBLIC_URL
    return base.rstrip("/") + reverse("notary:verify", args=[number])


def _second_language_lines(language: str) -> dict[str, str]:
    if not language:
        return {}
    with translation.override(language):
        return {
            "lang": language,
            "title": _("Notarial certificate"),
            "statement": _(
                "This office has examined the application and certifies that the matter named above is "
                "true and lawful."
            ),
            "verify": _("Check this certificate on the public verification page."),
        }


def certificate_pdf(*, application: NotaryApplication, number: str, issued_at: dt.datetime) -> bytes:
    """Render the certificate as PDF bytes."""
    from weasyprint import HTML

    url = verify_url(number)
    qr = segno.make(url, error="m").svg_data_uri(scale=3)
    order = application.order
    with translation.override("zh-hans"):
        html = render_to_string(
            "notary/pdf/certificate.html",
            {
                "number": number,
                "matter": application.matter,
                "office": application.office,
                "applicant": order.applicant_name or order.enterprise_name,
                "purpose": application.purpose,
                "issued": timezone.localtime(issued_at),
                "qr": qr,
                "url": url,
                "second": _second_language_lines(application.second_language),
            },
        )
    return HTML(string=html).write_pdf()


def notary_issue(*, actor: Actor, order: ServiceOrder, now: dt.datetime | None = None) -> Certificate:
    """The notary issues the certificate: the step (who may, from which stage: the engine), the PDF, its
    hash in the evidence log, all in one transaction; the art. 30 clock stops with the step."""
    from .video import require_identity

    require_identity(order)
    application = NotaryApplication.objects.select_related("matter", "office", "order").get(order=order)
    if application.matter.enforceable and order.stage != Stage.COMMITMENT_CONFIRMED:
        raise ValidationFailed(
            [
                FieldError(
                    "commitment_unconfirmed",
                    _(
                        "Confirm the debtor's commitment to accept enforcement first (Notarization Law, art. 37)."
                    ),
                    None,
                )
            ]
        )
    holder: dict[str, Certificate] = {}

    def after(order: ServiceOrder, when: dt.datetime) -> None:
        number = next_certificate_number(application.office, word_for_matter(application.matter.code), when)
        pdf = certificate_pdf(application=application, number=number, issued_at=when)
        digest = hashlib.sha256(pdf).hexdigest()
        entry = ledger_append(kind=LOG_KIND_ISSUED, data=f"{number}\n{digest}\n".encode())
        certificate = Certificate.objects.create(
            number=number,
            application=application,
            pdf_b64=base64.b64encode(pdf).decode("ascii"),
            sha256=digest,
            issued_at=when,
            issued_by=actor,
            log_index=entry.index,
            log_leaf_hash=_hex(entry.leaf_hash),
        )
        audit_record(
            actor=actor,
            action="notary.issue",
            entity=certificate,
            before=None,
            after={
                "number": number,
                "sha256": digest,
                "log_index": entry.index,
            },
        )
        holder["certificate"] = certificate

    with transaction.atomic():
        order_step(actor=actor, order=order, action=Action.ISSUE, after=after, now=now)
    return holder["certificate"]


def notary_issue_action(*, actor: Actor, order: ServiceOrder) -> ServiceOrder:
    """The order page's "Issue the certificate" (the workflow's action service)."""
    notary_issue(actor=actor, order=order)
    return order


def notary_revoke(
    *, actor: Actor, certificate: Certificate, reason: str, now: dt.datetime | None = None
) -> Certificate:
    """Revoke a certificate found wrong on review (公证法第三十九条): recorded with its reason and entered
    in the log; the public page says it is revoked from then on."""
    order = certificate.application.order
    policy.require_order(actor, "notary.issue", order)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationFailed([FieldError("required", _("Give the reason for the revocation."), "reason")])
    now = now or timezone.now()
    with transaction.atomic():
        won = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_reason=reason[:1000]
        )
        if won != 1:
            raise Conflict(ErrorCode.NOT_REVOCABLE, _("This certificate is already revoked."), None)
        data = f"{certificate.number}\n{certificate.sha256}\n{now.date().isoformat()}\n"
        entry = ledger_append(kind=LOG_KIND_REVOKED, data=data.encode())
        Certificate.objects.filter(pk=certificate.pk).update(
            revocation_log_index=entry.index, revocation_leaf_hash=_hex(entry.leaf_hash)
        )
        audit_record(
            actor=actor,
            action="notary.revoke",
            entity=certificate,
            before=None,
            after={
                "number": certificate.number,
                "log_index": entry.index,
            },
        )
    certificate.refresh_from_db()
    return certificate


def enforcement_certificate_pdf(
    *,
    application: NotaryApplication,
    certificate: Certificate,
    number: str,
    facts: str,
    issued_at: dt.datetime,
) -> bytes:
    """Render the enforcement certificate (执行证书) as PDF bytes: the debt instrument's certificate, the
    parties as the application names them, the default as the notary verified it, the court to apply
    to, a QR code to the public verification page."""
    from weasyprint import HTML

    url = verify_url(number)
    order = application.order
    with translation.override("zh-hans"):
        html = render_to_string(
            "notary/pdf/enforcement.html",
            {
                "number": number,
                "instrument": certificate.number,
                "matter": application.matter,
                "office": application.office,
                "applicant": order.applicant_name or order.enterprise_name,
                "facts": facts,
                "issued": timezone.localtime(issued_at),
                "qr": segno.make(url, error="m").svg_data_uri(scale=3),
                "url": url,
            },
        )
    return HTML(string=html).write_pdf()


def enforcement_certificate_issue(
    *, actor: Actor, order: ServiceOrder, facts: str, when: dt.datetime
) -> EnforcementCertificate:
    """Inside the certify-enforcement step's transaction: number it in the office's register (执字),
    render it, enter its hash in the evidence log, keep it encrypted, audit it."""
    application = NotaryApplication.objects.select_related("matter", "office", "order").get(order=order)
    certificate = Certificate.objects.get(application=application)
    number = next_certificate_number(application.office, ENFORCEMENT_WORD, when)
    pdf = enforcement_certificate_pdf(
        application=application, certificate=certificate, number=number, facts=facts, issued_at=when
    )
    digest = hashlib.sha256(pdf).hexdigest()
    entry = ledger_append(kind=LOG_KIND_ENFORCEMENT, data=f"{number}\n{digest}\n".encode())
    row = EnforcementCertificate.objects.create(
        number=number,
        application=application,
        certificate=certificate,
        pdf_b64=base64.b64encode(pdf).decode("ascii"),
        sha256=digest,
        issued_at=when,
        issued_by=actor,
        log_index=entry.index,
        log_leaf_hash=_hex(entry.leaf_hash),
    )
    audit_record(
        actor=actor,
        action="notary.enforcement_certificate",
        entity=row,
        before=None,
        after={
            "number": number,
            "sha256": digest,
            "log_index": entry.index,
            "certificate": certificate.number,
        },
    )
    return row


def certificate_pdf_bytes(certificate: Certificate) -> bytes:
    return base64.b64decode(certificate.pdf_b64)


def _hex(value: bytes | str) -> str:
    return value.hex() if isinstance(value, bytes | bytearray) else str(value)
