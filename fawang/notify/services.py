"""Notifications to applicants: the site inbox and text messages. An order change leaves a notice to
deliver in the outbox, written with the change (fawang/notify/outbox.py, docs/adr/0017), so a
rolled-back change never tells anyone anything; a delivery task sends them in batches through
`notices_send`."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fawang.core.bulk import insert_rows
from fawang.core.identity import (
    InvalidIdentity,
    mask_mobile,
    mask_resident_id,
    mobile_index,
    normalise_mobile,
)

from .models import InboxMessage
from .sms import SmsOutgoing, SmsReceipt, get_sms_backend

log = logging.getLogger(__name__)
_ID_NUMBER = re.compile(r"(?<!\d)(\d{17}[\dXx])(?!\d)")

# Order languages (network.enums.Language) to Django language codes; Tibetan and Yi are used once
# they are among LANGUAGES (their content translations apply either way: _event_texts).
_ORDER_LANGUAGE = {"zh": "zh-hans", "zh-hans": "zh-hans", "en": "en", "bo": "bo", "ii": "ii"}


def order_language(order: Any) -> str:
    code = _ORDER_LANGUAGE.get(getattr(order, "language", "") or "", "")
    available = {c for c, _name in settings.LANGUAGES}
    return code if code in available else settings.LANGUAGE_CODE


def sms_send(*, phone: str, text: str, template: str, order: Any = None) -> SmsReceipt:
    """Hand one text to the configured backend. ID-number-shaped digits are masked on the way out
    as a last line of defence; a text never needs a full ID number."""
    normalised = normalise_mobile(phone)
    return get_sms_backend().send(
        normalised,
        mask_id_numbers(text),
        template=template,
        order_id=getattr(order, "pk", None),
    )


def sms_send_many(messages: Sequence[SmsOutgoing]) -> list[SmsReceipt]:
    """Hand a batch of texts to the configured backend at once (`send_many`), each phone normalised
    and each text masked as `sms_send` does. A phone that is not a mainland mobile number is logged
    (masked) and left out."""
    ready = []
    for m in messages:
        try:
            phone = normalise_mobile(m.phone)
        except InvalidIdentity:
            log.warning(
                "SMS for order %s not sent: %s is not a mobile number", m.order_id, mask_mobile(m.phone)
            )
            continue
        ready.append(
            SmsOutgoing(phone=phone, text=mask_id_numbers(m.text), template=m.template, order_id=m.order_id)
        )
    return get_sms_backend().send_many(ready) if ready else []


def mask_id_numbers(text: str) -> str:
    # Only ID numbers: a text may legitimately carry a phone number (a hotline, a duty lawyer's).
    return _ID_NUMBER.sub(lambda m: mask_resident_id(m.group(1)), text)


def _status_label(order: Any, status: str | None) -> str:
    if status:
        from fawang.orders.enums import OrderStatus

        return str(OrderStatus(status).label) if status in OrderStatus.values else status
    return order.get_status_display() if hasattr(order, "get_status_display") else order.status


NOTICE_CONTENT = "notify.notice"  # the notices' wording, keyed by NOTICES' keys (docs/adr/0014)
# What an applicant is told, as templates: their translations (content rows, reviewed or machine
# drafts) must keep every %(placeholder)s. The interface catalog's text is used when no row exists.
NOTICES = {
    "order_event.title": gettext_lazy("Service order %(tracking_no)s: %(status)s"),
    "order_event.body": gettext_lazy("Your service order %(tracking_no)s is now: %(status)s."),
    "order_event.note": gettext_lazy("Note: %(reason)s"),
    "order_event.sms": gettext_lazy(
        "[Fawang] Service order %(tracking_no)s: %(status)s. Track it on the 12348 site with this number and your phone."
    ),
}


def notice_sources() -> list[tuple[str, str, str]]:
    from fawang.translations.selectors import declared_chinese

    return [(key, "text", declared_chinese(label)) for key, label in NOTICES.items()]


def _notice(key: str, language: str) -> Any:
    from fawang.translations.selectors import declared_chinese, translate

    label = NOTICES[key]
    return translate(NOTICE_CONTENT, key, "text", declared_chinese(label), language=language, declared=label)


def _event_texts(
    order: Any, event: Any, status: str | None = None, wording: dict[tuple[str, ...], Any] | None = None
) -> tuple[str, str, str]:
    """Title, inbox body and SMS text in the order's language (its content translations), or in
    Chinese where that language has none yet: the inbox message then says so in a note. `wording`
    keeps the templates and status labels looked up, for the other notices of a batch."""
    from fawang.translations.selectors import content_language, fallback_note

    memo: dict[tuple[str, ...], Any] = {} if wording is None else wording
    language = content_language(getattr(order, "language", "") or "zh")
    active = translation.get_language() or ""

    def notice(key: str) -> Any:
        if (key, language) not in memo:
            memo[key, language] = _notice(key, language)
        return memo[key, language]

    if status and ("status", status, active) not in memo:
        memo["status", status, active] = _status_label(order, status)
    label = memo["status", status, active] if status else _status_label(order, status)
    values = {"tracking_no": order.tracking_no, "status": label}
    parts = [notice("order_event.title"), notice("order_event.body")]
    title = parts[0] % values
    body = parts[1] % values
    reason = (getattr(event, "reason", "") or "").strip()
    if reason:
        parts.append(notice("order_event.note"))
        body += "\n" + parts[-1] % {"reason": reason}
    sms_template = notice("order_event.sms")
    # The workflow's note on the event's structured data (a legal aid refusal's right to object,
    # docs/adr/0019), in the active language: in the inbox message and the text.
    from fawang.orders.workflow import event_note, event_spec

    spec = event_spec(getattr(event, "kind", ""))
    # Only a kind with a note reads the event's data (deferred where delivery loads events in bulk).
    note = event_note(event.kind, event.data) if spec is not None and spec.note is not None else ""
    if note:
        body += "\n" + note
    if any(getattr(p, "fallback", False) for p in parts):
        if ("fallback", language, active) not in memo:
            memo["fallback", language, active] = fallback_note(language)
        body += "\n" + memo["fallback", language, active]
    sms = sms_template % values
    return title, body, f"{sms} {note}" if note else sms


@dataclass(frozen=True)
class Notice:
    """One change to tell an applicant about: the order (with `applicant` loaded when it has one),
    the event, and the order's status as of the event (None: the order's current status)."""

    order: Any
    event: Any
    status: str | None = None


def notices_send(notices: Sequence[Notice]) -> int:
    """Tell each applicant what happened to their order: an inbox message (their account, or their
    phone's blind index when they applied without one) and a text to their phone, in the order's
    language, for all `notices` at once: one INSERT for the inbox messages, one batch to the SMS
    backend, in the caller's transaction. Internal events (`is_public=False`) are never sent. Returns
    how many notices were sent."""
    public = [n for n in notices if getattr(n.event, "is_public", True)]
    # The texts, a language at a time (one switch of the active language each) with the wording
    # looked up once per batch; kept in the notices' order.
    by_language: dict[str, list[int]] = {}
    for i, notice in enumerate(public):
        by_language.setdefault(order_language(notice.order), []).append(i)
    wording: dict[tuple[str, ...], Any] = {}
    written: list[tuple[str, str, str]] = [("", "", "")] * len(public)
    for language, indexes in by_language.items():
        with translation.override(language):
            for i in indexes:
                written[i] = _event_texts(public[i].order, public[i].event, public[i].status, wording)
    inbox: list[dict[str, Any]] = []  # InboxMessage rows (insert_rows: no model instances to build)
    texts: list[SmsOutgoing] = []
    for notice, (title, body, sms_text) in zip(public, written, strict=True):
        order = notice.order
        phone = order.applicant_phone or (order.applicant.phone if order.applicant_id else "")
        phone_index = order.applicant_phone_index or (mobile_index(phone) if phone else "")
        if order.applicant_id or phone_index:
            inbox.append(
                {
                    "recipient_id": order.applicant_id,
                    "recipient_phone_index": "" if order.applicant_id else phone_index,
                    "order_id": order.pk,
                    "title": title[:200],
                    "body": body,
                    "read_at": None,
                    "created_at": None,  # stamped at the write (auto_now_add)
                }
            )
        if phone:
            texts.append(
                SmsOutgoing(
                    phone=phone, text=sms_text, template=f"order.{notice.event.kind}", order_id=order.pk
                )
            )
    with transaction.atomic():
        insert_rows(InboxMessage, inbox)
        if texts:
            try:
                with transaction.atomic():  # a savepoint: a failing gateway leaves the inbox messages
                    sms_send_many(texts)
            except Exception:
                log.exception(
                    "SMS batch of %d texts failed (orders %s)", len(texts), [t.order_id for t in texts[:20]]
                )
    return len(public)


def notify_order_event(*, order: Any, event: Any, status: str | None = None) -> None:
    """Tell the applicant what happened to their order (one notice, `notices_send`). `status` is the
    order's status as of the event (default: the order's current one); a worker running later must
    not report a newer status than the event's."""
    notices_send([Notice(order=order, event=event, status=status)])


