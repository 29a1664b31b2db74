"""Wuhou's legal aid centre asks Litang's centre for cooperation from the application's page, in
Debian's Chromium (each page checked with axe-core by the root conftest's audited browser): a past
deadline is named beside its field, then the request is listed with its state on the application's
page and the cooperation page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from .test_cooperation import coop_item  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_centre_asks_another_regions_centre_from_the_application(
    live_server,
    desk_page,
    apply,
    wuhou_clerk,
    network,
    coop_item,  # noqa: F811
):
    order = apply()
    base, page = live_server.url, desk_page
    page.goto(f"{base}/login/?next=/work/orders/{order.tracking_no}/")
    page.locator("input[name=username]").fill(wuhou_clerk.username)
    page.locator("input[name=password]").fill("correct horse battery")
    page.locator("form.form button[type=submit]").click()
    section = page.locator("[data-testid=legal-aid-cooperation]")
    section.wait_for()
    section.get_by_role("link", name="请求异地法律援助机构协作").click()

    form = page.locator("[data-testid=cooperation-form]")
    form.get_by_label("被请求的法律援助机构").select_option(str(network.litang_legal_aid.pk))
    form.get_by_label("协作事项").select_option("gather_evidence")
    form.locator("input[name=deadline]").fill("2020-01-01")
    form.get_by_label("请求协作的事项").fill("请协助调取申请人在理塘县的务工记录。")
    form.get_by_role("button", name="发出协作请求").click()
    assert "完成期限应晚于今天。" in page.locator("[data-testid=cooperation-form]").inner_text()

    deadline = timezone.localdate() + dt.timedelta(days=10)
    form = page.locator("[data-testid=cooperation-form]")
    form.locator("input[name=deadline]").fill(deadline.isoformat())
    form.get_by_role("button", name="发出协作请求").click()
    listed = page.locator("[data-testid=cooperation-requests]")
    assert "理塘县法律援助中心" in listed.inner_text() and deadline.isoformat() in listed.inner_text()

    page.goto(f"{base}/work/orders/{order.tracking_no}/")
    assert "理塘县法律援助中心" in page.locator("[data-testid=legal-aid-cooperation]").inner_text()
