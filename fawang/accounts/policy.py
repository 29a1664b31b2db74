"""The one place that decides what an actor may see and do.

Every selector scopes its queryset through `scope_*` here, and every service checks `require`
before a write. Jurisdiction is a region subtree (`User.jurisdiction_region`, matched on the
materialised `path`) and/or one institution; a practitioner also reaches the cases assigned to them.
`ROLE_TABLE` is the one table of role × action × reach: which actions each role may take and how far
each reaches (any order of the jurisdiction, only the orders that sit with the actor's place, figures
only). `ROLE_ACTIONS` and `ROLE_REACH` are read off it; `scope_jurisdiction` applies a role's reach to
any case model. Deny by default: an actor with no role and no jurisdiction sees nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeGuard

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from fawang.core.errors import NotFound
from fawang.core.types import Actor

from .enums import Role, UserKind
from .models import User

if TYPE_CHECKING:
    from fawang.regions.models import Region

# ---- THE table: role × action × reach ------------------------------------------------------------
#
# Actions are "<entity>.<verb>". What each reach means for one order (`can_act_on_order`):
JURISDICTION = "jurisdiction"  # any order in the jurisdiction: the applicant lives there or it is
# handled there (the first responder, oversight, looking a caller up)
HANDLING_PLACE = "handling_place"  # only an order that sits with the actor's place (`order_is_with`):
# its handler lies in the jurisdiction, it is assigned to the actor's institution, or to them
FIGURES = "figures"  # counts over the jurisdiction's orders (`scope_figures`), never one order or a name
NO_CASE = "no_case"  # not about one case: intake, the network, accounts, the calendar; their `scope_*`
# below (or the form's own rule) says where

# What of a case a role's jurisdiction reaches at all (`scope_jurisdiction`):
REGION = "region"  # the case lies in the jurisdiction region's subtree (where the applicant lives, or
# where it is handled)
INSTITUTION = "institution"  # the case is assigned to the jurisdiction institution (a whole firm, centre)
ASSIGNED = "assigned"  # the case is assigned to the practitioner the account logs in as

ACTIONS: dict[str, str] = {
    "order.view": "read an order: the queue, the order page, the API list and detail, a caller's "
    "earlier orders, the receipt; record a rating the applicant gives on the phone or at the window",
    "order.create": "take a request in: record a call, a walk-in, a partner system's order; answer it "
    "at first contact",
    "order.handle": "accept, reject, start, request materials, resume, resolve (alone or in bulk); "
    "rectify and appeal a review; answer a supervision order",
    "order.transfer": "dispatch an order to another place (alone from its transfer page, or in bulk)",
    "order.supervise": "issue supervision orders, reopen, verify rectifications, decide appeals",
    "personal_data.reveal": "show an applicant's full phone and ID number (audited)",
    "return_visit.make": "call applicants back (回访) and record their rating",
    "insight.view": "aggregate figures: counts by region, service, channel, status; the on-time rate",
    "network.view": "look up service points, institutions and practitioners",
    "network.change": "edit the service network",
    "user.manage": "create staff accounts and give roles inside one's own jurisdiction",
    "calendar.manage": "enter the official holiday schedule",
    "audit.view": "read the audit trail of what lies in the jurisdiction",
    "audit.view_all": "read all of the audit trail (users, catalogue, every jurisdiction)",
    # Legal aid subsidies and funds (法律援助法第五十二条; issue 11 item 7)
    "legal_aid.subsidy_manage": "compute a finished legal aid case's subsidy; add or deduct with a reason",
    "legal_aid.subsidy_approve": "approve a subsidy against a fund source, record its payment, reject it",
    "legal_aid.fund_manage": "create fund sources, record money received, allocate it to centres; read "
    "the funds ledgers",
    "legal_aid.subsidy_standard": "enter a version of the subsidy standard (the province sets it, art. 52)",
    "legal_aid.hardship_standard": "enter a dated version of a prefecture's economic hardship standard, "
    "citing its source (the province sets it, 法律援助法第三十四条)",
    "legal_aid.assign": "assign a granted legal aid case to a lawyer or legal aid worker, from the "
    "suggestion or overriding it with a reason, and reassign it (法律援助法第四十三条)",
    "legal_aid.answer": "accept or decline a legal aid case assigned to oneself (法律援助法第四十六条)",
    "notary.issue": "issue or revoke a notarial certificate of an application that sits with one's office "
    "(公证法第三十条、第三十九条)",
    "notary.slots": "add appointment times of one's notary office; read its at-most-one-visit figures",
    "notary.fees": "enter a version of a notary matter's fee (the province sets the fees)",
    "notary.inspect": "draw, inspect and publish the double-random sample of notary offices' certificates "
    "(双随机、一公开)",
    "legal_aid.cooperate": "ask another region's legal aid centre to take an application or gather "
    "evidence by a deadline (异地协作), for an application that sits with one's place; take, decline "
    "or report done a request that sits with one's centre",
    # legal aid's quality review (评查, 法律援助法第五十七条、第五十九条)
    "quality_review.sample": "draw a quarter's random sample of a legal aid centre's closed cases",
    "quality_review.score": "score a sampled legal aid case against the rubric (a reviewer, or a peer)",
    "quality_review.view": "read the quality review samples, their scores and a practitioner's record",
    # consultation (留言咨询, issue 13): duty lawyers answer, reviewers publish to the knowledge base
    "consult.answer": "take a consultation from the duty queue of one's roster (region and language), "
    "read the asker's own words, answer it citing statutes and knowledge-base entries",
    "consult.review": "review an answered consultation and publish it, anonymised, to the knowledge base",
    "knowledge.guide": "write staff guides for the knowledge base, and review (publish or return) those "
    "written by others",
    # the expert panel (依法治省专家团): confidential, see `can_see_expert_request`
    "expert.request": "submit a request for a legal opinion to the expert panel and read one's own",
    "expert.answer": "read the requests assigned to oneself and write the opinion",
    "expert.manage": "see every expert request, assign experts to it",
    # people's mediation (人民调解, issue 14): the committee and its mediators, where the dispute sits
    "mediation.mediate": "work a dispute in mediation that sits with one's place: parties, mediator, sessions "
    "and minutes, the agreement (人民调解法第二十八条), the judicial confirmation (第三十三条), follow-up "
    "visits, ending it, moving it into arbitration",
    "mediation.statistics": "the month's statistics of the people's mediation committees registered in "
    "one's jurisdiction, by kind: committees, mediators, disputes, agreements, judicial confirmations "
    "(人民调解法第十条: the county's justice bureau and above)",
    # arbitration (issue 14, docs/adr/0030): the commission's secretary and tribunal work a case that
    # sits with the commission; the commission keeps its roster and fee table
    "arbitration.manage": "on an arbitration case that sits with one's commission: assess the fee, record "
    "conflicts, form the tribunal, schedule hearings, make and correct the award, extend a labour award "
    "limit with the chair's approval, record arbitrators' fees paid, take it as secretary",
    "arbitration.roster": "keep one's commission's arbitrator roster and fee table; read its roster, "
    "workload, fees paid and statistics",
    # judicial appraisal (issue 14, docs/adr/0031)
    "appraisal.entrust": "entrust an appraisal to a registered institution for one's court, procuratorate, "
    "police organ or legal aid centre, and read that body's entrustments",
    "appraisal.issue": "issue the appraisal opinion of an entrustment that sits with one's institution, "
    "record its review and approve an extension of the time limit (《司法鉴定程序通则》第二十八条)",
    "appraisal.report": "record conduct on the negative list or interference with an appraisal",
    "appraisal.complaints": "record complaints about appraisal institutions of the jurisdiction, refer "
    "them to people's mediation (三调联动), read the conduct reports of the jurisdiction",
}

_J, _P, _F, _N = JURISDICTION, HANDLING_PLACE, FIGURES, NO_CASE
_NETWORK_READ = {"network.view": _N, "audit.view": _J}
# Legal aid's quality review: reviewers draw and score, peer practitioners score, centres read.
_QUALITY_REVIEWER = {"quality_review.sample": _N, "quality_review.score": _J, "quality_review.view": _N}
# The handling place: it accepts and decides (统一受理 at the hotline and the window, the work where
# the order sits).
_HANDLES = {"order.view": _J, "order.handle": _P, "order.transfer": _P}
# The justice bureau of a place (and the province) keeps legal aid's funds: fund sources, allocations
# to centres, approving and paying subsidies of the cases that sit with its centres; computing one too.
_LEGAL_AID_FUNDS = {
    "legal_aid.subsidy_manage": _P,
    "legal_aid.subsidy_approve": _P,
    "legal_aid.fund_manage": _N,
}
# The legal aid centre assigns the cases that sit with it (法律援助法第四十三条).
# It also asks other regions' centres for cooperation and answers their requests (异地协作).
_ASSIGNS = {"legal_aid.assign": _P, "legal_aid.cooperate": _P}
# A notary office issues and revokes the certificates of what sits with it and keeps its appointment
# times (issue 12 Part B); its notaries are institution staff of the office.
_NOTARY_OFFICE = {"notary.issue": _P, "notary.slots": _P}
# A people's mediation committee (its staff are institution staff of the committee, its mediators
# practitioners assigned the case) works the disputes that sit with it; the township's and county's
# justice offices, which guide mediation (人民调解法第五条), and the province too.
_MEDIATES = {"mediation.mediate": _P}
# The county's justice bureau counts the committees of its place (人民调解法第十条); the prefecture and
# the province read theirs too. Aggregate figures of the jurisdiction, never one case.
_MEDIATION_STATISTICS = {"mediation.statistics": _J}
# An arbitration commission's staff (secretaries, the chair) work its cases and keep its roster (issue 14).
_COMMISSION = {"arbitration.manage": _P, "arbitration.roster": _N}
# An appraisal institution issues the opinions of what sits with it and approves extensions; a legal aid
# centre entrusts appraisals of its cases (the service checks the centre); both report interference.
_APPRAISAL_INSTITUTION = {"appraisal.issue": _P, "appraisal.entrust": _N, "appraisal.report": _N}
# The justice bureau handles complaints about appraisal institutions and reads the conduct reports.
_APPRAISAL_OVERSIGHT = {"appraisal.complaints": _J, "appraisal.report": _N}


@dataclass(frozen=True)
class RoleLine:
    """One role: what of a case its jurisdiction reaches, and each action it may take with its reach."""

    case_reach: frozenset[str]
    actions: Mapping[str, str]


ROLE_TABLE: dict[str, RoleLine] = {
    # The province's administrator: everything, inside their jurisdiction (a superuser: everywhere).
    Role.PROVINCIAL_ADMIN: RoleLine(
        frozenset({REGION, INSTITUTION}),
        {
            **_HANDLES,
            **_ASSIGNS,
            **{a: _N for a in ("order.create", "network.view", "network.change", "user.manage")},
            **{a: _N for a in ("calendar.manage", "audit.view_all")},
            "order.transfer": _J,
            "order.supervise": _J,
            "personal_data.reveal": _J,
            "return_visit.make": _J,
            "insight.view": _F,
            "audit.view": _J,
            **_LEGAL_AID_FUNDS,
            "legal_aid.subsidy_standard": _N,
            "legal_aid.hardship_standard": _N,
            **_QUALITY_REVIEWER,
            "consult.review": _J,
            "knowledge.guide": _N,
            **_NOTARY_OFFICE,
            **_MEDIATES,
            **_MEDIATION_STATISTICS,
            **_COMMISSION,
            "notary.fees": _N,
            "notary.inspect": _J,
            **_APPRAISAL_OVERSIGHT,
            "appraisal.issue": _P,
        },
    ),
    # The staff of a place (市州, 区县, 乡镇 centres): take requests in, accept and decide what sits
    # with them (a prefecture's staff also work their counties' orders, 统一调度).
    Role.PREFECTURE_STAFF: RoleLine(
        frozenset({REGION, INSTITUTION}),
        {
            **_HANDLES,
            **_ASSIGNS,
            **_NETWORK_READ,
            "order.create": _N,
            "network.change": _N,
            **_LEGAL_AID_FUNDS,
            **_MEDIATES,
            **_MEDIATION_STATISTICS,
            **_APPRAISAL_OVERSIGHT,
        },
    ),
    Role.COUNTY_STAFF: RoleLine(
        frozenset({REGION, INSTITUTION}),
        {
            **_HANDLES,
            **_ASSIGNS,
            **_NETWORK_READ,
            "order.create": _N,
            "network.change": _N,
            **_LEGAL_AID_FUNDS,
            **_MEDIATES,
            **_MEDIATION_STATISTICS,
            **_APPRAISAL_OVERSIGHT,
        },
    ),
    Role.TOWNSHIP_STAFF: RoleLine(
        frozenset({REGION, INSTITUTION}), {**_HANDLES, **_NETWORK_READ, "order.create": _N, **_MEDIATES}
    ),
    # The 12348 seat receives, answers and dispatches: records calls, creates orders, answers at first
    # contact, transfers, looks callers up, calls them back. It never accepts or decides an order.
    Role.HOTLINE_AGENT: RoleLine(
        frozenset({REGION, INSTITUTION}),
        {
            **_NETWORK_READ,
            "order.view": _J,
            "order.create": _N,
            "order.transfer": _P,
            "personal_data.reveal": _J,
            "return_visit.make": _J,
        },
    ),
    # The walk-in window, the same for visitors: receives and dispatches; the place's staff decide.
    Role.WINDOW_CLERK: RoleLine(
        frozenset({REGION, INSTITUTION}),
        {
            **_NETWORK_READ,
            "order.view": _J,
            "order.create": _N,
            "order.transfer": _P,
            "personal_data.reveal": _J,
        },
    ),
    # A legal aid centre, notary office ...: works what is assigned to the institution.
    # The centre computes, approves and pays its cases' subsidies (法律援助法第五十二条第一款).
    Role.INSTITUTION_STAFF: RoleLine(
        frozenset({REGION, INSTITUTION}),
        {
            **_HANDLES,
            **_ASSIGNS,
            **_NETWORK_READ,
            "personal_data.reveal": _J,
            "legal_aid.subsidy_manage": _P,
            "legal_aid.subsidy_approve": _P,
            "quality_review.view": _N,
            **_NOTARY_OFFICE,
            **_MEDIATES,
            **_COMMISSION,
            **_APPRAISAL_INSTITUTION,
        },
    ),
    # A lawyer is not their firm: a practitioner works the cases assigned to them, and sees the rest of
    # the firm's only when they also hold a role that reaches the institution (institution staff).
    # The assignee of a legal aid case accepts or declines it (only their own: `legal_aid.answer` is
    # checked against the assignment as well).
    Role.PRACTITIONER: RoleLine(
        frozenset({REGION, ASSIGNED}),
        {
            **_NETWORK_READ,
            "order.view": _J,
            "order.handle": _P,
            "personal_data.reveal": _J,
            "legal_aid.answer": _P,
            # a peer: scores other lawyers' sampled cases, never their own (legalaid.quality)
            "quality_review.score": _J,
            "quality_review.view": _N,
            "consult.answer": _P,
            **_MEDIATES,
        },
    ),
    # Supervisors supervise in their jurisdiction: issue supervision orders, redirect a misrouted order,
    # decide reviews; they read the figures of the area. They do not work orders.
    Role.SUPERVISOR: RoleLine(
        frozenset({REGION, INSTITUTION}),
        {
            **_NETWORK_READ,
            "order.view": _J,
            "order.transfer": _J,
            "order.supervise": _J,
            "insight.view": _F,
            **_QUALITY_REVIEWER,
            "notary.inspect": _J,
            **_APPRAISAL_OVERSIGHT,
        },
    ),
    # Until the insight module exists: aggregate figures of the jurisdiction, never one order.
    Role.ANALYST: RoleLine(frozenset({REGION, INSTITUTION}), {"insight.view": _F, "network.view": _N}),
    # Reviews answered consultations of the jurisdiction and publishes them, anonymised (issue 13).
    # It reads the consultation (masked), never works orders.
    Role.ANSWER_REVIEWER: RoleLine(
        frozenset({REGION, INSTITUTION}), {"order.view": _J, "consult.review": _J, "knowledge.guide": _N}
    ),
    # The expert panel's circle reaches no service order: its requests are confidential rows of their
    # own, seen only through `can_see_expert_request` / `scope_expert_requests`.
    Role.GOVERNMENT_BODY: RoleLine(frozenset(), {"expert.request": _N}),
    Role.EXPERT: RoleLine(frozenset(), {"expert.answer": _N}),
    Role.PANEL_ADMIN: RoleLine(frozenset(), {"expert.manage": _N}),
    # A court's, procuratorate's or police organ's officer entrusts appraisals for their body and reads
    # its entrustments (fawang.appraisal.selectors: the body's rows), reaching no other order.
    Role.ENTRUSTING_OFFICER: RoleLine(frozenset(), {"appraisal.entrust": _N, "appraisal.report": _N}),
}

# Read off ROLE_TABLE (nothing to keep in step by hand): which roles may take each action ...
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    action: frozenset(role for role, line in ROLE_TABLE.items() if action in line.actions)
    for action in ACTIONS
}
# ... and what of a case each role's jurisdiction reaches.
ROLE_REACH: dict[str, frozenset[str]] = {role: line.case_reach for role, line in ROLE_TABLE.items()}

# For an action some roles hold for the whole jurisdiction and others only for their handling place,
# an actor holding both gets the wider.
_WIDER_FIRST = (JURISDICTION, HANDLING_PLACE, FIGURES, NO_CASE)


def action_reach(actor: Actor, action: str) -> str | None:
    """How far `action` reaches for this actor (the widest over their roles; a superuser's as the
    widest any role has it), or None when they may not take it at all."""
    if not has_action(actor, action):
        return None
    roles = ROLE_TABLE if actor.is_superuser else actor.role_set
    reaches = {
        ROLE_TABLE[r].actions[action] for r in roles if r in ROLE_TABLE and action in ROLE_TABLE[r].actions
    }
    return next((reach for reach in _WIDER_FIRST if reach in reaches), None)


def is_staff_actor(actor: Actor) -> TypeGuard[User]:
    return isinstance(actor, User) and actor.is_active and actor.kind == UserKind.STAFF


# Actions institution staff hold only when their own institution is of one of these kinds: the table
# says "institution staff", the institution decides (an arbitration commission keeps its roster and
# fee table; a legal aid centre's staff do not). Other roles holding the action are not affected.
INSTITUTION_KIND_ONLY: dict[str, frozenset[str]] = {
    "arbitration.roster": frozenset({"arbitration_commission"}),
}


def has_action(actor: Actor, action: str) -> TypeGuard[User]:
    """Role check only: may this actor ever do `action` somewhere? (True only for active staff.)"""
    if not is_staff_actor(actor):
        return False
    if actor.is_superuser:
        return True
    holding = actor.role_set & ROLE_ACTIONS.get(action, frozenset())
    kinds = INSTITUTION_KIND_ONLY.get(action)
    if not holding or kinds is None or holding - {Role.INSTITUTION_STAFF}:
        return bool(holding)
    # No query for a signed-in user: the session and the API token load the user with its institution
    # (accounts.backends, api.auth); any other User instance loads it here once.
    institution = actor.jurisdiction_institution
    return institution is not None and institution.kind in kinds


def jurisdiction_path(actor: User) -> str | None:
    """The region path the actor's jurisdiction covers, or None when it is institution-only."""
    region = actor.jurisdiction_region
    return region.path if region is not None else None


