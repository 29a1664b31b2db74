"""The subsidy and funds pages: a subsidy computed, adjusted, approved and paid through the forms;
refusals named on their field; the ledger and subsidy list as XLSX files whose cells hold the figures."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fawang.legalaid import subsidies
from fawang.legalaid.models import FundSource, LedgerEntry, Subsidy, SubsidyStandard

from .subsidy_world import bureau, finished_case, funded_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def standards(sichuan):
    subsidies.subsidy_standards_load_demo()


def test_a_subsidy_goes_through_the_pages_from_computed_to_paid(
    client, standards, apply, wuhou_clerk, network
):
    order = finished_case(apply, wuhou_clerk)
    client.force_login(wuhou_clerk)
    page = client.get(reverse("legalaid:subsidies")).content.decode()
    assert order.tracking_no in page  # listed as awaiting its subsidy
    response = client.post(
        reverse("legalaid:subsidy_compute"), {"tracking_no": order.tracking_no, "stage": "first_instance"}
    )
    subsidy = Subsidy.objects.get(order=order)
    assert response.status_code == 302 and response["Location"] == reverse(
        "legalaid:subsidy_detail", args=[subsidy.pk]
    )
    step = reverse("legalaid:subsidy_step", args=[subsidy.pk, "adjust"])
    response = client.post(
        step, {"adjust-kind": "addition", "adjust-amount": "120.50", "adjust-reason": "异地开庭差旅"}
    )
    assert response.status_code == 302
    subsidy.refresh_from_db()
    assert subsidy.amount_fen == 250000 + 12050

    keeper = bureau()
    source = funded_source(keeper, network.wuhou_legal_aid)
    client.force_login(keeper)
    detail = client.get(reverse("legalaid:subsidy_detail", args=[subsidy.pk])).content.decode()
    assert "异地开庭差旅" in detail and "2,620.50" in detail and "DEMO" in detail
    client.post(
        reverse("legalaid:subsidy_step", args=[subsidy.pk, "approve"]), {"approve-fund_source": source.pk}
    )
    # Four eyes: the approver may not record the payment; the page says why, in the reader's language.
    pay = reverse("legalaid:subsidy_step", args=[subsidy.pk, "pay"])
    response = client.post(pay, {"pay-payment_reference": "PAY-7"})
    assert response.status_code == 400
    assert "四眼原则：您审批了这笔补贴，须由另一人登记发放。" in response.content.decode()
    subsidy.refresh_from_db()
    assert subsidy.status == "approved" and subsidy.paid_by is None
    cashier = bureau()
    client.force_login(cashier)
    client.post(pay, {"pay-payment_reference": "PAY-7"})
    subsidy.refresh_from_db()
    assert (subsidy.status, subsidy.approved_by, subsidy.paid_by) == ("paid", keeper, cashier)


def test_who_computed_a_subsidy_is_told_on_the_page_that_another_person_approves_it(
    client, standards, apply, network
):
    keeper = bureau()
    source = funded_source(keeper, network.wuhou_legal_aid)
    subsidy = subsidies.subsidy_compute(
        actor=keeper, order=finished_case(apply, keeper), stage="first_instance"
    )
    client.force_login(keeper)
    response = client.post(
        reverse("legalaid:subsidy_step", args=[subsidy.pk, "approve"]), {"approve-fund_source": source.pk}
    )
    assert response.status_code == 400
    assert "四眼原则：您核算或调整了这笔补贴，须由另一人审批。" in response.content.decode()
    subsidy.refresh_from_db()
    assert subsidy.status == "computed" and subsidy.approved_by is None


def test_who_made_a_deduction_on_the_page_is_told_that_another_person_rejects_or_approves_it(
    client, standards, apply, wuhou_clerk, network
):
    deducter = bureau()
    source = funded_source(deducter, network.wuhou_legal_aid)
    subsidy = subsidies.subsidy_compute(
        actor=wuhou_clerk, order=finished_case(apply, wuhou_clerk), stage="first_instance"
    )
    client.force_login(deducter)
    step = lambda name: reverse("legalaid:subsidy_step", args=[subsidy.pk, name])  # noqa: E731
    response = client.post(
        step("adjust"), {"adjust-kind": "deduction", "adjust-amount": "200", "adjust-reason": "材料不全"}
    )
    assert response.status_code == 302
    response = client.post(step("reject"), {"reject-reason": "不予发放"})
    assert response.status_code == 400
    assert "四眼原则：您核算或调整了这笔补贴，须由另一人作出不予发放决定。" in response.content.decode()
    response = client.post(step("approve"), {"approve-fund_source": source.pk})
    assert response.status_code == 400
    assert "四眼原则：您核算或调整了这笔补贴，须由另一人审批。" in response.content.decode()
    subsidy.refresh_from_db()
    assert subsidy.status == "computed" and subsidy.amount_fen == 230000


def test_bad_input_on_the_pages_names_the_field_and_saves_nothing(client, standards, apply, wuhou_clerk):
    client.force_login(wuhou_clerk)
    response = client.post(
        reverse("legalaid:subsidy_compute"), {"tracking_no": "SC000", "stage": "first_instance"}
    )
    assert response.status_code == 400 and 'id="id_tracking_no_error"' in response.content.decode()
    open_case = apply()
    response = client.post(
        reverse("legalaid:subsidy_compute"), {"tracking_no": open_case.tracking_no, "stage": "first_instance"}
    )
    assert response.status_code == 400 and not Subsidy.objects.exists()
    subsidy = subsidies.subsidy_compute(
        actor=wuhou_clerk, order=finished_case(apply, wuhou_clerk), stage="non_litigation"
    )
    response = client.post(
        reverse("legalaid:subsidy_step", args=[subsidy.pk, "adjust"]),
        {"adjust-kind": "deduction", "adjust-amount": "-1", "adjust-reason": "x"},
    )
    assert response.status_code == 400 and 'id="id_adjust-amount_error"' in response.content.decode()
    response = client.post(
        reverse("legalaid:subsidy_step", args=[subsidy.pk, "adjust"]),
        {"adjust-kind": "deduction", "adjust-amount": "900", "adjust-reason": "x"},
    )
    assert response.status_code == 400 and 'id="id_adjust-amount_error"' in response.content.decode()
    subsidy.refresh_from_db()
    assert subsidy.amount_fen == 80000 and not subsidy.adjustments.exists()


def test_an_overlapping_standard_is_refused_on_the_page(client, standards, provincial_admin):
    client.force_login(provincial_admin)
    response = client.post(
        reverse("legalaid:subsidy_standards"),
        {
            "region": "510000",
            "matter_type": "civil",
            "stage": "first_instance",
            "amount": "3000",
            "effective_from": "2026-07-01",
            "source": "川司发〔2026〕9号",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400 and 'id="id_effective_from_error"' in html and "2026-01-01" in html
    assert SubsidyStandard.objects.count() == 20


def test_funds_are_received_and_allocated_on_the_page_never_beyond_what_is_there(client, sichuan, network):
    keeper = bureau()
    client.force_login(keeper)
    client.post(
        reverse("legalaid:funds_step", args=["source"]),
        {
            "source-kind": "central_lottery",
            "source-name": "彩票公益金法律援助项目",
            "source-document": "财社〔2026〕1号",
        },
    )
    source = FundSource.objects.get()
    client.post(
        reverse("legalaid:funds_step", args=["receive"]),
        {"receive-source": source.pk, "receive-amount": "10000", "receive-memo": "项目资金到账"},
    )
    response = client.post(
        reverse("legalaid:funds_step", args=["allocate"]),
        {
            "allocate-source": source.pk,
            "allocate-centre": network.wuhou_legal_aid.pk,
            "allocate-amount": "10000.01",
            "allocate-memo": "分配",
        },
    )
    assert response.status_code == 400 and 'id="id_allocate-amount_error"' in response.content.decode()
    assert LedgerEntry.objects.count() == 1
    page = client.get(reverse("legalaid:funds")).content.decode()
    assert "彩票公益金法律援助项目" in page and "10,000.00" in page


def test_the_funds_page_received_column_is_the_money_received_not_what_was_allocated_or_spent(
    client, standards, apply, wuhou_clerk, network
):
    """The "Received" column is what the ledger's receipts credited to funds received (fund_income), nothing else:
    allocating to a centre, approving and paying a subsidy move money the source already had."""
    keeper, cashier = bureau(), bureau()
    source = subsidies.fund_source_create(
        actor=keeper,
        kind="local_budget",
        name="武侯区法律援助经费",
        region=network.wuhou_legal_aid.region,
        document="武财行〔2026〕12号",
    )
    subsidies.fund_receive(actor=keeper, source_id=source.pk, amount_fen=800_000, memo="一季度")
    subsidies.fund_receive(actor=keeper, source_id=source.pk, amount_fen=200_000, memo="二季度")
    subsidies.fund_allocate(
        actor=keeper, source_id=source.pk, centre=network.wuhou_legal_aid, amount_fen=600_000, memo="拨付"
    )
    order = finished_case(apply, wuhou_clerk)
    subsidy = subsidies.subsidy_compute(actor=wuhou_clerk, order=order, stage="first_instance")
    subsidies.subsidy_approve(actor=keeper, subsidy_id=subsidy.pk, fund_source_id=source.pk)
    subsidies.subsidy_pay(actor=cashier, subsidy_id=subsidy.pk, payment_reference="付款凭证001")
    client.force_login(keeper)
    page = client.get(reverse("legalaid:funds")).content.decode()
    row = page[page.index("武侯区法律援助经费") :].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in row.split("<td>")[1:]]
    assert cells[1] == "10,000.00"  # received: 8,000 + 2,000 yuan, however much moved on since
    assert cells[2] == "4,000.00"  # not yet allocated


def test_the_ledger_xlsx_holds_its_rows_and_balanced_totals(client, standards, apply, wuhou_clerk, network):
    keeper = bureau()
    source = funded_source(keeper, network.wuhou_legal_aid, amount_fen=300000)
    subsidy = subsidies.subsidy_compute(
        actor=wuhou_clerk, order=finished_case(apply, wuhou_clerk), stage="first_instance"
    )
    subsidies.subsidy_approve(actor=keeper, subsidy_id=subsidy.pk, fund_source_id=source.pk)
    subsidies.subsidy_pay(actor=bureau(), subsidy_id=subsidy.pk)
    LedgerEntry.objects.filter(kind="receipt").update(memo="=HYPERLINK(1)")  # a memo is never a formula
    client.force_login(keeper)
    response = client.get(reverse("legalaid:ledger_xlsx"), {"centre": network.wuhou_legal_aid.pk})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows_sheet, balances = book.worksheets
    assert rows_sheet["A1"].value == network.wuhou_legal_aid.name
    amounts = [r[4] for r in rows_sheet.iter_rows(min_row=3, values_only=True)]
    assert amounts == [300000, 250000, 250000]  # allocation, approval, payment
    assert float(rows_sheet["F3"].value) == 3000.0 and rows_sheet["F3"].number_format == "#,##0.00"
    total = list(balances.iter_rows(values_only=True))[-1]
    assert total[1] == total[2] == 800000 and total[3] == 0
    # The source's ledger has the receipt, written as text.
    book = load_workbook(
        io.BytesIO(client.get(reverse("legalaid:ledger_xlsx"), {"source": source.pk}).content)
    )
    memos = [r[9] for r in book.worksheets[0].iter_rows(min_row=3, values_only=True)]
    assert "=HYPERLINK(1)" in memos and book.worksheets[0]["J3"].data_type == "s"


def test_the_subsidy_list_xlsx_lists_each_subsidy(client, standards, apply, wuhou_clerk):
    order = finished_case(apply, wuhou_clerk)
    subsidies.subsidy_compute(actor=wuhou_clerk, order=order, stage="arbitration")
    client.force_login(wuhou_clerk)
    book = load_workbook(io.BytesIO(client.get(reverse("legalaid:subsidies_xlsx")).content))
    sheet = book.worksheets[0]
    assert sheet["A2"].value == order.tracking_no
    assert (sheet["E2"].value, sheet["F2"].value, float(sheet["G2"].value)) == (150000, 150000, 1500.0)
    assert sheet["M2"].value.startswith("DEMO")


def test_another_county_cannot_open_the_subsidy_or_its_centres_ledger(
    client, standards, apply, wuhou_clerk, network
):
    subsidy = subsidies.subsidy_compute(
        actor=wuhou_clerk, order=finished_case(apply, wuhou_clerk), stage="first_instance"
    )
    client.force_login(bureau("513334"))
    assert client.get(reverse("legalaid:subsidy_detail", args=[subsidy.pk])).status_code == 404
    assert client.get(reverse("legalaid:ledger"), {"centre": network.wuhou_legal_aid.pk}).status_code == 404
    assert subsidy.order.tracking_no not in client.get(reverse("legalaid:subsidies")).content.decode()


def test_the_funds_page_reads_every_source_balance_in_one_query_however_many_sources(
    client, sichuan, network
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fawang.regions.models import Region

    keeper = bureau()
    client.force_login(keeper)
    wuhou = Region.objects.get(code="510107")

    def add_source(n: int) -> None:
        source = subsidies.fund_source_create(
            actor=keeper,
            kind="local_budget",
            name=f"经费来源{n}",
            region=wuhou,
            document=f"武财〔2026〕{n}号",
        )
        subsidies.fund_receive(actor=keeper, source_id=source.pk, amount_fen=n * 100_00, memo="到账")
        subsidies.fund_allocate(
            actor=keeper,
            source_id=source.pk,
            centre=network.wuhou_legal_aid,
            amount_fen=n * 10_00,
            memo="拨付",
        )

    def page_queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("legalaid:funds"))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    add_source(1)
    page_queries()  # the first page of the session reads a few things once (session, user)
    with_one, _page = page_queries()
    for n in (2, 3, 4, 5):
        add_source(n)
    with_five, page = page_queries()
    assert with_five == with_one
    # Each source still shows its own figures: 500.00 yuan in, 50.00 allocated, 450.00 not yet allocated.
    row = page[page.index("经费来源5") :].split("</tr>")[0]
    assert "500.00" in row and "450.00" in row
    row = page[page.index("经费来源2") :].split("</tr>")[0]
    assert "200.00" in row and "180.00" in row
