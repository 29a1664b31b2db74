"""Subsidies of finished legal aid cases (法律援助法第五十二条): the versioned standard, computing,
adjusting with reasons, approving against a fund source, paying, rejecting; who and when, audited."""

from __future__ import annotations

import datetime as dt

import pytest

from fawang.audit.models import AuditEntry
from fawang.core.errors import DomainError, ValidationFailed
from fawang.legalaid import subsidies
from fawang.legalaid.enums import LedgerAccount, SubsidyStatus
from fawang.legalaid.models import LedgerEntry, Subsidy, SubsidyStandard
from fawang.legalaid.subsidy_selectors import ledger_rows, subsidies_for, trial_balance
from fawang.regions.models import Region

from .subsidy_world import bureau, finished_case, funded_source, handled_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def standards(sichuan):
    assert subsidies.subsidy_standards_load_demo() == 20
    return SubsidyStandard.objects.all()


def codes(exc: DomainError) -> dict[str, str]:
    return {e.field: e.code for e in exc.errors}


def test_demo_subsidy_standard_says_it_is_demo_and_cites_article_52(standards):
    assert all(s.is_demo and s.source.startswith("DEMO") and "第五十二条" in s.source for s in standards)
    assert subsidies.subsidy_standards_load_demo() == 0  # idempotent


def test_overlapping_standard_versions_are_refused_naming_the_field_falv_yuanzhu_art_52(
    standards, provincial_admin
):
    province = Region.objects.get(code="510000")
    with pytest.raises(ValidationFailed) as exc:
        subsidies.subsidy_standard_create(
            actor=provincial_admin,
            region=province,
            matter_type="civil",
            stage="first_instance",
            amount_fen=300000,
            effective_from=dt.date(2026, 6, 1),
            effective_to=None,
            source="川司发〔2026〕1号",
        )
    assert codes(exc.value) == {"effective_from": "legal_aid_subsidy_standard_overlaps"}
    assert "2026-01-01" in str(exc.value.errors[0].message)
    assert SubsidyStandard.objects.count() == 20


def test_a_standard_version_must_cite_a_source_and_fit_the_matter(sichuan, provincial_admin):
    with pytest.raises(ValidationFailed) as exc:
        subsidies.subsidy_standard_create(
            actor=provincial_admin,
            region=Region.objects.get(code="510100"),
            matter_type="civil",
            stage="investigation",
            amount_fen=-1,
            effective_from=dt.date(2026, 6, 1),
            effective_to=dt.date(2026, 5, 1),
            source=" ",
        )
    assert codes(exc.value) == {
        "stage": "legal_aid_stage_not_for_matter",
        "amount_fen": "min_value",
        "effective_to": "legal_aid_dates_reversed",
        "source": "required",
    }
    assert not SubsidyStandard.objects.exists()


def test_a_county_clerk_cannot_enter_the_provinces_standard(sichuan, wuhou_clerk):
    with pytest.raises(DomainError):
        subsidies.subsidy_standard_create(
            actor=wuhou_clerk,
            region=Region.objects.get(code="510107"),
            matter_type="civil",
            stage="first_instance",
            amount_fen=1,
            effective_from=dt.date(2026, 1, 1),
            effective_to=None,
            source="x",
        )


def test_the_subsidy_follows_the_standard_in_force_when_the_case_closed(
    standards, provincial_admin, apply, wuhou_clerk
):
    # Chengdu's own version from 2026-01-01 pays more for a civil first instance than the province's.
    subsidies.subsidy_standard_create(
        actor=provincial_admin,
        region=Region.objects.get(code="510100"),
        matter_type="civil",
        stage="first_instance",
        amount_fen=320000,
        effective_from=dt.date(2026, 1, 1),
        effective_to=None,
        source="成司发〔2026〕3号",
    )
    order = finished_case(apply, wuhou_clerk)
    subsidy = subsidies.subsidy_compute(actor=wuhou_clerk, order=order, stage="first_instance")
    assert (subsidy.base_fen, subsidy.amount_fen, subsidy.status) == (320000, 320000, "computed")
    assert subsidy.centre_id == order.assigned_institution_id and subsidy.computed_by == wuhou_clerk
    # A stage the province alone sets: its figure.
    other = finished_case(apply, wuhou_clerk)
    assert subsidies.subsidy_compute(actor=wuhou_clerk, order=other, stage="arbitration").amount_fen == 150000


