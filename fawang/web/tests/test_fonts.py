"""Tibetan and Yi pages load our own subsetted fonts, Chinese pages none of them; the fonts hold every
character our Tibetan and Yi translations use, so no page shows an empty box where a phone has no font."""

from pathlib import Path

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont

from fawang.web.management.commands.build_fonts import FONT_DIR, FONTS, in_blocks, translated_text

pytestmark = pytest.mark.django_db
FONTS_PATH = Path(settings.BASE_DIR) / FONT_DIR


@pytest.mark.parametrize("font", FONTS, ids=lambda f: f.language)
def test_the_served_font_has_every_character_of_the_translations(font):
    cmap = TTFont(FONTS_PATH / f"{font.language}.woff2").getBestCmap()
    used = {c for c in translated_text(Path(settings.BASE_DIR), font.language) if in_blocks(c, font.blocks)}
    missing = sorted(c for c in used if ord(c) not in cmap)
    assert not missing, f"run `make fonts`: {font.language}.woff2 lacks {''.join(missing)}"


@pytest.mark.parametrize("font", FONTS, ids=lambda f: f.language)
def test_core_and_rest_together_cover_the_whole_script(font):
    core = TTFont(FONTS_PATH / f"{font.language}.woff2").getBestCmap()
    rest = TTFont(FONTS_PATH / f"{font.language}-rest.woff2").getBestCmap()
    covered = set(core) | set(rest)
    # The letters every text needs: for Tibetan KA..A and the subjoined letters, for Yi the syllables.
    sample = (
        [*range(0x0F40, 0x0F48), *range(0x0F49, 0x0F6D)] if font.language == "bo" else range(0xA000, 0xA48D)
    )
    assert not [cp for cp in sample if cp not in covered]


def test_the_fonts_come_with_their_licence_and_source():
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONTS_PATH / "OFL.txt").read_text()
    source = (FONTS_PATH / "SOURCE.txt").read_text()
    assert "fonts-noto-core" in source and "NotoSerifTibetan-Regular.ttf" in source
    assert "NotoSansYi-Regular.ttf" in source


def test_chinese_pages_load_no_script_font_and_tibetan_and_yi_pages_load_theirs(client):
    chinese = client.get("/track/").content.decode()
    assert "web/fonts/bo.css" not in chinese and "web/fonts/ii.css" not in chinese
    assert "web/fonts/names.css" in chinese  # the switcher's two names only
    tibetan = client.get("/bo/track/").content.decode()
    assert "web/fonts/bo.css" in tibetan and "web/fonts/ii.css" not in tibetan
    yi = client.get("/ii/track/").content.decode()
    assert "web/fonts/ii.css" in yi and "web/fonts/bo.css" not in yi
    css = (FONTS_PATH / "bo.css").read_text()
    assert 'url("bo.woff2")' in css and "unicode-range" in css and "http" not in css  # never a CDN
