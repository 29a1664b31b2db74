"""The dispute workflows' monthly figures (issue 14 "Across the three"): per region and per institution,
each clock's finished and on-time counts and rate, from the engine's clock rows of the workflows named
in the setting (by code: mediation and arbitration appear when merged), scoped to the reader; the same
as XLSX; a bounded number of queries whatever the number of rows."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from .conftest import at

pytestmark = pytest.mark.django_db


def acting_at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def _month_of_work(appraisal, entrust):
    """Three entrustments received in November 2026: two accepted in time, one late."""
    from fawang.appraisal.services import appraisal_accept

    rows = [entrust(now=at(2026, 11, 2, 10, 0)) for _ in range(3)]
    for row, day in zip(rows, (3, 4, 20), strict=True):
        with acting_at(at(2026, 11, day, 9, 0)):
            appraisal_accept(
                actor=appraisal.clerk, order=row.order, appraisers=[p.pk for p in appraisal.appraisers[:2]]
            )
    return rows


def test_on_time_rates_per_clock_by_region_and_institution(appraisal, entrust):
    from fawang.accounts.tests.factories import StaffFactory
    from fawang.disputes.figures import dispute_figures

    _month_of_work(appraisal, entrust)
    analyst = StaffFactory(jurisdiction_region_id="510000", roles=["analyst"])
    figures = dispute_figures(actor=analyst, month=at(2026, 11, 1).date())
    (key,) = figures.clocks
    assert (key.workflow, key.name) == ("appraisal", "accept")
    total = figures.total.cell(key)
    assert (total.finished, total.on_time, str(total.rate)) == (3, 2, "66.7")
    chengdu = next(r for r in figures.regions if r.name == "成都市")
    assert chengdu.cell(key).finished == 3
    (inst,) = figures.institutions
    assert inst.name == appraisal.institution.name and inst.cell(key).late == 1
    # Another prefecture's analyst counts none of it; a reader without insight.view gets nothing.
    ganzi = StaffFactory(jurisdiction_region_id="513300", roles=["analyst"])
    assert dispute_figures(actor=ganzi, month=at(2026, 11, 1).date()).clocks == []
    assert dispute_figures(actor=appraisal.judge, month=at(2026, 11, 1).date()).clocks == []


def test_a_workflow_named_in_the_setting_is_counted_without_an_edit(appraisal, entrust, settings):
    from fawang.accounts.tests.factories import StaffFactory
    from fawang.disputes.figures import dispute_figures

    _month_of_work(appraisal, entrust)
    analyst = StaffFactory(jurisdiction_region_id="510000", roles=["analyst"])
    settings.FAWANG_DISPUTE_WORKFLOWS = ("mediation",)
    assert dispute_figures(actor=analyst, month=at(2026, 11, 1).date()).clocks == []
    settings.FAWANG_DISPUTE_WORKFLOWS = ("mediation", "appraisal")
    assert len(dispute_figures(actor=analyst, month=at(2026, 11, 1).date()).clocks) == 1


def test_the_figures_cost_a_fixed_number_of_queries(appraisal, entrust):
    from fawang.disputes.figures import dispute_figures

    _month_of_work(appraisal, entrust)
    dispute_figures(actor=appraisal.supervisor, month=at(2026, 11, 1).date())  # the roles, cached
    with CaptureQueriesContext(connection) as few:
        dispute_figures(actor=appraisal.supervisor, month=at(2026, 11, 1).date())
    for _ in range(5):
        entrust(now=at(2026, 11, 2, 10, 0))
    _month_of_work(appraisal, entrust)
    with CaptureQueriesContext(connection) as many:
        dispute_figures(actor=appraisal.supervisor, month=at(2026, 11, 1).date())
    assert len(many) == len(few) <= 8


def test_the_page_and_the_xlsx(client, appraisal, entrust):
    _month_of_work(appraisal, entrust)
    client.force_login(appraisal.supervisor)
    page = client.get(reverse("disputes:figures"), {"month": "2026-11"})
    assert page.status_code == 200 and appraisal.institution.name in page.content.decode()
    assert client.get(reverse("disputes:figures"), {"month": "2026-13\x00"}).status_code == 400
    xlsx = client.get(reverse("disputes:figures_xlsx"), {"month": "2026-11"})
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    inst = next(r for r in rows if r[0] == appraisal.institution.name)
    assert inst[1:4] == (3, 2, 66.7)
    # The first addresses (under /appraisal/) keep answering with the same page.
    assert reverse("appraisal:figures") == "/appraisal/figures/"
    old = client.get(reverse("appraisal:figures"), {"month": "2026-11"})
    assert old.status_code == 200 and appraisal.institution.name in old.content.decode()
    client.force_login(appraisal.judge)
    assert client.get(reverse("disputes:figures")).status_code == 403
    assert client.get(reverse("appraisal:figures")).status_code == 403