def _region_q(actor: User, path_field: str, institution_field: str | None = None) -> Q:
    """Rows of the network and of accounts (not cases, see `scope_jurisdiction`) inside the actor's
    region subtree or belonging to the actor's institution, whatever the role: a lawyer may look up
    their own firm."""
    if actor.is_superuser:
        return Q()
    q = Q(pk__in=[])
    path = jurisdiction_path(actor)
    if path:
        q |= Q(**{f"{path_field}__startswith": path})
    if institution_field and actor.jurisdiction_institution_id:
        q |= Q(**{institution_field: actor.jurisdiction_institution_id})
    return q


def reach_of(actor: Actor) -> frozenset[str]:
    """What of a case the actor's roles reach (`ROLE_REACH`, joined over the roles); a superuser
    everything, anyone else who is not active staff nothing."""
    if not is_staff_actor(actor):
        return frozenset()
    if actor.is_superuser:
        return frozenset({REGION, INSTITUTION, ASSIGNED})
    return frozenset().union(*(ROLE_REACH.get(role, frozenset()) for role in actor.role_set))


def scope_jurisdiction(
    actor: Actor,
    qs: QuerySet,
    *,
    region_path: str,
    handler_region_path: str | None = None,
    institution: str | None = None,
    practitioner: str | None = None,
) -> QuerySet:
    """The rows of any case model that lie in the actor's jurisdiction, as `ROLE_REACH` says. Name the
    lookups of the case's fields, e.g. for the reviews of orders:

        scope_jurisdiction(
            actor, Review.objects.all(),
            region_path="order__region_path",                  # a materialised region path
            handler_region_path="order__handler_region_path",  # a second one: where it is handled
            institution="order__assigned_institution",         # a network.Institution
            practitioner="order__assigned_practitioner",       # a network.Practitioner
        )

    A row is in when a region path lies in the jurisdiction region's subtree, it sits with the
    jurisdiction institution, or it is assigned to the practitioner the actor logs in as, each only
    for a role that reaches it. A lookup left out is never matched. Roles decide only reach: check the
    action (`has_action`) before. Not staff: nothing; superuser: everything."""
    keys = reach_keys(actor)
    if keys is None:
        return qs
    q = Q(pk__in=[])
    if keys.region_path:
        for lookup in (region_path, handler_region_path):
            if lookup:
                q |= Q(**{f"{lookup}__startswith": keys.region_path})
    if keys.institution_id and institution:
        q |= Q(**{institution: keys.institution_id})
    if keys.practitioner_pk is not None and practitioner:
        q |= Q(**{practitioner: keys.practitioner_pk})
    return qs.filter(q)


