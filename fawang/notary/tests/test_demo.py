"""`seed_demo`'s notary part: matters with DEMO fees, offices offering them, appointment times, the
office login; a second run creates nothing."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_loads_matters_times_and_a_login_once(sichuan):
    from fawang.accounts.models import User
    from fawang.network.models import Institution
    from fawang.notary.demo import DEMO_LOGIN, notary_demo_ensure
    from fawang.notary.models import NotaryMatter, Slot

    for n, name in ((1, "四川省成都市蜀都公证处"), (2, "四川省成都市天府公证处")):
        Institution.objects.create(code=f"NO-510100-{n}", name=name, kind="notary_office", region_id="510100")
    made = notary_demo_ensure()
    assert made["matters"] == NotaryMatter.objects.count() >= 10
    assert made["slots"] == Slot.objects.count() == 5 * 4 * 2
    assert User.objects.get(username=DEMO_LOGIN).jurisdiction_institution.code == "NO-510100-1"
    assert NotaryMatter.objects.get(code="will").offices.count() == 2
    assert notary_demo_ensure() == {"matters": 0, "slots": 0, "users": 0}