def test_an_open_case_gets_no_subsidy(standards, apply, wuhou_clerk):
    order = apply()
    with pytest.raises(ValidationFailed) as exc:
        subsidies.subsidy_compute(actor=wuhou_clerk, order=order, stage="first_instance")
    assert codes(exc.value)["order"] == "legal_aid_case_not_closed"
    assert not Subsidy.objects.exists()


def test_art_50_a_subsidy_waits_for_the_closing_with_its_materials_filed(standards, apply, wuhou_clerk):
    """法律援助法第五十条: the case is finished for the subsidy when it is closed with its outcome and the
    closing materials are handed in; a case the shared "resolve" tried to finish (legal aid refuses it:
    docs/adr/0022), or one closed with its outcome and no materials yet, gets no subsidy and is not
    listed as awaiting one."""
    from fawang.core.errors import Conflict
    from fawang.legalaid import caselog
    from fawang.legalaid.subsidy_selectors import cases_awaiting_subsidy
    from fawang.orders.engine import order_act

    resolved = handled_case(apply, wuhou_clerk)
    with pytest.raises(Conflict):
        order_act(actor=wuhou_clerk, order=resolved, action="resolve", resolution="已调解结案")
    resolved.refresh_from_db()
    assert resolved.status != "resolved"
    closing = handled_case(apply, wuhou_clerk)
    caselog.case_close(actor=wuhou_clerk, order=closing, outcome="won", summary="胜诉")
    closing.refresh_from_db()
    for order in (resolved, closing):
        with pytest.raises(ValidationFailed) as exc:
            subsidies.subsidy_compute(actor=wuhou_clerk, order=order, stage="first_instance")
        assert codes(exc.value) == {"order": "legal_aid_case_not_closed"}
        assert "第五十条" in str(exc.value.errors[0].message)
    assert not Subsidy.objects.exists()
    assert cases_awaiting_subsidy(wuhou_clerk) == []

    caselog.closing_materials_file(actor=wuhou_clerk, order=closing, materials=["handling_report"])
    closing.refresh_from_db()
    assert [o.pk for o in cases_awaiting_subsidy(wuhou_clerk)] == [closing.pk]
    subsidy = subsidies.subsidy_compute(actor=wuhou_clerk, order=closing, stage="first_instance")
    assert subsidy.status == "computed"


def test_a_stage_the_matter_cannot_reach_is_refused(standards, apply, wuhou_clerk):
    order = finished_case(apply, wuhou_clerk)
    with pytest.raises(ValidationFailed) as exc:
        subsidies.subsidy_compute(actor=wuhou_clerk, order=order, stage="investigation")
    assert codes(exc.value) == {"stage": "legal_aid_stage_not_for_matter"}


def test_one_live_subsidy_per_case(standards, apply, wuhou_clerk):
    order = finished_case(apply, wuhou_clerk)
    first = subsidies.subsidy_compute(actor=wuhou_clerk, order=order, stage="first_instance")
    with pytest.raises(ValidationFailed) as exc:
        subsidies.subsidy_compute(actor=wuhou_clerk, order=order, stage="second_instance")
    assert codes(exc.value) == {"order": "legal_aid_subsidy_exists"}
    # A rejected one may be computed afresh.
    subsidies.subsidy_reject(actor=bureau(), subsidy_id=first.pk, reason="阶段认定有误")
    again = subsidies.subsidy_compute(actor=wuhou_clerk, order=order, stage="second_instance")
    assert again.amount_fen == 200000


def test_additions_and_deductions_carry_reasons_and_never_go_below_zero(standards, apply, wuhou_clerk):
    order = finished_case(apply, wuhou_clerk)
    subsidy = subsidies.subsidy_compute(actor=wuhou_clerk, order=order, stage="non_litigation")  # 800.00
    subsidies.subsidy_adjust(
        actor=wuhou_clerk, subsidy_id=subsidy.pk, kind="addition", amount_fen=20000, reason="异地办案交通费"
    )
    subsidy = subsidies.subsidy_adjust(
        actor=wuhou_clerk, subsidy_id=subsidy.pk, kind="deduction", amount_fen=5000, reason="结案材料逾期"
    )
    assert subsidy.amount_fen == 80000 + 20000 - 5000
    assert [(a.kind, a.reason, a.actor) for a in subsidy.adjustments.all()] == [
        ("addition", "异地办案交通费", wuhou_clerk),
        ("deduction", "结案材料逾期", wuhou_clerk),
    ]
    with pytest.raises(ValidationFailed) as exc:
        subsidies.subsidy_adjust(
            actor=wuhou_clerk, subsidy_id=subsidy.pk, kind="deduction", amount_fen=95001, reason="x"
        )
    assert codes(exc.value) == {"amount_fen": "legal_aid_subsidy_negative"}
    with pytest.raises(ValidationFailed) as exc:
        subsidies.subsidy_adjust(
            actor=wuhou_clerk, subsidy_id=subsidy.pk, kind="addition", amount_fen=100, reason=" "
        )
    assert codes(exc.value) == {"reason": "required"}
    subsidy.refresh_from_db()
    assert subsidy.amount_fen == 95000 and subsidy.adjustments.count() == 2


