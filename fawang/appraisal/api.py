"""Judicial appraisal's API, mounted by the engine at /api/v1/appraisal/ (docs/adr/0031): the public
registry; an entrusting body's entrustment (Idempotency-Key) and its reading; the institution's
decision (accept with two appraisers and the fee, or refuse with reasons); the monthly figures of the
dispute workflows. Thin: services write, selectors read. The entrustment is an ordinary order, so
`/api/v1/orders/{tracking_no}` and its transitions (the recorded steps) serve the institution too."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from fawang.api.auth import api_staff_auth
from fawang.api.idempotency import idempotent
from fawang.api.schemas import BODY_ERROR_RESPONSES, ERROR_RESPONSES
from fawang.core.errors import NotFound
from fawang.disputes.api import FiguresOut, figures_answer
from fawang.orders.api_access import IDEMPOTENCY_OPENAPI, api_actor
from fawang.orders.engine import status_text

from . import selectors, services
from .models import Entrustment

router = Router(tags=["judicial appraisal"])


class AppraiserOut(Schema):
    name: str
    licence_no: str
    status: str
    categories: list[str]
    licence_valid_until: dt.date | None


class InstitutionOut(Schema):
    id: int
    name: str
    region: str
    licence_no: str
    categories: list[str]
    appraisers: list[AppraiserOut]


class LitigantIn(Schema):
    side: str = Field(max_length=16, description="applicant or respondent")
    kind: str = Field("person", max_length=16, description="person or organisation")
    name: str = Field(max_length=64)
    phone: str = Field("", max_length=32, description="Their mobile number: they follow the case with it")
    id_number: str = Field("", max_length=32, description="A person's resident ID number (GB 11643)")
    credit_code: str = Field("", max_length=32, description="An organisation's unified social credit code")


class EntrustIn(Schema):
    institution: int = Field(description="The appraisal institution (an institution id)")
    category: str = Field(
        max_length=32,
        description="forensic_medicine, physical_evidence, audio_visual or "
        "environmental_damage: one the institution is registered for",
    )
    case_reference: str = Field(max_length=services.REFERENCE_MAX, description="The body's own case number")
    matter: str = Field(max_length=services.MATTER_MAX, description="What is to be appraised")
    green_channel: bool = Field(False, description="A legal-aid case: handled first, fee waived")
    legal_aid_reference: str = Field("", max_length=services.REFERENCE_MAX)
    litigants: list[LitigantIn] = Field(
        default_factory=list,
        max_length=services.LITIGANTS_MAX,
        description="The parties of the body's case; errors name `litigants.<n>.<field>`",
    )


class DecisionIn(Schema):
    accept: bool
    appraisers: list[int] = Field(default_factory=list, max_length=10, description="Two appraisers (art. 19)")
    fee_fen: int = Field(0, description="The fee in integer fen (waived on the green channel)")
    reason: str = Field("", max_length=2000, description="Why it is not accepted (required then)")


class ClockOut(Schema):
    name: str
    legal_basis: str
    started_at: dt.datetime
    due_at: dt.datetime
    stopped_at: dt.datetime | None
    extended_by: int
    overdue: bool


class EntrustmentOut(Schema):
    tracking_no: str
    body: str
    institution: str
    category: str
    case_reference: str
    green_channel: bool
    fee_fen: int
    fee_waived: bool
    status: str
    stage: str
    status_text: str
    appraisers: list[str]
    clocks: list[ClockOut]
    opinion_no: str
    opinion_sha256: str
    opinion_log_index: int | None


def _out(row: Entrustment) -> dict[str, Any]:
    from django.utils import timezone

    order = row.order
    now = timezone.now()
    return {
        "tracking_no": order.tracking_no,
        "body": row.body.name,
        "institution": row.institution.name,
        "category": row.category,
        "case_reference": row.case_reference,
        "green_channel": row.green_channel,
        "fee_fen": row.fee_fen,
        "fee_waived": row.fee_waived,
        "status": order.status,
        "stage": order.stage,
        "status_text": status_text(order),
        "appraisers": [p.name for p in row.appraisers.order_by("name")],
        "clocks": [
            {
                "name": c.name,
                "legal_basis": c.legal_basis,
                "started_at": c.started_at,
                "due_at": c.due_at,
                "stopped_at": c.stopped_at,
                "extended_by": c.extended_by,
                "overdue": (c.stopped_at or now) > c.due_at,
            }
            for c in order.clocks.order_by("started_at", "pk")
        ],
        "opinion_no": row.opinion.number if row.opinion else "",
        "opinion_sha256": row.opinion.sha256 if row.opinion else "",
        "opinion_log_index": row.opinion.log_index if row.opinion else None,
    }


def _get(actor: Any, tracking_no: str) -> Entrustment:
    row = selectors.entrustment_get(actor, tracking_no)
    if row is None:
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    return row


@router.get("/institutions", response=list[InstitutionOut], auth=None, summary="The registry (名册)")
def institutions(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": r["institution"].pk,
            "name": r["institution"].name,
            "region": r["institution"].region.name,
            "licence_no": r["institution"].licence_no,
            "categories": list(r["institution"].appraisal_categories or []),
            "appraisers": [
                {
                    "name": a["p"].name,
                    "licence_no": a["p"].licence_no,
                    "status": a["p"].status,
                    "categories": list(a["reg"].categories) if a["reg"] else [],
                    "licence_valid_until": a["reg"].licence_valid_until if a["reg"] else None,
                }
                for a in r["appraisers"]
            ],
        }
        for r in selectors.registry()
    ]


@router.post(
    "/entrustments",
    response={201: EntrustmentOut, **BODY_ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="Entrust an appraisal (a court, procuratorate, police organ or legal aid centre)",
    description="The entrustment becomes an order handled by the institution, with the clocks of "
    "《司法鉴定程序通则》第十三条 (accept within 7 working days) and 第二十八条 (complete within 30). An "
    "institution not registered for the category is refused on `category`; nothing is saved.",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def entrust(request: HttpRequest, payload: EntrustIn) -> Status:
    actor = api_actor(request)
    row = services.appraisal_entrust(
        actor=actor,
        institution=payload.institution,
        category=payload.category,
        case_reference=payload.case_reference,
        matter=payload.matter,
        green_channel=payload.green_channel,
        legal_aid_reference=payload.legal_aid_reference,
        litigants=[litigant.dict() for litigant in payload.litigants],
    )
    return Status(201, _out(_get(actor, row.order.tracking_no)))


@router.get(
    "/entrustments/{tracking_no}",
    response={200: EntrustmentOut, **ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="One entrustment, its clocks and opinion",
)
def entrustment(request: HttpRequest, tracking_no: str) -> dict[str, Any]:
    return _out(_get(api_actor(request), tracking_no))


@router.post(
    "/entrustments/{tracking_no}/decision",
    response={200: EntrustmentOut, **BODY_ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="The institution accepts (two appraisers, the fee) or refuses with reasons (arts. 13, 15, 16, 19)",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def decision(request: HttpRequest, tracking_no: str, payload: DecisionIn) -> dict[str, Any]:
    actor = api_actor(request)
    row = _get(actor, tracking_no)
    if payload.accept:
        services.appraisal_accept(
            actor=actor, order=row.order, appraisers=payload.appraisers, fee_fen=payload.fee_fen
        )
    else:
        services.appraisal_refuse(actor=actor, order=row.order, reason=payload.reason)
    return _out(_get(actor, tracking_no))


@router.get(
    "/figures",
    response={200: FiguresOut, **ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="Monthly on-time figures of the dispute workflows' clocks (also at /api/v1/disputes/figures)",
)
def figures(request: HttpRequest, month: str = "") -> dict[str, Any]:
    return figures_answer(request, month)
