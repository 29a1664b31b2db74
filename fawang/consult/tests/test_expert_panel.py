"""The expert panel (依法治省专家团, issue 13 item 3): a government body's request is routed to experts
of its field, answered with a written opinion by its deadline, and seen by nobody outside its circle
(the requester, the assigned experts, the panel's administrators): every role of ROLE_TABLE against
every expert page and API operation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fawang.accounts import policy
from fawang.accounts.enums import Role
from fawang.accounts.services import api_token_create
from fawang.accounts.tests.factories import StaffFactory
from fawang.consult import services
from fawang.consult.models import Expert, ExpertRequest
from fawang.core.errors import Forbidden, ValidationFailed

pytestmark = pytest.mark.django_db

SECRET = "关于某市征收集体土地补偿标准合法性的意见请求"


def _expert(username: str, fields: list[str]) -> Expert:
    user = StaffFactory(username=username, roles=[Role.EXPERT])
    return Expert.objects.create(user=user, name=f"专家{username}", fields=fields)


@pytest.fixture
def circle(sichuan):
    requester = StaffFactory(
        username="gov_body", display_name="某市人民政府法制办", roles=[Role.GOVERNMENT_BODY]
    )
    assigned = _expert("expert_admin_law", ["administrative"])
    other_expert = _expert("expert_criminal", ["criminal"])
    admin = StaffFactory(username="panel_admin", roles=[Role.PANEL_ADMIN])
    request = services.expert_request_submit(
        actor=requester,
        body_name="某市人民政府",
        field="administrative",
        subject=SECRET,
        question="征收补偿标准是否符合土地管理法第四十八条？",
        deadline=timezone.localdate() + dt.timedelta(days=10),
    )
    return {
        "requester": requester,
        "assigned": assigned.user,
        "other_expert": other_expert.user,
        "admin": admin,
        "request": request,
    }


def test_a_request_is_routed_to_the_experts_of_its_field_and_answered_once(circle):
    request = circle["request"]
    assert [e.user for e in request.experts.all()] == [circle["assigned"]]
    with pytest.raises(Forbidden):
        services.expert_opinion_submit(actor=circle["requester"], request=request, opinion="……")
    done = services.expert_opinion_submit(
        actor=circle["assigned"], request=request, opinion="经审查，该标准……"
    )
    assert done.status == "answered" and done.opinion.startswith("经审查")


def test_bad_requests_name_their_fields(circle):
    with pytest.raises(ValidationFailed) as refused:
        services.expert_request_submit(
            actor=circle["requester"],
            body_name="",
            field="astrology",
            subject="",
            question="",
            deadline=timezone.localdate(),
        )
    assert {e.field for e in refused.value.errors} == {
        "body_name",
        "field",
        "subject",
        "question",
        "deadline",
    }
    assert ExpertRequest.objects.count() == 1


def _pages(client: Client, ref: str) -> dict[str, bool]:
    """Each expert page: did it show the request?"""
    listing = client.get(reverse("consult:expert_list"))
    detail = client.get(reverse("consult:expert_detail", args=[ref]))
    assign = client.post(reverse("consult:expert_assign", args=[ref]), {"experts": []})
    return {
        "list": listing.status_code == 200 and SECRET in listing.content.decode(),
        "detail": detail.status_code == 200 and SECRET in detail.content.decode(),
        "assign": assign.status_code == 302,  # the admin's form: refused is 404
    }


def _api(client: Client, token: str, ref: str) -> dict[str, bool]:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    listing = client.get("/api/v1/consult/expert-requests", **auth)
    detail = client.get(f"/api/v1/consult/expert-requests/{ref}", **auth)
    opinion = client.post(
        f"/api/v1/consult/expert-requests/{ref}/opinion",
        {"opinion": ""},
        content_type="application/json",
        **auth,
    )
    experts = client.post(
        f"/api/v1/consult/expert-requests/{ref}/experts",
        {"experts": [999999]},
        content_type="application/json",
        **auth,
    )
    return {
        "list": listing.status_code == 200 and any(r["subject"] == SECRET for r in listing.json()),
        "detail": detail.status_code == 200 and detail.json()["subject"] == SECRET,
        # a refused caller gets 404 (or 401/403); someone in the circle reaches validation (422)
        "opinion": opinion.status_code == 422,
        "experts": experts.status_code == 422,
    }


@pytest.mark.parametrize("role", Role.values)
def test_every_role_outside_the_circle_sees_nothing_of_a_request(circle, role):
    ref = circle["request"].reference
    actor = StaffFactory(username=f"someone_{role}", jurisdiction_region_id="510000", roles=[role])
    expected = role == Role.PANEL_ADMIN  # an administrator of the panel is in the circle by role
    client = Client()
    client.force_login(actor)
    seen = _pages(client, ref)
    _t, raw = api_token_create(actor=actor, user=actor, name="t")
    api = _api(Client(), raw, ref)
    assert seen == {"list": expected, "detail": expected, "assign": expected}
    assert api == {"list": expected, "detail": expected, "opinion": False, "experts": expected}
    assert policy.can_see_expert_request(actor, circle["request"]) == expected


def test_a_superuser_outside_the_circle_does_not_see_it(circle):
    boss = StaffFactory(username="root", is_superuser=True, roles=[])
    assert not policy.can_see_expert_request(boss, circle["request"])
    client = Client()
    client.force_login(boss)
    assert client.get(reverse("consult:expert_detail", args=[circle["request"].reference])).status_code == 404


@pytest.mark.parametrize("who", ["requester", "assigned", "admin", "other_expert"])
def test_the_circle_sees_it(circle, who):
    actor = circle[who]
    client = Client()
    client.force_login(actor)
    page = client.get(reverse("consult:expert_detail", args=[circle["request"].reference]))
    assert (page.status_code == 200) == (who != "other_expert")
    _t, raw = api_token_create(actor=actor, user=actor, name="t")
    api = _api(Client(), raw, circle["request"].reference)
    assert api["opinion"] == (who == "assigned")  # only the assigned expert writes it


def test_the_overdue_request_is_marked(circle):
    ExpertRequest.objects.filter(pk=circle["request"].pk).update(
        deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    client = Client()
    client.force_login(circle["admin"])
    page = client.get(reverse("consult:expert_detail", args=[circle["request"].reference])).content.decode()
    assert "badge-overdue" in page


def test_creating_a_request_through_the_api_is_idempotent(circle):
    _t, raw = api_token_create(actor=circle["requester"], user=circle["requester"], name="t")
    body = {
        "body_name": "某县人民政府",
        "field": "administrative",
        "subject": "规范性文件合法性审查",
        "question": "该文件是否违反上位法？",
        "deadline": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
    }
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_IDEMPOTENCY_KEY": "exp-1"}
    first = Client().post("/api/v1/consult/expert-requests", body, content_type="application/json", **headers)
    again = Client().post("/api/v1/consult/expert-requests", body, content_type="application/json", **headers)
    assert first.status_code == 201 and again.status_code == 201
    assert first.json()["reference"] == again.json()["reference"]
    assert ExpertRequest.objects.count() == 2
