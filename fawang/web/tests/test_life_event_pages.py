"""The catalog as the citizen meets it: home → a life event → its items, one line each → an item's
page with materials, time limit, fee, legal basis and where it is offered → apply with the item chosen."""

import re

import pytest
from django.utils.html import strip_tags

from fawang.catalog.services import catalog_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(sichuan):
    catalog_load()


def test_home_leads_to_a_life_event_whose_items_lead_to_their_pages(client, catalog):
    home = client.get("/").content.decode()
    assert 'href="/life-events/"' in home
    assert re.search(
        r'href="/life-events/after_death/" data-life-event="after_death"><span lang="zh-Hans">身后事<', home
    )
    assert re.search(r'href="/life-events/enterprise_closure/"[^>]*><span lang="zh-Hans">破产与注销<', home)

    listing = client.get("/life-events/").content.decode()
    assert listing.count('data-life-event="') == 14
    assert "亲人去世后：继承公证、遗产纠纷调解、心理咨询转介。" in listing

    event = client.get("/life-events/after_death/").content.decode()
    lines = re.findall(r'<li><a href="/services/([a-z_]+)/" data-item=', event)  # one line per item
    assert lines == [
        "notary_will_inheritance",
        "mediation",
        "consultation",
        "legal_aid",
        "counselling_referral",
    ]
    assert "遗嘱、继承公证 · 15个工作日内办结" in strip_tags(event)


def test_an_item_page_shows_materials_limit_fee_basis_and_where_offered_and_applies_for_that_item(
    client, catalog
):
    page = client.get("/services/notary_will_inheritance/").content.decode()
    assert '<li><span lang="zh-Hans">财产权属证明（房产证、存款凭证等）</span></li>' in page  # one per line
    assert "出具公证书: 15个工作日" in strip_tags(page)
    assert "按四川省公证服务收费标准" in page
    assert '<cite lang="zh-Hans">公证法第十一条、第三十条</cite>' in page
    assert "公证处（区县级及以上）" in page
    assert 'href="/life-events/after_death/"' in page and 'href="/life-events/retirement/"' in page
    assert 'href="/apply/?item=notary_will_inheritance"' in page

    form = client.get("/apply/?item=notary_will_inheritance").content.decode()
    assert re.search(r'<option value="notary_will_inheritance" selected>', form)


def test_the_pages_speak_tibetan_and_say_a_draft_is_a_draft(client, catalog):
    page = client.get("/bo/services/arbitration/").content.decode()
    assert "བར་གཅོད་རེ་ཞུ།" in page  # the item's name in Tibetan
    assert "བར་གཅོད་ལས་ཁུངས་ཀྱི་གླ་ཚད་ལྟར་བར་གཅོད་འགྲོ་གྲོན་སྤྲོད།" in page  # its fee
    assert 'lang="bo"' in page and "仲裁申请（合同和财产权益纠纷）" not in page
    event = client.get("/ii/life-events/birth/").content.decode()
    assert "ꍲꎸ" in event and "出生" not in re.sub(r"<title>.*?</title>", "", event, flags=re.S)


def test_an_unknown_event_or_item_is_not_found(client, catalog):
    assert client.get("/life-events/wedding/").status_code == 404
    assert client.get("/services/no_such_item/").status_code == 404