@dataclass(frozen=True)
class ReachKeys:
    """What places a case in an actor's reach (`scope_jurisdiction`), each only where the actor's roles
    reach by it: a region path (the case's region or handler lies in its subtree), an institution (the
    case sits with it), a practitioner (the case is assigned to them). All None: nothing."""

    region_path: str | None = None
    institution_id: int | None = None
    practitioner_pk: int | None = None


def reach_keys(actor: Actor) -> ReachKeys | None:
    """The keys `scope_jurisdiction` matches cases by for this actor (`ROLE_REACH` applied to the
    account's jurisdiction); None for a superuser, who reaches every case. A read that narrows first
    by an index keyed the same way (a county's words postings) takes them from here, so it cannot
    disagree with the scope."""
    if not is_staff_actor(actor):
        return ReachKeys()
    if actor.is_superuser:
        return None
    reach = reach_of(actor)
    path = jurisdiction_path(actor)
    return ReachKeys(
        region_path=path if REGION in reach and path else None,
        institution_id=actor.jurisdiction_institution_id if INSTITUTION in reach else None,
        practitioner_pk=actor.practitioner_pk if ASSIGNED in reach else None,
    )


def in_jurisdiction(
    actor: Actor,
    *,
    region_paths: tuple[str, ...] = (),
    institution_id: int | None = None,
    practitioner_id: int | None = None,
) -> bool:
    """`scope_jurisdiction` for one case in hand: its region paths, institution and practitioner ids."""
    reach = reach_of(actor)
    if not reach:
        return False
    assert actor is not None  # reach_of gives the platform (None) nothing
    if actor.is_superuser:
        return True
    if REGION in reach and any(region_in_jurisdiction(actor, p) for p in region_paths if p):
        return True
    if INSTITUTION in reach and institution_id and institution_id == actor.jurisdiction_institution_id:
        return True
    return ASSIGNED in reach and practitioner_id is not None and practitioner_id == actor.practitioner_pk


