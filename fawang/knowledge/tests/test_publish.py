"""Publishing a reviewed answer: who and when, audited, then found by search."""

from __future__ import annotations

import pytest

from fawang.audit.models import AuditEntry
from fawang.core.errors import ValidationFailed
from fawang.knowledge.enums import AnswerOrigin
from fawang.knowledge.models import Article
from fawang.knowledge.selectors import knowledge_search
from fawang.knowledge.services import knowledge_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(db):
    from fawang.accounts.models import User

    return User.objects.create_user(username="reviewer_wuhou", password="x", first_name="李审核")


def test_a_published_consultation_is_found_by_search_with_its_reviewer(small_qa, reviewer):
    assert not knowledge_search("外卖骑手", kind="consultation")
    article = Article.objects.get(law__name="中华人民共和国劳动合同法", number=30)
    entry = knowledge_publish(
        kind="consultation",
        question="外卖骑手送餐途中摔伤，平台不认工伤怎么办？",
        answer="先确认劳动关系，再申请工伤认定；用人单位拖欠劳动报酬的，可申请劳动仲裁。",
        domain="labour",
        reviewer=reviewer,
        article_ids=[article.pk],
        source="consultation 2026-0001",
    )
    assert entry.answer_origin == AnswerOrigin.DUTY_LAWYER and entry.reviewer_name == "李审核"
    assert entry.reviewed_on and entry.published_on
    found = knowledge_search("外卖骑手", kind="consultation")
    assert [i.id for i in found] == [entry.pk]
    assert AuditEntry.objects.filter(action="knowledge.publish", entity_id=str(entry.pk)).exists()


def test_publishing_refuses_bad_input_and_saves_nothing(small_qa, reviewer):
    with pytest.raises(ValidationFailed) as caught:
        knowledge_publish(
            kind="qa",
            question="",
            answer="",
            domain="nowhere",
            reviewer=reviewer,
            article_ids=[999999],
            source="",
        )
    fields = {e.field for e in caught.value.errors}
    assert fields == {"kind", "question", "answer", "domain", "article_ids"}
    assert not AuditEntry.objects.filter(action="knowledge.publish").exists()


@pytest.mark.parametrize("field", ["question", "answer"])
@pytest.mark.parametrize("number", ["51010719900101123X", "13812345678"])
def test_an_id_card_or_phone_number_never_reaches_the_knowledge_base(small_qa, reviewer, field, number):
    texts = {"question": "公司欠薪怎么办？", "answer": "可以申请劳动仲裁。"}
    texts[field] += f"联系我：{number}"
    with pytest.raises(ValidationFailed) as caught:
        knowledge_publish(
            kind="consultation", domain="labour", reviewer=reviewer, article_ids=[], source="", **texts
        )
    assert [(e.field, e.code) for e in caught.value.errors] == [(field, "personal_number")]
    assert not knowledge_search("欠薪", kind="consultation")
