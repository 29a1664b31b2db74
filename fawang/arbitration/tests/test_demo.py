"""The demo shows the module: the roster, a DEMO fee table, the secretary's login and three cases of the
demo citizen in different stages, one awarded with its PDF in the evidence log; a second run adds nothing."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_makes_the_commission_and_three_cases_once(sichuan):
    from fawang.accounts.models import User
    from fawang.arbitration.demo import arbitration_demo_ensure
    from fawang.arbitration.models import ArbitrationCase, AwardDocument, FeeTable, RosterEntry
    from fawang.catalog.services import catalog_load
    from fawang.network.demo import demo_users_ensure, network_generate_demo

    catalog_load()
    network_generate_demo(seed=1)
    demo_users_ensure()
    made = arbitration_demo_ensure()
    assert made["cases"] == 3 and made["users"] == 1 and made["roster"] >= 1
    assert FeeTable.objects.get().is_demo
    assert RosterEntry.objects.count() == made["roster"]
    assert sorted(c.order.stage for c in ArbitrationCase.objects.select_related("order")) == [
        "",
        "awarded",
        "tribunal_formed",
    ]
    assert AwardDocument.objects.get().log_index is not None
    assert User.objects.get(username="arbitration_chengdu").check_password("fawang-demo-2026")
    again = arbitration_demo_ensure()
    assert again == {"roster": 0, "fee_tables": 0, "users": 0, "cases": 0}
