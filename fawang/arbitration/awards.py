"""The award document (仲裁法（2025）第六十七条: claims, facts, reasons, result, costs, date; signed by the
arbitrators, sealed by the commission) and its corrections (第六十九条), as PDFs rendered with WeasyPrint
on Debian's Noto fonts. The PDF names the parties, so it is stored encrypted; the evidence log gets the
document's kind, number and SHA-256 only (log entries are public: no personal data), in the same
transaction as the step."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.audit.services import audit_record
from fawang.core.errors import Conflict, FieldError, ValidationFailed
from fawang.core.types import Actor
from fawang.ledger.services import ledger_append
from fawang.network.models import Institution
from fawang.orders.engine import order_event_add, order_step
from fawang.orders.models import ServiceOrder

from .enums import Action, DocumentKind, Kind, Stage
from .enums import EventKind as AE
from .models import ArbitrationCase, AwardDocument
from .services import case_of

LOG_KIND = {DocumentKind.AWARD: "arbitration-award", DocumentKind.CORRECTION: "arbitration-award-correction"}
TEXT_MAX = 20000


def _number(commission: Institution, kind: str, now: dt.datetime) -> str:
    """SCZC-<year>-<commission>-<serial> (a correction adds -B<n>): the commission row is locked."""
    Institution.objects.select_for_update().filter(pk=commission.pk).first()
    year = timezone.localtime(now).year
    prefix = f"SCZC-{year}-{commission.pk:04d}-"
    taken = AwardDocument.objects.filter(number__startswith=prefix, kind=DocumentKind.AWARD).count()
    return f"{prefix}{taken + 1:06d}"


def award_pdf(*, case: ArbitrationCase, kind: str, number: str, text: str, issued_at: dt.datetime) -> bytes:
    from weasyprint import HTML

    order = case.order
    with translation.override("zh-hans"):
        html = render_to_string(
            "arbitration/pdf/award.html",
            {
                "kind": kind,
                "number": number,
                "case": case,
                "kind_label": Kind(case.kind).label,
                "claimant": order.applicant_name or order.enterprise_name,
                "respondent": case.respondent_name,
                "members": list(case.members.select_related("practitioner")),
                "text": text,
                "issued": timezone.localtime(issued_at),
                "tracking_no": order.tracking_no,
            },
        )
    return HTML(string=html).write_pdf()


def _clean_text(text: str) -> str:
    text = (text or "").replace("\x00", "").strip()
    if len(text) < 10:
        raise ValidationFailed([FieldError("required", _("Write the award's text."), "text")])
    return text[:TEXT_MAX]


def _document(
    *, actor: Actor, case: ArbitrationCase, kind: str, number: str, text: str, when: dt.datetime
) -> AwardDocument:
    pdf = award_pdf(case=case, kind=kind, number=number, text=text, issued_at=when)
    digest = hashlib.sha256(pdf).hexdigest()
    entry = ledger_append(kind=LOG_KIND[kind], data=f"{number}\n{digest}\n".encode())
    document = AwardDocument.objects.create(
        case=case,
        kind=kind,
        number=number,
        pdf_b64=base64.b64encode(pdf).decode("ascii"),
        sha256=digest,
        issued_at=when,
        # Served electronically on the parties' case page at issue (the base's record of service
        # replaces this once merged).
        served_at=when,
        issued_by=actor,
        log_index=entry.index,
        log_leaf_hash=entry.leaf_hash.hex() if isinstance(entry.leaf_hash, bytes) else str(entry.leaf_hash),
    )
    audit_record(
        actor=actor,
        action=f"arbitration.{kind}",
        entity=document,
        before=None,
        after={"number": number, "sha256": digest, "log_index": entry.index},
    )
    return document


def award_make(
    *, actor: Actor, order: ServiceOrder, text: str, now: dt.datetime | None = None
) -> AwardDocument:
    """The tribunal makes the award: the step (resolved·awarded; the labour award clock stops), the
    PDF, its hash in the evidence log, in one transaction."""
    case = case_of(order)
    text = _clean_text(text)
    holder: dict[str, AwardDocument] = {}

    def after(order: ServiceOrder, when: dt.datetime) -> None:
        number = _number(case.commission, DocumentKind.AWARD, when)
        holder["document"] = _document(
            actor=actor, case=case, kind=DocumentKind.AWARD, number=number, text=text, when=when
        )

    with transaction.atomic():
        order_step(actor=actor, order=order, action=Action.AWARD, after=after, now=now, data={})
    return holder["document"]


def award_correct(
    *, actor: Actor, order: ServiceOrder, text: str, now: dt.datetime | None = None
) -> AwardDocument:
    """The tribunal corrects the award (仲裁法第六十九条; free of charge, 收费办法第十条): a correction
    document with its own number and log entry; the award stays in the log as it was."""
    policy.require_order(actor, "arbitration.manage", order)
    case = case_of(order)
    if order.stage != Stage.AWARDED:
        raise Conflict("no_award", _("There is no award yet."), None)
    text = _clean_text(text)
    now = now or timezone.now()
    award = case.documents.filter(kind=DocumentKind.AWARD).first()
    with transaction.atomic():
        serial = case.documents.filter(kind=DocumentKind.CORRECTION).count() + 1
        number = f"{award.number}-B{serial}"
        document = _document(
            actor=actor, case=case, kind=DocumentKind.CORRECTION, number=number, text=text, when=now
        )
        order_event_add(order, AE.AWARD_CORRECTED, actor=actor, now=now, data={"number": number})
    return document


def pdf_bytes(document: AwardDocument) -> bytes:
    return base64.b64decode(document.pdf_b64)
