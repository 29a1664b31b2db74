"""Notices to the parties (a session booked, cancelled): an inbox message (their account, or their
phone's blind index, shown once they sign in with that phone) and a text through notify's SMS backend,
in the order's language, each recorded as a `PartyNotice` with what the backend answered (the
recording backend stores the text and sends nothing, and its rows say so). Sent inside the caller's
transaction, as the order's own notices are (notify.services.notices_send): a rolled-back booking
tells nobody anything."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fawang.core.identity import mask_mobile
from fawang.notify.models import InboxMessage
from fawang.notify.services import order_language, sms_send

from .enums import SessionMode
from .models import Party, PartyNotice, Session

log = logging.getLogger(__name__)


def _session_text(session: Session) -> tuple[str, str]:
    when = timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")
    where = session.place if session.mode == SessionMode.IN_PERSON else _("by video")
    title = _("Session scheduled: %(when)s") % {"when": when}
    body = _("Your case %(no)s has a session on %(when)s, %(where)s. Bring your ID and your evidence.") % {
        "no": session.order.tracking_no,
        "when": when,
        "where": where,
    }
    return title, body


def session_notices_send(*, session: Session) -> list[PartyNotice]:
    """Tell every party of the session's case with a phone or an account."""
    order = session.order
    with translation.override(order_language(order)):
        title, body = _session_text(session)
    made: list[PartyNotice] = []
    with transaction.atomic():
        for party in Party.objects.filter(order=order):
            if not (party.phone_index or party.account_id):
                continue
            InboxMessage.objects.create(
                recipient_id=party.account_id,
                recipient_phone_index="" if party.account_id else party.phone_index,
                order=order,
                title=title[:200],
                body=body,
            )
            made.append(
                PartyNotice.objects.create(
                    order=order, party=party, session=session, channel="inbox", text=body, backend="inbox"
                )
            )
            if not party.phone:
                continue
            backend, reference = "", ""
            try:
                with transaction.atomic():  # a savepoint: a failing gateway leaves the inbox messages
                    receipt = sms_send(phone=party.phone, text=body, template="disputes.session", order=order)
                backend, reference = receipt.backend, str(receipt.message_id or "")
            except Exception:
                log.exception("session notice SMS failed (order %s)", order.pk)
                backend = "failed"
            made.append(
                PartyNotice.objects.create(
                    order=order,
                    party=party,
                    session=session,
                    channel="sms",
                    phone_masked=mask_mobile(party.phone),
                    text=body,
                    backend=backend[:64],
                    reference=reference[:64],
                )
            )
    return made
