"""Issue 8, item 20, in Debian's Chromium: the Content-Security-Policy refuses inline scripts, style
attributes and event handlers, so every page must work without them. Chromium reports each refusal on
the console and as a `securitypolicyviolation` event; a page that loads with either fails the test."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def watch(page) -> list[str]:
    console: list[str] = []
    page.add_init_script(COLLECT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return console


def violations(page, console: list[str], path: str) -> list[str]:
    page.goto(page.url_base + path)
    page.wait_for_load_state("load")
    assert page.evaluate("document.title"), path
    return [f"{path}: {v}" for v in [*page.evaluate("window.__cspViolations"), *console]]


def test_pages_load_without_csp_violations(
    live_server, desk_page, hotline_agent, wuhou_clerk, provincial_admin
):
    from fawang.api.tests.helpers import ApiClient, hotline_order_body, make_network

    make_network()
    tracking_no = ApiClient(hotline_agent).post("/api/v1/orders", hotline_order_body()).json()["tracking_no"]
    page = desk_page
    page.url_base = live_server.url
    console = watch(page)
    found: list[str] = []

    for path in [
        "/",
        "/services/",
        "/track/",
        "/apply/",
        "/login/",
        "/login/citizen/",
        "/en/",
        "/api/v1/docs",
    ]:
        found += violations(page, console, path)
        console.clear()

    page.goto(live_server.url + "/login/")
    page.get_by_label("用户名").fill("wuhou_clerk")
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()
    page.locator('nav[data-nav="staff"]').wait_for()
    for path in [
        "/work/",
        f"/work/orders/{tracking_no}/",
        f"/work/orders/{tracking_no}/receipt/",
        "/work/window/",
    ]:
        found += violations(page, console, path)
        console.clear()
    # The receipt's print button works without its former onclick attribute.
    page.goto(live_server.url + f"/work/orders/{tracking_no}/receipt/")
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.get_by_role("button", name="打印").click()
    assert page.evaluate("window.__printed") is True

    page.context.clear_cookies()
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("province_admin")
    page.locator("#id_password").fill("correct horse battery")
    page.locator("input[type=submit]").click()
    page.wait_for_load_state("load")
    for path in ["/admin/", "/admin/accounts/user/", "/admin/orders/serviceorder/"]:
        found += violations(page, console, path)
        console.clear()

    assert found == []
