"""Shared test setup: Sichuan's regions are loaded once per test database, and a few named personas
make permission tests read like stories (a clerk in Chengdu's Wuhou district, a clerk in Ganzi ...)."""

import pytest

from fawang.regions.models import Region
from fawang.regions.services import regions_load

# axe-core on every page a browser test visits; a serious or critical violation fails the test.
pytest_plugins = ["fawang.ui.tests.axe_audit"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        regions_load()


@pytest.fixture
def sichuan(db):
    """The region tree. Transactional (browser) tests flush tables, so reload when it is gone."""
    if not Region.objects.filter(code="510000").exists():
        regions_load()
        # The flush emptied the holiday calendar (seeded by a data migration) too.
        from fawang.core.services import calendar_ensure_seeded

        calendar_ensure_seeded()
    return Region.objects.get(code="510000")


@pytest.fixture
def wuhou_clerk(sichuan):
    """A window clerk at the county centre of Chengdu's Wuhou district (510107)."""
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory

    return StaffFactory(
        username="wuhou_clerk",
        display_name="武侯区窗口 李娜",
        jurisdiction_region_id="510107",
        roles=[Role.COUNTY_STAFF, Role.WINDOW_CLERK],
    )


@pytest.fixture
def ganzi_clerk(sichuan):
    """A clerk at the prefecture centre of Ganzi Tibetan Autonomous Prefecture (513300)."""
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory

    return StaffFactory(
        username="ganzi_clerk",
        display_name="甘孜州 泽仁",
        jurisdiction_region_id="513300",
        roles=[Role.PREFECTURE_STAFF, Role.WINDOW_CLERK],
    )


@pytest.fixture
def hotline_agent(sichuan):
    """A 12348 hotline seat at the provincial centre: takes calls from the whole province."""
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory

    return StaffFactory(
        username="hotline_agent",
        display_name="12348 坐席 王芳",
        jurisdiction_region_id="510000",
        roles=[Role.HOTLINE_AGENT],
    )


@pytest.fixture
def provincial_admin(sichuan):
    """The provincial department's administrator: enters the holiday schedule, manages accounts."""
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory

    return StaffFactory(
        username="province_admin",
        display_name="省司法厅 管理员",
        jurisdiction_region_id="510000",
        roles=[Role.PROVINCIAL_ADMIN],
        is_staff=True,
    )


@pytest.fixture
def fresh_calendar():
    """The calendar snapshot is per process: a test that enters a year must not leave it (or a rolled
    back year) in the snapshot for the next test."""
    from fawang.core import calendar

    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture
def chengdu_supervisor(sichuan):
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory

    return StaffFactory(
        username="chengdu_supervisor",
        display_name="成都市督办 张强",
        jurisdiction_region_id="510100",
        roles=[Role.SUPERVISOR],
    )


@pytest.fixture
def citizen(sichuan):
    from fawang.accounts.tests.factories import CitizenFactory

    return CitizenFactory(username="citizen_13912345678", display_name="陈明", phone="13912345678")


# ---- Browser tests: Debian's Chromium driven by Playwright (mark them @pytest.mark.browser) ----------
# Use with pytest-django's `live_server`; those tests run on a transactional database whose tables are
# flushed after each test, so create what the page shows inside the test (`sichuan` reloads regions).

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module. Playwright's sync API keeps an asyncio loop running in this thread
    while it is alive, so Django refuses ORM calls as "async unsafe" unless DJANGO_ALLOW_ASYNC_UNSAFE is
    set. Module scope (not session) keeps that switch, and the loop, out of the other modules: the
    variable would otherwise leak into every later test and subprocess (`check --deploy` flags it)."""
    import os

    from playwright.sync_api import sync_playwright

    from fawang.ui.tests.axe_audit import audited

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=os.environ.get("FAWANG_CHROMIUM", "/usr/bin/chromium"),
                headless=True,
                args=CHROMIUM_ARGS,
            )
            yield audited(chromium)  # every page it opens is checked with axe-core
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _browser_page(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def page(browser):
    """A desktop-sized page in a fresh browser context (no cookies shared between tests)."""
    context, new_page = _browser_page(browser, 1280, 800)
    yield new_page
    context.close()


@pytest.fixture
def desk_page(browser):
    """The staff workbench size: 1280 × 800."""
    context, new_page = _browser_page(browser, 1280, 800)
    yield new_page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A small phone: 360 × 740, the width citizen pages are designed for."""
    context, new_page = _browser_page(browser, 360, 740)
    yield new_page
    context.close()


@pytest.fixture(autouse=True)
def _fresh_routing_index():
    """The routing index is an in-process cache of the network; a rolled-back test's rows must not
    linger in it for the next test (fawang/orders/routing.py)."""
    from fawang.orders.routing import invalidate_routing_index

    invalidate_routing_index()
    yield
    invalidate_routing_index()


@pytest.fixture(autouse=True)
def _fresh_legal_aid_panel():
    """The legal aid panel is kept in-process too (fawang/legalaid/assignment.py): same reason."""
    from fawang.legalaid.assignment import invalidate_panel

    invalidate_panel()
    yield
    invalidate_panel()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; one test's attempts must not count against the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language. A request through LocaleMiddleware activates its
    language for the thread and nothing resets it, so a test that opened an English page used to leave
    the next test's `reverse()` building /en/ URLs (and its messages in English)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_content_translations():
    """Content translations are read once per request and kept in memory (fawang.translations.selectors);
    a test's rolled-back rows must not be read by the next test."""
    from fawang.translations.selectors import translations_cache_clear

    translations_cache_clear()
    yield
    translations_cache_clear()
