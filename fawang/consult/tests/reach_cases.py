"""Consultation's rows of the exhaustive reach test (fawang/accounts/tests/test_policy_reach.py): every
page and API operation of fawang.consult, with what each role may do there. Kept beside the app and
merged into `ENDPOINTS` there (one import line), so the reach test stays the one place that runs them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from fawang.accounts.enums import Role


def _practitioner_of(actor: Any) -> Any:
    from fawang.accounts.tests.minimal_rows import institution, practitioner

    record = practitioner(institution("510107", "四川清源律师事务所（武侯区）"), user=actor)
    actor.__dict__.pop("_practitioner_pk", None)
    return record


def _consultation(order: Any, *, status: str = "submitted", stage: str = "", lawyer: Any = None) -> Any:
    from fawang.consult.models import Consultation, ConsultationMessage

    order.workflow, order.status, order.stage = "consultation", status, stage
    order.assigned_practitioner = lawyer
    order.save(update_fields=["workflow", "status", "stage", "assigned_practitioner"])
    row = Consultation.objects.create(order=order, question="公司拖欠工资怎么办？", lawyer=lawyer)
    now = timezone.now()
    ConsultationMessage.objects.create(
        consultation=row, kind="question", body=row.question, masked=row.question, created_at=now
    )
    if stage == "answered":
        ConsultationMessage.objects.create(
            consultation=row,
            kind="answer",
            body="可申请劳动仲裁。",
            masked="可申请劳动仲裁。",
            created_at=now,
        )
    return row


def _waiting(order, world, actor) -> None:
    """A question in the queue, and the actor on today's duty roster of a point at its place."""
    from fawang.accounts.tests.minimal_rows import service_point
    from fawang.network.models import RosterShift

    _consultation(order)
    point = service_point(order.region_id)
    RosterShift.objects.create(
        service_point=point,
        duty="duty_lawyer",
        date=timezone.localdate(),
        shift="morning",
        practitioner=_practitioner_of(actor),
    )


def _taken_by_actor(order, world, actor) -> None:
    _consultation(order, status="in_progress", stage="taken", lawyer=_practitioner_of(actor))


def _answered(order, world, actor) -> None:
    _consultation(order, status="resolved", stage="answered")


def _expert_request(world: dict[str, Any], *, assign: Any = None) -> Any:
    from fawang.accounts.tests.factories import StaffFactory
    from fawang.consult.models import Expert, ExpertRequest

    requester = StaffFactory(roles=[Role.GOVERNMENT_BODY])
    row = ExpertRequest.objects.create(
        reference="EPTEST0001",
        requester=requester,
        body_name="某市人民政府",
        field="administrative",
        subject="机密：征收补偿标准",
        question="是否合法？",
        deadline=timezone.localdate() + dt.timedelta(days=5),
        status="assigned",
    )
    if assign is not None:
        row.experts.add(Expert.objects.create(user=assign, name="专家", fields=["administrative"]))
    world["expert_request"] = row
    return row


def _expert_unassigned(order, world, actor) -> None:
    _expert_request(world)


def _expert_assigned_to_actor(order, world, actor) -> None:
    _expert_request(world, assign=actor)


def _stage(stage: str):
    def done(response, order, world) -> bool:
        order.refresh_from_db()
        return order.stage == stage

    return done


def _published(response, order, world) -> bool:
    from fawang.consult.models import Consultation

    return Consultation.objects.get(pk=order.pk).publication == "published"


def _answers(response, order, world) -> bool:
    return response.status_code == 200


def _processed(response, order, world) -> bool:
    return response.status_code not in (401, 403, 404)


def _redirected(response, order, world) -> bool:
    return response.status_code == 302


def _opinion_given(response, order, world) -> bool:
    world["expert_request"].refresh_from_db()
    return world["expert_request"].status == "answered"


def _unprocessable(response, order, world) -> bool:
    return response.status_code == 422


def _page(
    name: str, *, method: str = "get", data: dict | None = None, with_order: bool = True, ref: bool = False
):
    def call(client, order, world):
        args = [world["expert_request"].reference] if ref else ([order.tracking_no] if with_order else [])
        url = reverse(name, args=args)
        return client.post(url, data or {}) if method == "post" else client.get(url)

    return call


def _api(path: str, *, method: str = "get", body: dict | None = None):
    def call(client, order, world):
        url = "/api/v1/consult" + path.format(
            no=order.tracking_no, ref=getattr(world.get("expert_request"), "reference", "")
        )
        if method == "post":
            return client.post(url, body or {}, content_type="application/json")
        return client.get(url)

    return call


