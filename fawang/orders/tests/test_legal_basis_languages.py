"""The legal basis an order cites reaches each reader in their language, honestly marked (ADR 0014):
the order page's item and clock citations, the receipt, the order API (with the official Chinese kept
in its own field) and the sweep's warning notice. Tibetan is a machine draft and says so; English is
reviewed; the test's own item has no Yi wording, so the Chinese shows with the fallback note; a translation
made from another wording than the one copied onto the clock is not passed off as its translation."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone, translation
from django.utils.html import strip_tags

from fawang.api.tests.helpers import ApiClient
from fawang.catalog.models import ITEM_CONTENT, TIME_LIMIT_CONTENT, TimeLimit
from fawang.translations.models import ContentTranslation
from fawang.translations.selectors import translations_cache_clear

pytestmark = pytest.mark.django_db

ITEM_BASIS = "《公共法律服务事项清单》"
CLOCK_BASIS = "四川省12345热线管理办法第十条"
BO_ITEM = "《སྤྱི་པའི་ཁྲིམས་ལུགས་ཞབས་ཞུའི་དོན་ཚན་ཐོ་གཞུང་།》"
BO_CLOCK = "སི་ཁྲོན་ཞིང་ཆེན་གྱི་12345ཐད་ཐིག་ཁ་པར་དོ་དམ་བྱ་ཐབས། དོན་ཚན་བཅུ་པ།"
EN_ITEM = "List of Public Legal Services"
EN_CLOCK = "Sichuan 12345 Hotline Measures, art. 10"
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture
def order(network, submit, provincial_admin):
    item = network.consult
    TimeLimit.objects.create(
        service_item=item,
        name="answer",
        label="答复",
        limit=5,
        unit="working_days",
        starts_on=["submitted"],
        stops_on=["resolved"],
        legal_basis=CLOCK_BASIS,
    )
    now = timezone.now()
    rows = [
        (ITEM_CONTENT, item.code, ITEM_BASIS, "bo", BO_ITEM),
        (TIME_LIMIT_CONTENT, f"{item.code}/answer", CLOCK_BASIS, "bo", BO_CLOCK),
        (ITEM_CONTENT, item.code, ITEM_BASIS, "en", EN_ITEM),
        (TIME_LIMIT_CONTENT, f"{item.code}/answer", CLOCK_BASIS, "en", EN_CLOCK),
    ]
    for content, key, chinese, language, text in rows:
        reviewed = language == "en"  # English read and approved by a person; Tibetan a machine draft
        ContentTranslation.objects.create(
            content=content,
            object_key=key,
            field="legal_basis",
            language=language,
            text=text,
            source_text=chinese,
            state="reviewed" if reviewed else "machine",
            reviewer=provincial_admin if reviewed else None,
            reviewed_at=now if reviewed else None,
        )
    translations_cache_clear()
    item.legal_basis = ITEM_BASIS
    item.save()
    return submit(service_item=item)


def _part(page: str, testid: str) -> str:
    return re.search(
        rf'data-testid="{testid}">(.*?)(?:</small>)?(?:</dd>|</li>|\s*<br>)', page, flags=re.S
    ).group(1)


def _page(client, user, path: str) -> str:
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_the_tibetan_order_page_cites_item_and_clock_in_tibetan_marked_as_machine_drafts(
    client, wuhou_clerk, order
):
    page = _page(client, wuhou_clerk, f"/bo/work/orders/{order.tracking_no}/")
    item, clock = _part(page, "item-basis"), _part(page, "clock-basis")
    assert BO_ITEM in item and BO_CLOCK in clock
    for basis in (item, clock):
        assert 'data-translation="machine"' in basis  # the reader is told nobody has reviewed it
        assert "data-basis-note" in basis  # ... and that the official wording is the Chinese
        assert not CJK.search(strip_tags(basis)), basis
    assert ITEM_BASIS not in page and CLOCK_BASIS not in page


def test_the_english_order_page_cites_the_reviewed_english_without_a_draft_mark(client, wuhou_clerk, order):
    page = _page(client, wuhou_clerk, f"/en/work/orders/{order.tracking_no}/")
    item, clock = _part(page, "item-basis"), _part(page, "clock-basis")
    assert EN_ITEM in item and EN_CLOCK in clock
    assert "data-translation" not in item + clock
    assert "official wording is Chinese" in strip_tags(clock)


def test_the_yi_order_page_shows_the_official_chinese_and_says_no_yi_translation_exists(
    client, wuhou_clerk, order
):
    page = _page(client, wuhou_clerk, f"/ii/work/orders/{order.tracking_no}/")
    for part, chinese in ((_part(page, "item-basis"), ITEM_BASIS), (_part(page, "clock-basis"), CLOCK_BASIS)):
        assert f'<span lang="zh-Hans">{chinese}</span>' in part
        assert 'role="note" data-translation="fallback"' in part


def test_a_translation_of_another_wording_is_not_shown_for_the_clocks_copied_citation(
    client, wuhou_clerk, order
):
    # The catalog's article was re-cited after the clock started: the clock keeps its copy, and the
    # Tibetan made from the new wording is not its translation, so the clock shows its Chinese, marked.
    ContentTranslation.objects.filter(object_key=f"{order.service_item.code}/answer", language="bo").update(
        source_text="四川省12345热线管理办法第十一条"
    )
    translations_cache_clear()
    clock = _part(_page(client, wuhou_clerk, f"/bo/work/orders/{order.tracking_no}/"), "clock-basis")
    assert f'<span lang="zh-Hans">{CLOCK_BASIS}</span>' in clock and 'data-translation="fallback"' in clock


def test_the_receipt_names_the_service_and_its_basis_in_the_readers_language(client, wuhou_clerk, order):
    bo = _part(_page(client, wuhou_clerk, f"/bo/work/orders/{order.tracking_no}/receipt/"), "receipt-basis")
    assert BO_ITEM in bo and 'data-translation="machine"' in bo and ITEM_BASIS not in bo
    en = _part(_page(client, wuhou_clerk, f"/en/work/orders/{order.tracking_no}/receipt/"), "receipt-basis")
    assert EN_ITEM in en and "data-translation" not in en
    ii = _part(_page(client, wuhou_clerk, f"/ii/work/orders/{order.tracking_no}/receipt/"), "receipt-basis")
    assert ITEM_BASIS in ii and 'data-translation="fallback"' in ii


@pytest.mark.parametrize(
    ("language", "item_text", "clock_text", "expected"),
    [
        (
            "bo",
            BO_ITEM,
            BO_CLOCK,
            {"language": "bo", "fallback": False, "machine_draft": True, "review_state": "machine"},
        ),
        (
            "en",
            EN_ITEM,
            EN_CLOCK,
            {"language": "en", "fallback": False, "machine_draft": False, "review_state": "reviewed"},
        ),
        (
            "ii",
            ITEM_BASIS,
            CLOCK_BASIS,
            {"language": "zh", "fallback": True, "machine_draft": False, "review_state": ""},
        ),
    ],
)
def test_the_order_api_gives_the_basis_in_the_asked_language_with_its_state_and_keeps_the_chinese(
    wuhou_clerk, order, language, item_text, clock_text, expected
):
    detail = ApiClient(wuhou_clerk, language=language).get(f"/api/v1/orders/{order.tracking_no}").json()
    assert detail["legal_basis"] == ITEM_BASIS  # the official wording, whatever the language
    assert detail["legal_basis_translated"] == {"text": item_text, **expected}
    [clock] = detail["clocks"]
    assert clock["name"] == "answer" and clock["legal_basis"] == CLOCK_BASIS
    assert clock["legal_basis_translated"] == {"text": clock_text, **expected}


def test_the_warning_notice_cites_the_basis_in_its_language_with_the_draft_mark(wuhou_clerk, order):
    from fawang.notify.models import InboxMessage
    from fawang.orders.models import OrderClock
    from fawang.orders.sweep import SweepReport, _warn

    order.accepted_by = wuhou_clerk
    order.save(update_fields=["accepted_by"])
    clock = OrderClock.objects.get(order=order, name="answer")
    with translation.override("bo"):
        _warn([clock.pk], timezone.now(), SweepReport())
        mark = translation.gettext("(machine translation)")
    [notice] = InboxMessage.objects.filter(recipient=wuhou_clerk, order=order)
    assert f"{BO_CLOCK} {mark}" in notice.body and CLOCK_BASIS not in notice.body
    with translation.override("ii"):
        _warn([clock.pk], timezone.now(), SweepReport())
    yi = InboxMessage.objects.filter(recipient=wuhou_clerk, order=order).order_by("-pk").first()
    assert CLOCK_BASIS in yi.body and "(No Yi translation yet" not in yi.body  # the note is in Yi's catalog
    with translation.override("ii"):
        assert translation.gettext("(No Yi translation yet; shown in Chinese)") in yi.body
