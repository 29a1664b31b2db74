"""Shared set-up of the subsidy tests: a finished legal aid case, the demo standard, a funded centre."""

from __future__ import annotations

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.legalaid import caselog, subsidies
from fawang.legalaid.enums import FundSourceKind
from fawang.orders.engine import order_act
from fawang.regions.models import Region


def finished_case(apply, clerk, **details):
    """A legal aid application taken from the web through grant, assignment and handling to its
    closing (outcome) and the closing materials of art. 50 filed, which resolves the order."""
    order = handled_case(apply, clerk, **details)
    caselog.case_close(actor=clerk, order=order, outcome="mediated", summary="已调解结案")
    caselog.closing_materials_file(actor=clerk, order=order, materials=["handling_report", "judgment"])
    order.refresh_from_db()
    return order


def handled_case(apply, clerk, **details):
    """A legal aid application granted, assigned and in handling (not closed)."""
    order = apply(details or None)
    panel_lawyer()
    order_act(actor=clerk, order=order, action="accept")
    order_act(actor=clerk, order=order, action="legal_aid_assign", reason="指派张律师")
    order_act(actor=clerk, order=order, action="start")
    order.refresh_from_db()
    return order


def panel_lawyer():
    """A Wuhou lawyer on the legal aid panel (once), so that Assign (the suggestion's first) has someone."""
    from fawang.accounts.tests.minimal_rows import institution, practitioner
    from fawang.legalaid.assignment import aid_practitioner_enrol
    from fawang.legalaid.models import AidPractitioner

    if not AidPractitioner.objects.exists():
        record = practitioner(institution("510107", "四川清源律师事务所（武侯区）"), name="张律师")
        aid_practitioner_enrol(actor=None, practitioner=record, matter_types=["civil", "criminal"])


def bureau(region_code: str = "510107", role: str = Role.COUNTY_STAFF):
    """A justice bureau's staff member: keeps the funds and approves subsidies in their area."""
    return StaffFactory(jurisdiction_region_id=region_code, roles=[role])


def funded_source(actor, centre, *, amount_fen: int = 1_000_000, kind: str = FundSourceKind.LOCAL_BUDGET):
    source = subsidies.fund_source_create(
        actor=actor,
        kind=kind,
        name="武侯区法律援助经费",
        region=Region.objects.get(code=actor.jurisdiction_region_id),
        document="武财行〔2026〕12号",
    )
    subsidies.fund_receive(actor=actor, source_id=source.pk, amount_fen=amount_fen, memo="2026年预算")
    subsidies.fund_allocate(
        actor=actor, source_id=source.pk, centre=centre, amount_fen=amount_fen, memo="拨付"
    )
    return source
