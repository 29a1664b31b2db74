"""Cross-region cooperation in the API, under /api/v1/legal-aid/ (issue 11, item 8): a centre asks
another region's centre to take an application or gather evidence by a deadline; the requested centre
takes, declines (with a reason) or reports it done. Thin: `fawang.legalaid.cooperation` reads and
writes; the request is an ordinary order, so `/api/v1/orders/{tracking_no}` shows its timeline too."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from fawang.accounts import policy
from fawang.api.auth import api_staff_auth
from fawang.api.idempotency import idempotent
from fawang.api.schemas import BODY_ERROR_RESPONSES, ERROR_RESPONSES
from fawang.core.errors import NotFound
from fawang.orders.api_access import IDEMPOTENCY_OPENAPI, api_actor, api_order
from fawang.orders.engine import order_act, status_text

from . import cooperation as svc
from .enums import COOPERATION_WORKFLOW, CooperationAction, CooperationKind
from .models import CooperationRequest

router = Router(tags=["legal aid"])


class CooperationIn(Schema):
    application: str = Field(max_length=32, description="The application's tracking number")
    requested_centre: int = Field(description="The legal aid centre asked (an institution id)")
    kind: CooperationKind
    deadline: dt.date = Field(description="The last day; set by the requesting centre, not statutory")
    note: str = Field(max_length=svc.NOTE_MAX, description="What is asked of the other centre")


class CooperationAnswerIn(Schema):
    action: Literal["take", "decline", "done"]
    reason: str = Field("", max_length=svc.RESULT_MAX, description="Why it is declined (required then)")
    result: str = Field("", max_length=svc.RESULT_MAX, description="What was done (required for done)")
    attachments_note: str = Field("", max_length=svc.ATTACHMENTS_NOTE_MAX)


class CooperationOut(Schema):
    tracking_no: str
    application: str
    kind: str
    requesting_centre: str
    requested_centre: str
    deadline: dt.date
    status: str
    stage: str
    status_text: str
    due_at: dt.datetime | None
    result: str = ""
    attachments_note: str = ""


def _out(row: CooperationRequest, actor: Any) -> dict[str, Any]:
    order = row.order
    # The result may name people: only the two centres' staff who act on it read it.
    may_read = policy.can_act_on_order(actor, svc.ACTION, order) or policy.can_act_on_order(
        actor, svc.ACTION, row.application
    )
    return {
        "tracking_no": order.tracking_no,
        "application": row.application.tracking_no,
        "kind": row.kind,
        "requesting_centre": row.requesting_centre.name,
        "requested_centre": row.requested_centre.name,
        "deadline": row.deadline,
        "status": order.status,
        "stage": order.stage,
        "status_text": status_text(order),
        "due_at": order.due_at,
        "result": row.result if may_read else "",
        "attachments_note": row.attachments_note,
    }


def _request(actor: Any, tracking_no: str) -> CooperationRequest:
    order = api_order(actor, tracking_no, workflow=COOPERATION_WORKFLOW)
    row = (
        CooperationRequest.objects.select_related("application", "requesting_centre", "requested_centre")
        .filter(order=order)
        .first()
    )
    if row is None:
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    row.order = order
    return row


@router.post(
    "/cooperation",
    response={201: CooperationOut, **BODY_ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="Ask another region's legal aid centre to take an application or gather evidence",
    description="异地协作. The request becomes an order handled by the requested centre, with a clock "
    "to the deadline given (not a statutory period). Errors name their field: `application`, "
    "`requested_centre` (unknown, or the application's own centre), `deadline` (today or earlier).",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def cooperation_create(request: HttpRequest, payload: CooperationIn) -> Status:
    actor = api_actor(request)
    row = svc.cooperation_request(
        actor=actor,
        application=payload.application,
        requested_centre=payload.requested_centre,
        kind=payload.kind,
        deadline=payload.deadline,
        note=payload.note,
    )
    return Status(201, _out(_request(actor, row.order.tracking_no), actor))


@router.get(
    "/cooperation/{tracking_no}",
    response={200: CooperationOut, **ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="One cooperation request and its state",
)
def cooperation_detail(request: HttpRequest, tracking_no: str) -> dict[str, Any]:
    actor = api_actor(request)
    return _out(_request(actor, tracking_no), actor)


_ANSWERS = {
    "take": CooperationAction.TAKE,
    "decline": CooperationAction.DECLINE,
    "done": CooperationAction.REPORT_DONE,
}


@router.post(
    "/cooperation/{tracking_no}/answer",
    response={200: CooperationOut, **BODY_ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="The requested centre takes, declines (with a reason) or reports done a request",
)
def cooperation_answer(
    request: HttpRequest, tracking_no: str, payload: CooperationAnswerIn
) -> dict[str, Any]:
    actor = api_actor(request)
    row = _request(actor, tracking_no)
    action = _ANSWERS[payload.action]
    if payload.action == "done":
        order_act(
            actor=actor,
            order=row.order,
            action=action,
            resolution=payload.result,
            attachments_note=payload.attachments_note,
        )
    elif payload.action == "decline":
        order_act(actor=actor, order=row.order, action=action, reason=payload.reason)
    else:
        order_act(actor=actor, order=row.order, action=action)
    return _out(_request(actor, tracking_no), actor)
