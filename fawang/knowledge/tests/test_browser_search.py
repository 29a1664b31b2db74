"""A migrant worker searches the knowledge base on a phone, in Debian's Chromium (every page checked
with axe-core by the root conftest's audited browser): the reading of the question with the services
that fit, the labour-law articles and lawyers' answers first, then an article's page with its law,
number and the answers that cite it; the same page in English and Tibetan."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_migrant_worker_finds_the_statute_an_answer_and_the_services(
    live_server, phone_page, small_qa, catalog
):
    base, page = live_server.url, phone_page
    page.goto(f"{base}/knowledge/")
    page.get_by_label("您的问题或关键词").fill("老板拖欠工资三个月，我是农民工")
    page.get_by_role("button", name="搜索").last.click()

    reading = page.locator("[data-testid=reading]")
    assert reading.locator("[data-testid=reading-domain]").get_attribute("data-domain") == "labour"
    assert "劳动纠纷" in reading.inner_text() and "工资" in reading.inner_text()
    services = reading.locator("[data-testid=reading-services] li")
    assert services.first.get_attribute("data-service") == "legal_aid"
    assert "第四十二条" in services.first.inner_text()

    results = page.locator("[data-testid=result]")
    assert results.count() > 3
    first_types = {results.nth(i).get_attribute("data-type") for i in range(4)}
    assert first_types == {"article", "qa"}
    assert page.locator("[data-testid=result] mark").count() > 0

    page.locator("[data-testid=result][data-type=article] h3 a").first.click()
    assert "中华人民共和国劳动" in page.locator("[data-testid=law]").inner_text()
    assert page.locator("[data-testid=number]").inner_text().startswith("第")
    assert page.locator("[data-testid=article-text]").inner_text()


def test_an_answer_says_who_wrote_it_and_links_its_articles(live_server, page, small_qa):
    from fawang.knowledge.models import Entry

    entry = Entry.objects.get(external_id="lecoqa-369")
    page.goto(f"{live_server.url}/knowledge/entries/{entry.pk}/")
    assert page.locator("[data-testid=origin]").get_attribute("data-origin") == "human_lecoqa"
    page.locator("[data-testid=cited] a").first.click()
    assert entry.question[:20] in page.locator("[data-testid=citing]").inner_text()


@pytest.mark.parametrize(
    "prefix, label, button, nothing",
    [
        ("/en", "Your question or keywords", "Search", "Nothing found."),
        ("/bo", "ཁྱེད་ཀྱི་དྲི་བའམ་གནད་ཚིག", "འཚོལ་བ།", "གང་ཡང་མ་རྙེད།"),
        ("/ii", "ꆍꉬꏸ", "ꌙꌔ", "ꀋꌙꌔ。"),
    ],
)
def test_the_search_page_in_english_tibetan_and_yi(
    live_server, page, small_qa, prefix, label, button, nothing
):
    page.goto(f"{live_server.url}{prefix}/knowledge/")
    page.get_by_label(label).fill("51010719900101123X")  # only an ID number: nothing to search
    page.get_by_role("button", name=button).last.click()
    assert nothing in page.locator("[data-testid=no-results]").inner_text()
