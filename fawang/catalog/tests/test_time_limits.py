"""The law table: every limit that cites a statute cites an article that exists in the shipped text
and states that limit; the others cite a rule by its title."""

import json
import re
from pathlib import Path

import pytest

from fawang.catalog.models import TimeLimit
from fawang.catalog.services import BUNDLED_CATALOG, catalog_load

LAWS = Path(BUNDLED_CATALOG).parent / "laws"
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """15 → 十五, 45 → 四十五, 7 → 七 (how the statutes write their limits)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def article_text(law: str, article: str) -> str | None:
    (path,) = [p for p in LAWS.glob("*.md") if p.name.startswith(law + "(")] or [None]
    if path is None:
        return None
    found = re.search(rf"^{article}\s(.+)$(?:\n\n(?!第)(.+)$)*", path.read_text(encoding="utf-8"), re.M)
    return found.group(0) if found else None


def test_every_cited_statute_article_is_shipped_and_states_the_limit():
    items = json.loads(Path(BUNDLED_CATALOG).read_text(encoding="utf-8"))["items"]
    cited = [(item["code"], limit) for item in items for limit in item["time_limits"]]
    assert cited, "the law table is empty"
    statute_cited = 0
    for code, limit in cited:
        if not limit.get("law"):
            # A rule we do not ship is cited by its title: 《…》 in the legal basis.
            assert "《" in limit["legal_basis"], f"{code}:{limit['name']} cites neither a statute nor a title"
            continue
        text = article_text(limit["law"], limit["article"])
        assert text, f"{code}:{limit['name']}: {limit['law']}{limit['article']} is not in {LAWS}"
        assert chinese_number(limit["limit"]) in text, f"{limit['law']}{limit['article']} does not state it"
        if limit.get("extension"):
            # An extension quotes its rule: the article must say it, with the same number of days.
            quoted = limit["extension_basis"].split("：", 1)[1]
            assert quoted in text and chinese_number(limit["extension"]) in quoted, limit["extension_basis"]
        statute_cited += 1
    assert statute_cited >= 4


def test_a_citation_of_a_missing_article_is_caught():
    assert article_text("公证法", "第三十条") and "十五个工作日" in article_text("公证法", "第三十条")
    assert article_text("公证法", "第九百条") is None
    assert article_text("不存在法", "第一条") is None


@pytest.mark.django_db
def test_the_law_table_loads_with_each_items_clocks():
    catalog_load()
    clocks = {(t.service_item.code, t.name): t for t in TimeLimit.objects.select_related("service_item")}
    assert clocks[("notary", "certify")].starts_on == [
        "accepted",
        "reopened",
    ]  # 公证法第三十条: from acceptance
    assert clocks[("notary", "certify")].pauses_while_suspended is True
    assert (clocks[("appraisal", "accept")].limit, clocks[("appraisal", "complete")].limit) == (7, 30)
    assert (clocks[("labour_arbitration", "award")].limit, clocks[("labour_arbitration", "award")].unit) == (
        45,
        "calendar_days",
    )
    award = clocks[("labour_arbitration", "award")]  # 劳动争议调解仲裁法第四十三条: extendable once by 15
    assert (award.extends_on, award.extension) == (["arbitration_award_extended"], 15)
    assert (clocks[("mediation", "mediate")].limit, clocks[("mediation", "mediate")].unit) == (1, "months")
    assert catalog_load().limits_changed == 0  # a second load changes nothing


@pytest.mark.django_db
def test_an_extension_without_its_rule_is_refused(tmp_path):
    from fawang.core.errors import ValidationFailed

    data = json.loads(Path(BUNDLED_CATALOG).read_text(encoding="utf-8"))
    award = next(
        limit
        for item in data["items"]
        if item["code"] == "labour_arbitration"
        for limit in item["time_limits"]
        if limit["name"] == "award"
    )
    award["extension_basis"], award["extension"] = "", 0
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValidationFailed) as refused:
        catalog_load(path=path)
    codes = {e.code for e in refused.value.errors}
    assert {"catalog_extension_invalid", "catalog_field_missing"} <= codes
