"""The public catalog API: items and life events, read-only, without signing in, in the language asked
for, each text saying what it is (a machine draft, or the Chinese for want of a translation)."""

import pytest

from fawang.catalog.services import catalog_load
from fawang.translations.models import ContentTranslation

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(sichuan):
    catalog_load()


def test_items_and_one_item_with_its_materials_limits_fee_basis_and_places(client, catalog):
    items = client.get("/api/v1/catalog/items").json()
    assert len(items) == 21 and items[0]["code"] == "consultation"  # with mediation_dispute (issue 14)
    item = client.get("/api/v1/catalog/items/appraisal_environment", headers={"accept-language": "en"}).json()
    assert item["name"] == {
        "text": "Environmental damage appraisal",
        "language": "en",
        "fallback": False,
        "machine_draft": True,
        "review_state": "machine",
    }
    assert [m["text"] for m in item["materials"]] == [
        "Letter of entrustment",
        "An account of the site, monitoring data and other materials",
        "Proof of the entrusting party's identity",
    ]
    assert [(t["name"], t["limit"], t["unit"]) for t in item["time_limits"]] == [
        ("accept", 7, "working_days"),
        ("complete", 30, "working_days"),
    ]
    assert item["offered_at"] == [
        {
            "handler_kind": "appraisal_institution",
            "lowest_level": "prefecture",
            "text": "Judicial appraisal institution, at prefecture level and above",
        }
    ]
    assert item["apply_url"] == "/en/apply/?item=appraisal_environment"  # the page in the language asked for
    assert "环境损害司法鉴定" in item["legal_basis"]
    assert item["life_events"] == ["enterprise_operation"]


def test_life_events_by_audience_in_tibetan_and_the_chinese_marked_when_a_translation_is_missing(
    client, catalog
):
    ContentTranslation.objects.filter(object_key="startup", language="bo").delete()
    events = client.get("/api/v1/catalog/life-events?audience=enterprise", headers={"accept-language": "bo"})
    assert [e["code"] for e in events.json()] == [
        "enterprise_registration",
        "enterprise_operation",
        "enterprise_financing",
        "enterprise_closure",
    ]
    assert events.json()[3]["name"]["text"] == "ཁ་ཟད་དང་ཐོ་གསུབ།"
    startup = client.get("/api/v1/catalog/life-events/startup", headers={"accept-language": "bo"}).json()
    assert startup["name"] == {
        "text": "创业",
        "language": "zh",
        "fallback": True,
        "machine_draft": False,
        "review_state": "",
    }
    assert startup["items"][:2] == ["consultation", "legal_health_check"]
    assert startup["service_items"][1]["name"]["language"] == "bo"


@pytest.mark.parametrize(
    ("language", "item_text", "decide_starts", "marks"),
    [
        (
            "bo",
            "ཁྲིམས་ལུགས་རོགས་རམ་ཁྲིམས་ཡིགདོན་ཚན་བཞི་བཅུ་ཞེ་གསུམ་པ།",
            "ཁྲིམས་ལུགས་རོགས་རམ་",
            ("bo", False, True, "machine"),
        ),
        (
            "en",
            "Legal Aid Law of the PRC, art. 43",
            "Legal Aid Law of the PRC, art. 43:",
            ("en", False, True, "machine"),
        ),
        # Yi: a machine draft too, the law's title written by sound, the article number readable.
        ("ii", "《ꃒꇐꑸꍗꃒ》 ꄷ 43 ꄷ", "《ꃒꇐꑸꍗꃒ》 ꄷ 43 ꄷ：", ("ii", False, True, "machine")),
    ],
)
def test_an_items_legal_basis_comes_in_the_asked_language_flagged_and_the_official_chinese_beside_it(
    client, catalog, language, item_text, decide_starts, marks
):
    item = client.get("/api/v1/catalog/items/legal_aid", headers={"accept-language": language}).json()
    flags = dict(zip(("language", "fallback", "machine_draft", "review_state"), marks, strict=True))
    assert item["legal_basis"] == "法律援助法第四十三条"  # the official wording, in every language
    assert item["legal_basis_translated"] == {"text": item_text, **flags}
    decide = next(t for t in item["time_limits"] if t["name"] == "decide")
    assert decide["legal_basis"].startswith("法律援助法第四十三条")
    assert decide["legal_basis_translated"]["text"].startswith(decide_starts)
    assert {k: decide["legal_basis_translated"][k] for k in flags} == flags


def test_a_reviewed_basis_says_so_in_the_api(client, catalog, provincial_admin):
    from django.utils import timezone

    ContentTranslation.objects.filter(object_key="legal_aid", field="legal_basis", language="bo").update(
        state="reviewed", reviewer=provincial_admin, reviewed_at=timezone.now()
    )
    item = client.get("/api/v1/catalog/items/legal_aid", headers={"accept-language": "bo"}).json()
    assert item["legal_basis_translated"]["review_state"] == "reviewed"
    assert item["legal_basis_translated"]["machine_draft"] is False


def test_unknown_codes_and_audiences_are_refused_with_the_error_body(client, catalog):
    missing = client.get("/api/v1/catalog/life-events/wedding")
    assert missing.status_code == 404 and missing.json()["code"] == "life_event_not_found"
    assert client.get("/api/v1/catalog/items/nope").json()["code"] == "service_item_not_found"
    bad = client.get("/api/v1/catalog/life-events?audience=pets")
    assert bad.status_code == 422 and bad.json()["field"] == "audience"
