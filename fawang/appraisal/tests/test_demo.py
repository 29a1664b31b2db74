"""`seed_demo`'s appraisal part: appraisers registered, three entrusting bodies, the court's and the
institution's logins, four entrustments (one past the art. 28 limit, one on the green channel); a second
run creates nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_the_demo_shows_the_module_once(sichuan):
    from fawang.accounts.models import User
    from fawang.accounts.tests.minimal_rows import practitioner
    from fawang.appraisal.demo import COURT_LOGIN, INSTITUTION_LOGIN, appraisal_demo_ensure
    from fawang.appraisal.models import Entrustment
    from fawang.appraisal.selectors import entrustments_for
    from fawang.catalog.services import catalog_load
    from fawang.network.models import Institution
    from fawang.orders.sweep import sweep_deadlines

    catalog_load()
    inst = Institution.objects.create(
        code="AI-510100-1",
        name="成都华西司法鉴定所",
        kind="appraisal_institution",
        region_id="510100",
        appraisal_categories=["forensic_medicine"],
    )
    for _ in range(3):
        practitioner(inst, kind="appraiser")
    Institution.objects.create(
        code="LA-510107", name="武侯区法律援助中心", kind="legal_aid_centre", region_id="510107"
    )
    made = appraisal_demo_ensure()
    assert made == {"registrations": 3, "bodies": 3, "users": 3, "entrustments": 4}
    court = User.objects.get(username=COURT_LOGIN)
    assert len(entrustments_for(court)) == 3
    assert len(entrustments_for(User.objects.get(username=INSTITUTION_LOGIN))) == 4
    assert Entrustment.objects.filter(green_channel=True).count() == 1
    assert sweep_deadlines(now=timezone.now()).overdue  # the late one is supervised
    assert appraisal_demo_ensure() == {"registrations": 0, "bodies": 0, "users": 0, "entrustments": 0}
