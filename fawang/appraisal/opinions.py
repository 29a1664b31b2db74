"""The appraisal opinion (司法鉴定意见书): the shared base's signed outcome document
(`fawang.disputes.outcomes.outcome_sign`: a PDF on Debian's Noto fonts with a segno QR code to the public
verification page `/disputes/verify/<number>/`, its SHA-256 entered in the evidence log), signed by the
institution alone, in the transaction of the `appraisal_issued` step, which stops the art. 28 clock."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from fawang.audit.services import audit_record
from fawang.core.errors import FieldError, ValidationFailed
from fawang.core.types import Actor
from fawang.disputes.outcomes import outcome_pdf_bytes, outcome_sign
from fawang.orders.engine import order_step
from fawang.orders.models import ServiceOrder

from .enums import APPRAISERS_PER_MATTER, Action
from .models import Entrustment

OUTCOME_KIND = "appraisal_opinion"
NUMBER_PREFIX = "SCJD"  # as the base suggests (docs/adr/0029)
CATEGORY_ZH = {
    "forensic_medicine": "法医类",
    "physical_evidence": "物证类",
    "audio_visual": "声像资料类",
    "environmental_damage": "环境损害类",
}


def _body(entrustment: Entrustment) -> str:
    return "\n".join(
        [
            f"委托事项：{entrustment.matter}",
            "本鉴定依照《司法鉴定程序通则》（2016）进行，由两名司法鉴定人共同完成（第十九条）。",
            "鉴定意见书的哈希值已记入证据日志，可扫描二维码核验。",
        ]
    )


def appraisal_issue(*, actor: Actor, order: ServiceOrder, now: dt.datetime | None = None) -> Entrustment:
    """Issue the opinion: the step (who may and from which stage: the engine), the signed outcome
    document and its log entry, in one transaction. Two appraisers must be named (通则第十九条)."""
    entrustment = Entrustment.objects.select_related("institution", "body", "order").get(order=order)
    appraisers = list(entrustment.appraisers.order_by("name"))
    if len(appraisers) != APPRAISERS_PER_MATTER:
        raise ValidationFailed(
            [FieldError("appraisers_invalid", _("Name the two appraisers first (art. 19)."), "appraisers")]
        )

    def after(order: ServiceOrder, when: dt.datetime) -> None:
        outcome = outcome_sign(
            actor=actor,
            order=order,
            kind=OUTCOME_KIND,
            title="司法鉴定意见书",
            body=_body(entrustment),
            number_prefix=NUMBER_PREFIX,
            issuer_name=entrustment.institution.name,
            extra=[
                ("委托人", f"{entrustment.body.name}（案号：{entrustment.case_reference}）"),
                ("鉴定类别", CATEGORY_ZH.get(entrustment.category, entrustment.category)),
                ("司法鉴定人", "；".join(f"{p.name}（执业证号：{p.licence_no}）" for p in appraisers)),
                *([("绿色通道", "法律援助案件，鉴定费用减免")] if entrustment.green_channel else []),
            ],
            action="appraisal.issue",
            require_both_sides=False,
            now=when,
        )
        entrustment.opinion = outcome
        entrustment.save(update_fields=["opinion", "updated_at"])
        audit_record(
            actor=actor,
            action="appraisal.issue",
            entity=entrustment,
            before=None,
            after={"number": outcome.number, "sha256": outcome.sha256, "log_index": outcome.log_index},
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
    assert entrustment.opinion is not None
    return outcome_pdf_bytes(entrustment.opinion)
