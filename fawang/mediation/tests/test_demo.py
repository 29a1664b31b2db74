"""`seed_demo`'s mediation part: committee profiles, the committee's clerk and mediator logins, three
disputes of the demo citizen (one with the art. 33 clock running, one failed contract dispute); a
second run creates nothing."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_makes_logins_and_three_disputes_once(sichuan):
    from django.utils import timezone

    from fawang.accounts.tests.factories import CitizenFactory
    from fawang.accounts.tests.minimal_rows import institution
    from fawang.catalog.services import catalog_load
    from fawang.mediation.demo import CLERK, MEDIATOR, mediation_demo_ensure
    from fawang.mediation.models import Mediation
    from fawang.orders.models import OrderClock

    catalog_load()
    institution("510107", "簇桥街道人民调解委员会", kind="mediation_committee")
    CitizenFactory(
        username="citizen", display_name="陈小明", phone="13800000000", phone_verified_at=timezone.now()
    )
    made = mediation_demo_ensure()
    assert made == {"profiles": 1, "users": 2, "disputes": 3}
    stages = sorted(Mediation.objects.values_list("order__stage", flat=True))
    assert stages == ["agreed", "failed", "mediating"]
    assert OrderClock.objects.filter(name="confirm", stopped_at__isnull=True).count() == 1
    from fawang.accounts.models import User

    assert User.objects.filter(username__in=[CLERK, MEDIATOR]).count() == 2
    assert mediation_demo_ensure() == {"profiles": 0, "users": 0, "disputes": 0}
