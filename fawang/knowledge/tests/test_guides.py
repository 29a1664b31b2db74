"""Staff guides (issue 13): written by staff who hold `knowledge.guide`, reviewed by another of them
(never the author), published to the knowledge base and found by search; the staff navigation links
the knowledge search for every member of staff and the guides for those who write them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from fawang.accounts.tests.factories import StaffFactory
from fawang.audit.models import AuditEntry
from fawang.knowledge.models import Entry, Guide
from fawang.knowledge.selectors import knowledge_search

pytestmark = pytest.mark.django_db

TITLE = "接听欠薪来电的要点"
BODY = "农民工讨薪来电：先问清用工单位和拖欠月数，告知可申请法律援助，无需经济困难审查。"


def _en(name: str, *args) -> str:
    with override("en"):
        return reverse(name, args=args)


@pytest.fixture
def writer(sichuan):
    return StaffFactory(username="guide_writer", roles=["answer_reviewer"], jurisdiction_region_id="510000")


@pytest.fixture
def second_reviewer(sichuan):
    return StaffFactory(
        username="guide_reviewer", roles=["provincial_admin"], jurisdiction_region_id="510000"
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _write(client, **data) -> object:
    fields = {"title": TITLE, "body": BODY, "domain": "labour", "references": "", "action": "save"}
    return client.post(_en("knowledge:guide_new"), {**fields, **data})


def test_a_guide_goes_from_draft_through_review_to_the_knowledge_base(writer, second_reviewer, statutes):
    author = _client(writer)
    response = _write(author, references="劳动合同法第三十条")
    guide = Guide.objects.get()
    assert response.status_code == 302 and guide.status == "draft"
    assert [a.reference for a in guide.articles.all()] == ["中华人民共和国劳动合同法第三十条"]
    assert not knowledge_search("欠薪来电 用工单位", kind="guide")  # a draft is not published
    author.post(_en("knowledge:guide", guide.pk), {"action": "submit"})
    guide.refresh_from_db()
    assert guide.status == "in_review"
    # The author cannot approve their own guide.
    html = author.post(_en("knowledge:guide", guide.pk), {"action": "approve"}, follow=True).content.decode()
    guide.refresh_from_db()
    assert guide.status == "in_review" and "Another member of staff reviews your guide." in html
    # Another holder of the action approves: published, with its reviewer and date, found by search.
    _client(second_reviewer).post(_en("knowledge:guide", guide.pk), {"action": "approve"})
    guide.refresh_from_db()
    assert guide.status == "published" and guide.reviewer == second_reviewer
    entry = Entry.objects.get(kind="guide")
    assert entry.question == TITLE and entry.reviewer == second_reviewer and entry.reviewed_on
    assert entry.answer_origin == "staff"
    assert [a.reference for a in entry.articles.all()] == ["中华人民共和国劳动合同法第三十条"]
    assert [item.id for item in knowledge_search("欠薪来电 用工单位", kind="guide")] == [entry.pk]
    assert {"knowledge.guide_save", "knowledge.guide_submit", "knowledge.guide_publish"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )


def test_editing_a_published_guide_needs_a_new_review(writer, second_reviewer, statutes):
    author, reviewer = _client(writer), _client(second_reviewer)
    _write(author)
    guide = Guide.objects.get()
    author.post(_en("knowledge:guide", guide.pk), {"action": "submit"})
    reviewer.post(_en("knowledge:guide", guide.pk), {"action": "approve"})
    author.post(
        _en("knowledge:guide", guide.pk),
        {"title": TITLE, "body": BODY + "另可申请劳动仲裁。", "domain": "labour", "action": "save"},
    )
    guide.refresh_from_db()
    assert guide.status == "draft"
    assert Entry.objects.get(kind="guide").answer == BODY  # the approved text stays until approved again
    author.post(_en("knowledge:guide", guide.pk), {"action": "submit"})
    reviewer.post(_en("knowledge:guide", guide.pk), {"action": "approve"})
    assert Entry.objects.get(kind="guide").answer.endswith("另可申请劳动仲裁。")
    assert Entry.objects.filter(kind="guide").count() == 1


def test_a_returned_guide_needs_a_note_and_goes_back_to_draft(writer, second_reviewer):
    author, reviewer = _client(writer), _client(second_reviewer)
    _write(author)
    guide = Guide.objects.get()
    author.post(_en("knowledge:guide", guide.pk), {"action": "submit"})
    html = reviewer.post(_en("knowledge:guide", guide.pk), {"action": "return", "note": ""}).content.decode()
    assert "Say what should change." in html
    guide.refresh_from_db()
    assert guide.status == "in_review"
    reviewer.post(_en("knowledge:guide", guide.pk), {"action": "return", "note": "请补充法条。"})
    guide.refresh_from_db()
    assert guide.status == "draft" and guide.review_note == "请补充法条。"
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"body": "来电人身份证510107199001011237"}, "body", "Remove the ID card or phone number."),
        ({"references": "劳动合同法第九千条"}, "references", "No such statute article: 劳动合同法第九千条"),
    ],
    ids=["no-title", "id-number", "unknown-article"],
)
def test_bad_guides_are_refused_naming_the_field(writer, statutes, data, field, message):
    response = _write(_client(writer), **data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Guide.objects.exists()


def test_staff_navigation_links_knowledge_search_and_guides_for_their_writers(writer, db):
    clerk = StaffFactory(username="clerk", roles=["window_clerk"], jurisdiction_region_id="510107")
    html = _client(clerk).get(_en("knowledge:search")).content.decode()
    assert f'href="{_en("knowledge:search")}"' in html and "Knowledge search" in html
    assert _en("knowledge:guides") not in html
    assert _client(clerk).get(_en("knowledge:guides")).status_code == 404
    html = _client(writer).get(_en("knowledge:guides")).content.decode()
    assert f'href="{_en("knowledge:guides")}"' in html