def test_approve_then_pay_records_who_and_when_audits_and_posts_to_the_ledger_falv_yuanzhu_art_52(
    standards, apply, wuhou_clerk, network
):
    keeper = bureau()
    source = funded_source(keeper, network.wuhou_legal_aid, amount_fen=300000)
    order = finished_case(apply, wuhou_clerk)
    subsidy = subsidies.subsidy_compute(actor=wuhou_clerk, order=order, stage="first_instance")  # 2,500.00

    subsidy = subsidies.subsidy_approve(actor=keeper, subsidy_id=subsidy.pk, fund_source_id=source.pk)
    assert (subsidy.status, subsidy.approved_by, subsidy.fund_source) == ("approved", keeper, source)
    assert subsidies.centre_available(source_id=source.pk, centre_id=network.wuhou_legal_aid.pk) == 50000
    cashier = bureau()  # four eyes: another person records the payment
    subsidy = subsidies.subsidy_pay(actor=cashier, subsidy_id=subsidy.pk, payment_reference="BANK-0001")
    assert subsidy.status == "paid" and subsidy.paid_by == cashier and subsidy.paid_at is not None

    actions = list(
        AuditEntry.objects.filter(entity_type="legalaid.subsidy", entity_id=str(subsidy.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["legal_aid.subsidy_compute", "legal_aid.subsidy_approve", "legal_aid.subsidy_pay"]
    balance = trial_balance(ledger_rows(keeper, centre_id=network.wuhou_legal_aid.pk))
    assert balance.balanced
    assert balance.balance_of(LedgerAccount.CENTRE_FUNDS) == 50000
    assert balance.balance_of(LedgerAccount.SUBSIDY_EXPENSE) == 250000
    assert balance.balance_of(LedgerAccount.SUBSIDY_PAYABLE) == 0
    # Paid is final.
    with pytest.raises(ValidationFailed) as exc:
        subsidies.subsidy_reject(actor=keeper, subsidy_id=subsidy.pk, reason="重复")
    assert codes(exc.value) == {"status": "legal_aid_subsidy_wrong_state"}


def test_four_eyes_the_approver_did_not_compute_or_adjust_it_and_the_payer_did_not_approve_it(
    standards, apply, network
):
    """Who computed or adjusted a subsidy may not approve it; who approved it may not record its
    payment: each refusal names the four-eyes rule in the reader's language, and nothing moves."""
    keeper, approver, adjuster = bureau(), bureau(), bureau()
    source = funded_source(keeper, network.wuhou_legal_aid)
    order = finished_case(apply, keeper)
    subsidy = subsidies.subsidy_compute(actor=keeper, order=order, stage="first_instance")
    with pytest.raises(DomainError) as exc:
        subsidies.subsidy_approve(actor=keeper, subsidy_id=subsidy.pk, fund_source_id=source.pk)
    assert (exc.value.status, exc.value.errors[0].code) == (403, "legal_aid_subsidy_four_eyes")
    assert "四眼原则" in str(exc.value.errors[0].message)
    subsidies.subsidy_adjust(
        actor=adjuster, subsidy_id=subsidy.pk, kind="addition", amount_fen=10000, reason="异地办案交通费"
    )
    with pytest.raises(DomainError) as exc:
        subsidies.subsidy_approve(actor=adjuster, subsidy_id=subsidy.pk, fund_source_id=source.pk)
    assert exc.value.errors[0].code == "legal_aid_subsidy_four_eyes"
    subsidy.refresh_from_db()
    assert subsidy.status == "computed" and not LedgerEntry.objects.filter(subsidy=subsidy).exists()

    subsidies.subsidy_approve(actor=approver, subsidy_id=subsidy.pk, fund_source_id=source.pk)
    with pytest.raises(DomainError) as exc:
        subsidies.subsidy_pay(actor=approver, subsidy_id=subsidy.pk)
    assert exc.value.errors[0].code == "legal_aid_subsidy_four_eyes"
    assert "四眼原则" in str(exc.value.errors[0].message)
    subsidy.refresh_from_db()
    assert subsidy.status == "approved" and subsidy.paid_by is None
    # The person who computed it may pay what someone else approved.
    assert subsidies.subsidy_pay(actor=keeper, subsidy_id=subsidy.pk).status == "paid"


def test_four_eyes_who_computed_or_deducted_may_not_reject_the_subsidy(standards, apply, network):
    """Withholding a subsidy (rejecting it) is a check on the work, as approving is: who computed the
    subsidy or made a deduction from it is refused (403, the four-eyes rule named), nothing moves, and
    another person may reject it."""
    keeper, deducter, checker = bureau(), bureau(), bureau()
    order = finished_case(apply, keeper)
    subsidy = subsidies.subsidy_compute(actor=keeper, order=order, stage="first_instance")
    subsidies.subsidy_adjust(
        actor=deducter, subsidy_id=subsidy.pk, kind="deduction", amount_fen=20000, reason="未按期提交结案材料"
    )
    for actor in (keeper, deducter):
        with pytest.raises(DomainError) as exc:
            subsidies.subsidy_reject(actor=actor, subsidy_id=subsidy.pk, reason="不予发放")
        assert (exc.value.status, exc.value.errors[0].code) == (403, "legal_aid_subsidy_four_eyes")
        assert (
            str(exc.value.errors[0].message)
            == "四眼原则：您核算或调整了这笔补贴，须由另一人作出不予发放决定。"
        )
    subsidy.refresh_from_db()
    assert subsidy.status == "computed" and subsidy.rejected_by is None
    assert not AuditEntry.objects.filter(action="legal_aid.subsidy_reject").exists()
    rejected = subsidies.subsidy_reject(actor=checker, subsidy_id=subsidy.pk, reason="阶段认定有误")
    assert (rejected.status, rejected.rejected_by) == ("rejected", checker)


def test_approval_needs_the_centres_money_from_that_source(standards, apply, wuhou_clerk, network):
    keeper = bureau()
    source = funded_source(keeper, network.wuhou_legal_aid, amount_fen=100000)
    order = finished_case(apply, wuhou_clerk)
    subsidy = subsidies.subsidy_compute(actor=wuhou_clerk, order=order, stage="first_instance")
    with pytest.raises(ValidationFailed) as exc:
        subsidies.subsidy_approve(actor=keeper, subsidy_id=subsidy.pk, fund_source_id=source.pk)
    assert codes(exc.value) == {"fund_source": "legal_aid_funds_insufficient"}
    subsidy.refresh_from_db()
    assert subsidy.status == "computed" and not LedgerEntry.objects.filter(subsidy=subsidy).exists()


def test_rejecting_an_approved_subsidy_reverses_its_charge(standards, apply, wuhou_clerk, network):
    keeper = bureau()
    source = funded_source(keeper, network.wuhou_legal_aid)
    subsidy = subsidies.subsidy_compute(
        actor=wuhou_clerk, order=finished_case(apply, wuhou_clerk), stage="first_instance"
    )
    subsidies.subsidy_approve(actor=keeper, subsidy_id=subsidy.pk, fund_source_id=source.pk)
    with pytest.raises(ValidationFailed):
        subsidies.subsidy_reject(actor=keeper, subsidy_id=subsidy.pk, reason="")
    subsidy = subsidies.subsidy_reject(actor=keeper, subsidy_id=subsidy.pk, reason="案件未实际开庭")
    assert (subsidy.status, subsidy.rejected_by, subsidy.rejection_reason) == (
        "rejected",
        keeper,
        "案件未实际开庭",
    )
    centre = network.wuhou_legal_aid.pk
    assert subsidies.centre_available(source_id=source.pk, centre_id=centre) == 1_000_000
    assert trial_balance(ledger_rows(keeper)).balance_of(LedgerAccount.SUBSIDY_EXPENSE) == 0


def test_another_countys_bureau_sees_and_touches_none_of_it(standards, apply, wuhou_clerk, network):
    subsidy = subsidies.subsidy_compute(
        actor=wuhou_clerk, order=finished_case(apply, wuhou_clerk), stage="first_instance"
    )
    litang = bureau("513334")
    assert not subsidies_for(litang).exists()
    with pytest.raises(DomainError):
        subsidies.subsidy_reject(actor=litang, subsidy_id=subsidy.pk, reason="x")
    assert subsidies_for(bureau()).get() == subsidy
    subsidy.refresh_from_db()
    assert subsidy.status == SubsidyStatus.COMPUTED


def test_amounts_are_shown_as_yuan_without_floats():
    assert subsidies.yuan(123456789) == "1,234,567.89"
    assert subsidies.yuan(5) == "0.05" and subsidies.yuan(-250) == "-2.50"
