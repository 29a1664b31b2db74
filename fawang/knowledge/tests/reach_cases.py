"""The knowledge base's rows of the exhaustive reach test (fawang/accounts/tests/test_policy_reach.py):
its public pages (search, an article, an entry) and the staff guides' pages (`knowledge.guide`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def _world(order: Any, world: dict[str, Any], actor: Any) -> None:
    from fawang.accounts.tests.factories import StaffFactory
    from fawang.knowledge.models import Article, Entry, Guide, Law

    law = Law.objects.create(source_id="reach-law", name="中华人民共和国劳动合同法")
    world["article"] = Article.objects.create(
        law=law,
        source_id=990001,
        number=30,
        number_text="第三十条",
        text="用人单位应当及时足额支付劳动报酬。",
    )
    world["entry"] = Entry.objects.create(
        kind="qa", question="拖欠工资怎么办？", answer="申请劳动仲裁。", answer_origin="human_lecoqa"
    )
    world["guide"] = Guide.objects.create(
        title="接听欠薪来电",
        body="先问清用工单位。",
        author=StaffFactory(roles=["provincial_admin"]),
        status="in_review",
    )


def _get(name: str, key: str | None = None):
    def call(client, order, world):
        return client.get(reverse(name, args=[world[key].pk] if key else []))

    return call


def _answers(response, order, world) -> bool:
    return response.status_code == 200


def _approve(client, order, world):
    return client.post(reverse("knowledge:guide", args=[world["guide"].pk]), {"action": "approve"})


def _approved(response, order, world) -> bool:
    world["guide"].refresh_from_db()
    return world["guide"].status == "published"


def cases(Case: Any) -> dict[str, list[Any]]:
    public = {"about_order": False, "prepare": _world}
    return {
        "knowledge:search": [Case(_get("knowledge:search"), _answers, (), **public)],
        "knowledge:article": [Case(_get("knowledge:article", "article"), _answers, (), **public)],
        "knowledge:entry": [Case(_get("knowledge:entry", "entry"), _answers, (), **public)],
        "knowledge:guides": [Case(_get("knowledge:guides"), _answers, ("knowledge.guide",), **public)],
        "knowledge:guide_new": [Case(_get("knowledge:guide_new"), _answers, ("knowledge.guide",), **public)],
        "knowledge:guide": [
            Case(_get("knowledge:guide", "guide"), _answers, ("knowledge.guide",), **public),
            Case(_approve, _approved, ("knowledge.guide",), **public),
        ],
    }
