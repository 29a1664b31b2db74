"""Money on legal aid's pages: integer fen shown as yuan ("1,234.56"), no float on the way."""

from __future__ import annotations

from django import template

from fawang.legalaid.subsidies import yuan as _yuan

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    return "—" if fen is None else _yuan(int(fen))
