"""Searching the knowledge base: segmentation, synonyms, ranking, filters, highlighting."""

from __future__ import annotations

import pytest

from fawang.knowledge.selectors import article_by_reference, knowledge_search

pytestmark = pytest.mark.django_db


def test_searching_拖欠工资_returns_the_labour_law_articles_and_answers_first(small_qa):
    items = knowledge_search("拖欠工资", limit=10)
    top = items[:5]
    articles = [i for i in top if i.type == "article"]
    answers = [i for i in top if i.type == "qa"]
    assert articles and answers
    assert all(i.law.startswith("中华人民共和国劳动") for i in articles)
    assert any(i.article_number_text == "第三十条" and "劳动合同法" in i.law for i in items)
    assert all(i.domain == "labour" for i in top if i.type == "article")


def test_a_synonym_finds_the_statute_that_uses_other_words(small_qa):
    """欠薪 appears in no article: the synonym list leads it to 劳动报酬."""
    items = knowledge_search("欠薪", kind="article", limit=5)
    assert items and "劳动报酬" in items[0].snippet_html
    assert "<mark>" in items[0].snippet_html


def test_filters_by_type_and_domain(small_qa):
    assert {i.type for i in knowledge_search("工资", kind="qa")} == {"qa"}
    assert {i.type for i in knowledge_search("工资", kind="article")} == {"article"}
    traffic = knowledge_search("机动车 事故", domain="traffic", limit=20)
    assert traffic and all(i.domain == "traffic" for i in traffic)
    assert all("道路交通安全法" in i.law for i in traffic if i.type == "article")


def test_highlighting_escapes_the_text(small_qa):
    items = knowledge_search("<script>工资</script>", limit=3)
    assert items and "<script>" not in " ".join(i.snippet_html for i in items)


@pytest.mark.parametrize("text", ["", "   ", "？？？", "510107199001011234", "བོད་ཡིག", "ꆈꌠꁱꂷ"])
def test_text_with_nothing_to_search_finds_nothing_without_error(small_qa, text):
    assert knowledge_search(text) == []


def test_article_by_reference_reads_the_citation_forms(statutes):
    assert article_by_reference("中华人民共和国劳动合同法第三十条").number == 30
    assert article_by_reference("《劳动合同法》第30条").number_text == "第三十条"
    assert article_by_reference("劳动法第五十条").law.name == "中华人民共和国劳动法"
    assert article_by_reference("中华人民共和国劳动合同法第九百条") is None
    assert article_by_reference("不是引用") is None
    assert article_by_reference("") is None


def test_article_by_reference_finds_the_civil_code_article(db):
    from fawang.knowledge.imports import statutes_import

    statutes_import(law_names={"中华人民共和国民法典"})
    article = article_by_reference("中华人民共和国民法典第九百零八条")
    assert article.number == 908 and article.number_text == "第九百零八条"


def test_a_corpus_whose_rows_have_no_searchable_word_finds_nothing_and_does_not_fail(db):
    """An article stored without tokens (entered by hand, not by the import) once made the index build
    fail on every page that reads a question; now it is simply not found."""
    from fawang.knowledge.models import Article, Law
    from fawang.knowledge.selectors import knowledge_search

    law = Law.objects.create(source_id="t-empty", name="中华人民共和国劳动合同法")
    Article.objects.create(law=law, source_id=900777, number=1, number_text="第一条", text="……")
    assert knowledge_search("拖欠工资") == []
