"""A small notary world on Sichuan's regions: the bundled catalog (its notary items follow the notary
workflow, with 公证法第三十条's clock), the bundled matters list, two notary offices offering every
matter, a notary, the office's clerk, appointment times and a citizen."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture
def notary(sichuan):
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import CitizenFactory, StaffFactory
    from fawang.accounts.tests.minimal_rows import institution, practitioner
    from fawang.catalog.services import catalog_load
    from fawang.notary.models import NotaryMatter
    from fawang.notary.services import matter_offices_set, matters_load, slot_create

    catalog_load()
    matters_load()
    office = institution("510107", "四川省成都市武侯公证处", kind="notary_office")
    other = institution("510104", "四川省成都市锦江公证处", kind="notary_office")
    person = practitioner(office, name="周静", kind="notary")
    for matter in NotaryMatter.objects.all():
        matter_offices_set(matter=matter, offices=[office, other])
    clerk = StaffFactory(
        username="notary_desk", jurisdiction_institution=office, roles=[Role.INSTITUTION_STAFF]
    )
    clerk.set_password("correct horse battery")
    clerk.save()
    citizen = CitizenFactory(username="chen", display_name="陈小明")
    tomorrow = timezone.localtime() + dt.timedelta(days=2)
    start = tomorrow.replace(hour=9, minute=0, second=0, microsecond=0)
    slots = [
        slot_create(
            actor=clerk, office=office, starts_at=start + dt.timedelta(hours=h), minutes=30, notary=person
        )
        for h in range(3)
    ]
    return SimpleNamespace(
        office=office, other=other, notary=person, clerk=clerk, citizen=citizen, slots=slots
    )


@pytest.fixture
def notary_apply(notary):
    """A citizen's application through the order's intake (as the apply page makes it)."""
    from fawang.catalog.models import ServiceItem
    from fawang.notary.models import NotaryMatter
    from fawang.orders.services import order_submit

    def _apply(
        matter: str = "birth",
        *,
        slot: Any = None,
        second_language: str = "",
        citizen: Any = None,
        **details: Any,
    ):
        citizen = citizen or notary.citizen
        found = NotaryMatter.objects.get(code=matter)
        return order_submit(
            actor=citizen,
            channel="web",
            service_item=ServiceItem.objects.get(code=found.item_code),
            region="510107",
            description="申请办理出生公证，用于出国留学。",
            applicant_kind="citizen",
            applicant_name="陈小明",
            applicant_phone=citizen.phone,
            applicant=citizen,
            details={
                "matter": matter,
                "office": notary.office.pk,
                "slot": slot.pk if slot is not None else None,
                "second_language": second_language,
                "purpose": "出国留学",
                **details,
            },
        )

    return _apply
