"""The search and classify endpoints, with the bad input issue 13 names: an empty question, 20,000
characters, Tibetan or Yi script, only an ID number (which never reaches the logs)."""

from __future__ import annotations

import logging

import pytest

pytestmark = pytest.mark.django_db

ID_NUMBER = "51010719900101123X"


def test_search_names_each_statute_by_law_and_article_number(client, small_qa):
    response = client.get("/api/v1/knowledge/search", {"q": "拖欠工资", "limit": 5})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["items"]) > 0
    article = next(i for i in body["items"] if i["type"] == "article")
    assert article["law"].startswith("中华人民共和国劳动")
    assert isinstance(article["article_number"], int) and article["article_number_text"].startswith("第")
    assert article["url"].endswith(f"/knowledge/articles/{article['id']}/")
    answer = next(i for i in body["items"] if i["type"] == "qa")
    assert answer["answer_origin"] in {"human_lecoqa", "human_lawyer_site"} and answer["answer_origin_label"]


def test_search_by_type(client, small_qa):
    body = client.get("/api/v1/knowledge/search", {"q": "工资", "type": "article"}).json()
    assert body["items"] and {i["type"] for i in body["items"]} == {"article"}


@pytest.mark.parametrize(
    "params, field",
    [
        ({"q": "工资", "limit": 0}, "limit"),
        ({"q": "工资", "limit": 51}, "limit"),
        ({"q": "x", "type": "bogus"}, "type"),
    ],
)
def test_search_names_the_bad_parameter(client, small_qa, params, field):
    response = client.get("/api/v1/knowledge/search", params)
    assert response.status_code == 422 and response.json()["field"] == field


def test_search_refuses_more_than_20000_characters_and_takes_20000(client, small_qa):
    response = client.get("/api/v1/knowledge/search", {"q": "工" * 20_001})
    assert response.status_code == 422
    assert response.json()["code"] == "query_too_long" and response.json()["field"] == "q"
    assert client.get("/api/v1/knowledge/search", {"q": "工资" * 10_000}).status_code == 200


@pytest.mark.parametrize("q", ["", "བོད་ཀྱི་ཁྲིམས་", "ꆈꌠꁱꂷ", ID_NUMBER])
def test_search_with_nothing_to_search_answers_an_empty_list(client, small_qa, q, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.get("/api/v1/knowledge/search", {"q": q})
    assert response.status_code == 200 and response.json() == {"count": 0, "items": []}
    assert ID_NUMBER not in caplog.text


def test_classify_reads_a_migrant_workers_wage_question(client, small_qa, catalog):
    text = "我是农民工，老板拖欠了我三个月工资，不给钱怎么办？"
    response = client.post("/api/v1/consult/classify", {"text": text}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["domain"] == "labour" and body["domain_label"] and 0.5 < body["score"] <= 1
    assert "工资" in body["reasons"]
    codes = [s["code"] for s in body["services"]]
    assert codes[:3] == ["legal_aid", "labour_arbitration", "mediation"]
    assert "第四十二条" in body["services"][0]["why"] or "art. 42" in body["services"][0]["why"]
    assert body["statutes"] and all(s["law"] and s["article_number"] for s in body["statutes"])
    assert body["answers"] and all(a["type"] in {"qa", "consultation"} for a in body["answers"])


@pytest.mark.parametrize(
    "payload, code",
    [
        ({"text": ""}, "text_required"),
        ({"text": "   "}, "text_required"),
        ({"text": "工" * 20_001}, "text_too_long"),
    ],
)
def test_classify_names_the_text_field(client, small_qa, payload, code):
    response = client.post("/api/v1/consult/classify", payload, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == code and response.json()["field"] == "text"


def test_classify_without_a_text_names_the_field(client, db):
    response = client.post("/api/v1/consult/classify", {}, content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "text"


@pytest.mark.parametrize("text", ["བོད་ཀྱི་ཁྲིམས་", "ꆈꌠꁱꂷ", ID_NUMBER, "工" * 20_000])
def test_classify_degrades_gracefully_and_never_logs_the_text(client, small_qa, text, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post("/api/v1/consult/classify", {"text": text}, content_type="application/json")
    assert response.status_code == 200
    if text != "工" * 20_000:
        assert response.json()["domain"] == "" and response.json()["services"] == []
    assert ID_NUMBER not in caplog.text


def test_both_endpoints_are_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/knowledge/search"]
    assert "post" in paths["/api/v1/consult/classify"]
