"""The browser tests' axe-core check (axe_audit, loaded by the root conftest): a page with a serious
violation is reported with its address and rule; a clean page is not."""

import pytest

from fawang.ui.tests.axe_audit import RECORDER, recheck, report

pytestmark = pytest.mark.browser

CLEAN = """<!doctype html><html lang="zh-Hans"><head><title>通知</title></head>
<body><main><h1>通知</h1><div role="status"><ul class="messages"><li>已保存。</li></ul></div></main></body></html>"""


def test_a_list_item_outside_a_list_is_reported_with_the_page_and_the_rule(page):
    page.set_content(CLEAN)
    page.locator("h1").wait_for()
    assert RECORDER.failing() == []

    # What every page with a notice looked like: role="status" on the <ul> hid its list semantics.
    page.evaluate("document.querySelector('ul').setAttribute('role', 'status')")
    recheck(page)
    failing = RECORDER.failing()
    assert [(f.rule, f.impact) for f in failing] == [("listitem", "serious")]
    assert failing[0].url == "about:blank"
    assert "listitem (serious)" in report(failing) and "<li>已保存。</li>" in report(failing)
    RECORDER.findings.clear()  # found on purpose: this test must not fail for it
