"""The service catalog seed: items with their statutory limits and cited articles, routing rules as
data, an idempotent load, and a bad data file refused whole."""

import json
from pathlib import Path

import pytest
from django.utils import translation

from fawang.catalog.models import RoutingRule, ServiceItem
from fawang.catalog.selectors import service_item_get, service_items_active
from fawang.catalog.services import BUNDLED_CATALOG, catalog_load
from fawang.core.errors import NotFound, ValidationFailed

pytestmark = pytest.mark.django_db


def test_the_seed_has_each_item_with_its_time_limit_in_the_right_unit_and_article():
    catalog_load()
    items = {i.code: i for i in ServiceItem.objects.all()}
    expected = {
        "consultation": ("法律咨询", 3, "working_days", "12345"),
        "legal_aid": ("法律援助申请", 7, "calendar_days", "法律援助法第四十三条"),
        "notary": ("公证", 15, "working_days", "公证法第三十条"),
        "mediation": ("人民调解", 30, "calendar_days", "人民调解法"),
        "complaint": ("投诉", 15, "working_days", "12345"),
        "appraisal": ("司法鉴定委托", 7, "working_days", "司法鉴定程序通则（2016）第十三条"),
        "labour_arbitration": ("劳动争议仲裁申请", 5, "calendar_days", "劳动争议调解仲裁法第二十九条"),
    }
    for code, (name, limit, unit, article) in expected.items():
        item = items[code]
        assert (item.name, item.time_limit, item.time_limit_unit) == (name, limit, unit), code
        assert article in item.legal_basis, code
        assert item.name_en, code


def test_routing_rules_say_which_place_handles_an_item_from_which_level():
    catalog_load()
    rules = {
        code: [(r.handler_kind, r.lowest_level) for r in RoutingRule.objects.filter(service_item__code=code)]
        for code in ServiceItem.objects.values_list("code", flat=True)
    }
    assert rules["consultation"] == [("service_point", "township")]
    assert rules["legal_aid"] == [("legal_aid_centre", "county")]
    assert rules["notary"] == [("notary_office", "county")]
    assert rules["mediation"] == [("mediation_committee", "township"), ("service_point", "township")]
    assert rules["complaint"] == [("service_point", "county")]
    assert rules["appraisal"] == [("appraisal_institution", "prefecture")]
    assert rules["labour_arbitration"] == [("arbitration_commission", "county")]


def test_a_second_load_changes_nothing():
    first = catalog_load()
    # 23 items with mediation_dispute and the appraisal module's item (issue 14)
    assert (first.created, first.life_events_created) == (23, 14)
    again = catalog_load()
    assert (again.created, again.updated, again.unchanged, again.rules_created, again.rules_deleted) == (
        0,
        0,
        23,
        0,
        0,
    )
    assert (again.life_events_created, again.life_events_updated, again.life_event_items_changed) == (0, 0, 0)
    assert again.translations_written == 0
    assert RoutingRule.objects.count() == 23  # mediation_dispute: committee, then service point (issue 14)


def _edited_catalog(tmp_path: Path, edit) -> Path:
    data = json.loads(BUNDLED_CATALOG.read_text(encoding="utf-8"))
    edit(data["items"])
    path = tmp_path / "items.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_changed_file_updates_the_item_and_its_rules(tmp_path):
    catalog_load()
    notary = ServiceItem.objects.get(code="notary")

    def edit(items):
        item = next(i for i in items if i["code"] == "notary")
        item["fee"] = "按新收费标准"
        item["routing"] = [{"handler_kind": "notary_office", "lowest_level": "prefecture", "priority": 10}]

    report = catalog_load(path=_edited_catalog(tmp_path, edit))
    assert report.updated == 1 and report.changed_codes == ["notary"]
    assert (report.rules_created, report.rules_deleted) == (1, 1)
    notary.refresh_from_db()
    assert notary.fee == "按新收费标准"
    assert list(notary.routing_rules.values_list("lowest_level", flat=True)) == ["prefecture"]


def test_a_bad_file_is_refused_whole_naming_item_and_field(tmp_path):
    def edit(items):
        items[0]["time_limit_unit"] = "fortnights"
        items[1]["routing"][0]["handler_kind"] = "court"
        items.append({**items[2], "code": "new_item"})

    with translation.override("en"), pytest.raises(ValidationFailed) as caught:
        catalog_load(path=_edited_catalog(tmp_path, edit))

    found = {(e.field, e.code) for e in caught.value.errors}
    assert found == {("time_limit_unit", "catalog_unit_unknown"), ("handler_kind", "catalog_handler_unknown")}
    assert any("consultation" in e.message and "fortnights" in e.message for e in caught.value.errors)
    assert not ServiceItem.objects.exists()


def test_selectors_list_active_items_in_order_and_find_one_by_code():
    catalog_load()
    ServiceItem.objects.filter(code="complaint").update(is_active=False)
    assert [i.code for i in service_items_active()][:3] == ["consultation", "legal_aid", "notary"]
    assert "complaint" not in {i.code for i in service_items_active()}
    assert service_item_get("legal_aid").name == "法律援助申请"
    with pytest.raises(NotFound) as caught:
        service_item_get("complaint")
    assert caught.value.code == "service_item_not_found"
