"""axe-core on every page a browser test visits (a pytest plugin, loaded by the root conftest).

The `browser` fixture hands out an audited Chromium: every page it opens (through the `page`,
`desk_page` and `phone_page` fixtures, or a test's own `browser.new_context().new_page()`) is wrapped
so that before and after each Playwright call (a `goto`, a click that submits a form, a locator's
`wait_for` ...) the page's current document is checked once with axe-core, from the copy bundled in
`axe-playwright-python` (nothing is downloaded). A document is marked as checked in its own `window`, so
each document a test reaches is checked exactly once, synchronously between two of the test's steps,
and a click that loads a new page is checked at the next step, whatever it is. At the end of the test
the pages still open are checked once more, and the test fails with the list of serious and critical
violations, each with the page's address, the rule and the elements.

The check runs after the `load` event: what the page's scripts change later (the region picker filling
a select, a form opened with a toggle) is checked when the test asks for it with `recheck(page)`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ElementHandle,
    Frame,
    FrameLocator,
    Keyboard,
    Locator,
    Mouse,
    Page,
    Touchscreen,
)
from playwright.sync_api import Error as PlaywrightError

FAILING_IMPACTS = frozenset({"serious", "critical"})
_MARK = "__fawangAxeChecked"
_AXE = Axe()
_PAGE_BOUND = (Locator, FrameLocator, Keyboard, Mouse, Touchscreen, ElementHandle, Frame)


@dataclass
class Finding:
    """One axe-core rule broken on one page."""

    url: str
    rule: str
    impact: str
    help: str
    help_url: str
    nodes: list[tuple[str, str]] = field(default_factory=list)  # (CSS target, HTML snippet)

    def describe(self) -> str:
        lines = [f"  {self.rule} ({self.impact}): {self.help}  <{self.help_url}>"]
        for target, html in self.nodes[:5]:
            snippet = " ".join(html.split())
            lines.append(f"    {target}: {snippet[:160]}")
        if len(self.nodes) > 5:
            lines.append(f"    … and {len(self.nodes) - 5} more elements")
        return "\n".join(lines)


class _Recorder:
    """What the current test's pages found. Reset before each test's setup."""

    def __init__(self) -> None:
        self.audits: dict[int, _PageAudit] = {}
        self.findings: list[Finding] = []
        self.checked_urls: list[str] = []

    def audit_for(self, page: Page) -> _PageAudit:
        audit = self.audits.get(id(page))
        if audit is None or audit.page is not page:
            audit = self.audits[id(page)] = _PageAudit(page, self)
        return audit

    def check_open_pages(self, context: BrowserContext | None = None) -> None:
        for audit in list(self.audits.values()):
            if context is None or audit.page.context == context:
                audit.check()

    def failing(self) -> list[Finding]:
        return [f for f in self.findings if f.impact in FAILING_IMPACTS]


RECORDER = _Recorder()


def report(findings: list[Finding]) -> str:
    by_url: dict[str, list[Finding]] = {}
    for finding in findings:
        by_url.setdefault(finding.url, []).append(finding)
    lines = ["axe-core found serious or critical accessibility violations:"]
    for url, url_findings in by_url.items():
        lines.append(url)
        lines.extend(f.describe() for f in url_findings)
    return "\n".join(lines)


class _PageAudit:
    def __init__(self, page: Page, recorder: _Recorder) -> None:
        self.page = page
        self.recorder = recorder

    def check(self) -> None:
        """Run axe-core on the page's document unless it was checked already. A document that goes
        away while it is being checked (the test's click is still loading the next page) is left: the
        next step checks the new one."""
        page = self.page
        if page.is_closed():
            return
        try:
            state = page.evaluate(
                "mark => [document.readyState, window[mark] === true, location.href,"
                " !!(document.body && document.body.firstElementChild)]",
                _MARK,
            )
        except PlaywrightError:
            return
        ready, checked, url, has_content = state
        if checked or (url == "about:blank" and not has_content):
            return
        try:
            if ready != "complete":
                page.wait_for_load_state("load")
            page.evaluate("mark => { window[mark] = true; }", _MARK)
            response = _AXE.run(page).response
        except PlaywrightError:
            if self._still_on_the_checked_document():
                raise  # axe itself failed on a page that stayed put: say so
            return
        self.recorder.checked_urls.append(url)
        for violation in response["violations"]:
            self.recorder.findings.append(
                Finding(
                    url=url,
                    rule=violation["id"],
                    impact=violation.get("impact") or "",
                    help=violation["help"],
                    help_url=violation["helpUrl"],
                    nodes=[(", ".join(map(str, n["target"])), n.get("html", "")) for n in violation["nodes"]],
                )
            )

    def _still_on_the_checked_document(self) -> bool:
        try:
            return bool(self.page.evaluate("mark => window[mark] === true", _MARK))
        except PlaywrightError:
            return False


def _unwrap(value: Any) -> Any:
    return object.__getattribute__(value, "_target") if type(value) is _Audited else value


def audited(value: Any, audit: _PageAudit | None = None) -> Any:
    """Wrap a Playwright object so that every page reached through it is checked with axe-core."""
    if type(value) is _Audited:
        return value
    if isinstance(value, Page):
        return _Audited(value, RECORDER.audit_for(value))
    if isinstance(value, (Browser, BrowserContext)):
        return _Audited(value, None)
    if audit is not None and isinstance(value, _PAGE_BOUND):
        return _Audited(value, audit)
    if isinstance(value, list):
        return [audited(item, audit) for item in value]
    return value


class _Audited:
    """A transparent proxy: calls go to the Playwright object, with the page checked around them.
    `isinstance(proxy, Page)` holds (through `__class__`), so `expect(page)` works on it too."""

    def __init__(self, target: Any, audit: _PageAudit | None) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_audit", audit)

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return type(object.__getattribute__(self, "_target"))

    def __getattr__(self, name: str) -> Any:
        target = object.__getattribute__(self, "_target")
        audit: _PageAudit | None = object.__getattribute__(self, "_audit")
        value = getattr(target, name)
        if name.startswith("_"):
            return value
        if not callable(value) or isinstance(value, _PAGE_BOUND):
            return audited(value, audit)

        @functools.wraps(value)
        def call(*args: Any, **kwargs: Any) -> Any:
            args = tuple(_unwrap(a) for a in args)
            kwargs = {k: _unwrap(v) for k, v in kwargs.items()}
            if audit is not None:
                audit.check()  # the document a click loaded, before the test leaves it
            elif name == "close":
                RECORDER.check_open_pages(target if isinstance(target, BrowserContext) else None)
            result = value(*args, **kwargs)
            if audit is not None:
                audit.check()
            return audited(result, audit)

        return call

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(object.__getattribute__(self, "_target"), name, value)

    def __eq__(self, other: object) -> bool:
        return bool(object.__getattribute__(self, "_target") == _unwrap(other))

    def __hash__(self) -> int:
        return hash(object.__getattribute__(self, "_target"))

    def __repr__(self) -> str:
        return f"<audited {object.__getattribute__(self, '_target')!r}>"


def recheck(page: Any) -> None:
    """Check the page again as it is now: for a state the page's scripts made without loading a new
    document (a toggled form, a select the region picker filled)."""
    raw = _unwrap(page)
    raw.evaluate("mark => { delete window[mark]; }", _MARK)
    RECORDER.audit_for(raw).check()


# ---- pytest hooks ------------------------------------------------------------------------------


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    RECORDER.__init__()  # type: ignore[misc]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    result = yield  # a test that failed already fails with its own error
    if RECORDER.audits:
        RECORDER.check_open_pages()
        failing = RECORDER.failing()
        if failing:
            pytest.fail(report(failing), pytrace=False)
    return result
