"""Issue 13's "done when" for consultation: a message consultation goes from a citizen to a duty
lawyer's answer (citing a statute article), the asker's rating, a reviewer's review and publication,
and is then found by the knowledge base's search, anonymised, with its reviewer and date."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fawang.consult.models import Consultation
from fawang.core.errors import Conflict, NotFound
from fawang.feedback.services import evaluation_submit
from fawang.knowledge.models import Article, Entry, Law
from fawang.knowledge.selectors import knowledge_search
from fawang.orders.engine import order_act

pytestmark = pytest.mark.django_db

ID_NO = "510107199001011237"


@pytest.fixture
def labour_article(db):
    law = Law.objects.create(source_id="t-labour", name="中华人民共和国劳动合同法", department="社会法")
    return Article.objects.create(
        law=law,
        source_id=900001,
        number=30,
        number_text="第三十条",
        text="用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。用人单位拖欠或者未足额支付劳动报酬的，劳动者可以依法向当地人民法院申请支付令。",
    )


def _answered(ask, duty_lawyer, citizen, labour_article):
    order = ask(
        description=f"我叫陈明，身份证{ID_NO}，包工头拖欠工资半年不给，怎么讨薪？",
        applicant=citizen,
        applicant_phone=citizen.phone,
    )
    order_act(actor=duty_lawyer, order=order, action="consult_take")
    from fawang.consult.services import consultation_answer

    consultation_answer(
        actor=duty_lawyer,
        order=order,
        resolution="陈明您好：拖欠工资可以先向劳动保障监察投诉，也可以申请劳动仲裁或支付令。",
        citations=[{"kind": "article", "id": labour_article.pk}],
    )
    return order


def test_a_consultation_goes_from_the_citizen_to_the_knowledge_base(
    ask, duty_lawyer, citizen, reviewer, labour_article
):
    order = _answered(ask, duty_lawyer, citizen, labour_article)
    evaluation_submit(actor=citizen, order=order, level=1, channel="web")  # 非常满意
    client = Client()
    client.force_login(reviewer)
    page = client.get(reverse("consult:thread", args=[order.tracking_no])).content.decode()
    assert "publish-form" in page and ID_NO not in page and "陈明" not in page  # the reviewer reads it masked
    response = client.post(
        reverse("consult:publish", args=[order.tracking_no]),
        {
            "question": "我叫陈明，包工头拖欠工资半年不给，怎么讨薪？",
            "answer": "陈明您好：拖欠工资可以申请劳动仲裁或支付令。",
            "domain": "labour",
        },
    )
    assert response.status_code == 302
    row = Consultation.objects.get(pk=order.pk)
    entry = Entry.objects.get(pk=row.knowledge_entry_id)
    assert "陈明" not in entry.question + entry.answer and ID_NO not in entry.question + entry.answer
    assert (entry.reviewer, entry.reviewed_on, entry.kind) == (reviewer, timezone.localdate(), "consultation")
    assert list(entry.articles.all()) == [labour_article]
    found = knowledge_search("拖欠工资", kind="consultation")
    assert [item.id for item in found] == [entry.pk]
    with pytest.raises(Conflict):
        from fawang.consult.services import consultation_publish

        consultation_publish(actor=reviewer, order=order)  # once


def test_an_answer_the_asker_was_unhappy_with_is_not_published(
    ask, duty_lawyer, citizen, reviewer, labour_article
):
    from fawang.consult.services import consultation_publish

    order = _answered(ask, duty_lawyer, citizen, labour_article)
    evaluation_submit(
        actor=citizen, order=order, level=5, comment="答非所问，没有解决我的问题", channel="web"
    )
    with pytest.raises(Conflict):
        consultation_publish(actor=reviewer, order=order)
    assert not Entry.objects.exists()


def test_only_a_reviewer_publishes(ask, duty_lawyer, citizen, other_staff, labour_article):
    from fawang.consult.services import consultation_publish

    order = _answered(ask, duty_lawyer, citizen, labour_article)
    for actor in (duty_lawyer, other_staff, citizen):
        with pytest.raises(NotFound):
            consultation_publish(actor=actor, order=order)


def test_an_unknown_citation_names_its_field(ask, duty_lawyer):
    from fawang.consult.services import consultation_answer
    from fawang.core.errors import ValidationFailed

    order = ask()
    order_act(actor=duty_lawyer, order=order, action="consult_take")
    with pytest.raises(ValidationFailed) as refused:
        consultation_answer(
            actor=duty_lawyer, order=order, resolution="……", citations=[{"kind": "article", "id": 987654}]
        )
    assert refused.value.errors[0].field == "citations"
