"""The funds ledger always balances (issue 11 item 7): after every operation of a random mix of
receipts, allocations, computed, approved, paid and rejected subsidies (refused ones included), every
centre's and every source's rows balance, and each account holds exactly what the subsidies and
allocations say it should. The database itself refuses a row that is not double-entry."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from django.db import IntegrityError, transaction

from fawang.accounts.enums import Role
from fawang.core.errors import ValidationFailed
from fawang.legalaid import subsidies
from fawang.legalaid.enums import FundSourceKind, LedgerAccount, SubsidyStatus
from fawang.legalaid.models import FundSource, LedgerEntry, Subsidy
from fawang.legalaid.subsidy_selectors import ledger_rows, trial_balance
from fawang.regions.models import Region

from .subsidy_world import bureau, finished_case

pytestmark = pytest.mark.django_db

A = LedgerAccount
STAGES = ["non_litigation", "arbitration", "first_instance", "second_instance"]


def _check(keeper, sources, centres, expected):
    """Every centre's and source's rows balance; each account equals what the domain rows say."""
    everything = trial_balance(ledger_rows(keeper))
    assert everything.balanced and everything.debit_fen == sum(
        r.amount_fen for r in LedgerEntry.objects.all()
    )
    for source in sources:
        rows = trial_balance(ledger_rows(keeper, source_id=source.pk))
        assert rows.balanced
        assert rows.balance_of(A.FUND_INCOME) == -expected["received"][source.pk]
        unallocated = expected["received"][source.pk] - sum(
            expected["allocated"][(source.pk, c.pk)] for c in centres
        )
        assert rows.balance_of(A.SOURCE_UNALLOCATED) == unallocated >= 0
    for centre in centres:
        assert trial_balance(ledger_rows(keeper, centre_id=centre.pk)).balanced
        for source in sources:
            mine = Subsidy.objects.filter(centre=centre, fund_source=source)
            approved = sum(mine.filter(status=SubsidyStatus.APPROVED).values_list("amount_fen", flat=True))
            paid = sum(mine.filter(status=SubsidyStatus.PAID).values_list("amount_fen", flat=True))
            rows = trial_balance(ledger_rows(keeper, centre_id=centre.pk, source_id=source.pk))
            assert rows.balanced
            funds = expected["allocated"][(source.pk, centre.pk)] - paid
            assert rows.balance_of(A.CENTRE_FUNDS) == funds >= 0
            assert rows.balance_of(A.SUBSIDY_PAYABLE) == -approved
            assert rows.balance_of(A.SUBSIDY_EXPENSE) == approved + paid
            assert (
                subsidies.centre_available(source_id=source.pk, centre_id=centre.pk) == funds - approved >= 0
            )


@pytest.mark.parametrize("seed", [11, 52])
def test_the_ledgers_balance_after_a_random_mix_of_operations(
    seed, sichuan, apply, wuhou_clerk, provincial_admin, network
):
    rng = random.Random(seed)
    subsidies.subsidy_standards_load_demo()
    keeper = provincial_admin
    cashier = bureau("510000", Role.PROVINCIAL_ADMIN)  # four eyes: the approver does not pay
    province = Region.objects.get(code="510000")
    sources = [
        subsidies.fund_source_create(
            actor=keeper, kind=kind, name=name, region=province, document="DEMO 文件"
        )
        for kind, name in [
            (FundSourceKind.LOCAL_BUDGET, "省级法律援助经费"),
            (FundSourceKind.CENTRAL_LOTTERY, "中央专项彩票公益金法律援助项目"),
        ]
    ]
    centres = [network.wuhou_legal_aid, network.litang_legal_aid]
    cases = [finished_case(apply, wuhou_clerk) for _ in range(6)]
    expected = {"received": Counter(), "allocated": Counter()}
    refused = done = 0

    for _step in range(60):
        before = LedgerEntry.objects.count()
        source = rng.choice(sources)
        op = rng.choice(
            [
                "receive",
                "allocate",
                "allocate",
                "compute",
                "compute",
                "approve",
                "approve",
                "pay",
                "pay",
                "reject",
            ]
        )
        try:
            if op == "receive":
                amount = rng.randint(1, 2_000_000)
                subsidies.fund_receive(actor=keeper, source_id=source.pk, amount_fen=amount, memo="拨款")
                expected["received"][source.pk] += amount
            elif op == "allocate":
                centre = rng.choice(centres)
                amount = rng.randint(1, 1_500_000)  # sometimes more than the source holds: refused
                subsidies.fund_allocate(
                    actor=keeper, source_id=source.pk, centre=centre, amount_fen=amount, memo="分配"
                )
                expected["allocated"][(source.pk, centre.pk)] += amount
            elif op == "compute":
                free = [
                    c
                    for c in cases
                    if not Subsidy.objects.filter(order=c).exclude(status="rejected").exists()
                ]
                if not free:
                    continue
                subsidy = subsidies.subsidy_compute(
                    actor=wuhou_clerk, order=rng.choice(free), stage=rng.choice(STAGES)
                )
                if rng.random() < 0.5:
                    kind = rng.choice(["addition", "deduction"])
                    subsidies.subsidy_adjust(
                        actor=wuhou_clerk,
                        subsidy_id=subsidy.pk,
                        kind=kind,
                        amount_fen=rng.randint(1, 90_000),
                        reason="核定",
                    )
            else:
                wanted = {
                    "approve": "computed",
                    "pay": "approved",
                    "reject": rng.choice(["computed", "approved"]),
                }[op]
                subsidy = Subsidy.objects.filter(status=wanted).order_by("?").first()
                if subsidy is None:
                    continue
                if op == "approve":
                    subsidies.subsidy_approve(actor=keeper, subsidy_id=subsidy.pk, fund_source_id=source.pk)
                elif op == "pay":
                    subsidies.subsidy_pay(actor=cashier, subsidy_id=subsidy.pk)
                else:
                    subsidies.subsidy_reject(actor=keeper, subsidy_id=subsidy.pk, reason="复核不予发放")
            done += 1
        except ValidationFailed as exc:
            assert {e.code for e in exc.errors} <= {
                "legal_aid_funds_insufficient",
                "legal_aid_subsidy_negative",
            }
            assert LedgerEntry.objects.count() == before  # nothing half-saved
            refused += 1
        _check(keeper, sources, centres, expected)

    assert done > 20 and refused > 0
    # The mix reached every kind of posting.
    assert set(LedgerEntry.objects.values_list("kind", flat=True)) >= {
        "receipt",
        "allocation",
        "approval",
        "payment",
    }


def test_the_database_refuses_rows_that_are_not_double_entry(sichuan, network):
    source = FundSource.objects.create(kind="local_budget", name="x", region_id="510000", document="x")
    base = {"kind": "receipt", "source": source, "memo": "x", "created_at": "2026-11-30T10:00:00+08:00"}
    bad = [
        {"debit_account": A.SOURCE_UNALLOCATED, "credit_account": A.FUND_INCOME, "amount_fen": 0},
        {"debit_account": A.SOURCE_UNALLOCATED, "credit_account": A.FUND_INCOME, "amount_fen": -5},
        {"debit_account": A.FUND_INCOME, "credit_account": A.FUND_INCOME, "amount_fen": 5},
        {
            "debit_account": A.CENTRE_FUNDS,
            "credit_account": A.SOURCE_UNALLOCATED,
            "amount_fen": 5,
        },  # no centre
    ]
    for fields in bad:
        with pytest.raises(IntegrityError), transaction.atomic():
            LedgerEntry.objects.create(**base, **fields)
    LedgerEntry.objects.create(
        **base,
        debit_account=A.CENTRE_FUNDS,
        credit_account=A.SOURCE_UNALLOCATED,
        amount_fen=5,
        centre=network.wuhou_legal_aid,
    )
    assert LedgerEntry.objects.count() == 1
