"""The SMS adapter. `settings.FAWANG_SMS_BACKEND` names the class; the default records what would be
sent and sends nothing, so development, tests and demos never text a real person. A real gateway is
a later adapter with the same `send` and `send_many` (a batch of texts: order notices are delivered
in batches, docs/adr/0017)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from fawang.core.bulk import insert_rows
from fawang.core.identity import mask_mobile, mobile_index

from .models import SmsMessage, SmsStatus

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmsReceipt:
    message_id: int | None  # the SmsMessage row
    status: str  # SmsStatus
    backend: str


@dataclass(frozen=True)
class SmsOutgoing:
    """One text to hand to a backend: `phone` already normalised, `text` already masked."""

    phone: str
    text: str
    template: str = ""
    order_id: int | None = None


class SmsBackend:
    """Interface: deliver `text` to the normalised mainland mobile number `phone`."""

    name = "abstract"
    # May pages show what was "sent"? Only a backend that sends nothing (a demo, development) may: a
    # sign-in code shown on a page of a real gateway would let anyone sign in as any phone.
    shows_sent_codes = False

    def send(self, phone: str, text: str, *, template: str = "", order_id: int | None = None) -> SmsReceipt:
        raise NotImplementedError

    def send_many(self, messages: Sequence[SmsOutgoing]) -> list[SmsReceipt]:
        """Deliver each of `messages`; one receipt per message, in order. A message the gateway
        refuses gets a `failed` receipt, and the others still go: raise only when none of the batch
        was handed over. A gateway with a batch API overrides this; the default sends one by one."""
        receipts = []
        for m in messages:
            try:
                receipts.append(self.send(m.phone, m.text, template=m.template, order_id=m.order_id))
            except Exception:
                log.exception("SMS for order %s (%s) failed", m.order_id, mask_mobile(m.phone))
                receipts.append(SmsReceipt(message_id=None, status=SmsStatus.FAILED, backend=self.name))
        return receipts


class RecordingSmsBackend(SmsBackend):
    """Records what would be sent; no message leaves the machine (each row says so: `recorded`)."""

    name = "recording"
    shows_sent_codes = True

    def _row(self, message: SmsOutgoing) -> dict[str, Any]:
        return {
            "phone": message.phone,
            "phone_index": mobile_index(message.phone),
            "text": message.text,
            "template": message.template,
            "order_id": message.order_id,
            "status": SmsStatus.RECORDED,
            "backend": f"{type(self).__module__}.{type(self).__qualname__}",
            "created_at": None,  # stamped at the write (auto_now_add)
        }

    def send(self, phone: str, text: str, *, template: str = "", order_id: int | None = None) -> SmsReceipt:
        return self.send_many([SmsOutgoing(phone=phone, text=text, template=template, order_id=order_id)])[0]

    def send_many(self, messages: Sequence[SmsOutgoing]) -> list[SmsReceipt]:
        """Records every message, in one INSERT; still nothing leaves the machine."""
        rows = [self._row(m) for m in messages]
        ids = insert_rows(SmsMessage, rows)
        return [
            SmsReceipt(message_id=pk, status=row["status"], backend=row["backend"])
            for pk, row in zip(ids, rows, strict=True)
        ]


@lru_cache(maxsize=4)
def _backend_class(path: str) -> type[SmsBackend]:
    return import_string(path)


def get_sms_backend() -> SmsBackend:
    return _backend_class(settings.FAWANG_SMS_BACKEND)()
