"""督办回复 on the order page: the handler's region answers an open supervision order in writing; the
answer, who gave it and when show on the order page and on the supervisor's /supervision/ page. The
workbench flags orders with an open supervision order ("Under supervision", 督办中)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.orders.enums import EventKind, SupervisionStatus
from fawang.orders.models import SupervisionOrder
from fawang.orders.tests.factories import working_day_deadline

pytestmark = pytest.mark.django_db

ANSWER = "已电话联系申请人，预约周四到中心面谈。"


def _en(name: str, *args) -> str:
    with override("en"):
        return reverse(name, args=args)


@pytest.fixture
def supervised(submit, chengdu_supervisor) -> SupervisionOrder:
    """A Wuhou order on which Chengdu's supervisor issued a supervision order (to Wuhou, the handler)."""
    from fawang.orders.services import supervision_issue

    order = submit()
    return supervision_issue(
        actor=chengdu_supervisor,
        order=order,
        reason="请三日内联系申请人并反馈进展",
        deadline=working_day_deadline(3),
    )


def _answer(client, supervision: SupervisionOrder, text: str):
    return client.post(
        _en("orders:supervision_answer", supervision.order.tracking_no, supervision.pk),
        {f"answer-{supervision.pk}-response": text},
    )


def _row_marks(html: str, tracking_no: str) -> str:
    return html.split(f'data-tracking-no="{tracking_no}"')[1].split("</tr>")[0]


def test_handler_answers_on_the_order_page_and_the_supervisor_sees_the_answer(
    client, supervised, wuhou_clerk, chengdu_supervisor
):
    order = supervised.order
    client.force_login(wuhou_clerk)
    # The workbench flags the order in words while the supervision order is open.
    queue = client.get(_en("orders:workbench")).content.decode()
    assert "Under supervision" in _row_marks(queue, order.tracking_no)
    page = client.get(_en("orders:order_detail", order.tracking_no))
    (shown,) = page.context["supervisions"]
    assert shown.answer_form is not None
    assert 'data-action="answer-supervision"' in page.content.decode()

    response = _answer(client, supervised, ANSWER)

    assert response.status_code == 302
    assert response["Location"] == _en("orders:order_detail", order.tracking_no)
    supervised.refresh_from_db()
    assert supervised.status == SupervisionStatus.ANSWERED and supervised.response == ANSWER
    assert supervised.answered_by == wuhou_clerk
    assert order.events.filter(kind=EventKind.SUPERVISION_ANSWERED, actor=wuhou_clerk).count() == 1
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Answer to the supervision order sent." in [str(m) for m in page.context["messages"]]
    answer = html.split('data-testid="supervision-answer"')[1].split("</div>\n")[0]
    assert ANSWER in answer and wuhou_clerk.display_name in answer
    assert (
        supervised.answered_at.astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%d %H:%M")
        in answer
    )
    assert 'data-action="answer-supervision"' not in html  # answered: no form any more
    queue = client.get(_en("orders:workbench")).content.decode()
    assert "Under supervision" not in _row_marks(queue, order.tracking_no)

    client.force_login(chengdu_supervisor)
    html = client.get(_en("supervision:index") + "?all=1").content.decode()
    answer = html.split('data-testid="supervision-answer"')[1].split("</div>")[0]
    assert ANSWER in answer and wuhou_clerk.display_name in answer


def test_ganzi_clerk_cannot_answer_a_chengdu_supervision_order(client, supervised, ganzi_clerk):
    client.force_login(ganzi_clerk)

    response = _answer(client, supervised, "不是我们的")

    assert response.status_code == 404
    supervised.refresh_from_db()
    assert supervised.status == SupervisionStatus.OPEN and supervised.response == ""


def test_an_empty_answer_is_refused_on_its_field(client, supervised, wuhou_clerk):
    client.force_login(wuhou_clerk)

    response = _answer(client, supervised, "   ")

    assert response.status_code == 422
    (shown,) = response.context["supervisions"]
    assert shown.answer_form.errors == {"response": ["Write the answer."]}
    html = response.content.decode()
    assert "Write the answer." in html and "<details open>" in html
    supervised.refresh_from_db()
    assert supervised.status == SupervisionStatus.OPEN
    assert not supervised.order.events.filter(kind=EventKind.SUPERVISION_ANSWERED).exists()


def test_no_form_for_staff_who_see_the_order_but_may_not_answer(client, supervised, sichuan):
    # The hotline sees the order (it took the call) but neither works nor supervises it.
    agent = StaffFactory(
        username="wuhou_hotline", jurisdiction_region_id="510107", roles=[Role.HOTLINE_AGENT]
    )
    client.force_login(agent)

    page = client.get(_en("orders:order_detail", supervised.order.tracking_no))
    assert page.status_code == 200
    (shown,) = page.context["supervisions"]
    assert shown.answer_form is None
    assert 'data-action="answer-supervision"' not in page.content.decode()
    # A forged POST is refused by the same check, and nothing changes.
    assert _answer(client, supervised, "伪造的答复").status_code == 403
    supervised.refresh_from_db()
    assert supervised.status == SupervisionStatus.OPEN


def test_a_second_answer_is_refused_in_words(client, supervised, wuhou_clerk):
    client.force_login(wuhou_clerk)
    assert _answer(client, supervised, ANSWER).status_code == 302

    response = _answer(client, supervised, "再答一次")

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert any("already “Answered”" in str(m) for m in page.context["messages"])
    supervised.refresh_from_db()
    assert supervised.response == ANSWER
