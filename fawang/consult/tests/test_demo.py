"""`make run`'s consultation demo: duty lawyers on the roster, a reviewer, the expert panel, questions
waiting in the duty queue and one answered, rated and published; a second run creates nothing."""

from __future__ import annotations

import pytest

from fawang.consult import selectors
from fawang.consult.demo import consult_demo_ensure
from fawang.consult.models import Consultation, Expert, ExpertRequest

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_duty_queue_and_the_panel_once(sichuan):
    from fawang.accounts.models import User
    from fawang.catalog.services import catalog_load
    from fawang.network.demo import network_generate_demo

    catalog_load()
    network_generate_demo(seed=2020)
    made = consult_demo_ensure()
    assert made["questions"] == 3 and made["experts"] == 2 and made["expert_requests"] == 1
    duty = User.objects.get(username="duty_wuhou")
    assert len(list(selectors.duty_queue(duty))) == 1  # the second Wuhou question; the first is answered
    tibetan = User.objects.get(username="duty_litang")
    assert [o.language for o in selectors.duty_queue(tibetan)] == ["bo"]
    answered = Consultation.objects.exclude(lawyer=None).get()
    assert answered.order.status == "closed"
    assert ExpertRequest.objects.get().experts.get() == Expert.objects.get(user__username="expert_wang")
    from fawang.knowledge.models import Guide

    guide = Guide.objects.get()  # a staff guide waiting for the provincial administrator's review
    assert guide.status == "in_review" and guide.author.username == "reviewer"
    again = consult_demo_ensure()
    assert sum(again.values()) == 0
    assert Guide.objects.count() == 1