def cases(Case: Any) -> dict[str, list[Any]]:
    """The cases, built with the reach test's own `Case`."""
    only_practitioner = lambda role, place: role == Role.PRACTITIONER  # noqa: E731 (assigned: any place)
    only_admin = lambda role, place: role == Role.PANEL_ADMIN  # noqa: E731
    only_expert = lambda role, place: role == Role.EXPERT  # noqa: E731
    the_panel = (Role.GOVERNMENT_BODY, Role.EXPERT, Role.PANEL_ADMIN)
    anyone_of_the_panel = lambda role, place: role in the_panel  # noqa: E731
    new_request = {
        "body_name": "",
        "field": "administrative",
        "subject": "",
        "question": "",
        "deadline": "2000-01-01",
    }
    return {
        "consult:queue": [
            Case(_page("consult:queue", with_order=False), _answers, ("consult.answer",), about_order=False)
        ],
        "consult:thread": [Case(_page("consult:thread"), _answers, ("order.view",), prepare=_waiting)],
        "consult:take": [
            Case(
                _page("consult:take", method="post"),
                _stage("taken"),
                ("consult.answer",),
                prepare=_waiting,
                refused_with=(302, 403, 404),
            )
        ],
        "consult:answer": [
            Case(
                _page("consult:answer", method="post", data={"answer": "可申请劳动仲裁。"}),
                _stage("answered"),
                ("consult.answer",),
                status="in_progress",
                prepare=_taken_by_actor,
                expect=only_practitioner,
                refused_with=(200, 403, 404),  # 200: the page again with the refusal
            )
        ],
        "consult:publish": [
            Case(
                _page(
                    "consult:publish",
                    method="post",
                    data={"question": "拖欠工资怎么办？", "answer": "可申请劳动仲裁。"},
                ),
                _published,
                ("consult.review",),
                status="resolved",
                prepare=_answered,
            )
        ],
        "consult:expert_list": [
            Case(
                _page("consult:expert_list", with_order=False),
                _answers,
                ("expert.request", "expert.answer", "expert.manage"),
                about_order=False,
                expect=anyone_of_the_panel,
            )
        ],
        "consult:expert_new": [
            Case(
                _page("consult:expert_new", with_order=False),
                _answers,
                ("expert.request",),
                about_order=False,
            ),
        ],
        "consult:expert_detail": [
            Case(
                _page("consult:expert_detail", ref=True),
                _answers,
                ("expert.manage",),
                about_order=False,
                prepare=_expert_unassigned,
                expect=only_admin,
            ),
            Case(
                _page("consult:expert_detail", ref=True),
                _answers,
                ("expert.answer",),
                about_order=False,
                prepare=_expert_assigned_to_actor,
                expect=lambda role, place: role in (Role.EXPERT, Role.PANEL_ADMIN),
            ),
        ],
        "consult:expert_assign": [
            Case(
                _page("consult:expert_assign", method="post", ref=True),
                _redirected,
                ("expert.manage",),
                about_order=False,
                prepare=_expert_unassigned,
                expect=only_admin,
            )
        ],
        "POST /api/v1/consult/questions": [
            Case(
                _api("/questions", method="post", body={"question": "想咨询劳动争议", "region": "999999"}),
                _processed,
                ("order.create",),
                about_order=False,
                api=True,
            )
        ],
        "GET /api/v1/consult/queue": [
            Case(_api("/queue"), _answers, ("consult.answer",), about_order=False, api=True)
        ],
        "GET /api/v1/consult/threads/{tracking_no}": [
            Case(_api("/threads/{no}"), _answers, ("order.view",), api=True, prepare=_waiting)
        ],
        "POST /api/v1/consult/threads/{tracking_no}/take": [
            Case(
                _api("/threads/{no}/take", method="post"),
                _stage("taken"),
                ("consult.answer",),
                api=True,
                prepare=_waiting,
            )
        ],
        "POST /api/v1/consult/threads/{tracking_no}/answer": [
            Case(
                _api("/threads/{no}/answer", method="post", body={"answer": "可申请劳动仲裁。"}),
                _stage("answered"),
                ("consult.answer",),
                api=True,
                status="in_progress",
                prepare=_taken_by_actor,
                expect=only_practitioner,
            )
        ],
        "POST /api/v1/consult/threads/{tracking_no}/follow-up": [
            Case(
                _api("/threads/{no}/follow-up", method="post", body={"question": "仲裁要交费吗？"}),
                _stage("follow_up"),
                ("order.create",),
                api=True,
                status="resolved",
                prepare=_answered,
            )
        ],
        "POST /api/v1/consult/threads/{tracking_no}/publish": [
            Case(
                _api("/threads/{no}/publish", method="post", body={}),
                _published,
                ("consult.review",),
                api=True,
                status="resolved",
                prepare=_answered,
            )
        ],
        "GET /api/v1/consult/expert-requests": [
            Case(
                _api("/expert-requests"),
                _answers,
                ("expert.request", "expert.answer", "expert.manage"),
                about_order=False,
                api=True,
                expect=anyone_of_the_panel,
            )
        ],
        "POST /api/v1/consult/expert-requests": [
            Case(
                _api("/expert-requests", method="post", body=new_request),
                _unprocessable,
                ("expert.request",),
                about_order=False,
                api=True,
            )
        ],
        "GET /api/v1/consult/expert-requests/{reference}": [
            Case(
                _api("/expert-requests/{ref}"),
                _answers,
                ("expert.manage",),
                about_order=False,
                api=True,
                prepare=_expert_unassigned,
                expect=only_admin,
            ),
            Case(
                _api("/expert-requests/{ref}"),
                _answers,
                ("expert.answer",),
                about_order=False,
                api=True,
                prepare=_expert_assigned_to_actor,
                expect=lambda role, place: role in (Role.EXPERT, Role.PANEL_ADMIN),
            ),
        ],
        "POST /api/v1/consult/expert-requests/{reference}/opinion": [
            Case(
                _api("/expert-requests/{ref}/opinion", method="post", body={"opinion": "经审查，合法。"}),
                _opinion_given,
                ("expert.answer",),
                about_order=False,
                api=True,
                prepare=_expert_assigned_to_actor,
                expect=only_expert,
            )
        ],
        "POST /api/v1/consult/expert-requests/{reference}/experts": [
            Case(
                _api("/expert-requests/{ref}/experts", method="post", body={"experts": [999999]}),
                _unprocessable,
                ("expert.manage",),
                about_order=False,
                api=True,
                prepare=_expert_unassigned,
                expect=only_admin,
            )
        ],
    }
