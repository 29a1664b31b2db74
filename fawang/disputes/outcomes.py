"""Signed outcome documents (a mediation agreement, an arbitral award, an appraisal opinion ...):
rendered to PDF with WeasyPrint on Debian's Noto fonts, with a segno QR code linking the public
verification page, and the SHA-256 of the PDF entered in the evidence log (fawang.ledger) in the same
transaction, as the notary's certificates are (docs/adr/0025). The log entry names the outcome's kind,
its number and the hash: log entries are public, so no personal data."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.audit.services import audit_record
from fawang.core.errors import FieldError, ValidationFailed
from fawang.core.types import Actor
from fawang.ledger.services import ledger_append
from fawang.orders.engine import order_event_add
from fawang.orders.models import ServiceOrder

from .enums import ErrorCode, EventKind, OutcomeForm, Side
from .models import Document, Outcome, Party
from .services import TEXT_MAX, _text

LOG_KIND = "dispute-outcome"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


def verify_url(number: str) -> str:
    base = settings.FAWANG_PUBLIC_URL or DEFAULT_PUBLIC_URL
    return base.rstrip("/") + reverse("disputes:verify", args=[number])


def _number(prefix: str, order: ServiceOrder, now: dt.datetime) -> str:
    """<PREFIX>-<year>-<handler id>-<serial>: a serial per prefix, year and handling place; the
    order row is locked, and the number is unique in the table (a race loses with an IntegrityError
    and the whole transaction rolls back)."""
    ServiceOrder.objects.select_for_update().filter(pk=order.pk).values_list("pk", flat=True).first()
    year = timezone.localtime(now).year
    place = order.assigned_institution_id or order.assigned_point_id or 0
    start = f"{prefix}-{year}-{place:04d}-"
    taken = Outcome.objects.filter(number__startswith=start).count()
    return f"{start}{taken + 1:06d}"


def outcome_pdf(
    *,
    order: ServiceOrder,
    number: str,
    title: str,
    issuer_name: str,
    body: str,
    parties: Sequence[Party],
    signatories: Sequence[Party],
    form: str,
    signed_at: dt.datetime,
    extra: Sequence[tuple[str, str]] = (),
) -> bytes:
    """The outcome's PDF bytes (Chinese; the parties named in full, as the law's documents are)."""
    from weasyprint import HTML

    url = verify_url(number)
    qr = segno.make(url, error="m").svg_data_uri(scale=3)
    signed_ids = {p.pk for p in signatories}
    with translation.override("zh-hans"):
        html = render_to_string(
            "disputes/pdf/outcome.html",
            {
                "number": number,
                "title": title,
                "issuer": issuer_name,
                "applicants": [p for p in parties if p.side == Side.APPLICANT],
                "respondents": [p for p in parties if p.side == Side.RESPONDENT],
                "paragraphs": [line for line in body.splitlines() if line.strip()],
                "signed": [p for p in parties if p.pk in signed_ids],
                "oral": form == OutcomeForm.ORAL,
                "signed_at": timezone.localtime(signed_at),
                "extra": list(extra),
                "tracking_no": order.tracking_no,
                "qr": qr,
                "url": url,
            },
        )
    return HTML(string=html).write_pdf()


def outcome_sign(
    *,
    actor: Actor,
    order: ServiceOrder,
    kind: str,
    title: str,
    body: str,
    number_prefix: str,
    issuer_name: str,
    signatories: Sequence[Party] = (),
    form: str = OutcomeForm.WRITTEN,
    extra: Sequence[tuple[str, str]] = (),
    action: str = "order.handle",
    require_both_sides: bool = True,
    number: str = "",
    corrects: Outcome | None = None,
    now: dt.datetime | None = None,
) -> Outcome:
    """Sign the outcome: check it, render the PDF, enter its hash in the evidence log, keep the PDF
    (encrypted) as a document of the case file, write the event, all in one transaction. A written
    outcome of two sides (a mediation agreement) needs a signatory of each side (`require_both_sides`);
    an award or an opinion is signed by the body alone (pass False). `extra`: (label, value) lines the
    module adds (the claim, the tribunal ...). `number`: a module that numbers its own documents (an
    arbitral award, ``SCZC-…``, and its corrections ``…-B<n>``) passes the number; it stays unique in
    the table. `corrects`: the outcome of the same case that this one corrects (仲裁法第六十九条's
    补正), shown on the public verification page."""
    policy.require_order(actor, action, order)
    errors: list[FieldError] = []
    clean_title = _text(title, 120)
    clean_body = _text(body, TEXT_MAX)
    if not clean_title:
        errors.append(FieldError("required", _("Give the document's title."), "title"))
    if not clean_body:
        errors.append(FieldError("required", _("Write the text of the document."), "body"))
    if form not in OutcomeForm.values:
        errors.append(FieldError("invalid", _("Choose whether the outcome is written or oral."), "form"))
    parties = list(Party.objects.filter(order=order))
    own = {p.pk for p in parties}
    if any(p.pk not in own for p in signatories):
        errors.append(
            FieldError(ErrorCode.NOT_A_PARTY, _("Only a party of this case can sign."), "signatories")
        )
    if require_both_sides and form == OutcomeForm.WRITTEN:
        sides = {p.side for p in signatories if p.pk in own}
        if sides != {Side.APPLICANT, Side.RESPONDENT}:
            errors.append(
                FieldError(
                    ErrorCode.SIGNATORY,
                    _("A written agreement is signed by the parties of both sides: mark who signed."),
                    "signatories",
                )
            )
    if corrects is not None and corrects.order_id != order.pk:
        errors.append(
            FieldError("invalid", _("A correction corrects a document of the same case."), "corrects")
        )
    if errors:
        raise ValidationFailed(errors)
    now = now or timezone.now()
    with transaction.atomic():
        number = number[:40] or _number(number_prefix, order, now)
        pdf = outcome_pdf(
            order=order,
            number=number,
            title=clean_title,
            issuer_name=issuer_name,
            body=clean_body,
            parties=parties,
            signatories=list(signatories),
            form=form,
            signed_at=now,
            extra=extra,
        )
        digest = hashlib.sha256(pdf).hexdigest()
        entry = ledger_append(kind=LOG_KIND, data=f"{kind}\n{number}\n{digest}\n".encode())
        document = Document.objects.create(
            order=order,
            kind=kind,
            title=clean_title,
            file_b64=base64.b64encode(pdf).decode("ascii"),
            content_type="application/pdf",
            sha256=digest,
            created_by=actor,
        )
        outcome = Outcome.objects.create(
            order=order,
            kind=kind,
            title=clean_title,
            form=form,
            number=number,
            issuer_name=issuer_name[:128],
            body=clean_body,
            signatories=[p.pk for p in signatories],
            document=document,
            sha256=digest,
            signed_at=now,
            signed_by=actor,
            log_index=entry.index,
            log_leaf_hash=_hex(entry.leaf_hash),
            corrects=corrects,
        )
        audit_record(
            actor=actor,
            action="disputes.outcome_sign",
            entity=outcome,
            before=None,
            after={"number": number, "kind": kind, "sha256": digest, "log_index": entry.index},
        )
        order_event_add(
            order, EventKind.OUTCOME_SIGNED, actor=actor, now=now, data={"number": number, "kind": kind}
        )
    return outcome


def outcome_pdf_bytes(outcome: Outcome) -> bytes:
    return base64.b64decode(outcome.document.file_b64)


def _hex(value: Any) -> str:
    return value.hex() if isinstance(value, bytes | bytearray) else str(value)
