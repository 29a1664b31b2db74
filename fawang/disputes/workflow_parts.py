"""What a dispute module's workflow includes from the base: the event kinds the base writes on the
order's timeline (public ones show on the party's page and the tracking page, in their language), and
`ending_steps`, the rows that end a case before its outcome. No notice goes out through the engine
for the base's events: the base tells every party itself (notices.py)."""

from __future__ import annotations

from collections.abc import Iterable

from fawang.orders.workflow import EventSpec, Owes, Step

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


def ending_steps(
    action: str,
    event: str,
    stage: str,
    *,
    target: str,
    sources: Iterable[tuple[str, str]],
    policy: tuple[str, ...] = Step.policy,
    applicant: bool = False,
) -> tuple[Step, ...]:
    """The steps that end a case early (withdrawn, settled, deemed withdrawn, refused): from each
    (status, stage) of `sources`, `action` takes the order to `target` at `stage` and writes `event`.
    Each asks for a reason (the event carries it to the timeline); `applicant` lets the order's own
    applicant take it too, `policy` says who else may (the engine's default when not given)."""
    return tuple(
        Step(
            source,
            action,
            target,
            event,
            source_stage=source_stage,
            target_stage=stage,
            policy=policy,
            reason_required=True,
            applicant=applicant,
        )
        for source, source_stage in sources
    )
