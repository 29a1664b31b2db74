"""The demo of `make run` (`seed_demo` → `legal_aid_demo_ensure`) loads the DEMO hardship standards
and the DEMO subsidy standard, labelled DEMO, so the eligibility check and the subsidy pages work."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fawang.legalaid.demo import legal_aid_demo_ensure
from fawang.legalaid.models import HardshipStandard, SubsidyStandard
from fawang.legalaid.selectors import rules_as_of
from fawang.legalaid.subsidies import standard_for
from fawang.regions.models import Region

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_demo_hardship_and_subsidy_standards_once(sichuan):
    made = legal_aid_demo_ensure()
    assert made["hardship_standards"] == HardshipStandard.objects.count() > 0
    assert made["subsidy_standards"] == SubsidyStandard.objects.count() == 20
    assert all(s.is_demo and s.source.startswith("DEMO") for s in HardshipStandard.objects.all())
    assert all(s.is_demo and s.source.startswith("DEMO") for s in SubsidyStandard.objects.all())
    again = legal_aid_demo_ensure()
    assert (again["hardship_standards"], again["subsidy_standards"]) == (0, 0)

    today = timezone.localdate()
    wuhou = Region.objects.get(code="510107").path
    assert rules_as_of(region_path=wuhou, day=today).standard.is_demo  # the check page has a figure
    civil = standard_for(region_path=wuhou, matter_type="civil", stage="first_instance", day=today)
    assert civil is not None and civil.is_demo  # a closed case's subsidy can be computed
