"""The payment adapter (issue 12 Part B item 3). `PaymentBackend` is what a real gateway implements;
the only backend today is `LocalPaymentBackend`, which records the request and its confirmation in the
database and says on every page that it is a local record: no money moves. Amounts in integer fen.

The notary fee is the application's `fee_fen`, computed from the dated fee table at application."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.audit.services import audit_record
from fawang.core.errors import Conflict
from fawang.core.types import Actor
from fawang.orders.engine import order_step
from fawang.orders.models import ServiceOrder

from .enums import Action, ErrorCode, PaymentKind, PaymentState, Stage
from .models import NotaryApplication, Payment

LOCAL_NOTE = (
    "本地记录：未经任何真实支付渠道，未发生资金往来 (local record: no payment gateway, no money moved)"
)


class PaymentBackend(Protocol):
    name: str

    def request(self, payment: Payment) -> dict[str, Any]:
        """Ask the gateway to collect (or refund) `payment`; returns what was sent and answered."""

    def confirm(self, payment: Payment) -> dict[str, Any]:
        """The gateway's confirmation of `payment`."""


class LocalPaymentBackend:
    """Records what a gateway would be sent and confirms at once, saying so."""

    name = "local"

    def request(self, payment: Payment) -> dict[str, Any]:
        return {
            "would_send": {
                "reference": payment.reference,
                "amount_fen": payment.amount_fen,
                "kind": payment.kind,
            },
            "note": LOCAL_NOTE,
        }

    def confirm(self, payment: Payment) -> dict[str, Any]:
        return {"confirmed": True, "note": LOCAL_NOTE}


def backend() -> PaymentBackend:
    return LocalPaymentBackend()


def _pay(application: NotaryApplication, kind: str, amount_fen: int, now: dt.datetime) -> Payment:
    gateway = backend()
    payment = Payment.objects.create(
        application=application,
        kind=kind,
        amount_fen=amount_fen,
        backend=gateway.name,
        reference=f"NP{now:%Y%m%d}{secrets.token_hex(6).upper()}",
    )
    record = {"request": gateway.request(payment)}
    record["confirmation"] = gateway.confirm(payment)
    Payment.objects.filter(pk=payment.pk).update(
        state=PaymentState.CONFIRMED, confirmed_at=now, record=record
    )
    payment.refresh_from_db()
    return payment


def notary_pay(*, actor: Actor, order: ServiceOrder, now: dt.datetime | None = None) -> Payment | None:
    """The applicant pays the fee of an accepted application: the request and its confirmation are
    recorded through the backend, and the order moves to "fee paid" (the engine's step, so a second
    payment of the same application loses the conditional UPDATE and nothing is charged twice)."""
    now = now or timezone.now()
    application = NotaryApplication.objects.get(order=order)
    if order.stage != Stage.PAYMENT_DUE:
        raise Conflict(ErrorCode.ALREADY_PAID, _("There is no fee to pay on this application now."), None)
    with transaction.atomic():
        holder: dict[str, Payment] = {}

        def after(order: ServiceOrder, when: dt.datetime) -> None:
            if not application.fee_fen:
                return
            holder["payment"] = _pay(application, PaymentKind.CHARGE, application.fee_fen, when)
            audit_record(
                actor=actor,
                action="notary.pay",
                entity=holder["payment"],
                before=None,
                after={
                    "amount_fen": application.fee_fen,
                    "backend": holder["payment"].backend,
                },
            )

        order_step(actor=actor, order=order, action=Action.PAY, after=after, now=now)
    return holder.get("payment")


def refund_all(*, application: NotaryApplication, actor: Actor, now: dt.datetime) -> Payment | None:
    """Refund what was paid and not yet refunded (a refusal, 公证法第三十一条)."""
    paid = sum(
        p.amount_fen
        for p in application.payments.filter(kind=PaymentKind.CHARGE, state=PaymentState.CONFIRMED)
    )
    refunded = sum(p.amount_fen for p in application.payments.filter(kind=PaymentKind.REFUND))
    owed = paid - refunded
    if owed <= 0:
        return None
    refund = _pay(application, PaymentKind.REFUND, owed, now)
    audit_record(actor=actor, action="notary.refund", entity=refund, before=None, after={"amount_fen": owed})
    return refund


def notary_pay_action(*, actor: Actor, order: ServiceOrder, reason: str = "") -> ServiceOrder:
    """The workflow's "Pay the notarial fee" (the applicant's order page, or the office's window)."""
    notary_pay(actor=actor, order=order)
    return order