LOGIN_CODE_TEMPLATE = "login.code"
_LOGIN_CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


def demo_login_code(*, phone: str, within: dt.timedelta = dt.timedelta(minutes=10)) -> str | None:
    """The sign-in code last "sent" to `phone` in the last `within`, when the configured SMS backend
    sends nothing and says so (`shows_sent_codes`: the recording backend of demos and development);
    None with a real gateway, whatever the database holds, and None on production settings
    (`FAWANG_SMS_SHOW_CODES` off), where a shown code would let anyone sign in as any phone."""
    if not (settings.FAWANG_SMS_SHOW_CODES and get_sms_backend().shows_sent_codes):
        return None
    from .models import SmsMessage

    try:
        index = mobile_index(normalise_mobile(phone))
    except InvalidIdentity:  # not a mobile number: nothing was sent to it
        return None
    row = (
        SmsMessage.objects.filter(
            phone_index=index, template=LOGIN_CODE_TEMPLATE, created_at__gte=timezone.now() - within
        )
        .order_by("-created_at", "-id")
        .first()
    )
    match = _LOGIN_CODE.search(row.text) if row is not None else None
    return match.group(1) if match else None


def inbox_mark_read(*, actor: Any, message: InboxMessage) -> InboxMessage:
    from .selectors import inbox_for_user

    if not inbox_for_user(actor).filter(pk=message.pk).exists():
        from fawang.core.errors import NotFound

        raise NotFound("message_not_found", _("No such message."), "message")
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message


def inbox_claim_for_phone(*, user: Any) -> int:
    """After a citizen verifies their phone, messages addressed to that phone become theirs."""
    if not getattr(user, "phone_index", ""):
        return 0
    return InboxMessage.objects.filter(recipient__isnull=True, recipient_phone_index=user.phone_index).update(
        recipient=user
    )
