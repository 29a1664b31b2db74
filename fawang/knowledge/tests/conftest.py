"""A small subset of the statutes (four labour and traffic laws, not the 26,196 articles) and a few
hand-picked questions; the index of each test is built from its own rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

LABOUR_LAWS = {
    "中华人民共和国劳动合同法",
    "中华人民共和国劳动法",
    "中华人民共和国劳动争议调解仲裁法",
    "中华人民共和国道路交通安全法",
}
SMALL_QA = Path(__file__).resolve().parent / "small_qa.jsonl"


@pytest.fixture(autouse=True)
def fresh_index():
    """Each test's database differs: forget the index a previous test built."""
    from fawang.knowledge import index

    index._current = None
    yield
    index._current = None


@pytest.fixture
def statutes(db):
    from fawang.knowledge.imports import statutes_import

    return statutes_import(law_names=LABOUR_LAWS)


@pytest.fixture
def small_qa(statutes):
    from fawang.knowledge.imports import qa_import

    return qa_import(SMALL_QA)


@pytest.fixture
def small_qa_rows() -> list[dict]:
    return [json.loads(line) for line in SMALL_QA.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def catalog(db):
    from fawang.catalog.services import catalog_load

    catalog_load()
