"""Reading a question: the domain with its score and reasons, the services that fit."""

from __future__ import annotations

import pytest

from fawang.knowledge.reading import classifier, read_question

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text, domain",
    [
        ("老板拖欠工资三个月，劳动仲裁怎么申请", "labour"),
        ("我想离婚，孩子的抚养权归谁", "marriage_family"),
        ("被车撞了，对方司机逃逸，交警还没出事故认定书", "traffic"),
        ("在网上买到假货，商家不给退货退款", "consumer"),
        ("朋友借了我五万块钱，写了借条，现在不还钱", "debt"),
    ],
)
def test_plain_questions_read_as_their_domain(small_qa, text, domain):
    reading = read_question(text, answers=0, statutes=0)
    assert reading.domain == domain
    assert reading.reasons and all(word in text for word in reading.reasons)


def test_a_wage_question_gets_legal_aid_without_a_hardship_test_then_arbitration_and_mediation(small_qa):
    reading = read_question("我是农民工，工地老板欠薪不给")
    assert reading.domain in {"labour", "construction"}
    assert [s.code for s in reading.services][:1] == ["legal_aid"]
    assert reading.services[0].why == "wages_without_hardship_test"
    assert reading.statutes and reading.answers


def test_the_classifier_knows_the_twenty_domains(db):
    from fawang.knowledge.enums import Domain

    assert set(classifier().classes) == set(Domain.values)


def test_nothing_to_read_is_no_domain(db):
    for text in ("", "12345678901", "བོད་ཡིག"):
        reading = read_question(text)
        assert reading.domain == "" and reading.services == [] and reading.answers == []
