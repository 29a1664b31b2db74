"""Legal aid assignment in the API, beside the eligibility check under /api/v1/legal-aid/ (issue 11,
item 4): the explained suggestion, assigning (or reassigning) with a reason, the assignee's answer and
the lawyer's own list. Thin: `fawang.legalaid.assignment` reads and writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from fawang.accounts import policy
from fawang.accounts.models import User
from fawang.api.auth import api_staff_auth
from fawang.api.schemas import BODY_ERROR_RESPONSES, ERROR_RESPONSES
from fawang.orders.api_access import api_actor, api_order
from fawang.orders.models import ServiceOrder

from . import assignment as svc
from .enums import WORKFLOW
from .models import Assignment
from .suggestion import component_label, explain_component, explain_exclusion

router = Router(tags=["legal aid"])


class ComponentOut(Schema):
    name: str = Field(description="specialty, language, locality, load, rotation or duty")
    label: str
    points: int
    ceiling: int
    explanation: str


class RankedOut(Schema):
    rank: int
    practitioner: int
    name: str
    institution: str
    score: int
    components: list[ComponentOut]


class ExcludedOut(Schema):
    practitioner: int
    name: str
    institution: str
    reason: str = Field(
        description="unavailable, at_capacity, conflict_opposing_party, conflict_against_applicant"
    )
    explanation: str


class SuggestionOut(Schema):
    tracking_no: str
    stage: str
    considered: int
    ranked: list[RankedOut]
    excluded: list[ExcludedOut]


class AssignIn(Schema):
    practitioner: int = Field(ge=1, le=2**62)
    reason: str = Field(max_length=2000)


class AnswerIn(Schema):
    accept: bool
    reason: str = Field("", max_length=2000, description="Required to decline")


class AssignmentOut(Schema):
    tracking_no: str
    practitioner: int
    name: str
    institution: str
    state: str
    assigned_at: dt.datetime
    reason: str
    rank: int | None
    overridden: bool
    answer_reason: str


class AssignedCaseOut(Schema):
    tracking_no: str
    status: str
    stage: str
    due_at: dt.datetime | None
    assignment: AssignmentOut | None


def _order(actor: User, tracking_no: str, action: str) -> ServiceOrder:
    return api_order(actor, tracking_no, workflow=WORKFLOW, action=action)


def _assignment_out(row: Assignment, tracking_no: str) -> dict[str, Any]:
    return {
        "tracking_no": tracking_no,
        "practitioner": row.practitioner_id,
        "name": row.practitioner.name,
        "institution": row.institution.name,
        "state": row.state,
        "assigned_at": row.assigned_at,
        "reason": row.reason,
        "rank": row.rank,
        "overridden": row.overridden,
        "answer_reason": row.answer_reason,
    }


@router.get(
    "/{tracking_no}/suggestion",
    response={200: SuggestionOut, **ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="Who should take a granted legal aid case, each score explained",
    description="法律援助法第四十三条. The panel ranked by specialty, language, locality, load and recent "
    "assignments (and the duty roster for criminal cases); those left out (a conflict of interest, "
    "unavailable, at their ceiling) with the reason. Explanations in the caller's language.",
)
def assignment_suggestion(request: HttpRequest, tracking_no: str) -> dict[str, Any]:
    order = _order(api_actor(request), tracking_no, "legal_aid.assign")
    _facts, _candidates, result = svc.suggestion_for(order)
    data = result.as_json()
    return {
        "tracking_no": order.tracking_no,
        "stage": order.stage,
        "considered": result.considered,
        "ranked": [
            {
                "rank": r["rank"],
                "practitioner": r["id"],
                "name": r["name"],
                "institution": r["institution"],
                "score": r["score"],
                "components": [
                    {
                        "name": c["name"],
                        "label": component_label(c["name"]),
                        "points": c["points"],
                        "ceiling": c["ceiling"],
                        "explanation": explain_component(c),
                    }
                    for c in r["components"]
                ],
            }
            for r in data["ranked"]
        ],
        "excluded": [
            {
                "practitioner": e["id"],
                "name": e["name"],
                "institution": e["institution"],
                "reason": e["reason"],
                "explanation": explain_exclusion(e),
            }
            for e in data["excluded"]
        ],
    }


@router.post(
    "/{tracking_no}/assignment",
    response={201: AssignmentOut, **BODY_ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="Assign (or reassign) a legal aid case, with a reason",
    description="Anyone ranked in the suggestion; another than the first is recorded as an override. A "
    "practitioner left out is refused (422, field `practitioner`, with the reason).",
)
def assignment_create(request: HttpRequest, tracking_no: str, payload: AssignIn) -> Status:
    actor = api_actor(request)
    order = _order(actor, tracking_no, "legal_aid.assign")
    row = svc.legal_aid_assign(
        actor=actor, order=order, practitioner_id=payload.practitioner, reason=payload.reason
    )
    return Status(201, _assignment_out(row, order.tracking_no))


@router.post(
    "/{tracking_no}/assignment/answer",
    response={200: AssignmentOut, **BODY_ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="The assignee accepts or declines a legal aid case",
    description="Only the lawyer the case is assigned to, before accepting (法律援助法第四十六条); "
    "declining needs a reason and returns the case to the centre.",
)
def assignment_answer(request: HttpRequest, tracking_no: str, payload: AnswerIn) -> dict[str, Any]:
    actor = api_actor(request)
    order = _order(actor, tracking_no, "legal_aid.answer")
    row = svc.legal_aid_answer(actor=actor, order=order, accept=payload.accept, reason=payload.reason)
    return _assignment_out(row, order.tracking_no)


@router.get(
    "/assigned",
    response={200: list[AssignedCaseOut], **ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="The legal aid cases assigned to me",
    description="The lawyer's own queue: open legal aid cases assigned to the practitioner the caller "
    "logs in as, and nothing else.",
)
def assigned_cases(request: HttpRequest) -> list[dict[str, Any]]:
    actor = api_actor(request)
    policy.require_action(actor, "legal_aid.answer")
    orders = list(svc.assigned_cases_for(actor)[:200])
    current = {a.order_id: a for a in svc.assignments_for_orders(orders).select_related("institution")}
    return [
        {
            "tracking_no": o.tracking_no,
            "status": o.status,
            "stage": o.stage,
            "due_at": o.due_at,
            "assignment": _assignment_out(current[o.pk], o.tracking_no) if o.pk in current else None,
        }
        for o in orders
    ]
