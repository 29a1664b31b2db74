"""Notary's API, mounted by the engine at /api/v1/notary/: the public matters list with today's fee,
and the public facts of a certificate (what the verification page shows; no personal data)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from fawang.api.schemas import ErrorOut
from fawang.core.errors import NotFound

from . import selectors

router = Router(tags=["notary"])


class FeeOut(Schema):
    amount_fen: int
    effective_from: dt.date
    effective_to: dt.date | None
    basis: str
    is_demo: bool


class MatterOut(Schema):
    code: str
    name: str
    name_en: str
    mode: str
    materials: list[str]
    basis: str
    enforceable: bool
    fee_today: FeeOut | None
    fees: list[FeeOut]
    offices: list[str]


class CertificateOut(Schema):
    number: str
    matter: str
    office: str
    issued_on: dt.date
    valid: bool
    revoked_on: dt.date | None
    sha256: str
    log_index: int | None
    log_leaf_hash: str
    revocation_log_index: int | None


def _fee(fee: Any) -> dict[str, Any] | None:
    if fee is None:
        return None
    return {
        "amount_fen": fee.amount_fen,
        "effective_from": fee.effective_from,
        "effective_to": fee.effective_to,
        "basis": fee.basis,
        "is_demo": fee.is_demo,
    }


@router.get("/matters", response=list[MatterOut], auth=None, summary="The notary matters list (证明事项清单)")
def matters(request: HttpRequest) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [
        {
            "code": m.code,
            "name": m.name,
            "name_en": m.name_en,
            "mode": m.mode,
            "materials": list(m.materials),
            "basis": m.basis,
            "enforceable": m.enforceable,
            "fee_today": _fee(selectors.fee_as_of(m, today)),
            "fees": [_fee(f) for f in m.fees.all()],
            "offices": [o.name for o in m.offices.all()],
        }
        for m in selectors.matters_list()
    ]


@router.get(
    "/certificates/{number}",
    response={200: CertificateOut, 404: ErrorOut},
    auth=None,
    summary="Verify a notarial certificate: valid or revoked, and its evidence log entry",
)
def certificate(request: HttpRequest, number: str) -> dict[str, Any]:
    found = selectors.certificate_public(number[:40])
    if found is None:
        raise NotFound("not_found", _("No certificate has this number."), "number")
    return {
        "number": found.number,
        "matter": found.application.matter.name,
        "office": found.application.office.name,
        "issued_on": timezone.localtime(found.issued_at).date(),
        "valid": found.revoked_at is None,
        "revoked_on": timezone.localtime(found.revoked_at).date() if found.revoked_at else None,
        "sha256": found.sha256,
        "log_index": found.log_index,
        "log_leaf_hash": found.log_leaf_hash,
        "revocation_log_index": found.revocation_log_index,
    }
