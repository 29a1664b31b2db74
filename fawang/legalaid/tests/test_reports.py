"""Legal aid's monthly report (issue 11 item 9): the figures, scoped to the reader's jurisdiction, on a
page with server-drawn SVG charts beside tables, and as an XLSX download."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.core.calendar import TZ
from fawang.feedback.services import evaluation_submit
from fawang.legalaid import subsidies
from fawang.legalaid.enums import MatterType
from fawang.legalaid.reports import monthly_report
from fawang.orders.engine import order_act
from fawang.orders.enums import PriorityGroup
from fawang.regions.models import Region

from .subsidy_world import bureau, finished_case, funded_source

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 18, 10, 0, tzinfo=TZ)
MONTH = dt.date(2026, 11, 1)


def analyst(code: str):
    return StaffFactory(jurisdiction_region_id=code, roles=[Role.ANALYST])


@pytest.fixture
def month_of_cases(apply, wuhou_clerk, network, sichuan):
    """In November 2026: in Wuhou two granted (one finished, rated and its subsidy paid), one refused
    (wages, priority group migrant worker); in Litang one application, undecided."""
    subsidies.subsidy_standards_load_demo()
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        done = finished_case(apply, wuhou_clerk, matter_type="civil", matter="wages")
        granted = apply()
        order_act(actor=wuhou_clerk, order=granted, action="accept")
        refused = apply(priority_groups=["migrant_worker"])
        order_act(actor=wuhou_clerk, order=refused, action="reject", reason="家庭人均月收入高于标准")
        apply(region=Region.objects.filter(parent_id="513334").first())
        evaluation_submit(actor=None, order=done, level=1, channel="web", phone="13800138000")
        keeper = bureau()
        source = funded_source(keeper, network.wuhou_legal_aid)
        subsidy = subsidies.subsidy_compute(actor=wuhou_clerk, order=done, stage="first_instance")
        subsidies.subsidy_approve(actor=keeper, subsidy_id=subsidy.pk, fund_source_id=source.pk)
        subsidies.subsidy_pay(actor=bureau(), subsidy_id=subsidy.pk)  # four eyes
    return {"done": done, "refused": refused}


def test_the_month_in_a_prefecture_by_county(month_of_cases):
    report = monthly_report(actor=analyst("510100"), month=MONTH)
    wuhou = next(r for r in report.regions if r.name == "武侯区")
    assert (wuhou.applications, wuhou.approvals, wuhou.refusals) == (3, 2, 1)
    assert (wuhou.subsidies_paid, wuhou.subsidies_paid_fen) == (1, 250000)
    assert (report.total.applications, report.total.subsidies_paid_fen) == (3, 250000)
    assert report.refusal_reasons == [("家庭人均月收入高于标准", 1)]
    assert dict(report.by_matter_type)[str(MatterType.CIVIL.label)] == 3
    assert dict(report.by_priority_group)[str(PriorityGroup.MIGRANT_WORKER.label)] == 1
    assert report.decision_time == [(1, 3), (3, 3), (7, 3)] and report.decisions == 3
    assert report.satisfaction == {1: 1} and report.satisfaction_rate == 100
    decision_clock = [c for c in report.clocks if "四十三" in c.legal_basis]
    assert decision_clock and all(c.finished == c.on_time for c in decision_clock)
    assert report.trend[-1].month == MONTH and report.trend[-1].applications == 3
    assert len(report.trend) == 12


def test_a_county_reader_sees_only_their_county(month_of_cases):
    litang = monthly_report(actor=analyst("513334"), month=MONTH)
    assert litang.total.applications == 1
    assert (litang.total.approvals, litang.total.refusals, litang.total.subsidies_paid) == (0, 0, 0)
    assert litang.refusal_reasons == [] and litang.satisfaction == {}
    wuhou = monthly_report(actor=analyst("510107"), month=MONTH)
    assert wuhou.total.applications == 3 and wuhou.total.subsidies_paid_fen == 250000


def test_the_county_page_shows_no_other_countys_figures(client, month_of_cases):
    client.force_login(analyst("513334"))
    html = client.get(reverse("legalaid:report"), {"month": "2026-11"}).content.decode()
    assert "家庭人均月收入高于标准" not in html and "2,500.00" not in html
    client.force_login(analyst("510107"))
    html = client.get(reverse("legalaid:report"), {"month": "2026-11"}).content.decode()
    assert "家庭人均月收入高于标准" in html and "2,500.00" in html


def test_a_reader_without_figures_is_refused_and_gets_nothing(client, month_of_cases, wuhou_clerk):
    assert monthly_report(actor=wuhou_clerk, month=MONTH).total.applications == 0
    client.force_login(wuhou_clerk)
    assert client.get(reverse("legalaid:report")).status_code == 403
    assert client.get(reverse("legalaid:report_xlsx")).status_code == 403


def test_the_page_draws_accessible_svg_charts_beside_tables(client, month_of_cases):
    client.force_login(analyst("510100"))
    response = client.get(reverse("legalaid:report"), {"month": "2026-11"})
    html = response.content.decode()
    assert response.status_code == 200
    for chart in ("trend", "regions", "clocks", "matters"):
        assert f'data-testid="chart-{chart}"' in html
        assert (
            f'aria-labelledby="{chart}-title {chart}-desc"' in html and f'<title id="{chart}-title">' in html
        )
    assert "<script" not in html.split("<main", 1)[-1] and "style=" not in html
    assert 'data-testid="regions"' in html and "武侯区" in html


def test_a_bad_month_names_the_field(client, month_of_cases):
    client.force_login(analyst("510100"))
    response = client.get(reverse("legalaid:report"), {"month": "2026-13"})
    assert response.status_code == 400
    assert "YYYY-MM" in response.content.decode()


def test_the_xlsx_download_holds_the_pages_figures(client, month_of_cases):
    client.force_login(analyst("510100"))
    response = client.get(reverse("legalaid:report_xlsx"), {"month": "2026-11"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    book = load_workbook(io.BytesIO(response.content))
    by_region, _trend, refusals = book.worksheets[:3]
    assert by_region["A1"].value == "成都市 2026-11"
    rows = list(by_region.iter_rows(min_row=3, values_only=True))
    wuhou = next(r for r in rows if r[0] == "武侯区")
    assert wuhou[1:5] == (3, 2, 1, 1) and float(wuhou[5]) == 2500.0
    assert rows[-1][1] == 3  # the total
    reasons = list(refusals.iter_rows(min_row=2, values_only=True))
    assert reasons == [("家庭人均月收入高于标准", 1)]


def test_the_figures_take_a_fixed_number_of_queries(month_of_cases, apply):
    """Aggregates, not a loop over rows: more cases do not mean more queries."""
    reader = analyst("510100")
    monthly_report(actor=reader, month=MONTH)  # the reader's jurisdiction is loaded once
    with CaptureQueriesContext(connection) as few:
        monthly_report(actor=reader, month=MONTH)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        for _ in range(3):
            apply()
    with CaptureQueriesContext(connection) as more:
        monthly_report(actor=reader, month=MONTH)
    assert len(more) == len(few) <= 20
    assert timezone.is_aware(NOW)


def test_the_clocks_cite_their_legal_basis_in_the_readers_language(client, month_of_cases, provincial_admin):
    """The clock table's label and legal basis come through the translations content like the order
    page's (the `legal_basis` filter, docs/adr/0014): English where a reviewed translation of this very
    wording exists, the official Chinese marked as such where none does (Yi), in the XLSX too."""
    from django.utils import timezone as tz

    from fawang.catalog.models import TIME_LIMIT_CONTENT
    from fawang.translations.models import ContentTranslation
    from fawang.translations.selectors import translations_cache_clear

    code = month_of_cases["done"].service_item.code
    chinese = "法律援助法第四十三条：自收到申请之日起七日内审查并作出决定"
    english = "Legal Aid Law, art. 43: decided within seven days of receiving the application"
    ContentTranslation.objects.create(
        content=TIME_LIMIT_CONTENT,
        object_key=f"{code}/decide",
        field="legal_basis",
        language="en",
        text=english,
        source_text=chinese,
        state="reviewed",
        reviewer=provincial_admin,
        reviewed_at=tz.now(),
    )
    translations_cache_clear()
    client.force_login(analyst("510100"))

    def decide_row(prefix: str) -> str:
        page = client.get(f"{prefix}/legal-aid/reports/", {"month": "2026-11"}).content.decode()
        return page.split('<tr data-clock="decide">', 1)[1].split("</tr>", 1)[0]

    row = decide_row("/en")
    assert english in row and "Decide on the application" in row and chinese not in row
    assert "data-basis-note" in row  # a translation for reading; the official wording is Chinese
    row = decide_row("/ii")
    assert chinese in row and "data-basis-note" in row  # no Yi wording: the Chinese, said to be official
    xlsx = client.get("/en/legal-aid/reports/export.xlsx", {"month": "2026-11"})
    clocks = load_workbook(io.BytesIO(xlsx.content))["Clocks"]
    cells = [c for row in clocks.iter_rows(values_only=True) for c in row]
    assert english in cells and chinese not in cells
