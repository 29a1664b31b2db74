"""The catalog's Tibetan says each core term the way the glossary does (fawang/locale/GLOSSARY.bo.tsv).

The catalog's first Tibetan drafts were written before the glossary and used other words for the same
thing (ཁྲིམས་མཐུན་དཔང་རྟགས for 公证, ཁྲིམས་ཞིབ་ངོས་འཛིན for 司法鉴定, བར་བཅད for 仲裁): a herder reading
"notary" one way on the service list and another on the receipt cannot tell they are one service. This
check reads every Tibetan draft of the catalog's content (service items, clocks, legal bases, life
events) beside the Chinese it translates: where the Chinese uses a core term, the Tibetan must use the
glossary's term, and the old variants must not appear at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
GLOSSARY = Path(__file__).resolve().parents[2] / "locale" / "GLOSSARY.bo.tsv"

# English key in the glossary → (the Chinese that calls for it, the part of the glossary's Tibetan that
# every inflected use keeps: ཁྲིམས་རྩོད་པ "lawyer" is ཁྲིམས་རྩོད in ཁྲིམས་རྩོད་ལས་ཁང "law firm").
CORE_TERMS = {
    "legal aid": ("法律援助", "ཁྲིམས་ལུགས་རོགས་རམ"),
    "legal consultation": ("法律咨询", "ཁྲིམས་ལུགས་བློ་འདྲི"),
    "notary (matter)": ("公证", "སྤྱི་དཔང"),
    "people's mediation": ("调解", "བར་འདུམ"),
    "judicial appraisal": ("司法鉴定", "ཁྲིམས་བཅོད་ངོས་འཛིན"),
    "arbitration": ("仲裁", "བར་གཅོད"),
    "lawyer": ("律师", "ཁྲིམས་རྩོད"),
    "service order": ("工单", "ལས་ཐོ"),
    "complaint": ("投诉", "ཞུ་གཏུག"),
}
# Words the older drafts used for the same things.
OLD_VARIANTS = {
    "ཁྲིམས་མཐུན་དཔང་རྟགས": "notary (matter)",
    "ཁྲིམས་ཞིབ་ངོས་འཛིན": "judicial appraisal",
    "བར་བཅད": "arbitration",
    "འདུམ་འགྲིག": "people's mediation",
    "ཁྲིམས་རོགས": "legal aid",
}


def glossary() -> dict[str, str]:
    terms = {}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        english, _chinese, tibetan = line.split("\t")[:3]
        terms[english] = tibetan
    return terms


def tibetan_content() -> list[tuple[str, str, str]]:
    """(where, Chinese, Tibetan) for every Tibetan draft the catalog ships."""
    items = json.loads((DATA / "service_items.json").read_text(encoding="utf-8"))["items"]
    chinese: dict[tuple[str, str, str], str] = {}
    for item in items:
        for field in ("name", "description", "materials", "fee", "legal_basis"):
            chinese["catalog.serviceitem", item["code"], field] = item.get(field, "")
        for limit in item.get("time_limits", []):
            for field in ("label", "legal_basis", "pause_basis", "extension_basis"):
                chinese["catalog.timelimit", f"{item['code']}/{limit['name']}", field] = limit.get(field, "")
    rows = []
    for row in json.loads((DATA / "translations.json").read_text(encoding="utf-8")):
        if row["language"] == "bo":
            key = (row["content"], row["key"], row["field"])
            rows.append((" ".join(key), chinese.get(key, ""), row["text"]))
    events = json.loads((DATA / "life_events.json").read_text(encoding="utf-8"))["life_events"]
    for event in events:
        for field in ("name", "description"):
            rows.append((f"life event {event['code']} {field}", event[field], event[f"{field}_bo"]))
    return rows


def test_the_core_terms_are_in_the_glossary_as_checked():
    terms = glossary()
    for english, (_chinese, stem) in CORE_TERMS.items():
        assert stem in terms[english], english


def test_every_tibetan_draft_uses_the_glossary_terms_for_the_core_terms():
    rows = tibetan_content()
    assert len(rows) > 150  # the real catalog
    deviations = []
    for where, chinese, tibetan in rows:
        for english, (term, stem) in CORE_TERMS.items():
            if term in chinese and stem not in tibetan:
                deviations.append(f"{where}: {term} ({english}) should be {stem}: {tibetan}")
        for variant, english in OLD_VARIANTS.items():
            if variant in tibetan:
                deviations.append(f"{where}: {variant} is not the glossary's {english}: {tibetan}")
    assert not deviations, "\n".join(deviations)


@pytest.mark.parametrize(
    ("chinese", "tibetan"),
    [("公证", "ཁྲིམས་མཐུན་དཔང་རྟགས།"), ("仲裁申请", "བར་བཅད་ཞུ་ཡིག")],
)
def test_the_check_flags_an_old_word(chinese, tibetan):
    # The check itself: an old draft's word is caught both ways.
    missing = [e for e, (term, stem) in CORE_TERMS.items() if term in chinese and stem not in tibetan]
    old = [v for v in OLD_VARIANTS if v in tibetan]
    assert missing and old


def test_no_interface_catalog_uses_an_old_word():
    # The interface's Tibetan (every app's TRANSLATIONS.bo.tsv) must not bring the old words back.
    found = [
        f"{path.relative_to(GLOSSARY.parents[2])}:{n}: {variant}"
        for path in sorted(GLOSSARY.parents[1].glob("*/TRANSLATIONS.bo.tsv"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for variant in OLD_VARIANTS
        if variant in line
    ]
    assert not found, found
