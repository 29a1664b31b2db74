"""Why an order is where it is, said in the reader's language.

Routing, answers on the spot and transfers record the *facts* of their decision (a small dict kept on
the order and on its event). `reason_text` turns them into the one line a clerk reads, in the active
language; `reason_for_record` says it in the department's language (Chinese) for the stored
`routing_reason` column, which exports, the admin and reports read. Place and service names are
data and stay as entered.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

ROUTED = "routed"
FIRST_CONTACT = "first_contact"
TRANSFER = "transfer"


def _level(depth: int) -> str:
    """The level of government at which a place sits: 省级 … 村（社区）级."""
    return (
        pgettext("routing level", "province level"),
        pgettext("routing level", "prefecture level"),
        pgettext("routing level", "county level"),
        pgettext("routing level", "township level"),
        pgettext("routing level", "village level"),
    )[depth]


def _place(depth: int) -> str:
    """The applicant's own division at that level: 省, 市州, 区县 …"""
    return (
        pgettext("routing place", "province"),
        pgettext("routing place", "prefecture"),
        pgettext("routing place", "county"),
        pgettext("routing place", "township"),
        pgettext("routing place", "village"),
    )[depth]


def _language(code: str) -> str:
    from fawang.network.enums import Language

    return str(Language(code).label) if code in Language.values else code


def _item(facts: dict[str, Any]) -> str:
    """The item's name in the reader's language: its content translation (docs/adr/0014) when the
    facts name the item's code, else the English recorded with older facts, else the Chinese."""
    if facts.get("item_code"):
        from fawang.catalog.models import ITEM_CONTENT
        from fawang.translations.selectors import translate

        return translate(
            ITEM_CONTENT, facts["item_code"], "name", facts.get("item", ""), english=facts.get("item_en", "")
        )
    if (translation.get_language() or "").startswith("en") and facts.get("item_en"):
        return facts["item_en"]
    return facts.get("item", "")


def _routed(facts: dict[str, Any]) -> str:
    values = {"place": facts["place"], "item": _item(facts), "language": _language(facts.get("language", ""))}
    walked_for_language = "no_speaker_at" in facts
    if walked_for_language and facts.get("institution"):
        head = _("%(place)s: nearest institution offering %(item)s with %(language)s-speaking staff") % values
    elif walked_for_language:
        head = (
            _("%(place)s: nearest service point offering %(item)s with %(language)s-speaking staff") % values
        )
    elif facts.get("institution"):
        head = _("%(place)s: nearest institution offering %(item)s") % values
    else:
        head = _("%(place)s: nearest service point offering %(item)s") % values
    fallback = facts.get("fallback")
    if fallback:
        head = _("%(head)s (none in the applicant's %(place)s, handled at %(level)s)") % {
            "head": head,
            "place": _place(fallback[0]),
            "level": _level(fallback[1]),
        }
    notes = [head]
    if walked_for_language:
        notes.append(
            _("none at %(level)s speaks %(language)s") % {**values, "level": _level(facts["no_speaker_at"])}
        )
    elif facts.get("language") and facts.get("speakers"):
        notes.append(_("%(language)s-speaking staff on duty") % values)
    elif facts.get("language"):
        notes.append(_("no %(language)s-speaking staff, arrange an interpreter") % values)
    if facts.get("candidates", 0) > 1:
        notes.append(
            _("fewest open orders of %(count)d at this level (%(load)d)")
            % {"count": facts["candidates"], "load": facts.get("load", 0)}
        )
    text = notes[0]
    for note in notes[1:]:
        text = _("%(first)s; %(next)s") % {"first": text, "next": note}
    return text


def reason_text(facts: dict[str, Any] | None, fallback: str = "") -> str:
    """The reason in the active language; `fallback` (the stored sentence) for orders without facts."""
    kind = (facts or {}).get("kind")
    if kind == ROUTED:
        assert facts is not None  # a kind comes only from facts
        return _routed(facts)
    if kind == FIRST_CONTACT:
        assert facts is not None
        return _("Answered on the spot: %(place)s") % {"place": facts["place"]}
    if kind == TRANSFER:
        assert facts is not None
        return _("Transferred: %(reason)s") % {"reason": facts["reason"]}
    return fallback


def reason_for_record(facts: dict[str, Any]) -> str:
    """The reason in the department's language, at most the column's 255 characters."""
    with translation.override(settings.LANGUAGE_CODE):
        return reason_text(facts)[:255]


def applicant_note(kind: str, reason: str, data: dict[str, Any] | None) -> str:
    """What the applicant reads under an event of their timeline (the tracking page, "my orders").

    Routing and transfer reasons are the department's words about its own network (the nearest point,
    open-order counts, interpreters, a colleague's note on why it was passed on): the applicant is told
    only where the order went. Every other public event keeps its reason, which is written to the
    applicant (the materials asked for, the answer given, why it was refused)."""
    from .enums import EventKind

    data = data or {}
    if kind == EventKind.ROUTED:
        place = data.get("handler") or ""
        return _("Sent to %(place)s.") % {"place": place} if place else ""
    if kind == EventKind.TRANSFERRED:
        place = data.get("to") or ""
        return _("Passed on to %(place)s.") % {"place": place} if place else ""
    return reason_text(data.get("facts"), reason)
