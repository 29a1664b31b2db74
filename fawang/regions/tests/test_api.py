"""The regions API as the app and partner systems call it."""

import pytest

pytestmark = pytest.mark.django_db


def test_children_of_sichuan_are_the_21_prefectures(client, sichuan):
    response = client.get("/api/v1/regions/510000/children")
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 21
    assert {r["level"] for r in body} == {"prefecture"}
    assert body[0] == {
        "code": "510100",
        "name": "成都市",
        "level": "prefecture",
        "type": "地级市",
        "parent_code": "510000",
        "is_admin_unit": True,
    }


def test_ganzi_with_its_18_counties_and_its_ancestors(client, sichuan):
    body = client.get("/api/v1/regions/513300").json()
    assert body["name"] == "甘孜藏族自治州"
    assert len(body["children"]) == 18
    assert "理塘县" in {c["name"] for c in body["children"]}
    assert [a["code"] for a in body["ancestors"]] == ["510000"]


def test_an_unknown_code_is_a_404_with_a_stable_code(client, sichuan):
    for url in ("/api/v1/regions/519999", "/api/v1/regions/519999/children"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["code"] == "region_not_found"
        assert response.json()["field"] == "code"


def test_openapi_describes_the_regions_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/regions/{code}" in paths
    assert "/api/v1/regions/{code}/children" in paths
