"""A citizen on a phone with no Tibetan or Yi font switches the portal to Tibetan and to Yi and walks
home → the life events → a life event → one of its service items → apply → the receipt → track, in
Debian's Chromium (every page checked with axe-core):

* every page's Tibetan or Yi text is drawn by the fonts we serve (document.fonts, each character in the
  served font, and a sample drawn through the served font differs from the system's fallback boxes);
* a cold page, fonts included, transfers less than 150 KB;
* no visible text is left in Chinese or English (compared against the Chinese catalog's msgstrs and the
  English msgids).

The browser gets a fontconfig that knows only the CJK and DejaVu fonts, like a phone without Tibetan or
Yi fonts: the system's Noto Serif Tibetan (installed for `make fonts`) must not hide a missing font."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont

from fawang.web.management.commands.build_fonts import FONT_DIR, FONTS
from fawang.web.management.commands.merge_translations import _entry_strings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13800000000"
BUDGET = 150 * 1024
FONTS_PATH = Path(settings.BASE_DIR) / FONT_DIR
LANGUAGE_BUTTON = {"bo": "བོད་ཡིག", "ii": "ꆈꌠꉙ"}
FONT_OF = {font.language: font for font in FONTS}
# Proper names and numbers that stay as they are in every language.
PROPER_NAMES = {"12348", "法网", "12348法网", "简体中文", "English", "བོད་ཡིག", "ꆈꌠꉙ", "·", "—"}

FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts/opentype/noto</dir>
  <dir>/usr/share/fonts/truetype/dejavu</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


@pytest.fixture(scope="module")
def browser_without_script_fonts(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    scratch = tmp_path_factory.mktemp("fontconfig")
    (scratch / "fonts.conf").write_text(FONTCONFIG.format(cache=scratch / "cache"), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(scratch / "fonts.conf")}
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            from conftest import CHROMIUM_ARGS

            chromium = playwright.chromium.launch(
                executable_path=os.environ.get("FAWANG_CHROMIUM", "/usr/bin/chromium"),
                headless=True,
                args=CHROMIUM_ARGS,
                env=env,
            )
            from fawang.ui.tests.axe_audit import audited

            yield audited(chromium)  # every page it opens is checked with axe-core
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def phone(browser_without_script_fonts):
    context = browser_without_script_fonts.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def wuhou_consult(sichuan):
    """The shipped catalog (items, life events, their Tibetan and Yi drafts) and Wuhou's centre, which
    offers legal consultation."""
    from fawang.catalog.models import ServiceItem
    from fawang.catalog.services import catalog_load
    from fawang.notify.sms import _backend_class
    from fawang.orders import routing
    from fawang.orders.tests.factories import ServicePointFactory

    _backend_class.cache_clear()
    catalog_load()
    item = ServiceItem.objects.get(code="consultation")
    ServicePointFactory(name="武侯区公共法律服务中心", region_id="510107", items=[item])
    routing.invalidate_routing_index()
    yield item
    routing.invalidate_routing_index()


def untranslated_markers() -> set[str]:
    """What a Tibetan or Yi page must not show: every Chinese translation and every English msgid."""
    text = (Path(settings.BASE_DIR) / "fawang/locale/zh_Hans/LC_MESSAGES/django.po").read_text("utf-8")
    markers = set()
    for block in text.split("\n\n"):
        values = _entry_strings(block.split("\n"))
        if values.get("msgid"):
            markers |= {values["msgid"].strip(), values.get("msgid_plural", "").strip()}
            markers |= {v.strip() for k, v in values.items() if k.startswith("msgstr")}
    return {m for m in markers if m and m not in PROPER_NAMES and not re.fullmatch(r"[\W\d_]+", m)}


VISIBLE_TEXTS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || !el.getClientRects().length) continue;
    if (el.closest('[lang]').lang !== document.documentElement.lang) continue;  // the switcher's names
    if (el.closest('script, style, [data-user-content], .mono')) continue;
    out.push(text);
  }
  return out;
}"""


