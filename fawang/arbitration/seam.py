"""What arbitration takes from the disputes base (fawang.disputes, docs/adr/0029): parties and their
representatives, scheduled sessions (hearings) with notices and the video adapter, the case file handed
over from a failed mediation, and party access. In one place, so the module's own code names the base
only here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fawang.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from fawang.disputes import selectors as dispute_selectors
from fawang.disputes import services as dispute_services
from fawang.disputes.enums import PartyKind, Side
from fawang.orders.models import ServiceOrder

from .enums import FROM_MEDIATION

HEARING = "hearing"  # the base's session kind for an arbitration hearing
HEARING_HOURS = 2


def parties_clean(
    *, applicant_name: str, applicant_phone: str, respondent: str, respondent_credit_code: str
) -> list[dict[str, Any]]:
    """The two parties of a filing, checked by the base (errors name `details.respondent_*`)."""
    applicant = dispute_services.party_clean(
        side=Side.APPLICANT,
        kind=PartyKind.PERSON,
        name=applicant_name or "—",
        phone=applicant_phone,
        prefix="details.applicant_",
    )
    kind = PartyKind.ORGANISATION if respondent_credit_code else PartyKind.PERSON
    other = dispute_services.party_clean(
        side=Side.RESPONDENT,
        kind=kind,
        name=respondent,
        credit_code=respondent_credit_code,
        prefix="details.respondent_",
    )
    return [applicant, other]


def parties_add(*, order: ServiceOrder, parties: list[dict[str, Any]], account: Any, actor: Any) -> None:
    rows = [dict(parties[0], account=account), parties[1]]
    dispute_services.parties_add_at_intake(order=order, parties=rows, actor=actor)


def case_file_copy(*, source: ServiceOrder, target: ServiceOrder, actor: Any) -> dict[str, int]:
    """Copy the failed mediation's case file (parties, representatives, documents) onto the new case;
    the base's errors are named after the hand-off's field."""
    try:
        return dispute_services.case_file_copy(actor=actor, source=source, target=target)
    except (NotFound, Conflict) as exc:
        raise ValidationFailed([FieldError(exc.code, exc.message, f"details.{FROM_MEDIATION}")]) from None


def hearing_schedule(
    *, actor: Any, order: ServiceOrder, starts_at: dt.datetime, mode: str, place: str, now: dt.datetime | None
) -> Any:
    """A hearing as the base's session: on a working day, in the future, notified to every party; a
    video hearing gets its room from the base's video adapter (local: records, says so)."""
    return dispute_services.session_schedule(
        actor=actor,
        order=order,
        kind=HEARING,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=HEARING_HOURS) if isinstance(starts_at, dt.datetime) else None,
        mode=mode,
        place=place if mode == "in_person" else "",
        action="arbitration.manage",
        now=now,
    )


def hearings(order: ServiceOrder) -> list[Any]:
    return list(order.dispute_sessions.filter(kind=HEARING).order_by("starts_at"))


def is_party(actor: Any, order: ServiceOrder) -> bool:
    return dispute_selectors.is_party(actor, order)


def case_for_party(actor: Any, tracking_no: str) -> ServiceOrder:
    return dispute_selectors.dispute_for_party(actor=actor, tracking_no=tracking_no)


def case_file(order: ServiceOrder) -> dict[str, Any]:
    """Parties, sessions, documents and outcomes of the case (masked), for the commission's page."""
    return dispute_selectors.case_file(order)


def outcome_sign(**kwargs: Any) -> Any:
    """The award or a correction as the base's signed outcome: the PDF (parties from the base, the
    QR code of the public verification page), its hash in the evidence log, the case file's document.
    Signed by the commission for the tribunal, not by the parties (`require_both_sides=False`)."""
    from fawang.disputes.outcomes import outcome_sign as sign

    return sign(action="arbitration.manage", require_both_sides=False, number_prefix="SCZC", **kwargs)


def outcome_pdf(outcome: Any) -> bytes:
    from fawang.disputes.outcomes import outcome_pdf_bytes

    return outcome_pdf_bytes(outcome)


def respondent_names(order: ServiceOrder) -> list[str]:
    """The respondents' names as the base holds them (the award and the commission's page read these)."""
    return [p.name for p in order.dispute_parties.filter(side=Side.RESPONDENT)]


def is_respondent(actor: Any, order: ServiceOrder) -> bool:
    """The signed-in citizen is a party of the respondent's side of this case (the base's parties)."""
    return dispute_selectors.parties_of_citizen(actor, order).filter(side=Side.RESPONDENT).exists()