def region_in_jurisdiction(actor: Actor, region_path: str) -> bool:
    if not is_staff_actor(actor):
        return False
    if actor.is_superuser:
        return True
    path = jurisdiction_path(actor)
    return bool(path and region_path.startswith(path))


# ---- scoping of querysets -------------------------------------------------------------------------


def _is_citizen(actor: Actor) -> TypeGuard[User]:
    return isinstance(actor, User) and actor.is_active and actor.kind == UserKind.CITIZEN


def citizen_orders_q(actor: User) -> Q:
    """A citizen's own orders: those filed from their account, and those made without an account for
    the phone they have verified (on the hotline, at a window, on the web before signing in). The
    phone is what the public tracking page and rating by phone already accept as proof; an order
    another account filed naming this phone stays that account's."""
    q = Q(applicant=actor)
    if actor.phone_index and actor.phone_verified_at is not None:
        q |= Q(applicant__isnull=True, applicant_phone_index=actor.phone_index)
    return q


def may_preserve_evidence(actor: Actor) -> TypeGuard[User]:
    """Evidence preservation (存证, fawang.evidence) is for a signed-in citizen or enterprise account: the
    files are theirs. Staff preserve nothing on their own account here (a notary office's evidence goes
    through its notary matters)."""
    return _is_citizen(actor)


