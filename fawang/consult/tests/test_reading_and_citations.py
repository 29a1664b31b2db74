"""Issue 13: the reading of a question (domain with score and reasons, services, answers, statutes)
on the citizen's application form before sending, beside the question for the duty lawyer and on the
hotline console; and the lawyer's article picker, whose citations link to the article's page."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from fawang.consult.models import Consultation, ConsultationMessage
from fawang.knowledge.models import Article, Law
from fawang.orders.engine import order_act
from fawang.orders.models import ServiceOrder

pytestmark = pytest.mark.django_db

ID_NO = "510107199001011237"
WAGES = "公司拖欠三个月工资，老板不给，想申请劳动仲裁讨薪。"


@pytest.fixture(autouse=True)
def fresh_index():
    from fawang.knowledge import index

    index._current = None
    yield
    index._current = None


@pytest.fixture
def labour_article(db):
    law = Law.objects.create(source_id="t-labour", name="中华人民共和国劳动合同法", department="社会法")
    article = Article.objects.create(
        law=law,
        source_id=900001,
        number=30,
        number_text="第三十条",
        text="用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。用人单位拖欠劳动报酬的，劳动者可以申请支付令。",
        tokens="劳动合同法 用人单位 劳动 合同 国家 规定 劳动者 及时 足额 支付 劳动报酬 拖欠 支付令",
    )
    from fawang.knowledge.services import knowledge_index_bump

    knowledge_index_bump()
    return article


def _en(name: str, *args: str) -> str:
    with override("en"):
        return reverse(name, args=args)


def test_the_citizen_checks_the_question_before_sending_and_nothing_is_saved(
    client, consultation_item, labour_article, caplog
):
    caplog.set_level(logging.DEBUG)
    response = client.post(
        _en("web:apply"),
        {
            "service_item": consultation_item.pk,
            "description": f"{WAGES}我的身份证{ID_NO}",
            "action": "check_question",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="question-reading"' in html
    assert 'data-domain="labour"' in html  # a wage question reads as a labour dispute
    assert "likelihood" in html and 'data-testid="reading-reasons"' in html
    assert f'href="/en/knowledge/articles/{labour_article.pk}/"' in html  # the statute, linked
    assert WAGES in html  # the question stays in the form, to send after the check
    assert not ServiceOrder.objects.exists()  # checking sends nothing
    assert ID_NO not in caplog.text


def test_a_question_with_nothing_to_read_says_so(client, consultation_item):
    html = client.post(
        _en("web:apply"),
        {"service_item": consultation_item.pk, "description": "ང་ལ་ལས་གླ་མ་སྤྲད།", "action": "check_question"},
    ).content.decode()
    assert 'data-testid="reading-nothing"' in html
    assert not ServiceOrder.objects.exists()


def test_the_duty_lawyer_sees_the_reading_beside_the_question(ask, duty_lawyer, labour_article):
    order = ask(description=f"我叫陈明，身份证{ID_NO}，{WAGES}")
    client = Client()
    client.force_login(duty_lawyer)
    html = client.get(_en("consult:thread", order.tracking_no)).content.decode()
    assert 'data-testid="question-reading"' in html and 'data-domain="labour"' in html
    assert "Reading of the question" in html


def test_the_hotline_agent_checks_the_callers_question_without_saving(
    client, hotline_agent, network, labour_article
):
    client.force_login(hotline_agent)
    response = client.post(
        _en("orders:hotline"),
        {
            "applicant_phone": "13800138000",
            "applicant_kind": "citizen",
            "service_item": network.consult.pk,
            "region": "510107",
            "description": WAGES,
            "action": "check_question",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="question-reading"' in html and 'data-domain="labour"' in html
    assert WAGES in html
    assert not ServiceOrder.objects.exists()


def test_checking_a_callers_question_before_any_words_is_not_a_refusal(client, hotline_agent, network):
    # The agent may press "check the question" before typing it: the console comes back as it was
    # (200, not the 422 of a refused intake) and nothing is saved.
    client.force_login(hotline_agent)
    response = client.post(
        _en("orders:hotline"),
        {"applicant_phone": "13800138000", "service_item": network.consult.pk, "action": "check_question"},
    )
    assert response.status_code == 200
    assert "13800138000" in response.content.decode()
    assert not ServiceOrder.objects.exists()


def _taken(ask, duty_lawyer):
    order = ask(description=WAGES)
    order_act(actor=duty_lawyer, order=order, action="consult_take")
    client = Client()
    client.force_login(duty_lawyer)
    return order, client


def test_the_lawyer_finds_an_article_by_law_and_number_and_cites_it(ask, duty_lawyer, labour_article):
    order, client = _taken(ask, duty_lawyer)
    url = _en("consult:answer", order.tracking_no)
    found = client.post(url, {"answer": "可申请支付令。", "find": "劳动合同法第三十条", "action": "find"})
    html = found.content.decode()
    assert f'value="article:{labour_article.pk}"' in html  # offered in the picker
    assert "可申请支付令。" in html  # the answer typed so far is kept
    assert not ConsultationMessage.objects.filter(kind="answer").exists()
    # Found by words as well.
    html = client.post(url, {"answer": "", "find": "拖欠 劳动报酬", "action": "find"}).content.decode()
    assert f'value="article:{labour_article.pk}"' in html
    # Checked and sent: the answer cites it, and the thread links to the article's page.
    sent = client.post(
        url, {"answer": "可申请支付令。", "cite": [f"article:{labour_article.pk}"], "action": "send"}
    )
    assert sent.status_code == 302
    message = ConsultationMessage.objects.get(kind="answer")
    assert message.citations == [
        {"kind": "article", "id": labour_article.pk, "label": "中华人民共和国劳动合同法第三十条"}
    ]
    html = client.get(_en("consult:thread", order.tracking_no)).content.decode()
    assert f'href="/en/knowledge/articles/{labour_article.pk}/"' in html


def test_a_chosen_citation_stays_chosen_while_searching_again(ask, duty_lawyer, labour_article):
    order, client = _taken(ask, duty_lawyer)
    html = client.post(
        _en("consult:answer", order.tracking_no),
        {"answer": "x", "find": "没有这样的词语", "cite": [f"article:{labour_article.pk}"], "action": "find"},
    ).content.decode()
    chosen = html.split('data-testid="chosen-citations"')[1].split("</ul>")[0]
    assert f'value="article:{labour_article.pk}" checked' in chosen


def test_a_tampered_citation_is_refused_by_name_and_nothing_is_saved(ask, duty_lawyer, labour_article):
    order, client = _taken(ask, duty_lawyer)
    response = client.post(
        _en("consult:answer", order.tracking_no),
        {"answer": "回答", "cite": ["article:abc"], "action": "send"},
    )
    assert response.status_code == 200
    assert "Cite an article or an entry by its id." in response.content.decode()
    assert not ConsultationMessage.objects.filter(kind="answer").exists()
    assert Consultation.objects.get(pk=order.pk).order.status == "in_progress"
