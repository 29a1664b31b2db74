"""Legal aid's "Missing" (an eligibility criterion without its fact) and "Entries" (the case log's
entries) carry their own pgettext context, so the Yi, Tibetan and Chinese drafts of legal aid and of the
translation report (fawang/translations, where the words mean content not yet translated and catalog
entries) are each translated on its own instead of one app's winning in the merged catalog."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from fawang.legalaid.eligibility import MISSING
from fawang.legalaid.labels import result_label


@pytest.mark.parametrize(
    ("language", "legal_aid_missing", "report_missing", "case_log_entries", "report_entries"),
    [
        ("zh-hans", "缺少", "缺失", "记录", "条目"),
        ("ii", "ꀋꐥ", "ꐂꏅ", "ꀱꄉ", "ꄠꃄ"),
        ("bo", "ཆད་ཡོད།", "མེད་པ།", "ཐོ་འགོད།", "རྣམ་གྲངས།"),
    ],
)
def test_legal_aid_and_the_translation_report_translate_missing_and_entries_each_their_own_way(
    language, legal_aid_missing, report_missing, case_log_entries, report_entries
):
    case_log = Template('{% load i18n %}{% translate "Entries" context "case log" %}')
    report = Template('{% load i18n %}{% translate "Missing" %}|{% translate "Entries" %}')
    with translation.override(language):
        assert result_label(MISSING) == legal_aid_missing
        assert case_log.render(Context()) == case_log_entries
        assert report.render(Context()) == f"{report_missing}|{report_entries}"
