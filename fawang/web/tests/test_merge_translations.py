"""merge_translations: each app's TRANSLATIONS.zh.tsv fills the zh_Hans catalog."""

from pathlib import Path

from fawang.web.management.commands.merge_translations import merge_catalog, read_tsv_files

CATALOG = """#, fuzzy
msgid ""
msgstr ""
"Language: \\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

#: fawang/web/views.py:10
msgid "Sign in"
msgstr ""

#: fawang/web/views.py:11
#, fuzzy, python-format
#| msgid "Sign out"
msgid "Sign out now"
msgstr "退出"

#: fawang/x.py:1
msgid ""
"A long message that makemessages "
"wrapped over lines."
msgstr ""

#: fawang/x.py:2
msgid "%(n)s order"
msgid_plural "%(n)s orders"
msgstr[0] ""

#: fawang/x.py:3
msgid "Untouched"
msgstr "保持不变"
"""


def test_tsv_fills_empty_fuzzy_wrapped_and_plural_entries(tmp_path: Path):
    tsv = tmp_path / "TRANSLATIONS.zh.tsv"
    tsv.write_text(
        "# comment\n"
        "Sign in\t登录\n"
        "Sign out now\t立即退出\n"
        "A long message that makemessages wrapped over lines.\t一条被折行的长消息。\n"
        "%(n)s order\t%(n)s 个工单\n"
        "no tab on this line\n",
        encoding="utf-8",
    )
    translations, warnings = read_tsv_files([tsv])
    assert len(translations) == 4
    assert any("no TAB" in w for w in warnings)
    merged, changed, _used = merge_catalog(CATALOG, translations)
    assert changed == 4
    assert 'msgid "Sign in"\nmsgstr "登录"' in merged
    assert '#, python-format\nmsgid "Sign out now"\nmsgstr "立即退出"' in merged  # fuzzy flag and #| gone
    assert 'msgstr "一条被折行的长消息。"' in merged
    assert 'msgstr[0] "%(n)s 个工单"' in merged
    assert 'msgstr "保持不变"' in merged
    assert merged.startswith('msgid ""')  # the header is no longer fuzzy
    assert '"Language: zh_Hans\\n"' in merged


def test_conflicting_translations_keep_the_first_and_warn(tmp_path: Path):
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    first.write_text("Status\t状态\n", encoding="utf-8")
    second.write_text("Status\t状况\n", encoding="utf-8")
    translations, warnings = read_tsv_files([first, second])
    assert translations["Status"] == "状态"
    assert any("translated differently" in w for w in warnings)


CONTEXT_CATALOG = """msgid ""
msgstr ""
"Language: \\n"

#: fawang/orders/enums.py:5
msgctxt "supervision status"
msgid "Open"
msgstr ""

#: fawang/web/templates/x.html:3
msgid "Open"
msgstr ""
"""


def test_a_ctx_line_fills_only_the_entry_with_that_context(tmp_path: Path):
    tsv = tmp_path / "TRANSLATIONS.zh.tsv"
    tsv.write_text("ctx:supervision status\tOpen\t待回复\nOpen\t打开\n", encoding="utf-8")
    translations, warnings = read_tsv_files([tsv])
    assert not warnings
    merged, changed, _used = merge_catalog(CONTEXT_CATALOG, translations)
    assert changed == 2
    assert 'msgctxt "supervision status"\nmsgid "Open"\nmsgstr "待回复"' in merged
    assert '#: fawang/web/templates/x.html:3\nmsgid "Open"\nmsgstr "打开"' in merged


def test_incomplete_entries_names_untranslated_and_fuzzy_ones():
    from fawang.web.management.commands.merge_translations import incomplete_entries

    found = incomplete_entries(CATALOG)
    assert ("Sign in", "untranslated") in found
    assert ("Sign out now", "fuzzy") in found
    assert ("%(n)s order", "untranslated") in found
    assert all(key != "Untouched" for key, _state in found)


NEW_LANGUAGE_CATALOG = """#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: PACKAGE VERSION\\n"
"Language: \\n"
"Content-Transfer-Encoding: 8bit\\n"

#: fawang/x.py:2
msgid "%(n)s order"
msgid_plural "%(n)s orders"
msgstr[0] ""
msgstr[1] ""

#: fawang/x.py:3
msgid "%(n)d day"
msgid_plural "%(n)d days"
msgstr[0] ""
msgstr[1] ""

#: fawang/web/views.py:10
msgid "Sign in"
msgstr ""
"""


def test_a_new_tibetan_catalog_gets_one_plural_form_and_its_language(tmp_path: Path):
    # makemessages knows nothing of bo or ii: no Plural-Forms, and two msgstr[n] per plural entry,
    # which msgfmt would reject once the header says nplurals=1.
    tsv = tmp_path / "TRANSLATIONS.bo.tsv"
    tsv.write_text("%(n)s order\t%(n)s ཐོ་འགོད།\nSign in\tནང་འཛུལ།\n", encoding="utf-8")
    translations, _warnings = read_tsv_files([tsv])
    merged, changed, _used = merge_catalog(NEW_LANGUAGE_CATALOG, translations, "bo")
    assert changed == 2
    assert '"Language: bo\\n"' in merged
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in merged
    assert 'msgid_plural "%(n)s orders"\nmsgstr[0] "%(n)s ཐོ་འགོད།"\n' in merged
    assert 'msgid_plural "%(n)d days"\nmsgstr[0] ""\n' in merged  # untranslated, one form
    assert "msgstr[1]" not in merged
    assert 'msgstr "ནང་འཛུལ།"' in merged


def test_the_command_merges_each_languages_tsv_into_its_own_catalog(tmp_path: Path, settings):
    from django.core.management import call_command

    settings.BASE_DIR = tmp_path
    for locale in ("zh_Hans", "bo", "ii"):
        catalog = tmp_path / "fawang" / "locale" / locale / "LC_MESSAGES" / "django.po"
        catalog.parent.mkdir(parents=True)
        catalog.write_text(NEW_LANGUAGE_CATALOG, encoding="utf-8")
    app = tmp_path / "fawang" / "web"
    app.mkdir()
    (app / "TRANSLATIONS.zh.tsv").write_text("Sign in\t登录\n", encoding="utf-8")
    (app / "TRANSLATIONS.bo.tsv").write_text("Sign in\tནང་འཛུལ།\n", encoding="utf-8")
    (app / "TRANSLATIONS.ii.tsv").write_text("Sign in\tꉬꐥ\n", encoding="utf-8")
    call_command("merge_translations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for locale, word in (("zh_Hans", "登录"), ("bo", "ནང་འཛུལ།"), ("ii", "ꉬꐥ")):
        text = (tmp_path / "fawang" / "locale" / locale / "LC_MESSAGES" / "django.po").read_text("utf-8")
        assert f'msgid "Sign in"\nmsgstr "{word}"' in text, locale
        assert f'"Language: {locale}\\n"' in text
