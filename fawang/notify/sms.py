"""The SMS adapter. `settings.FAWANG_SMS_BACKEND` names the class; the default records what would be
sent and sends nothing, so development, tests and demos never text a real person. A real gateway is
a later adapter with the same `send`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from fawang.core.identity import mobile_index

from .models import SmsMessage, SmsStatus


@dataclass(frozen=True)
class SmsReceipt:
    message_id: int | None  # the SmsMessage row
    status: str  # SmsStatus
    backend: str


class SmsBackend:
    """Interface: deliver `text` to the normalised mainland mobile number `phone`."""

    name = "abstract"
    # May pages show what was "sent"? Only a backend that sends nothing (a demo, development) may: a
    # sign-in code shown on a page of a real gateway would let anyone sign in as any phone.
    shows_sent_codes = False

    def send(self, phone: str, text: str, *, template: str = "", order_id: int | None = None) -> SmsReceipt:
        raise NotImplementedError


class RecordingSmsBackend(SmsBackend):
    """Records what would be sent; no message leaves the machine."""

    name = "recording"
    shows_sent_codes = True

    def send(self, phone: str, text: str, *, template: str = "", order_id: int | None = None) -> SmsReceipt:
        row = SmsMessage.objects.create(
            phone=phone,
            phone_index=mobile_index(phone),
            text=text,
            template=template,
            order_id=order_id,
            status=SmsStatus.RECORDED,
            backend=f"{type(self).__module__}.{type(self).__qualname__}",
        )
        return SmsReceipt(message_id=row.pk, status=row.status, backend=row.backend)


@lru_cache(maxsize=4)
def _backend_class(path: str) -> type[SmsBackend]:
    return import_string(path)


def get_sms_backend() -> SmsBackend:
    return _backend_class(settings.FAWANG_SMS_BACKEND)()
