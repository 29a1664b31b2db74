"""Navigation per role, resolved once per request.

Other apps add their pages (workbench, hotline console, window intake, supervision ...) by URL name.
Each entry lists candidate URL names, tried in order; an entry whose names are not (yet) registered
falls back to `fallback` or is left out, so a page never breaks because another app is not there."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str | Promise
    url_names: tuple[str, ...]
    fallback: str | None = None  # a URL name of ours used when none of url_names exists
    roles: frozenset[str] = field(default_factory=frozenset)  # staff roles that see it; empty = all
    action: str = ""  # a policy action (accounts.policy.ROLE_TABLE) the staff member must hold to see it
    any_action: tuple[str, ...] = ()  # or: any one of these actions (a page several actions open)


PUBLIC_NAV = (
    NavEntry("home", _("Home"), ("web:home",)),
    NavEntry("services", _("Services"), ("web:services",)),
    NavEntry("track", _("Track progress"), ("web:track",)),
)
CITIZEN_NAV = (
    *PUBLIC_NAV,
    NavEntry("my_orders", _("My orders"), ("web:my_orders",)),
    NavEntry("messages", _("My messages"), ("web:messages",)),
    # Evidence preservation (存证, issue 12): the account's preserved files and their receipts.
    NavEntry("evidence", _("Evidence preservation"), ("evidence:preserve",)),
    # The disputes in which the citizen is a party (issue 14, docs/adr/0029).
    NavEntry("my_disputes", _("My disputes"), ("disputes:my_disputes",)),
)
STAFF_NAV = (
    NavEntry(
        "workbench",
        _("Workbench"),
        ("orders:workbench", "workbench:queue", "workbench:index", "web:workbench"),
        fallback="web:staff_home",
        action="order.view",
    ),
    # The analyst's landing page (the first entry they see), and the supervisor's figures.
    NavEntry("figures", _("Figures"), ("orders:figures",), action="insight.view"),
    # The lawyer's own queue of assigned legal aid cases (issue 11, item 4).
    NavEntry("my_legal_aid", _("My legal aid cases"), ("legalaid:my_cases",), action="legal_aid.answer"),
    # Legal aid's staff pages, each shown to the roles whose actions open it (the views' own checks).
    NavEntry(
        "legal_aid_subsidies",
        _("Legal aid subsidies"),
        ("legalaid:subsidies",),
        any_action=("legal_aid.subsidy_manage", "legal_aid.subsidy_approve", "legal_aid.fund_manage"),
    ),
    NavEntry(
        "legal_aid_funds",
        _("Legal aid funds"),
        ("legalaid:funds",),
        any_action=("legal_aid.subsidy_manage", "legal_aid.subsidy_approve", "legal_aid.fund_manage"),
    ),
    NavEntry("legal_aid_report", _("Legal aid monthly report"), ("legalaid:report",), action="insight.view"),
    NavEntry(
        "legal_aid_hardship",
        _("Economic hardship standard"),
        ("legalaid:hardship_standards",),
        action="legal_aid.hardship_standard",
    ),
    NavEntry(
        "quality_review",
        _("Quality review of legal aid cases"),
        ("legalaid:quality_index",),
        action="quality_review.view",
    ),
    # A mediation committee's cases (its staff and mediators; issue 14, docs/adr/0029).
    NavEntry("mediation", _("Mediation cases"), ("mediation:cases",), action="mediation.mediate"),
    # An arbitration commission's cases, roster and fee table; its statistics (issue 14).
    NavEntry(
        "arbitration", _("Arbitration commission"), ("arbitration:commission",), action="arbitration.roster"
    ),
    NavEntry(
        "arbitration_statistics",
        _("Arbitration statistics"),
        ("arbitration:statistics",),
        any_action=("insight.view", "arbitration.roster"),
    ),
    # Judicial appraisal (issue 14): the entrusting bodies' and institutions' list, the negative list's
    # reports, complaints, and the dispute workflows' monthly figures.
    NavEntry(
        "appraisal",
        _("Appraisal entrustments"),
        ("appraisal:entrustments",),
        any_action=("appraisal.entrust", "appraisal.issue"),
    ),
    NavEntry(
        "appraisal_conduct",
        _("Negative list and interference reports"),
        ("appraisal:conduct",),
        action="appraisal.report",
    ),
    NavEntry(
        "appraisal_complaints",
        _("Complaints about appraisals"),
        ("appraisal:complaints",),
        action="appraisal.complaints",
    ),
    NavEntry(
        "dispute_figures",
        _("Dispute resolution: monthly figures"),
        ("disputes:figures",),
        action="insight.view",
    ),
    NavEntry(
        "mediation_statistics",
        _("People's mediation committees: monthly statistics"),
        ("mediation:statistics",),
        action="mediation.statistics",
    ),
    NavEntry(
        "hotline",
        _("Hotline console"),
        ("orders:hotline", "hotline:console", "web:hotline"),
        roles=frozenset({"hotline_agent"}),
    ),
    NavEntry(
        "return_visits",
        _("Return visits"),
        ("feedback:return_visits",),
        roles=frozenset({"hotline_agent", "provincial_admin"}),
    ),
    NavEntry(
        "window",
        _("Window intake"),
        ("orders:window_intake", "window:intake", "web:window_intake"),
        roles=frozenset({"window_clerk", "county_staff", "prefecture_staff", "township_staff"}),
    ),
    NavEntry(
        "supervision",
        _("Supervision"),
        ("orders:supervision", "supervision:index", "web:supervision"),
        roles=frozenset({"supervisor", "provincial_admin"}),
    ),
    # The knowledge base (issue 13): every member of staff searches it; guide writers edit staff guides.
    NavEntry("knowledge", _("Knowledge search"), ("knowledge:search",)),
    NavEntry("staff_guides", _("Staff guides"), ("knowledge:guides",), action="knowledge.guide"),
    NavEntry("admin", _("Administration"), ("admin:index",), roles=frozenset({"provincial_admin"})),
)


def resolve_first(url_names: tuple[str, ...]) -> str | None:
    for name in url_names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def _entries(request: HttpRequest, entries: tuple[NavEntry, ...], roles: frozenset[str]) -> list[dict]:
    from fawang.accounts.policy import has_action

    items = []
    path = request.path
    for entry in entries:
        if entry.roles and not (roles & entry.roles):
            continue
        user = getattr(request, "user", None)
        if entry.action and not has_action(user, entry.action):
            continue
        if entry.any_action and not any(has_action(user, a) for a in entry.any_action):
            continue
        url = resolve_first(entry.url_names)
        if url is None and entry.fallback:
            url = resolve_first((entry.fallback,))
        if url is None:
            continue
        # The home page is "/" (or "/en/"), a prefix of every path: only an exact match marks it.
        active = path == url if entry.key == "home" else path.startswith(url)
        items.append({"key": entry.key, "label": entry.label, "url": url, "active": active})
    return items


def staff_nav_items(request: HttpRequest) -> list[dict]:
    """The signed-in staff member's navigation; the first entry is their landing page."""
    user = request.user
    roles = frozenset(user.role_set) | (frozenset({"provincial_admin"}) if user.is_superuser else frozenset())
    return _entries(request, STAFF_NAV, roles)


