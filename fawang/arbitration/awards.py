"""The award document (仲裁法（2025）第六十七条: claims, facts, reasons, result, costs, date; signed by the
arbitrators, sealed by the commission) and its corrections (第六十九条). Each is the disputes base's signed
outcome (`outcome_sign`, docs/adr/0029, 0030 addendum): a PDF rendered with WeasyPrint on Debian's Noto
fonts naming the base's parties, with the QR code of the public verification page, stored encrypted in
the case file, its kind, number and SHA-256 in the evidence log (no personal data) in the step's
transaction. Our `AwardDocument` keeps what is arbitration's own: the award's number (``SCZC-…``, a
correction ``…-B<n>``), the kind and when it was served, from which art. 69's thirty days run."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.audit.services import audit_record
from fawang.core.errors import Conflict, FieldError, ValidationFailed
from fawang.core.types import Actor
from fawang.network.models import Institution
from fawang.orders.engine import order_event_add, order_step
from fawang.orders.models import ServiceOrder

from . import seam
from .enums import Action, DocumentKind, Kind, Stage
from .enums import EventKind as AE
from .models import ArbitrationCase, AwardDocument
from .services import case_of

TITLE = {DocumentKind.AWARD: "裁决书", DocumentKind.CORRECTION: "裁决书补正"}
TEXT_MAX = 20000


def _number(commission: Institution, kind: str, now: dt.datetime) -> str:
    """SCZC-<year>-<commission>-<serial> (a correction adds -B<n>): the commission row is locked."""
    Institution.objects.select_for_update().filter(pk=commission.pk).first()
    year = timezone.localtime(now).year
    prefix = f"SCZC-{year}-{commission.pk:04d}-"
    taken = AwardDocument.objects.filter(number__startswith=prefix, kind=DocumentKind.AWARD).count()
    return f"{prefix}{taken + 1:06d}"


def _extra(case: ArbitrationCase, kind: str, award: AwardDocument | None) -> list[tuple[str, str]]:
    """The award's own lines on the base's PDF (Chinese, as the document is)."""
    lines = [("仲裁委员会", case.commission.name), ("案件类型", str(Kind(case.kind).label))]
    with_roles = [
        f"{m.get_role_display()}：{m.practitioner.name}" for m in case.members.select_related("practitioner")
    ]
    if with_roles:
        lines.append(("仲裁庭", "；".join(with_roles)))
    for counterclaim in case.counterclaims.all():
        lines.append(
            ("反请求", f"{counterclaim.text}（请求金额 {counterclaim.claim_amount_fen / 100:.2f} 元）")
        )
    if award is not None:
        lines.append(("补正的裁决书", award.number))
    return lines


def _clean_text(text: str) -> str:
    text = (text or "").replace("\x00", "").strip()
    if len(text) < 10:
        raise ValidationFailed([FieldError("required", _("Write the award's text."), "text")])
    return text[:TEXT_MAX]


def _document(
    *,
    actor: Actor,
    case: ArbitrationCase,
    kind: str,
    number: str,
    text: str,
    when: dt.datetime,
    award: AwardDocument | None = None,
) -> AwardDocument:
    from django.utils import translation

    with translation.override("zh-hans"):
        extra = _extra(case, kind, award)
    outcome = seam.outcome_sign(
        actor=actor,
        order=case.order,
        kind=f"arbitration_{kind}",
        title=TITLE[kind],
        body=text,
        number=number,
        issuer_name=case.commission.name,
        extra=extra,
        corrects=award.outcome if award is not None else None,
        now=when,
    )
    document = AwardDocument.objects.create(
        case=case,
        kind=kind,
        number=number,
        outcome=outcome,
        issued_at=when,
        # Served electronically on the parties' case page at issue.
        served_at=when,
        issued_by=actor,
    )
    audit_record(
        actor=actor,
        action=f"arbitration.{kind}",
        entity=document,
        before=None,
        after={"number": number, "sha256": outcome.sha256, "log_index": outcome.log_index},
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
    award = case.documents.select_related("outcome").get(kind=DocumentKind.AWARD)
    with transaction.atomic():
        serial = case.documents.filter(kind=DocumentKind.CORRECTION).count() + 1
        number = f"{award.number}-B{serial}"
        document = _document(
            actor=actor,
            case=case,
            kind=DocumentKind.CORRECTION,
            number=number,
            text=text,
            when=now,
            award=award,
        )
        order_event_add(order, AE.AWARD_CORRECTED, actor=actor, now=now, data={"number": number})
    return document


def pdf_bytes(document: AwardDocument) -> bytes:
    return seam.outcome_pdf(document.outcome)
