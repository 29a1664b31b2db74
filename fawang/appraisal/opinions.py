"""The appraisal opinion (司法鉴定意见书): a PDF rendered with WeasyPrint on Debian's Noto fonts with a
segno QR code pointing to the public check page, its SHA-256 entered in the evidence log (fawang.ledger)
in the transaction that issues it (the `appraisal_issued` step, which stops the art. 28 clock).

`outcome_document_issue` is the one function that writes the document and its log entry: it is where
the shared outcome document of fawang/disputes (issue 14's "signed outcome document entered in the
evidence log") is to be called once merged (docs/adr/0031)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fawang.audit.services import audit_record
from fawang.core.errors import FieldError, ValidationFailed
from fawang.core.types import Actor
from fawang.ledger.services import ledger_append
from fawang.network.models import Institution
from fawang.orders.engine import order_step
from fawang.orders.models import ServiceOrder

from .enums import APPRAISERS_PER_MATTER, Action
from .models import Entrustment

LOG_KIND = "appraisal-opinion"
CATEGORY_ZH = {
    "forensic_medicine": "法医类",
    "physical_evidence": "物证类",
    "audio_visual": "声像资料类",
    "environmental_damage": "环境损害类",
}
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class IssuedDocument:
    number: str
    pdf: bytes
    sha256: str
    log_index: int
    log_leaf_hash: str


def check_url(number: str) -> str:
    base = getattr(settings, "FAWANG_PUBLIC_URL", "") or DEFAULT_PUBLIC_URL
    return base.rstrip("/") + reverse("appraisal:check", args=[number])


def _number(institution: Institution, now: dt.datetime) -> str:
    """SCSJ-<year>-<institution>-<serial> (the institution row is locked while counting)."""
    Institution.objects.select_for_update().filter(pk=institution.pk).first()
    prefix = f"SCSJ-{timezone.localtime(now).year}-{institution.pk:04d}-"
    taken = Entrustment.objects.filter(opinion_no__startswith=prefix).count()
    return f"{prefix}{taken + 1:06d}"


def opinion_pdf(*, entrustment: Entrustment, number: str, issued_at: dt.datetime) -> bytes:
    from weasyprint import HTML

    url = check_url(number)
    with translation.override("zh-hans"):
        html = render_to_string(
            "appraisal/pdf/opinion.html",
            {
                "number": number,
                "e": entrustment,
                "category": CATEGORY_ZH.get(entrustment.category, entrustment.category),
                "appraisers": list(entrustment.appraisers.order_by("name")),
                "issued": timezone.localtime(issued_at),
                "qr": segno.make(url, error="m").svg_data_uri(scale=3),
                "url": url,
            },
        )
    return HTML(string=html).write_pdf()


def outcome_document_issue(*, kind: str, number: str, pdf: bytes) -> IssuedDocument:
    """Enter a document's hash in the evidence log (public: kind, number and hash only)."""
    digest = hashlib.sha256(pdf).hexdigest()
    entry = ledger_append(kind=kind, data=f"{number}\n{digest}\n".encode())
    leaf = entry.leaf_hash.hex() if isinstance(entry.leaf_hash, bytes | bytearray) else str(entry.leaf_hash)
    return IssuedDocument(number, pdf, digest, entry.index, leaf)


def appraisal_issue(*, actor: Actor, order: ServiceOrder, now: dt.datetime | None = None) -> Entrustment:
    """Issue the opinion: the step (who may and from which stage: the engine), the PDF and its log entry,
    in one transaction. Two appraisers must be named (通则第十九条)."""
    entrustment = Entrustment.objects.select_related("institution", "body", "order").get(order=order)
    if entrustment.appraisers.count() != APPRAISERS_PER_MATTER:
        raise ValidationFailed(
            [FieldError("appraisers_invalid", _("Name the two appraisers first (art. 19)."), "appraisers")]
        )

    def after(order: ServiceOrder, when: dt.datetime) -> None:
        number = _number(entrustment.institution, when)
        doc = outcome_document_issue(
            kind=LOG_KIND,
            number=number,
            pdf=opinion_pdf(entrustment=entrustment, number=number, issued_at=when),
        )
        entrustment.opinion_no = number
        entrustment.opinion_pdf_b64 = base64.b64encode(doc.pdf).decode("ascii")
        entrustment.opinion_sha256 = doc.sha256
        entrustment.opinion_log_index = doc.log_index
        entrustment.opinion_log_leaf_hash = doc.log_leaf_hash
        entrustment.opinion_issued_at = when
        entrustment.save()
        audit_record(
            actor=actor,
            action="appraisal.issue",
            entity=entrustment,
            before=None,
            after={"number": number, "sha256": doc.sha256, "log_index": doc.log_index},
        )

    with transaction.atomic():
        order_step(actor=actor, order=order, action=Action.ISSUE, after=after, now=now)
    entrustment.refresh_from_db()
    return entrustment


def appraisal_issue_action(*, actor: Actor, order: ServiceOrder) -> ServiceOrder:
    """The order page's "Issue the appraisal opinion" (the workflow's action service)."""
    appraisal_issue(actor=actor, order=order)
    return order


def opinion_pdf_bytes(entrustment: Entrustment) -> bytes:
    return base64.b64decode(entrustment.opinion_pdf_b64)
