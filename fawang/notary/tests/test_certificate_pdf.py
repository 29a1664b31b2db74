"""The certificate's PDF (issue 12's "done when"): rendered with WeasyPrint on Debian's Noto fonts,
turned into PNG with pdftoppm, and its Chinese and Tibetan (or Yi) text found in the text layer with
pdftotext (poppler-utils, tools/system-packages)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from fawang.notary.models import NotaryApplication

pytestmark = pytest.mark.django_db


def _text(pdf: bytes, tmp_path: Path) -> str:
    source = tmp_path / "certificate.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(source), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages and pages[0].stat().st_size > 5_000  # a page was drawn, not a blank
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(source), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("bo", "སྤྱི་དཔང་"),  # Tibetan: shaped text comes back as the same Unicode
        ("ii", "ꇬ"),
    ],
)
def test_a_bilingual_certificate_has_chinese_and_the_second_language_in_its_text_layer(
    notary, notary_apply, tmp_path, language, expected
):
    from fawang.notary.certificates import certificate_pdf

    order = notary_apply(second_language=language)
    application = NotaryApplication.objects.select_related("matter", "office", "order").get(order=order)
    pdf = certificate_pdf(application=application, number="SCGZ-2026-0001-000001", issued_at=timezone.now())
    assert pdf.startswith(b"%PDF")
    text = _text(pdf, tmp_path)
    assert "公证书" in text and "出生公证" in text and "陈小明" in text
    assert "SCGZ-2026-0001-000001" in text
    # pdftotext puts a break between a Tibetan consonant and its vowel sign (a glyph of its own in
    # the layout); the characters themselves come back in order.
    assert expected in "".join(text.split()), text