def scope_preserved_files(actor: Actor, qs: QuerySet) -> QuerySet:
    """A preserved file is seen only by its owner (its receipt, which names no one, is public)."""
    if not _is_citizen(actor):
        return qs.none()
    return qs.filter(owner=actor)


def scope_orders(actor: Actor, qs: QuerySet) -> QuerySet:
    """Staff see orders whose applicant region or handler lies in their jurisdiction, or that sit
    with their institution. Citizens see their own orders (`citizen_orders_q`). Everyone else sees
    nothing."""
    if _is_citizen(actor):
        return qs.filter(citizen_orders_q(actor))
    if not has_action(actor, "order.view"):
        return qs.none()
    return scope_jurisdiction(
        actor,
        qs,
        region_path="region_path",
        handler_region_path="handler_region_path",
        institution="assigned_institution",
        practitioner="assigned_practitioner",
    )


def scope_orders_with(actor: Actor, qs: QuerySet) -> QuerySet:
    """Of `scope_orders`, those that sit with the actor's place (see `order_is_with`): the work queue.
    The applicant's region is left out: living in the area does not put the order with its staff."""
    if not is_staff_actor(actor) or not has_action(actor, "order.view"):
        return qs.none()
    return scope_jurisdiction(
        actor,
        qs,
        region_path="handler_region_path",
        institution="assigned_institution",
        practitioner="assigned_practitioner",
    )


