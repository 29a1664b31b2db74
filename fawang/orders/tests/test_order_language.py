"""Staff see the language: the queue shows and filters it, an order in Tibetan or Yi at a place where
nobody speaks it says so, and descriptions written in Tibetan or Yi script are found by a word."""

from __future__ import annotations

import unicodedata

from django.urls import reverse

from fawang.regions.models import Region

TIBETAN = "ང་ལ་གླ་ཕོགས་མ་སྤྲད། ཁྲིམས་ལུགས་རོགས་རམ་དགོས།"  # I was not paid my wages; I need legal help.
YI = "ꉢ ꌬꃅ ꁱ ꀋ ꇁ, ꃅꄷ ꀉꂿ ꐚꄮ ꉉ."


def test_queue_shows_each_orders_language_and_filters_by_it(client, wuhou_clerk, submit):
    chinese = submit()
    tibetan = submit(language="bo", description=TIBETAN)
    client.force_login(wuhou_clerk)
    page = client.get(reverse("orders:workbench"))
    html = page.content.decode()
    assert f'data-tracking-no="{tibetan.tracking_no}"' in html
    assert 'data-language="bo"' in html and ">藏语<" in html
    filtered = client.get(reverse("orders:workbench"), {"language": "bo"})
    numbers = [o.tracking_no for o, _u, _e in filtered.context["rows"]]
    assert numbers == [tibetan.tracking_no]
    assert chinese.tracking_no not in numbers


def test_tibetan_and_yi_descriptions_are_found_by_a_word_and_shown_in_their_script(
    client, wuhou_clerk, submit
):
    # The applicant's keyboard sent a decomposed stack (ག + ྷ); the clerk types the composed one.
    tibetan = submit(language="bo", description="གྷ་ཡུལ། " + TIBETAN)
    yi = submit(language="ii", description=YI)
    submit()
    client.force_login(wuhou_clerk)
    for word, order in (("གླ་ཕོགས་", tibetan), ("\u0f43་ཡུལ", tibetan), ("ꌬꃅ", yi), ("ꃅꄷ ꀉꂿ", yi)):
        # Searches are posted (no phone ever in a URL); the queue they land on holds the results.
        response = client.post(reverse("orders:workbench"), {"q": word, "whose": "all"}, follow=True)
        found = [o.tracking_no for o, _u, _e in response.context["rows"]]
        assert found == [order.tracking_no], word
    detail = client.get(reverse("orders:order_detail", args=[yi.tracking_no])).content.decode()
    assert 'lang="ii"' in detail and YI in detail
    detail = client.get(reverse("orders:order_detail", args=[tibetan.tracking_no])).content.decode()
    assert 'lang="bo"' in detail and unicodedata.normalize("NFC", TIBETAN) in detail


def test_tibetan_order_where_nobody_speaks_it_says_so_and_offers_the_interpreter_route(
    client, wuhou_clerk, ganzi_clerk, submit, network
):
    # Wuhou's centre has no Tibetan speaker: the order stays there (nearest) and the page says so.
    wuhou_order = submit(language="bo", description=TIBETAN)
    client.force_login(wuhou_clerk)
    html = client.get(reverse("orders:order_detail", args=[wuhou_order.tracking_no])).content.decode()
    assert 'data-testid="no-speaker"' in html
    assert "承办单位没有会说藏语的工作人员" in html and "12348" in html
    # Litang's legal aid centre has a Tibetan-speaking worker: no such note.
    litang_order = submit(
        language="bo",
        description=TIBETAN,
        service_item=network.legal_aid,
        region=Region.objects.get(code="513334"),
    )
    assert litang_order.assigned_institution_id == network.litang_legal_aid.pk
    client.force_login(ganzi_clerk)
    html = client.get(reverse("orders:order_detail", args=[litang_order.tracking_no])).content.decode()
    assert 'data-testid="no-speaker"' not in html


def test_yi_order_where_nobody_speaks_it_says_so_and_offers_the_interpreter_route(
    client, wuhou_clerk, submit, network
):
    # The same note for Yi: Wuhou's centre has nobody who speaks it (its only speaker is Litang's Tibetan).
    order = submit(language="ii", description=YI)
    client.force_login(wuhou_clerk)
    html = client.get(reverse("orders:order_detail", args=[order.tracking_no])).content.decode()
    assert 'data-testid="no-speaker"' in html
    assert "承办单位没有会说彝语的工作人员" in html and "12348" in html
    # A Yi speaker at the handling place: no note.
    from .factories import PractitionerFactory

    PractitionerFactory(name="阿呷", institution=network.wuhou_legal_aid, languages=["zh", "ii"])
    legal_aid = submit(language="ii", description=YI, service_item=network.legal_aid)
    assert legal_aid.assigned_institution_id == network.wuhou_legal_aid.pk
    html = client.get(reverse("orders:order_detail", args=[legal_aid.tracking_no])).content.decode()
    assert 'data-testid="no-speaker"' not in html
