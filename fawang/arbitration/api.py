"""Arbitration's API, mounted by the engine at /api/v1/arbitration/: a fee quote from a commission's
table (public), a case as its party or the commission sees it, scheduling a hearing (Idempotency-Key),
and a commission's statistics."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from fawang.accounts import policy
from fawang.api.auth import api_staff_auth
from fawang.api.idempotency import idempotent
from fawang.api.schemas import BODY_ERROR_RESPONSES, ERROR_RESPONSES, ErrorOut
from fawang.core.errors import FieldError, Forbidden, NotFound, ValidationFailed
from fawang.network.enums import InstitutionKind
from fawang.network.models import Institution
from fawang.orders.api_access import IDEMPOTENCY_OPENAPI, api_actor, api_order
from fawang.orders.selectors import order_get_for_actor

from . import selectors, services
from .enums import WORKFLOWS
from .models import ArbitrationCase

router = Router(tags=["arbitration"])


class QuoteOut(Schema):
    commission: str
    amount_fen: int
    fee_fen: int
    table_from: dt.date
    basis: str
    is_demo: bool


class MemberOut(Schema):
    name: str
    role: str
    chosen_by: str


class DocumentOut(Schema):
    kind: str
    number: str
    sha256: str
    issued_at: dt.datetime
    log_index: int | None
    log_leaf_hash: str


class HearingOut(Schema):
    starts_at: str
    kind: str
    room: dict | None = None


class CaseOut(Schema):
    tracking_no: str
    kind: str
    status: str
    stage: str
    commission: str
    claim_amount_fen: int | None
    fee_fen: int | None
    from_mediation: str
    tribunal: list[MemberOut]
    hearings: list[HearingOut]
    documents: list[DocumentOut]


class HearingIn(Schema):
    starts_at: dt.datetime
    kind: str


class KindOut(Schema):
    kind: str
    received: int
    accepted: int
    refused: int
    closed: int
    open: int


class ClockOut(Schema):
    kind: str
    clock: str
    basis: str
    stopped: int
    on_time: int
    rate: float | None


class StatisticsOut(Schema):
    commission: str
    kinds: list[KindOut]
    clocks: list[ClockOut]
    overdue_now: int


@router.get(
    "/fees/quote",
    response={200: QuoteOut, 404: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="The acceptance fee of a claim under a commission's fee table (收费办法)",
)
def quote(
    request: HttpRequest,
    commission: int = Query(..., ge=1, le=2**31 - 1),
    amount_fen: int = Query(..., ge=-(10**18), le=10**18),
) -> dict[str, Any]:
    found = Institution.objects.filter(pk=commission, kind=InstitutionKind.ARBITRATION_COMMISSION).first()
    if found is None:
        raise NotFound("not_found", _("No arbitration commission has this id."), "commission")
    fee, table = services.fee_quote(commission=found, amount_fen=amount_fen)
    return {
        "commission": found.name,
        "amount_fen": amount_fen,
        "fee_fen": fee,
        "table_from": table.effective_from,
        "basis": table.basis,
        "is_demo": table.is_demo,
    }


def _case_out(order: Any) -> dict[str, Any]:
    case = ArbitrationCase.objects.select_related("commission").get(order=order)
    return {
        "tracking_no": order.tracking_no,
        "kind": case.kind,
        "status": order.status,
        "stage": order.stage,
        "commission": case.commission.name,
        "claim_amount_fen": case.claim_amount_fen,
        "fee_fen": case.fee_fen,
        "from_mediation": case.from_mediation,
        "tribunal": [
            {"name": m.practitioner.name, "role": m.role, "chosen_by": m.chosen_by}
            for m in case.members.select_related("practitioner")
        ],
        "hearings": [services.hearing_out(h) for h in services.hearings_of(order)],
        "documents": [
            {
                "kind": d.kind,
                "number": d.number,
                "sha256": d.sha256,
                "issued_at": d.issued_at,
                "log_index": d.log_index,
                "log_leaf_hash": d.log_leaf_hash,
            }
            for d in case.documents.select_related("outcome")
        ],
    }


@router.get(
    "/cases/{tracking_no}",
    response={200: CaseOut, **ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="An arbitration case, as the commission (and staff who see it) see it",
)
def case(request: HttpRequest, tracking_no: str) -> dict[str, Any]:
    actor = api_actor(request)
    order = order_get_for_actor(actor=actor, tracking_no=tracking_no[:40])
    if order.workflow not in WORKFLOWS:
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    return _case_out(order)


@router.post(
    "/cases/{tracking_no}/hearings",
    response={201: HearingOut, **BODY_ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="Schedule a hearing of the case's tribunal, at the commission or by video",
    description="A time in the past or on a rest day or public holiday is refused naming `starts_at`; "
    "`kind` is `in_person` or `video` (the video room comes from an adapter; the local one records what "
    "it would ask for and says so).",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def hearing(request: HttpRequest, tracking_no: str, body: HearingIn) -> Status:
    actor = api_actor(request)
    order = None
    for flow in WORKFLOWS:
        try:
            order = api_order(actor, tracking_no[:40], workflow=flow, action="arbitration.manage")
            break
        except NotFound:
            continue
    if order is None:
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    if body.starts_at.tzinfo is None:
        raise ValidationFailed([FieldError("invalid", _("Give the time with its time zone."), "starts_at")])
    data = services.hearing_book(actor=actor, order=order, starts_at=body.starts_at, kind=body.kind)
    return Status(201, data)


@router.get(
    "/statistics",
    response={200: StatisticsOut, **ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="A commission's real-time statistics: cases received, accepted, closed by kind; on-time rates per clock",
)
def statistics(
    request: HttpRequest, commission: int | None = Query(None, ge=1, le=2**31 - 1)
) -> dict[str, Any]:
    actor = api_actor(request)
    if not (policy.has_action(actor, "insight.view") or policy.has_action(actor, "arbitration.roster")):
        raise Forbidden("permission_denied", _("Your role does not allow this action."), None)
    choices = selectors.commissions_for(actor)
    found = choices.filter(pk=commission).first() if commission else choices.first()
    if found is None:
        raise NotFound("not_found", _("No arbitration commission has this id."), "commission")
    stats = selectors.statistics(found)
    return {
        "commission": found.name,
        "kinds": [
            {k: row[k] for k in ("kind", "received", "accepted", "refused", "closed", "open")}
            for row in stats["kinds"]
        ],
        "clocks": [
            {k: row[k] for k in ("kind", "clock", "basis", "stopped", "on_time", "rate")}
            for row in stats["clocks"]
        ],
        "overdue_now": stats["overdue_now"],
    }