def scope_figures(actor: Actor, qs: QuerySet) -> QuerySet:
    """The orders that count in the actor's figures (`insight.view`, reach FIGURES): those of the
    jurisdiction, as `scope_orders` reads it. For aggregates only: an analyst, who may count them,
    may not open one (`scope_orders` gives them nothing)."""
    if not has_action(actor, "insight.view"):
        return qs.none()
    return scope_jurisdiction(
        actor,
        qs,
        region_path="region_path",
        handler_region_path="handler_region_path",
        institution="assigned_institution",
        practitioner="assigned_practitioner",
    )


def scope_tallies(actor: Actor, qs: QuerySet, *, reading: str) -> QuerySet:
    """Rollup rows that count orders (docs/adr/0016: `orders.OrderTally`, `feedback.RatingTally`),
    each carrying the columns that place its orders (`region_path`, `handler_region_path`,
    `assigned_institution_id`, `assigned_practitioner_id`, 0 for none), scoped exactly as the orders
    they count: `reading="figures"` as `scope_figures` reads them (`insight.view`), `reading="orders"`
    as `scope_orders` reads them for staff (`order.view`; a citizen's own orders are not counted from
    rollups). Summing the rows gives what counting the scoped orders gives."""
    action = {"figures": "insight.view", "orders": "order.view"}[reading]
    if not has_action(actor, action):
        return qs.none()
    return scope_jurisdiction(
        actor,
        qs,
        region_path="region_path",
        handler_region_path="handler_region_path",
        institution="assigned_institution_id",
        practitioner="assigned_practitioner_id",
    )


