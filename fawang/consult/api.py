"""Consultation in the API, under /api/v1/consult/ (docs/adr/0026). Thin: services write, selectors
read. A consultation is an order, so `/api/v1/orders/{tracking_no}` shows its timeline and clocks too.
(`POST /api/v1/consult/classify`, reading a question, is the knowledge base's.)"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from fawang.accounts import policy
from fawang.accounts.enums import UserKind
from fawang.api.auth import OptionalCitizenAuth, StaffTokenAuth, api_staff_auth
from fawang.api.idempotency import idempotent
from fawang.api.schemas import BODY_ERROR_RESPONSES, ERROR_RESPONSES
from fawang.core.context import client_ip, request_meta
from fawang.core.errors import ErrorCollector, Forbidden
from fawang.network.enums import Language
from fawang.orders.api_access import IDEMPOTENCY_OPENAPI, api_actor
from fawang.orders.engine import order_act, status_text
from fawang.orders.enums import Channel
from fawang.orders.models import ServiceOrder

from . import selectors, services
from .enums import Action, ExpertField
from .models import ExpertRequest

router = Router(tags=["consultation"])


class QuestionIn(Schema):
    question: str = Field(..., max_length=5000, examples=["公司拖欠我三个月工资，怎么办？"])
    region: str = Field(
        ..., max_length=12, description="Where the asker lives (GB/T 2260)", examples=["510107"]
    )
    language: Language = Field(Language.CHINESE)
    applicant_name: str = Field("", max_length=64)
    applicant_phone: str = Field("", max_length=32, description="Required unless a citizen signed in asks")
    channel: Channel | None = Field(None, description="`hotline` for a phone consultation an agent records")
    answer: str | None = Field(None, max_length=5000, description="Hotline only: answered on the call")


class CitationIn(Schema):
    kind: str = Field(..., max_length=16, description="`article` (a statute article) or `entry` (an answer)")
    id: int = Field(..., ge=1, le=2**53)


class AnswerIn(Schema):
    answer: str = Field(..., max_length=5000)
    citations: list[CitationIn] = Field(default_factory=list, max_length=20)


class FollowUpIn(Schema):
    question: str = Field(..., max_length=5000)


class PublishIn(Schema):
    question: str = Field("", max_length=20000, description="The reviewer's edit (anonymised again)")
    answer: str = Field("", max_length=20000)
    domain: str = Field("", max_length=64)


class MessageOut(Schema):
    kind: str
    author: str
    text: str
    citations: list[dict[str, Any]]
    created_at: dt.datetime


class ConsultationOut(Schema):
    tracking_no: str
    status: str
    stage: str
    status_text: str
    language: str
    due_at: dt.datetime | None
    question: str = Field(description="Masked unless the caller is the asker or the answering lawyer")
    messages: list[MessageOut]
    publication: str


class QueueItemOut(Schema):
    tracking_no: str
    question: str = Field(description="Masked")
    language: str
    due_at: dt.datetime | None
    submitted_at: dt.datetime


def _out(actor: Any, order: ServiceOrder) -> dict[str, Any]:
    order.refresh_from_db()
    messages = selectors.thread(actor, order)
    from .models import Consultation

    row = Consultation.objects.get(pk=order.pk)
    return {
        "tracking_no": order.tracking_no,
        "status": order.status,
        "stage": order.stage,
        "status_text": status_text(order),
        "language": order.language,
        "due_at": order.due_at,
        "question": messages[0].text if messages else order.description,
        "messages": [m.__dict__ for m in messages],
        "publication": row.publication,
    }


@router.post(
    "/questions",
    response={201: ConsultationOut, **BODY_ERROR_RESPONSES},
    auth=[StaffTokenAuth(), OptionalCitizenAuth()],
    summary="Ask a legal question (message consultation), or record a phone consultation",
    description="The question waits in the duty queue of its place and language; a duty lawyer answers "
    "within 3 working days (a provincial service standard, not a statute). Personal details are masked "
    "for everyone but the asker and the answering lawyer. Send an `Idempotency-Key`.",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def question_create(request: HttpRequest, payload: QuestionIn) -> Status:
    from fawang.orders.api import allowed_channels
    from fawang.orders.services import order_submit
    from fawang.regions.models import Region

    actor = api_actor(request)
    errors = ErrorCollector()
    channels = allowed_channels(actor)
    channel = payload.channel or (channels[0] if channels else None)
    if not channels:
        policy.require_action(actor, "order.create")
    elif channel not in channels:
        errors.add("channel", "channel_not_allowed", _("You may not ask through this channel."))
    item = selectors.consultation_item()
    region = Region.objects.filter(code=payload.region.strip()).first()
    if region is None:
        errors.add("region", "region_unknown", _("No region with code %(code)s.") % {"code": payload.region})
    if payload.answer is not None and channel != Channel.HOTLINE:
        errors.add(
            "answer", "first_contact_not_allowed", _("Only a hotline call can be answered at first contact.")
        )
    if item is None:
        errors.add("service_item", "service_item_not_found", _("Consultation is not offered."))
    errors.raise_if_any()
    assert item is not None and region is not None
    is_citizen = actor.kind == UserKind.CITIZEN
    with request_meta(channel=str(channel), ip=client_ip(request)):
        order = order_submit(
            actor=actor,
            channel=str(channel),
            service_item=item,
            region=region,
            description=payload.question,
            applicant_kind="citizen",
            applicant_name=payload.applicant_name or (actor.display_name if is_citizen else ""),
            applicant_phone=payload.applicant_phone or (actor.phone if is_citizen else ""),
            language=payload.language,
            applicant=actor if is_citizen else None,
            resolved_at_first_contact=payload.answer,
        )
    return Status(201, _out(actor, order))


@router.get(
    "/queue",
    response={200: list[QueueItemOut], **ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="The duty lawyer's queue: questions of their roster's places and languages nobody took yet",
)
def queue(request: HttpRequest) -> list[dict[str, Any]]:
    actor = api_actor(request)
    policy.require_action(actor, "consult.answer")
    return [
        {
            "tracking_no": o.tracking_no,
            "question": o.description,
            "language": o.language,
            "due_at": o.due_at,
            "submitted_at": o.submitted_at,
        }
        for o in selectors.duty_queue(actor)
    ]


@router.get(
    "/threads/{tracking_no}",
    response={200: ConsultationOut, **ERROR_RESPONSES},
    auth=[StaffTokenAuth(), OptionalCitizenAuth()],
    summary="A consultation's thread, as the caller may read it",
)
def thread(request: HttpRequest, tracking_no: str) -> dict[str, Any]:
    actor = api_actor(request)
    return _out(actor, selectors.access_consultation(actor, tracking_no))


@router.post(
    "/threads/{tracking_no}/take",
    response={200: ConsultationOut, **BODY_ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="Take a question from the duty queue (one lawyer wins; the other gets 409)",
)
def take(request: HttpRequest, tracking_no: str) -> dict[str, Any]:
    actor = api_actor(request)
    order = selectors.access_consultation(actor, tracking_no)
    order_act(actor=actor, order=order, action=Action.TAKE)
    return _out(actor, order)


@router.post(
    "/threads/{tracking_no}/answer",
    response={200: ConsultationOut, **BODY_ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="Answer the question one took, citing statute articles and knowledge-base entries",
)
def answer(request: HttpRequest, tracking_no: str, payload: AnswerIn) -> dict[str, Any]:
    actor = api_actor(request)
    order = selectors.access_consultation(actor, tracking_no)
    services.consultation_answer(
        actor=actor, order=order, resolution=payload.answer, citations=[c.dict() for c in payload.citations]
    )
    return _out(actor, order)


@router.post(
    "/threads/{tracking_no}/follow-up",
    response={200: ConsultationOut, **BODY_ERROR_RESPONSES},
    auth=[StaffTokenAuth(), OptionalCitizenAuth()],
    summary="Ask on, on the same thread (the asker; or the hotline for them)",
)
def follow_up(request: HttpRequest, tracking_no: str, payload: FollowUpIn) -> dict[str, Any]:
    actor = api_actor(request)
    order = selectors.access_consultation(actor, tracking_no)
    order_act(actor=actor, order=order, action=Action.FOLLOW_UP, reason=payload.question)
    return _out(actor, order)


@router.post(
    "/threads/{tracking_no}/publish",
    response={200: ConsultationOut, **BODY_ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="Review an answered consultation and publish it, anonymised, to the knowledge base",
)
def publish(request: HttpRequest, tracking_no: str, payload: PublishIn) -> dict[str, Any]:
    actor = api_actor(request)
    order = selectors.access_consultation(actor, tracking_no)
    services.consultation_publish(
        actor=actor, order=order, question=payload.question, answer=payload.answer, domain=payload.domain
    )
    return _out(actor, order)


# ---- the expert panel --------------------------------------------------------------------------------


class ExpertRequestIn(Schema):
    body_name: str = Field(..., max_length=128, description="The government body asking")
    field: ExpertField
    subject: str = Field(..., max_length=200)
    question: str = Field(..., max_length=20000)
    deadline: dt.date


class OpinionIn(Schema):
    opinion: str = Field(..., max_length=20000)


class ExpertsIn(Schema):
    experts: list[int] = Field(..., min_length=1, max_length=10)


class ExpertRequestOut(Schema):
    reference: str
    body_name: str
    field: str
    subject: str
    question: str
    deadline: dt.date
    overdue: bool
    status: str
    experts: list[str]
    opinion: str
    answered_at: dt.datetime | None


def _expert_out(row: ExpertRequest) -> dict[str, Any]:
    from django.utils import timezone

    row.refresh_from_db()
    return {
        "reference": row.reference,
        "body_name": row.body_name,
        "field": row.field,
        "subject": row.subject,
        "question": row.question,
        "deadline": row.deadline,
        "overdue": row.answered_at is None and row.deadline < timezone.localdate(),
        "status": row.status,
        "experts": [e.name for e in row.experts.all()],
        "opinion": row.opinion,
        "answered_at": row.answered_at,
    }


@router.post(
    "/expert-requests",
    response={201: ExpertRequestOut, **BODY_ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="A government body asks the expert panel (依法治省专家团) for a legal opinion",
    description="Confidential: only the requester, the assigned experts and the panel's administrators "
    "see it. Send an `Idempotency-Key`.",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def expert_request_create(request: HttpRequest, payload: ExpertRequestIn) -> Status:
    actor = api_actor(request)
    row = services.expert_request_submit(
        actor=actor,
        body_name=payload.body_name,
        field=payload.field,
        subject=payload.subject,
        question=payload.question,
        deadline=payload.deadline,
    )
    return Status(201, _expert_out(row))


@router.get(
    "/expert-requests",
    response={200: list[ExpertRequestOut], **ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="The expert requests the caller may see (their circle only)",
)
def expert_request_list(request: HttpRequest) -> list[dict[str, Any]]:
    actor = api_actor(request)
    if not policy.is_expert_panel_member(actor):
        raise Forbidden("permission_denied", _("Your role does not allow this action."), None)
    return [_expert_out(r) for r in selectors.expert_requests_for(actor)[:100]]


@router.get(
    "/expert-requests/{reference}",
    response={200: ExpertRequestOut, **ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="One expert request (404 outside its circle)",
)
def expert_request_detail(request: HttpRequest, reference: str) -> dict[str, Any]:
    actor = api_actor(request)
    return _expert_out(selectors.access_expert_request(actor, reference))


@router.post(
    "/expert-requests/{reference}/opinion",
    response={200: ExpertRequestOut, **BODY_ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="An assigned expert gives the written opinion",
)
def expert_opinion(request: HttpRequest, reference: str, payload: OpinionIn) -> dict[str, Any]:
    actor = api_actor(request)
    row = selectors.access_expert_request(actor, reference)
    return _expert_out(services.expert_opinion_submit(actor=actor, request=row, opinion=payload.opinion))


@router.post(
    "/expert-requests/{reference}/experts",
    response={200: ExpertRequestOut, **BODY_ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="The panel's administrator assigns the experts of a request",
)
def expert_assign(request: HttpRequest, reference: str, payload: ExpertsIn) -> dict[str, Any]:
    actor = api_actor(request)
    row = selectors.access_expert_request(actor, reference)
    return _expert_out(services.expert_request_assign(actor=actor, request=row, expert_ids=payload.experts))
