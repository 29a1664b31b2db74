"""Consultation's API (/api/v1/consult/): asking with an Idempotency-Key, the lawyer's queue, take and
answer, the asker's thread, and bad input answered with the field named, never a 5xx."""

from __future__ import annotations

import pytest
from django.test import Client

from fawang.accounts.services import api_token_create
from fawang.consult.models import Consultation

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    _t, raw = api_token_create(actor=user, user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_hotline_agent_records_a_question_once_per_idempotency_key(consultation_item, hotline_agent):
    api = _client(hotline_agent)
    body = {
        "question": "来电人问：公司不签劳动合同怎么办？电话13912345678",
        "region": "510107",
        "applicant_phone": "13912345678",
    }
    first = api.post(
        "/api/v1/consult/questions", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    again = api.post(
        "/api/v1/consult/questions", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert first.status_code == 201 and again.status_code == 201
    assert first.json()["tracking_no"] == again.json()["tracking_no"]
    assert Consultation.objects.count() == 1
    assert "13912345678" not in first.json()["question"]  # the agent reads it masked


def test_the_lawyer_takes_and_answers_through_the_api(ask, duty_lawyer, second_lawyer):
    order = ask()
    lawyer = _client(duty_lawyer)
    queue = lawyer.get("/api/v1/consult/queue").json()
    assert [q["tracking_no"] for q in queue] == [order.tracking_no]
    assert lawyer.post(f"/api/v1/consult/threads/{order.tracking_no}/take").status_code == 200
    lost = _client(second_lawyer).post(f"/api/v1/consult/threads/{order.tracking_no}/take")
    assert lost.status_code == 409
    done = lawyer.post(
        f"/api/v1/consult/threads/{order.tracking_no}/answer",
        {"answer": "可申请劳动仲裁。"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["stage"] == "answered"
    assert [m["kind"] for m in done.json()["messages"]] == ["question", "answer"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"question": "", "region": "510107", "applicant_phone": "13912345678"}, "description"),
        (
            {"question": "510107199001011237", "region": "510107", "applicant_phone": "13912345678"},
            "description",
        ),
        ({"question": "问题\u0000", "region": "510107", "applicant_phone": "13912345678"}, None),
        ({"question": "x" * 20000, "region": "510107", "applicant_phone": "13912345678"}, None),
        ({"question": "拖欠工资", "region": "9" * 40, "applicant_phone": "13912345678"}, None),
    ],
    ids=["empty", "only-an-id-number", "nul-byte", "20000-characters", "huge-region"],
)
def test_bad_questions_get_a_clear_error_and_nothing_is_saved(consultation_item, hotline_agent, body, field):
    response = _client(hotline_agent).post("/api/v1/consult/questions", body, content_type="application/json")
    assert response.status_code in (400, 422), response.content
    error = response.json()
    assert error["code"] and error["message"]
    if field:
        assert error["field"] == field
    assert not Consultation.objects.exists()


def test_a_question_in_tibetan_is_taken_in(consultation_item, hotline_agent):
    body = {
        "question": "ང་ལ་གླ་ཆ་མ་སྤྲད། ཅི་བྱེད་དགོས།",
        "region": "513334",
        "language": "bo",
        "applicant_phone": "13912345678",
    }
    response = _client(hotline_agent).post("/api/v1/consult/questions", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["language"] == "bo"