def scope_service_points(actor: Actor, qs: QuerySet) -> QuerySet:
    if not has_action(actor, "network.view"):
        return qs.none()
    return qs.filter(_region_q(actor, "region__path"))


def scope_institutions(actor: Actor, qs: QuerySet) -> QuerySet:
    if not has_action(actor, "network.view"):
        return qs.none()
    return qs.filter(_region_q(actor, "region__path", "id"))


def scope_practitioners(actor: Actor, qs: QuerySet) -> QuerySet:
    if not has_action(actor, "network.view"):
        return qs.none()
    return qs.filter(_region_q(actor, "region__path", "institution_id"))


def scope_users(actor: Actor, qs: QuerySet) -> QuerySet:
    """Staff accounts an administrator may manage: those whose jurisdiction lies inside theirs."""
    if not has_action(actor, "user.manage"):
        return qs.none()
    return qs.filter(_region_q(actor, "jurisdiction_region__path", "jurisdiction_institution_id"))


def is_province_wide(actor: Actor) -> bool:
    """Does the actor's jurisdiction cover the whole province (a region with no parent)?"""
    if not is_staff_actor(actor):
        return False
    region = actor.jurisdiction_region
    return actor.is_superuser or (region is not None and region.parent_id is None)


def scope_audit_entries(actor: Actor, qs: QuerySet) -> QuerySet:
    """A provincial administrator with a province-wide jurisdiction reads the whole trail (a
    provincial-admin role held for one prefecture does not). Other staff read entries about service orders they can
    see, and their own actions. Entries about other kinds of entity (users, the catalogue) stay with
    the province: keeping this honest and simple beats a half-right per-entity mapping."""
    if not has_action(actor, "audit.view"):
        return qs.none()
    if is_province_wide(actor) and has_action(actor, "audit.view_all"):
        return qs
    from django.apps import apps
    from django.db.models import CharField
    from django.db.models.functions import Cast

    order_model = apps.get_model("orders", "ServiceOrder")
    visible_orders = (
        scope_orders(actor, order_model.objects.all())
        .annotate(pk_text=Cast("pk", CharField()))
        .values("pk_text")
    )
    return qs.filter(
        Q(entity_type=order_model._meta.label_lower, entity_id__in=visible_orders) | Q(actor=actor)
    )


def user_in_jurisdiction(actor: Actor, user: User) -> bool:
    """May `actor` manage this account? Its jurisdiction must sit inside the actor's."""
    if not has_action(actor, "user.manage"):
        return False
    return scope_users(actor, User.objects.filter(pk=user.pk)).exists()


def jurisdiction_within(
    actor: Actor,
    *,
    region: Region | None = None,
    institution: Any = None,
    service_point: Any = None,
) -> bool:
    """Would a jurisdiction made of these parts lie inside the actor's own? Used when an administrator
    creates or edits staff: nobody hands out more than they hold. (`institution` and `service_point`
    are network's, an app above accounts: not named here, even for the type checker.)"""
    if not is_staff_actor(actor):
        return False
    if actor.is_superuser:
        return True
    # No jurisdiction at all means "sees nothing", which is always within.
    if region is not None and not region_in_jurisdiction(actor, region.path):
        return False
    if institution is not None:
        inside_by_region = region_in_jurisdiction(actor, institution.region.path)
        if not (inside_by_region or institution.pk == actor.jurisdiction_institution_id):
            return False
    return service_point is None or region_in_jurisdiction(actor, service_point.region.path)


def can_reveal_personal_data(actor: Actor, obj: models.Model) -> bool:
    """Full ID and phone numbers: only roles that need them, and only inside the jurisdiction.
    Service orders are checked like any order; accounts through the account's jurisdiction or, for a
    citizen, through an order of theirs the actor can see."""
    if not has_action(actor, "personal_data.reveal"):
        return False
    if actor.is_superuser:
        return True
    label = obj._meta.label_lower
    if label == "orders.serviceorder":
        return can_see_order(actor, obj)
    if isinstance(obj, User):
        if obj.pk == actor.pk:
            return True
        if obj.kind == UserKind.STAFF:
            return has_action(actor, "user.manage") and user_in_jurisdiction(actor, obj)
        from django.apps import apps

        order_model = apps.get_model("orders", "ServiceOrder")
        return scope_orders(actor, order_model.objects.filter(applicant=obj)).exists()
    return False


# ---- object checks ---------------------------------------------------------------------------------


