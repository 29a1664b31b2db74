"""The knowledge base's part of other apps' pages. `{% load knowledge %}{% question_reading text %}`
shows the reading of a question (domain with score and the words that decided it, the services that
fit, the best answers and statutes) on the citizen's application form, beside the question on the duty
lawyer's consultation page and on the hotline console: those pages belong to web, consult and orders,
and a template tag lets them show it without importing this app (as feedback's return-visit card).

Nothing here logs the text; personal numbers (ID card, mobile) are cut out before it is read."""

from __future__ import annotations

from typing import Any

from django import template

from ..enums import Domain
from ..reading import WHY, read_question
from ..services import PERSONAL_NUMBER

register = template.Library()


def reading_for_page(text: str) -> dict[str, Any]:
    """The reading of `text` as a page shows it; {"reading": None} when there is nothing to read."""
    from fawang.catalog.selectors import service_items_active

    text = PERSONAL_NUMBER.sub(" ", (text or "").replace("\x00", ""))
    if not text.strip():
        return {"reading": None}
    reading = read_question(text)
    if not reading.domain:
        return {"reading": reading, "nothing": True}
    found = {i.code: i for i in service_items_active().filter(code__in=[s.code for s in reading.services])}
    return {
        "reading": reading,
        "nothing": False,
        "domain_label": Domain(reading.domain).label,
        "percent": round(reading.score * 100),
        "services": [(found[s.code], WHY[s.why]) for s in reading.services if s.code in found],
    }


@register.inclusion_tag("knowledge/_reading.html")
def question_reading(text: str, heading: str = "") -> dict[str, Any]:
    return {**reading_for_page(text), "heading": heading}
