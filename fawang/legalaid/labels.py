"""Words for the eligibility engine's criteria and results, in the reader's language (the public check
and the order page's panel)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .eligibility import FAIL, MISSING, PASS


def criterion_label(name: str) -> str:
    return {
        "negative_list": _("Matter covered in your region"),
        "no_hardship_test": _("Matter needing no hardship test (art. 32)"),
        "status_waiver": _("Status that waives the hardship check (art. 42)"),
        "hardship": _("Economic hardship (art. 34)"),
    }.get(name, name)


def result_label(result: str) -> str:
    return {PASS: _("Met"), FAIL: _("Not met"), MISSING: pgettext("eligibility criterion", "Missing")}.get(
        result, result
    )


def yuan(fen: object) -> str:
    return _("%(amount)s yuan") % {"amount": f"{fen / 100:,.2f}"} if isinstance(fen, int) else ""
