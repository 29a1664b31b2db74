"""What a dispute module's workflow includes from the base: the event kinds the base writes on the
order's timeline (public ones show on the party's page and the tracking page, in their language). No
notice goes out through the engine for them: the base tells every party itself (notices.py)."""

from __future__ import annotations

from fawang.orders.workflow import EventSpec, Owes

from .enums import EventKind as DE

EVENTS = (
    EventSpec(DE.PARTY_ADDED, DE.PARTY_ADDED.label, public=False),
    EventSpec(DE.SESSION_SCHEDULED, DE.SESSION_SCHEDULED.label, public=True, owes=Owes.HANDLER),
    EventSpec(DE.SESSION_HELD, DE.SESSION_HELD.label, public=True),
    EventSpec(DE.SESSION_CANCELLED, DE.SESSION_CANCELLED.label, public=True),
    EventSpec(DE.DOCUMENT_SERVED, DE.DOCUMENT_SERVED.label, public=True),
    EventSpec(DE.OUTCOME_SIGNED, DE.OUTCOME_SIGNED.label, public=True),
    EventSpec(DE.FILE_RECEIVED, DE.FILE_RECEIVED.label, public=True),
)