def sign_in_and_walk(page, base: str, language: str) -> list[tuple[str, list[str], str]]:
    """Sign in, switch to `language`, walk home → services → home → the life events → "employment" →
    legal consultation → apply → receipt → track; each page's (url, visible texts, body text)."""
    seen = []

    def look():
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready.then(() => true)")
        seen.append((page.url, page.evaluate(VISIBLE_TEXTS), page.locator("body").inner_text()))

    page.goto(f"{base}/login/citizen/")
    page.locator("input[name=phone]").fill(PHONE)
    page.locator("main form button[type=submit]").click()
    code = page.get_by_test_id("demo-code").inner_text().strip()[-6:]
    page.locator("input[name=code]").fill(code)
    page.locator("main form button[type=submit]").click()
    page.locator('nav a[data-nav-key="my_orders"]').wait_for()

    page.get_by_role("button", name=LANGUAGE_BUTTON[language]).click()
    page.wait_for_url(re.compile(rf"/{language}/"))
    assert page.evaluate("document.documentElement.lang") == language
    page.locator('nav a[data-nav-key="home"]').click()
    look()
    page.locator('nav a[data-nav-key="services"]').click()
    look()
    page.locator('nav a[data-nav-key="home"]').click()
    page.locator('main a[href$="/life-events/"]').click()  # "all life events", from the home page
    page.wait_for_url(re.compile(rf"/{language}/life-events/$"))
    look()
    page.locator('a[data-life-event="employment"]').click()
    page.wait_for_url(re.compile(rf"/{language}/life-events/employment/"))
    look()
    page.locator('[data-testid=life-event-items] a[data-item="consultation"]').click()
    page.wait_for_url(re.compile(rf"/{language}/services/consultation/"))
    look()
    page.get_by_test_id("apply-item").click()  # the item's "apply"
    page.wait_for_url(re.compile(rf"/{language}/apply/\?item=consultation"))
    assert page.locator("select[name=service_item]").input_value() == "consultation"
    look()
    page.locator("select[name=prefecture]").select_option("510100")
    page.locator("select[name=county] option[value='510107']").wait_for(state="attached")
    page.locator("select[name=county]").select_option("510107")
    sample = "ང་ལ་ཁྲིམས་ཀྱི་རོགས་རམ་དགོས།" if language == "bo" else "ꆍꂿꄯꈌꉬꐥ"
    page.locator("textarea[name=description]").fill(sample)
    page.locator("button[name=action][value=submit]").click()
    tracking_no = page.get_by_test_id("tracking-no").inner_text().strip()
    look()
    page.locator('nav a[data-nav-key="track"]').click()
    page.locator("input[name=tracking_no]").fill(tracking_no)
    page.locator("input[name=phone]").fill(PHONE)
    page.locator("main form button[type=submit]").first.click()
    page.get_by_test_id("order").wait_for()
    look()
    return seen


@pytest.mark.parametrize("language", ["bo", "ii"])
def test_tibetan_and_yi_pages_are_drawn_by_the_served_fonts(live_server, phone, wuhou_consult, language):
    font = FONT_OF[language]
    page = phone.new_page()
    served = set(TTFont(FONTS_PATH / f"{language}.woff2").getBestCmap())
    served |= set(TTFont(FONTS_PATH / f"{language}-rest.woff2").getBestCmap())
    for url, _texts, body in sign_in_and_walk(page, live_server.url, language):
        script = sorted({c for c in body if any(lo <= ord(c) <= hi for lo, hi in font.blocks)})
        assert script, f"{url}: no {language} text at all"
        assert not [c for c in script if ord(c) not in served], url
        sample = "".join(script)
        loaded = page.evaluate(
            "([f, s]) => document.fonts.load(f, s).then(faces => faces.map(face => face.status))",
            [f'16px "{font.family}"', sample],
        )
        assert loaded and all(status == "loaded" for status in loaded), (url, loaded)
        assert page.evaluate("([f, s]) => document.fonts.check(f, s)", [f'16px "{font.family}"', sample])

    # The same words through the served font and through the system's fallback look different: the
    # fallback has no such glyphs (boxes), ours has.
    shots = []
    for family in (f'"{font.family}"', "sans-serif"):
        page.evaluate(
            """([family, text]) => {
                 const el = document.createElement('p');
                 el.id = 'glyph-sample'; el.textContent = text;
                 el.style.fontFamily = family; el.style.fontSize = '32px';
                 document.getElementById('glyph-sample')?.remove();
                 document.querySelector('main').prepend(el);
                 return document.fonts.ready.then(() => true);
               }""",
            [family, LANGUAGE_BUTTON[language] + ("ཁྲིམས་" if language == "bo" else "ꆍꂿ")],
        )
        shots.append(page.locator("#glyph-sample").screenshot())
    assert shots[0] != shots[1]


@pytest.mark.parametrize("language", ["bo", "ii"])
def test_a_cold_tibetan_or_yi_page_transfers_under_150_kb_fonts_included(
    live_server, phone, wuhou_consult, language
):
    for path in (
        "/",
        "/services/",
        "/life-events/",
        "/life-events/employment/",
        "/services/consultation/",
        "/apply/?item=consultation",
        "/track/",
    ):
        context = phone.browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
        page = context.new_page()
        responses = []
        page.on("requestfinished", lambda request: responses.append(request))  # noqa: B023
        page.goto(f"{live_server.url}/{language}{path}")
        page.evaluate("document.fonts.ready.then(() => true)")
        page.wait_for_load_state("networkidle")
        total = 0
        fonts = []
        for request in responses:
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            if request.url.endswith(".woff2"):
                fonts.append(request.url.rsplit("/", 1)[-1])
        context.close()
        assert f"{language}.woff2" in fonts, (path, fonts)  # the font did come, and counted
        assert total < BUDGET, f"/{language}{path}: {total} bytes ({fonts})"


@pytest.mark.parametrize("language", ["bo", "ii"])
def test_no_chinese_or_english_string_is_left_on_tibetan_and_yi_pages(
    live_server, phone, wuhou_consult, language
):
    markers = untranslated_markers()
    page = phone.new_page()
    left = []
    for url, texts, _body in sign_in_and_walk(page, live_server.url, language):
        left += [f"{url}: {text!r}" for text in texts if text in markers]
    assert not left, "untranslated:\n" + "\n".join(left)