def navigation(request: HttpRequest) -> dict:
    """`nav_kind` (staff / citizen / anonymous), `nav_items`, the staff member's jurisdiction, and
    the languages for the switcher (data-driven from settings.LANGUAGES)."""
    user = getattr(request, "user", None)
    is_authenticated = bool(user is not None and user.is_authenticated)
    kind = getattr(user, "kind", "") if is_authenticated else ""
    if is_authenticated and kind == "staff":
        nav_kind, items = "staff", staff_nav_items(request)
    elif is_authenticated:
        nav_kind, items = "citizen", _entries(request, CITIZEN_NAV, frozenset())
    else:
        nav_kind, items = "anonymous", _entries(request, PUBLIC_NAV, frozenset())
    jurisdiction = ""
    if nav_kind == "staff":
        parts = []
        if user.jurisdiction_region_id:
            parts.append(user.jurisdiction_region.name)
        if user.jurisdiction_institution_id:
            parts.append(str(user.jurisdiction_institution))
        jurisdiction = " · ".join(parts)
    return {
        "nav_kind": nav_kind,
        "nav_items": items,
        "nav_jurisdiction": jurisdiction,
        "nav_languages": settings.LANGUAGES,
        "hotline_number": "12348",
        "debug_demo": settings.DEBUG,
    }