def can_see_order(actor: Actor, order: Any) -> bool:
    if isinstance(actor, User) and actor.kind == UserKind.CITIZEN:
        if not actor.is_active:
            return False
        if order.applicant_id is not None:
            return order.applicant_id == actor.pk
        return bool(
            actor.phone_index
            and actor.phone_verified_at is not None
            and order.applicant_phone_index == actor.phone_index
        )
    if not has_action(actor, "order.view"):
        return False
    # The applicant lives in the actor's jurisdiction, or the order sits with the actor's place.
    return in_jurisdiction(actor, region_paths=(order.region_path,)) or order_is_with(actor, order)


def order_is_with(actor: Actor, order: Any) -> bool:
    """The order sits with the actor's place: its handler lies in the actor's jurisdiction (a
    prefecture's staff also work their counties' orders, 统一调度), it is assigned to the actor's
    institution, or (a practitioner) to the actor themselves. `scope_orders_with` of one order."""
    if not has_action(actor, "order.view"):
        return False
    return in_jurisdiction(
        actor,
        region_paths=(order.handler_region_path,),
        institution_id=order.assigned_institution_id,
        practitioner_id=order.assigned_practitioner_id,
    )


def can_act_on_order(actor: Actor, action: str, order: Any) -> bool:
    """`action` on `order`, as ROLE_TABLE says: the actor sees the order and holds the action, and for
    an action that reaches only the handling place, the order sits with the actor's place. Seeing an
    order because the applicant lives in one's area (the first responder, oversight) does not make one
    its handler. Figures never reach one order."""
    if not can_see_order(actor, order):
        return False
    reach = action_reach(actor, action)
    if reach == HANDLING_PLACE:
        return order_is_with(actor, order)
    return reach in (JURISDICTION, NO_CASE)


def require_order(actor: Actor, action: str, order: Any) -> None:
    """Raise NotFound (not Forbidden) so an order outside the jurisdiction is indistinguishable from
    one that does not exist."""
    if not can_act_on_order(actor, action, order):
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")


# ---- consultation and the expert panel (issue 13, docs/adr/0026) ------------------------------------


def can_read_question(actor: Actor, order: Any) -> bool:
    """The asker's own words, unmasked: the asker (a citizen who sees the order as theirs) and the
    duty lawyer who took the consultation (assigned to them). Everyone else reads it masked."""
    if _is_citizen(actor):
        return can_see_order(actor, order)
    return (
        has_action(actor, "consult.answer")
        and order.assigned_practitioner_id is not None
        and order.assigned_practitioner_id == actor.practitioner_pk
    )


def holds_by_role(actor: Actor, action: str) -> bool:
    """A role of the actor's holds `action`: a superuser's status alone does not (the expert panel's
    confidentiality admits no one outside its circle, the back office included)."""
    return is_staff_actor(actor) and any(
        action in ROLE_TABLE[r].actions for r in actor.role_set if r in ROLE_TABLE
    )


def can_see_expert_request(actor: Actor, request: Any, *, expert_user_ids: set[int] | None = None) -> bool:
    """依法治省专家团 requests are confidential: only the body that asked (the requester's account), the
    experts assigned to the request and the panel's administrators see one. `expert_user_ids`: the
    accounts of the assigned experts (read from the request when not given)."""
    if not is_staff_actor(actor):
        return False
    if holds_by_role(actor, "expert.manage"):
        return True
    if request.requester_id == actor.pk and holds_by_role(actor, "expert.request"):
        return True
    if not holds_by_role(actor, "expert.answer"):
        return False
    if expert_user_ids is None:
        expert_user_ids = set(request.experts.values_list("user_id", flat=True))
    return actor.pk in expert_user_ids


def scope_expert_requests(actor: Actor, qs: QuerySet) -> QuerySet:
    """`can_see_expert_request` over a queryset of expert requests."""
    if not is_staff_actor(actor):
        return qs.none()
    if holds_by_role(actor, "expert.manage"):
        return qs
    q = Q(pk__in=[])
    if holds_by_role(actor, "expert.request"):
        q |= Q(requester=actor)
    if holds_by_role(actor, "expert.answer"):
        q |= Q(pk__in=qs.model.objects.filter(experts__user=actor).values("pk"))
    return qs.filter(q)


def is_expert_panel_member(actor: Actor) -> bool:
    """Asks the panel, sits on it or runs it: the only accounts that have expert pages at all."""
    return any(holds_by_role(actor, a) for a in ("expert.request", "expert.answer", "expert.manage"))


def can_answer_expert_request(actor: Actor, request: Any) -> bool:
    """Only an assigned expert writes the opinion."""
    return (
        holds_by_role(actor, "expert.answer")
        and request.experts.filter(user_id=getattr(actor, "pk", None)).exists()
    )


def require_action(actor: Actor, action: str) -> None:
    from fawang.core.errors import Forbidden

    if not has_action(actor, action):
        raise Forbidden("permission_denied", _("Your role does not allow this action."), None)
