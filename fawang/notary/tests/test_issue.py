"""Issuing a certificate: the step, the PDF, its SHA-256 in the evidence log (public: kind, number and
hash only), the public verification page; revocation is a log entry too and the page says so."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from fawang.notary.certificates import certificate_pdf_bytes, notary_issue, notary_revoke
from fawang.notary.models import Certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(notary, notary_apply):
    from fawang.notary.payments import notary_pay
    from fawang.orders.engine import order_act
    from fawang.orders.services import order_accept

    order = notary_apply(second_language="bo")
    order_accept(actor=notary.clerk, order=order)
    order.refresh_from_db()
    notary_pay(actor=notary.citizen, order=order)
    order.refresh_from_db()
    order_act(actor=notary.clerk, order=order, action="notary_review")
    order.refresh_from_db()
    return order


def _log_entry(index: int) -> bytes:
    from fawang.ledger.selectors import entry

    return bytes(entry(index).body)


def test_the_notary_issues_and_the_log_holds_the_hash_but_no_personal_data(notary, in_review, client):
    from fawang.orders.models import OrderClock

    certificate = notary_issue(actor=notary.clerk, order=in_review)
    in_review.refresh_from_db()
    assert (in_review.status, in_review.stage) == ("resolved", "issued")
    assert OrderClock.objects.get(order=in_review, name="certify").stopped_at is not None
    pdf = certificate_pdf_bytes(certificate)
    assert hashlib.sha256(pdf).hexdigest() == certificate.sha256
    entry = _log_entry(certificate.log_index)
    assert certificate.number.encode() in entry and certificate.sha256.encode() in entry
    assert "陈小明".encode() not in entry and notary.citizen.phone.encode() not in entry

    page = client.get(reverse("notary:verify", args=[certificate.number])).content.decode()
    assert "有效" in page and certificate.sha256 in page and "出生公证" in page
    assert "陈小明" not in page  # no personal data on the public page
    assert str(certificate.log_index) in page


def test_a_revocation_is_a_log_entry_and_the_public_page_says_revoked(notary, in_review, client):
    certificate = notary_issue(actor=notary.clerk, order=in_review)
    revoked = notary_revoke(
        actor=notary.clerk, certificate=certificate, reason="公证书内容与事实不符（第三十九条）"
    )
    assert revoked.revocation_log_index is not None and revoked.revocation_log_index > certificate.log_index
    assert b"revoked" in _log_entry(revoked.revocation_log_index)
    page = client.get(reverse("notary:verify", args=[certificate.number])).content.decode()
    assert "已撤销" in page
    body = client.get(f"/api/v1/notary/certificates/{certificate.number}").json()
    assert body["valid"] is False and body["revocation_log_index"] == revoked.revocation_log_index


def test_only_the_office_issues(notary, in_review):
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory
    from fawang.core.errors import DomainError

    window = StaffFactory(jurisdiction_region_id="510107", roles=[Role.WINDOW_CLERK])
    with pytest.raises(DomainError):
        notary_issue(actor=window, order=in_review)
    assert not Certificate.objects.exists()


def test_art_37_a_debt_instrument_is_issued_after_the_debtors_commitment_and_certified_for_enforcement(
    notary, notary_apply
):
    """公证法第三十七条: a debt instrument states the debtor's commitment to accept enforcement; on
    default the creditor gets an enforcement certificate from the office."""
    from fawang.core.errors import ValidationFailed
    from fawang.notary.payments import notary_pay
    from fawang.orders.engine import order_act
    from fawang.orders.models import OrderEvent
    from fawang.orders.services import order_accept

    order = notary_apply("debt_instrument", slot=notary.slots[1])
    order_accept(actor=notary.clerk, order=order)
    order.refresh_from_db()
    notary_pay(actor=notary.citizen, order=order)
    order.refresh_from_db()
    order_act(actor=notary.clerk, order=order, action="notary_review")
    order.refresh_from_db()
    with pytest.raises(ValidationFailed):
        notary_issue(actor=notary.clerk, order=order)
    with pytest.raises(ValidationFailed):
        order_act(actor=notary.clerk, order=order, action="notary_confirm_commitment", reason="")
    order_act(
        actor=notary.clerk,
        order=order,
        action="notary_confirm_commitment",
        reason="债务人当面确认愿意接受强制执行",
    )
    order.refresh_from_db()
    notary_issue(actor=notary.clerk, order=order)
    order.refresh_from_db()
    order_act(
        actor=notary.clerk, order=order, action="notary_certify_enforcement", reason="经核实债务人逾期未还款"
    )
    order.refresh_from_db()
    assert (order.status, order.stage) == ("resolved", "enforcement_certified")
    assert OrderEvent.objects.filter(order=order, kind="notary_enforcement_certified").exists()


def test_an_ordinary_matter_has_no_enforcement_certificate(notary, in_review):
    from fawang.core.errors import ValidationFailed
    from fawang.orders.engine import order_act

    notary_issue(actor=notary.clerk, order=in_review)
    in_review.refresh_from_db()
    with pytest.raises(ValidationFailed):
        order_act(actor=notary.clerk, order=in_review, action="notary_certify_enforcement", reason="经核实")
