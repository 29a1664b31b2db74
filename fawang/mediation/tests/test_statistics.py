"""The county's statistics of its people's mediation committees (人民调解法第十条): by kind of committee,
the committees and mediators, the month's disputes registered, agreements reached and mediations failed,
agreements written and oral, applications for judicial confirmation; as a page and an XLSX; each
justice bureau reads the committees of its own jurisdiction only."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from .conftest import agree

pytestmark = pytest.mark.django_db


@pytest.fixture
def month_of_mediation(mediation_world, mediating):
    """This month at the Wuhou village committee: one written agreement with an application for
    judicial confirmation, one oral agreement, one failure, one dispute still being mediated."""
    from fawang.mediation.enums import Action
    from fawang.orders.engine import order_act

    w = mediation_world
    now = timezone.now()
    first = mediating(now=now)
    agree(w, first)
    first.refresh_from_db()
    order_act(actor=w.clerk, order=first, action=Action.APPLY_CONFIRMATION, reason="双方已共同申请司法确认")
    second = mediating(now=now)
    agree(w, second, form="oral")
    third = mediating(now=now)
    order_act(actor=w.clerk, order=third, action=Action.FAIL, reason="双方对赔偿金额分歧过大")
    mediating(now=now)
    return w


def test_art_10_the_county_counts_its_committees_by_kind(month_of_mediation):
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory
    from fawang.mediation.statistics import committee_statistics

    wuhou = StaffFactory(jurisdiction_region_id="510107", roles=[Role.COUNTY_STAFF])
    stats = committee_statistics(actor=wuhou, month=timezone.localdate().replace(day=1))
    village = next(r for r in stats.rows if r.kind == "village")
    assert village.counts == {
        "committees": 1,
        "mediators": 1,
        "registered": 4,
        "succeeded": 2,
        "failed": 1,
        "agreements_written": 1,
        "agreements_oral": 1,
        "confirmations": 1,
    }
    # Litang's committee (no profile) is not Wuhou's to count.
    assert stats.total.counts["committees"] == 1
    # Litang's county bureau sees its own committee only, under "not stated".
    litang = StaffFactory(jurisdiction_region_id="513334", roles=[Role.COUNTY_STAFF])
    theirs = committee_statistics(actor=litang, month=timezone.localdate().replace(day=1))
    assert theirs.total.counts["committees"] == 1 and theirs.total.counts["registered"] == 0
    assert theirs.rows[-1].kind == "" and theirs.rows[-1].counts["committees"] == 1
    # The province counts both; the committee's own clerk has no statistics.
    province = StaffFactory(jurisdiction_region_id="510000", roles=[Role.PROVINCIAL_ADMIN])
    assert committee_statistics(actor=province, month=stats.month).total.counts["committees"] == 2
    assert committee_statistics(
        actor=month_of_mediation.clerk, month=stats.month
    ).total.counts == dict.fromkeys(stats.total.counts, 0)


def test_art_10_the_page_and_the_xlsx(month_of_mediation, client):
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory

    wuhou = StaffFactory(jurisdiction_region_id="510107", roles=[Role.COUNTY_STAFF])
    client.force_login(wuhou)
    month = f"{timezone.localdate():%Y-%m}"
    page = client.get(reverse("mediation:statistics"), {"month": month})
    assert page.status_code == 200
    assert 'data-kind="village"' in page.content.decode()
    assert client.get(reverse("mediation:statistics"), {"month": "2026-13"}).status_code == 400
    xlsx = client.get(reverse("mediation:statistics_xlsx"), {"month": month})
    assert xlsx.status_code == 200
    rows = list(load_workbook(io.BytesIO(xlsx.content)).worksheets[0].iter_rows(values_only=True))
    village = next(r for r in rows if r[0] == "村（居）人民调解委员会")
    assert village[1:] == (1, 1, 4, 2, 1, 1, 1, 1)
    client.force_login(month_of_mediation.clerk)
    assert client.get(reverse("mediation:statistics")).status_code == 403
