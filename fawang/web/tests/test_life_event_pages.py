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
    assert '<cite><span lang="zh-Hans">公证法第十一条、第三十条</span></cite>' in page
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


CJK = re.compile(r"[\u3400-\u9fff]")


def _main_text(page: str) -> str:
    """What the page's main part says, without the fallback notes' Chinese (none expected here)."""
    return strip_tags(re.search(r"<main.*?</main>", page, flags=re.S).group(0))


def test_a_tibetan_item_page_cites_its_law_in_tibetan_not_chinese(client, catalog):
    page = client.get("/bo/services/legal_aid/").content.decode()
    basis = re.search(r'<dd data-testid="legal-basis">(.*?)</dd>', page, flags=re.S).group(1)
    assert "ཁྲིམས་ལུགས་རོགས་རམ་ཁྲིམས་ཡིགདོན་ཚན་བཞི་བཅུ་ཞེ་གསུམ་པ།" in basis  # Legal Aid Law, art. 43
    assert 'data-translation="machine"' in basis  # a machine draft says it is one
    assert not CJK.search(strip_tags(basis)), basis
    # Each clock's own article too (art. 43's seven days, art. 49's objection, art. 50's closing materials),
    # and nothing Chinese is left of any legal basis on the page.
    assert page.count('data-testid="limit-basis"') == 5
    assert "དོན་ཚན་བཞི་བཅུ་ཞེ་དགུ་པ།" in page
    assert "法律援助法" not in page and not CJK.search(_main_text(page))


def test_an_english_item_page_cites_the_law_by_its_english_title(client, catalog):
    page = client.get("/en/services/labour_arbitration/").content.decode()
    assert "Labour Dispute Mediation and Arbitration Law of the PRC, art. 29" in page
    assert "劳动争议调解仲裁法" not in page


def test_a_legal_basis_without_a_translation_shows_the_chinese_and_says_so(client, catalog):
    from fawang.translations.models import ContentTranslation

    # Yi cites the law in Yi (a machine draft, marked) and no Chinese of any legal basis is left ...
    page = client.get("/ii/services/legal_aid/").content.decode()
    basis = re.search(r'<dd data-testid="legal-basis">(.*?)</dd>', page, flags=re.S).group(1)
    assert '<span lang="ii">《ꃒꇐꑸꍗꃒ》 ꄷ 43 ꄷ</span>' in basis and 'data-translation="machine"' in basis
    assert page.count('data-testid="limit-basis"') == 5 and "法律援助法" not in page
    # ... until its draft is removed: the official Chinese, marked, with a note in the reader's language.
    ContentTranslation.objects.filter(object_key="legal_aid", field="legal_basis", language="ii").delete()
    page = client.get("/ii/services/legal_aid/").content.decode()
    basis = re.search(r'<dd data-testid="legal-basis">(.*?)</dd>', page, flags=re.S).group(1)
    assert '<span lang="zh-Hans">法律援助法第四十三条</span>' in basis
    assert 'role="note" data-translation="fallback"' in basis
    # A Tibetan draft removed: the same marker on the Tibetan page.
    ContentTranslation.objects.filter(object_key="notary", field="legal_basis", language="bo").delete()
    page = client.get("/bo/services/notary/").content.decode()
    basis = re.search(r'<dd data-testid="legal-basis">(.*?)</dd>', page, flags=re.S).group(1)
    assert '<span lang="zh-Hans">公证法第三十条</span>' in basis and 'data-translation="fallback"' in basis


def test_an_unknown_event_or_item_is_not_found(client, catalog):
    assert client.get("/life-events/wedding/").status_code == 404
    assert client.get("/services/no_such_item/").status_code == 404
