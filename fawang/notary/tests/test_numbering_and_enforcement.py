"""Certificate numbers in the official style, （2026）川成武民证字第1号, one register per office and year
with no gap even when certificates are issued at once or an issue fails; and the enforcement
certificate (执行证书) of an enforceable debt instrument (公证法第三十七条) as a PDF whose hash is in the
evidence log, verifiable on the public page."""

from __future__ import annotations

import hashlib
import subprocess
import threading
from pathlib import Path

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fawang.notary.certificates import certificate_pdf_bytes, notary_issue
from fawang.notary.models import CertificateRegister, EnforcementCertificate
from fawang.notary.numbering import NUMBER, next_certificate_number, office_abbreviation
from fawang.orders.engine import order_act

YEAR = timezone.localtime().year


def _reviewed(notary, notary_apply, matter: str = "birth", slot=None):
    from fawang.notary.payments import notary_pay
    from fawang.orders.services import order_accept

    order = notary_apply(matter, slot=slot)
    order_accept(actor=notary.clerk, order=order)
    order.refresh_from_db()
    notary_pay(actor=notary.citizen, order=order)
    order.refresh_from_db()
    order_act(actor=notary.clerk, order=order, action="notary_review")
    order.refresh_from_db()
    return order


def _issued_debt_instrument(notary, notary_apply):
    order = _reviewed(notary, notary_apply, "debt_instrument", slot=notary.slots[1])
    order_act(actor=notary.clerk, order=order, action="notary_confirm_commitment", reason="债务人当面确认")
    order.refresh_from_db()
    certificate = notary_issue(actor=notary.clerk, order=order)
    order.refresh_from_db()
    return order, certificate


@pytest.mark.django_db
def test_certificates_are_numbered_in_the_official_style_per_office_and_year(notary, notary_apply):
    first = notary_issue(actor=notary.clerk, order=_reviewed(notary, notary_apply))
    assert first.number == f"（{YEAR}）川成武民证字第1号"
    _order, second = _issued_debt_instrument(notary, notary_apply)
    assert second.number == f"（{YEAR}）川成武经证字第2号"  # the office's one register of the year
    match = NUMBER.match(second.number)
    assert match and match["office"] == "川成武" and match["word"] == "经证字" and match["serial"] == "2"
    # The verification page finds it by that number (the QR code's link).
    page = Client().get(reverse("notary:verify", args=[second.number]))
    assert page.status_code == 200 and second.number in page.content.decode()


@pytest.mark.parametrize(
    ("name", "region", "expected"),
    [
        ("四川省成都市蜀都公证处", "510104", "川成蜀"),
        ("四川省甘孜藏族自治州理塘县公证处", "513334", "川甘理"),
        ("四川省绵阳市公证处", "510703", "川绵"),
    ],
)
def test_the_office_abbreviation_comes_from_its_prefecture_and_name(name, region, expected):
    from types import SimpleNamespace

    assert office_abbreviation(SimpleNamespace(name=name, region_id=region)) == expected


@pytest.mark.django_db
def test_a_corrected_abbreviation_is_kept_into_the_next_year(notary):
    when = timezone.now()
    next_certificate_number(notary.office, "证字", when)
    CertificateRegister.objects.filter(office=notary.office).update(abbreviation="川成武侯")
    later = timezone.localtime(when).replace(year=YEAR + 1, month=6, day=1)
    assert next_certificate_number(notary.office, "证字", later) == f"（{YEAR + 1}）川成武侯证字第1号"


@pytest.mark.django_db(transaction=True)
def test_numbers_issued_at_once_have_no_gap_and_a_failed_issue_gives_its_number_back(notary):
    """Twelve issues at once (threads meeting at a barrier on PostgreSQL; SQLite serialises writers, so
    there one after another), every third failing after it took its number: the numbers kept are 1..8,
    each once, and the next is 9."""
    office, when = notary.office, timezone.now()
    taken: list[str] = []
    errors: list[BaseException] = []

    class Failed(Exception):
        pass

    def issue(n: int) -> None:
        try:
            with transaction.atomic():
                number = next_certificate_number(office, "民证字", when)
                if n % 3 == 2:
                    raise Failed  # the PDF or the log failed: the whole issue rolls back
                taken.append(number)
        except Failed:
            pass

    if connection.vendor == "postgresql":
        barrier = threading.Barrier(12)

        def worker(n: int) -> None:
            try:
                barrier.wait(timeout=20)
                issue(n)
            except BaseException as exc:  # surfaced below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    else:
        for n in range(12):
            issue(n)
    assert not errors
    serials = sorted(int(NUMBER.match(n)["serial"]) for n in taken)
    assert serials == list(range(1, 9))
    assert next_certificate_number(office, "民证字", when) == f"（{YEAR}）川成武民证字第9号"


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    source = tmp_path / "enforcement.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(source), str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").exists()
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(source), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.django_db
def test_art_37_the_enforcement_certificate_is_a_pdf_whose_hash_is_in_the_log(notary, notary_apply, tmp_path):
    from fawang.ledger.selectors import entry

    order, certificate = _issued_debt_instrument(notary, notary_apply)
    order_act(
        actor=notary.clerk,
        order=order,
        action="notary_certify_enforcement",
        reason="经核实，债务人逾期未归还借款本金五万元。",
    )
    row = EnforcementCertificate.objects.get(application__order=order)
    assert row.number == f"（{YEAR}）川成武执字第2号" and row.certificate == certificate
    pdf = certificate_pdf_bytes(row)
    assert hashlib.sha256(pdf).hexdigest() == row.sha256
    body = bytes(entry(row.log_index).body)
    assert body == b"notary-enforcement-certificate\n" + f"{row.number}\n{row.sha256}\n".encode()
    text = _pdf_text(pdf, tmp_path)
    assert "执行证书" in text and "逾期未归还借款本金五万元" in text and certificate.number in text
    # The creditor downloads it from their application page; anyone verifies it by its number.
    client = Client()
    client.force_login(notary.citizen)
    download = client.get(reverse("notary:certificate_pdf", args=[order.tracking_no]) + "?kind=enforcement")
    assert download.status_code == 200 and hashlib.sha256(download.content).hexdigest() == row.sha256
    # A Chinese number in the file name: a real attachment header (RFC 6266 filename*), not MIME words.
    assert download["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    page = Client().get(reverse("notary:verify", args=[row.number])).content.decode()
    assert row.sha256 in page and 'data-testid="kind"' in page and "陈小明" not in page


@pytest.mark.django_db
def test_no_enforcement_certificate_without_the_verified_default(notary, notary_apply):
    from fawang.core.errors import ValidationFailed

    order, _certificate = _issued_debt_instrument(notary, notary_apply)
    with pytest.raises(ValidationFailed):
        order_act(actor=notary.clerk, order=order, action="notary_certify_enforcement", reason="")
    assert not EnforcementCertificate.objects.exists()
