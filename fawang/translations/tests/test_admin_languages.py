"""The back office speaks the clerk's language: Django ships no Tibetan or Yi catalog for its admin, so
the words staff see (header, index, change list with search, filters, actions and pagination, the change
form's buttons, the messages after a save, sign-in and sign-out) are machine-drafted in Tibetan in our
own catalog (fawang/ui/admin_strings.py), and in Yi (Nuosu syllabary; Chinese terms borrowed and written
by sound, per fawang/locale/GLOSSARY.ii.tsv) the same way."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from fawang.catalog.services import catalog_load
from fawang.translations.models import ContentTranslation

# The admin's English words a clerk meets on the change list and change form (Django's msgids).
ENGLISH_UI_WORDS = [
    "Welcome",
    "View site",
    "Change password",
    "Log out",
    "Log in",
    "Home",
    "Select",
    "to change",
    "Save",
    "Save and continue editing",
    "Save and add another",
    "Delete",
    "Search",
    "Filter",
    "Show counts",
    "By language",
    "All",
    "Action",
    "Go",
    "selected",
    "results",
    "total",
    "Show all",
    "Model name",
    "Add link",
    "History",
    "Recent actions",
    "was changed successfully",
    "Skip to main content",
    "Toggle theme",
]
# And Django's own Chinese for them, which a Tibetan page showed before.
DJANGO_CHINESE = [
    "欢迎",
    "查看站点",
    "修改密码",
    "注销",
    "选择",
    "来修改",
    "动作",
    "执行",
    "个被选",
    "保存",
    "历史",
]


def visible_text(page: str) -> str:
    """What the page shows: its text and its buttons' labels (scripts and the username left out)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    buttons = " ".join(re.findall(r'<input[^>]+type="submit"[^>]*value="([^"]*)"', page))
    text = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(re.sub(r"\s+", " ", f"{text} {buttons}")).replace("province_admin", "")


def english_words_in(text: str) -> list[str]:
    return [w for w in ENGLISH_UI_WORDS if re.search(rf"(?<![\w.]){re.escape(w)}(?![\w.])", text)]


@pytest.fixture
def reviewer(client, db, provincial_admin):
    catalog_load()
    client.force_login(provincial_admin)
    return provincial_admin


def test_the_translation_review_list_in_tibetan_has_no_english_or_chinese_interface_word(client, reviewer):
    with translation.override("bo"):
        url = reverse("admin:translations_contenttranslation_changelist")
    assert url.startswith("/bo/admin/")
    page = client.get(url, {"language": "bo"})
    assert page.status_code == 200
    text = visible_text(page.content.decode())
    assert "འཚོལ་བ།" in text  # Search
    assert "བྱ་སྤྱོད།" in text and "ལག་བསྟར།" in text  # Action: … Go
    assert "བཟོ་བཅོས་བྱ་རྒྱུའི་" in text  # Select … to change
    assert "ཕྱིར་ཐོན།" in text  # Log out
    assert not english_words_in(text), english_words_in(text)
    assert not [w for w in DJANGO_CHINESE if w in text]


def test_the_change_form_and_its_save_message_are_in_tibetan(client, reviewer):
    row = ContentTranslation.objects.filter(language="bo", field="name").first()
    change = f"/bo/admin/translations/contenttranslation/{row.pk}/change/"
    form = visible_text(client.get(change).content.decode())
    assert "ཉར་ཚགས་བྱས་ནས་མུ་མཐུད་རྩོམ་སྒྲིག" in form  # Save and continue editing
    assert "ཉར་ཚགས།" in form  # Save
    assert not english_words_in(form), english_words_in(form)
    saved = client.post(change, {"text": row.text + "།", "_continue": "1"}, follow=True)
    text = visible_text(saved.content.decode())
    assert "བཟོ་བཅོས་ལེགས་གྲུབ་བྱུང་།" in text  # "… was changed successfully."
    assert not english_words_in(text), english_words_in(text)
    # Dates are numeric, not "Dec. 1, 2026, 4 a.m." nor a Chinese month name.
    assert not re.search(r"a\.m\.|p\.m\.|十二月|noon|midnight", text)


def test_sign_in_and_sign_out_in_tibetan(client, db, provincial_admin):
    login = visible_text(client.get("/bo/admin/login/").content.decode())
    assert "ནང་འཛུལ།" in login and not english_words_in(login)
    client.force_login(provincial_admin)
    out = client.post("/bo/admin/logout/", follow=True)
    text = visible_text(out.content.decode())
    assert "ཕྱིར་ཐོན་ཟིན།" in text and not english_words_in(text)


YI = re.compile(r"[\ua000-\ua48f]")


def test_the_yi_review_list_speaks_yi_with_no_english_or_chinese_interface_word(client, reviewer):
    page = client.get("/ii/admin/translations/contenttranslation/", {"language": "ii"}).content.decode()
    assert '<link rel="stylesheet" href="/static/web/fonts/ii.css">' in page  # drawn by the served font
    assert 'data-translation="fallback"' not in page  # no "still in Chinese" note: it is not any more
    text = visible_text(page)
    assert "ꌙꌔ" in text  # Search
    assert "ꄎꊘ：" in text and "ꍠꑠ" in text  # Action: … Go
    assert "ꑢꊡ" in text  # Select … to change
    assert "ꄟꍲꄒꇐ" in text  # Log out
    assert not english_words_in(text), english_words_in(text)
    assert not [w for w in DJANGO_CHINESE if w in text]


def test_the_yi_change_form_its_save_message_and_sign_out(client, reviewer):
    row = ContentTranslation.objects.filter(language="ii", field="name").first()
    change = f"/ii/admin/translations/contenttranslation/{row.pk}/change/"
    form = visible_text(client.get(change).content.decode())
    assert "ꀦꋇ，ꏡꑢꀜꏣ" in form  # Save and continue editing
    assert not english_words_in(form) and not [w for w in DJANGO_CHINESE if w in form]
    saved = client.post(change, {"text": row.text + "。", "_continue": "1"}, follow=True)
    text = visible_text(saved.content.decode())
    assert "ꑟꇣꍰꇬꀐ" in text  # "… was changed successfully."
    assert not english_words_in(text) and not [w for w in DJANGO_CHINESE if w in text]
    out = visible_text(client.post("/ii/admin/logout/", follow=True).content.decode())
    assert "ꄟꍲꄒꇐꀐ" in out and YI.search(out) and not english_words_in(out)
