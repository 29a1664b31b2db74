"""People's mediation in the API, mounted by the engine at /api/v1/mediation/: a dispute's facts (the
stage, the parties masked, sessions, the agreement and the art. 33 clock), booking a session, recording
the agreement, a follow-up visit and the move into arbitration. Thin: services write; the generic
steps (accept, begin, refuse, withdraw, fail, confirmation) are `POST /orders/{no}/transitions`."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from fawang.api.auth import api_staff_auth
from fawang.api.idempotency import idempotent
from fawang.api.schemas import BODY_ERROR_RESPONSES, ERROR_RESPONSES
from fawang.disputes.selectors import case_file
from fawang.disputes.services import session_schedule
from fawang.orders.api_access import IDEMPOTENCY_OPENAPI, api_actor, api_order

from . import services
from .enums import FREE_OF_CHARGE, WORKFLOW
from .models import Mediation

router = Router(tags=["mediation"])


class PartyOut(Schema):
    id: int
    side: str
    kind: str
    name: str
    phone: str
    credit_code: str


class SessionOut(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    mode: str
    place: str
    state: str


class ClockOut(Schema):
    name: str
    label: str
    due_at: dt.datetime
    legal_basis: str
    stopped: bool


class MediationOut(Schema):
    tracking_no: str
    status: str
    stage: str
    committee: str
    category: str
    source: str
    referred_by: str
    mediator: str | None
    fee_fen: int = Field(description="Always 0: people's mediation is free of charge (人民调解法第四条)")
    fee_basis: str
    parties: list[PartyOut]
    sessions: list[SessionOut]
    agreement_number: str | None
    agreement_sha256: str | None
    agreement_effective_on: dt.date | None
    clocks: list[ClockOut]
    handed_to: str


class SessionIn(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    mode: Literal["in_person", "video"]
    place: str = Field("", max_length=200)


class AgreementIn(Schema):
    form: Literal["written", "oral"]
    facts: str = Field(max_length=5000)
    terms: str = Field(max_length=5000)
    signed: list[int] = Field(default_factory=list, max_length=50, description="Party ids who signed")


class FollowUpIn(Schema):
    visited_on: dt.date
    performance: Literal["performed", "partly", "not_performed"]
    note: str = Field("", max_length=2000)


class ArbitrationIn(Schema):
    commission: int = Field(ge=1, le=2**31 - 1)
    agreement: str = Field("", max_length=4000)
    claim_amount_fen: int | None = Field(None, ge=0, le=10**13)


class HandedOut(Schema):
    tracking_no: str
    arbitration_order: str


def _out(order: Any) -> dict[str, Any]:
    row = Mediation.objects.select_related("committee", "mediator").get(order=order)
    file = case_file(order)
    agreement = next((o for o in file["outcomes"] if o.kind == "mediation_agreement"), None)
    return {
        "tracking_no": order.tracking_no,
        "status": order.status,
        "stage": order.stage,
        "committee": row.committee.name,
        "category": row.category,
        "source": row.source,
        "referred_by": row.referred_by,
        "mediator": row.mediator.name if row.mediator else None,
        "fee_fen": 0,
        "fee_basis": FREE_OF_CHARGE,
        "parties": [
            {
                "id": p.pk,
                "side": p.side,
                "kind": p.kind,
                "name": p.masked_name,
                "phone": p.masked_phone,
                "credit_code": p.credit_code,
            }
            for p in file["parties"]
        ],
        "sessions": [
            {
                "id": s.pk,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "mode": s.mode,
                "place": s.place,
                "state": s.state,
            }
            for s in file["sessions"]
        ],
        "agreement_number": agreement.number if agreement else None,
        "agreement_sha256": agreement.sha256 if agreement else None,
        "agreement_effective_on": row.agreement_effective_on,
        "clocks": [
            {
                "name": c.name,
                "label": c.label,
                "due_at": c.due_at,
                "legal_basis": c.legal_basis,
                "stopped": c.stopped_at is not None,
            }
            for c in order.clocks.all()
        ],
        "handed_to": row.handed_to,
    }


@router.get(
    "/cases/{tracking_no}",
    response={200: MediationOut, **ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="A dispute in mediation: stage, parties (masked), sessions, agreement, clocks",
)
def case_detail(request: HttpRequest, tracking_no: str) -> dict[str, Any]:
    order = api_order(api_actor(request), tracking_no, workflow=WORKFLOW)
    return _out(order)


@router.post(
    "/cases/{tracking_no}/sessions",
    response={201: MediationOut, **BODY_ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="Book a mediation session (a working day; the parties are told)",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def session_create(request: HttpRequest, tracking_no: str, payload: SessionIn) -> Status:
    actor = api_actor(request)
    order = api_order(actor, tracking_no, workflow=WORKFLOW, action=services.MEDIATE)
    session_schedule(
        actor=actor,
        order=order,
        kind="mediation",
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        mode=payload.mode,
        place=payload.place,
        action=services.MEDIATE,
    )
    return Status(201, _out(order))


@router.post(
    "/cases/{tracking_no}/agreement",
    response={201: MediationOut, **BODY_ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="Record the mediation agreement, written or oral (人民调解法第二十八条至第三十条)",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def agreement_create(request: HttpRequest, tracking_no: str, payload: AgreementIn) -> Status:
    actor = api_actor(request)
    order = api_order(actor, tracking_no, workflow=WORKFLOW, action=services.MEDIATE)
    services.mediation_agree(
        actor=actor,
        order=order,
        form=payload.form,
        facts=payload.facts,
        terms=payload.terms,
        signed=payload.signed,
    )
    order.refresh_from_db()
    return Status(201, _out(order))


@router.post(
    "/cases/{tracking_no}/follow-ups",
    response={201: MediationOut, **BODY_ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="Record a follow-up visit on the agreement's performance (第三十一条)",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def follow_up_create(request: HttpRequest, tracking_no: str, payload: FollowUpIn) -> Status:
    actor = api_actor(request)
    order = api_order(actor, tracking_no, workflow=WORKFLOW, action=services.MEDIATE)
    services.follow_up_record(
        actor=actor,
        order=order,
        visited_on=payload.visited_on,
        performance=payload.performance,
        note=payload.note,
    )
    return Status(201, _out(order))


@router.post(
    "/cases/{tracking_no}/arbitration",
    response={201: HandedOut, **BODY_ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="Move a failed or unperformed mediation into arbitration with its case file (人民调解+仲裁)",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def arbitration_create(request: HttpRequest, tracking_no: str, payload: ArbitrationIn) -> Status:
    actor = api_actor(request)
    order = api_order(actor, tracking_no, workflow=WORKFLOW, action=services.MEDIATE)
    made = services.mediation_to_arbitration(
        actor=actor,
        order=order,
        commission=payload.commission,
        agreement=payload.agreement,
        claim_amount_fen=payload.claim_amount_fen,
    )
    return Status(201, {"tracking_no": order.tracking_no, "arbitration_order": made.tracking_no})
