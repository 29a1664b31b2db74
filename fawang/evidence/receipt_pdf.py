"""A receipt on one printable A4 page (WeasyPrint, Debian's Noto CJK fonts), with a QR code (segno) to
the public verification page. The page says what the receipt proves and prints the receipt file itself,
so the paper alone is enough to retype and check it."""

from __future__ import annotations

from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils import timezone

from fawang.ledger import note, tlog
from fawang.ledger.entries import parse_entry_data


def receipt_facts(receipt: str) -> dict[str, object]:
    proof = tlog.TlogProof.parse(receipt)
    parsed = note.parse(proof.checkpoint_note)
    checkpoint = tlog.Checkpoint.parse(parsed.text)
    entry = parse_entry_data(proof.extra or b"")
    return {
        "index": proof.index,
        "kind": entry.kind,
        "sha256": entry.sha256,
        "origin": checkpoint.origin,
        "tree_size": checkpoint.size,
        "root_hash": tlog.b64(checkpoint.root_hash),
        "signers": [sig.name for sig in parsed.signatures],
    }


def render_receipt_document(receipt: str, *, verify_url: str) -> Any:
    """The laid-out WeasyPrint document (its `pages` are what the PDF will hold)."""
    from weasyprint import HTML  # imported here: a heavy import only the PDF needs

    qr = segno.make(verify_url, error="m")
    html = render_to_string(
        "evidence/receipt_pdf.html",
        {
            **receipt_facts(receipt),
            "receipt": receipt,
            "verify_url": verify_url,
            "qr_svg": qr.svg_data_uri(scale=4, border=1),
            "printed_at": timezone.localtime(),
        },
    )
    return HTML(string=html).render()


def render_receipt_pdf(receipt: str, *, verify_url: str) -> bytes:
    return bytes(render_receipt_document(receipt, verify_url=verify_url).write_pdf())
