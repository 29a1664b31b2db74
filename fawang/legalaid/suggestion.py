"""Who should take a legal aid case: a fair, explained suggestion (issue 11, item 4; 法律援助法第四十三条:
the centre assigns a legal aid worker within three days of granting aid).

A pure function of the case's facts and the candidates (no database, no clock, no translation in the
ranking): the same inputs always give the same ranking, so the inputs and the output are stored with
each assignment (`Assignment.suggestion`) and the choice can be explained again later, in the
reader's language (`explain`).

Each candidate's score is the sum of named components, each with its points and its ceiling:

- specialty (35): the matter itself is one of theirs (35), or the matter type (25);
- language (25): they speak the applicant's language;
- locality (20): same county (20), same prefecture (12), elsewhere in the province (4);
- load (15): in proportion to the room left under their ceiling of open cases;
- rotation (10): fewer assignments in the recent window come first, so work goes round;
- duty (10, criminal matters only): on duty today at a duty-lawyer station of the case's county
  (法律援助法第十四条).

Excluded, with the reason shown: not available (leave, practice suspended), at their ceiling of open
cases, and a conflict of interest: the person or their firm already acts for the opposing party (in
another legal aid case, or a recorded conflict), or acts against this applicant. Ties go to fewer
recent assignments, then to the lower id, so the order never depends on the input's order."""

from __future__ import annotations

import heapq
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _

ENGINE = "2026-11-30"  # bump when a component's rule or weight changes: stored with every suggestion

SPECIALTY, LANGUAGE, LOCALITY, LOAD, ROTATION, DUTY = (
    "specialty",
    "language",
    "locality",
    "load",
    "rotation",
    "duty",
)
CEILING = {SPECIALTY: 35, LANGUAGE: 25, LOCALITY: 20, LOAD: 15, ROTATION: 10, DUTY: 10}
ROTATION_SPAN = 5  # this many recent assignments or more: no rotation points

# Why a candidate is left out (codes stored; `explain_exclusion` says them in words).
UNAVAILABLE, AT_CAPACITY, CONFLICT_OPPOSING, CONFLICT_APPLICANT = (
    "unavailable",
    "at_capacity",
    "conflict_opposing_party",
    "conflict_against_applicant",
)


def party_key(name: str) -> str:
    """A party's name as compared for conflicts: no spaces or brackets' width differences, casefolded."""
    table = str.maketrans({"（": "(", "）": ")", "　": "", " ": ""})
    return name.translate(table).casefold().strip()


@dataclass(frozen=True)
class CaseFacts:
    """What of the case the suggestion reads."""

    matter_type: str  # enums.MatterType
    matter: str = ""  # enums.Matter, or blank
    language: str = "zh"  # the applicant's language (network.enums.Language)
    region_path: str = ""  # where the applicant lives: /510000/510100/510107/
    opposing_party: str = ""  # party_key of the opposing party, blank when none was named
    applicant: str = ""  # party_key of the applicant's name
    criminal: bool = False


@dataclass(frozen=True)
class Party:
    """Someone a candidate (or their firm) already acts for, or against."""

    key: str  # party_key
    name: str  # as recorded, for the explanation
    source: str  # "case:<tracking no>" or "record:<id>"
    against: bool = False  # True: the candidate acts against this party (it is their client's opponent)
    firm: bool = False  # True: the firm acts, not this person


@dataclass(frozen=True)
class Candidate:
    id: int  # network.Practitioner
    name: str
    institution_id: int
    institution: str  # the firm or centre's name
    region_path: str
    languages: tuple[str, ...] = ("zh",)
    matter_types: tuple[str, ...] = ()
    matters: tuple[str, ...] = ()
    open_cases: int = 0
    capacity: int = 10
    recent_assignments: int = 0
    available: bool = True
    on_duty: bool = False  # on duty today at a duty-lawyer station of the case's county
    parties: tuple[Party, ...] = ()


@dataclass(frozen=True)
class Component:
    name: str
    points: int
    ceiling: int
    detail: str  # a code the explanation is said from: "matter", "matter_type", "none", "county" ...
    value: Any = None


@dataclass(frozen=True)
class Ranked:
    rank: int
    id: int
    name: str
    institution: str
    score: int
    components: tuple[Component, ...]


@dataclass(frozen=True)
class Excluded:
    id: int
    name: str
    institution: str
    reason: str  # UNAVAILABLE, AT_CAPACITY, CONFLICT_*
    party: str = ""  # the party in conflict, as recorded
    source: str = ""


@dataclass
class Suggestion:
    ranked: list[Ranked] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    considered: int = 0
    engine: str = ENGINE

    def as_json(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "considered": self.considered,
            "ranked": [asdict(r) for r in self.ranked],
            "excluded": [asdict(e) for e in self.excluded],
        }

    def rank_of(self, practitioner_id: int) -> int | None:
        return next((r.rank for r in self.ranked if r.id == practitioner_id), None)


def _prefix(path: str, depth: int) -> str:
    """The first `depth` levels of a materialised path ("510000/510100/" for depth 2)."""
    lead = "/" if path.startswith("/") else ""
    parts = [p for p in path.split("/") if p][:depth]
    return lead + "/".join(parts) + "/" if len(parts) == depth else ""


def _exclusion(case: CaseFacts, c: Candidate) -> Excluded | None:
    if not c.available:
        return Excluded(c.id, c.name, c.institution, UNAVAILABLE)
    for party in c.parties:
        if not party.against and case.opposing_party and party.key == case.opposing_party:
            return Excluded(c.id, c.name, c.institution, CONFLICT_OPPOSING, party.name, party.source)
        if party.against and case.applicant and party.key == case.applicant:
            return Excluded(c.id, c.name, c.institution, CONFLICT_APPLICANT, party.name, party.source)
    if c.open_cases >= c.capacity:
        return Excluded(c.id, c.name, c.institution, AT_CAPACITY)
    return None


def _points(
    case: CaseFacts, c: Candidate, county: str, prefecture: str
) -> tuple[int, int, int, int, int, int]:
    """The six components' points, cheapest form (the ranking reads only these)."""
    if case.matter and case.matter in c.matters:
        specialty = 35
    elif case.matter_type in c.matter_types:
        specialty = 25
    else:
        specialty = 0
    language = 25 if case.language in c.languages else 0
    if county and c.region_path.startswith(county):
        locality = 20
    elif prefecture and c.region_path.startswith(prefecture):
        locality = 12
    else:
        locality = 4
    load = (15 * (c.capacity - c.open_cases)) // c.capacity if c.capacity > 0 else 0
    rotation = (10 * max(0, ROTATION_SPAN - c.recent_assignments)) // ROTATION_SPAN
    duty = 10 if (case.criminal and c.on_duty) else 0
    return specialty, language, locality, load, rotation, duty


def _components(case: CaseFacts, c: Candidate, points: tuple[int, ...], county: str) -> tuple[Component, ...]:
    specialty, language, locality, load, rotation, duty = points
    local = "county" if locality == 20 else "prefecture" if locality == 12 else "province"
    parts = [
        Component(
            SPECIALTY,
            specialty,
            CEILING[SPECIALTY],
            "matter" if specialty == 35 else "matter_type" if specialty else "none",
            case.matter if specialty == 35 else case.matter_type,
        ),
        Component(LANGUAGE, language, CEILING[LANGUAGE], "speaks" if language else "none", case.language),
        Component(LOCALITY, locality, CEILING[LOCALITY], local, c.region_path),
        Component(LOAD, load, CEILING[LOAD], "open", [c.open_cases, c.capacity]),
        Component(ROTATION, rotation, CEILING[ROTATION], "recent", c.recent_assignments),
    ]
    if case.criminal:
        parts.append(Component(DUTY, duty, CEILING[DUTY], "on_duty" if duty else "none", None))
    return tuple(parts)


def suggest(case: CaseFacts, candidates: list[Candidate], *, limit: int = 10) -> Suggestion:
    """Rank `candidates` for `case`: the best `limit` with their components, and every excluded one
    with its reason. Pure: the same inputs give the same output."""
    county = _prefix(case.region_path, 3)
    prefecture = _prefix(case.region_path, 2)
    scored: list[tuple[int, int, int, Candidate, tuple[int, ...]]] = []
    excluded: list[Excluded] = []
    for c in candidates:
        out = _exclusion(case, c) if (not c.available or c.parties or c.open_cases >= c.capacity) else None
        if out is not None:
            excluded.append(out)
            continue
        points = _points(case, c, county, prefecture)
        # Highest score first, then fewer recent assignments, then the lower id: a total order.
        scored.append((-sum(points), c.recent_assignments, c.id, c, points))
    best = heapq.nsmallest(limit, scored, key=lambda row: (row[0], row[1], row[2]))
    ranked = [
        Ranked(n, c.id, c.name, c.institution, -neg, _components(case, c, points, county))
        for n, (neg, _recent, _id, c, points) in enumerate(best, start=1)
    ]
    excluded.sort(key=lambda e: e.id)
    return Suggestion(ranked=ranked, excluded=excluded, considered=len(candidates))


def baseline_least_loaded(candidates: list[Candidate], *, limit: int = 10) -> list[Candidate]:
    """The bench's yardstick: a plain sort of the same candidates by one key (open cases)."""
    return sorted(candidates, key=lambda c: c.open_cases)[:limit]


# ---- explanations, in the reader's language (called when a page or the API shows a suggestion) ----


def explain_component(component: dict[str, Any]) -> str:
    """One component of a stored suggestion in plain words (the active language)."""
    name, detail, value = component["name"], component["detail"], component.get("value")
    if name == SPECIALTY:
        if detail == "matter":
            return _("Handles this kind of matter.")
        if detail == "matter_type":
            return _("Handles this type of case, though not this matter in particular.")
        return _("This type of case is not among their specialties.")
    if name == LANGUAGE:
        if detail == "speaks":
            return _("Speaks the applicant's language.")
        return _("Does not speak the applicant's language: an interpreter is needed.")
    if name == LOCALITY:
        return {
            "county": _("Works in the applicant's county."),
            "prefecture": _("Works in the applicant's prefecture, not the same county."),
        }.get(detail, _("Works elsewhere in the province."))
    if name == LOAD:
        open_cases, capacity = value or (0, 0)
        return _("%(open)s open legal aid cases of at most %(capacity)s.") % {
            "open": open_cases,
            "capacity": capacity,
        }
    if name == ROTATION:
        return _("%(n)s assignments in the last 90 days: fewer come first, so work goes round.") % {
            "n": value
        }
    if name == DUTY:
        if detail == "on_duty":
            return _("On duty today at a duty-lawyer station in the applicant's county.")
        return _("Not on duty today at a duty-lawyer station in the applicant's county.")
    return ""


def component_label(name: str) -> str:
    return {
        SPECIALTY: _("Specialty"),
        LANGUAGE: _("Language"),
        LOCALITY: _("Locality"),
        LOAD: _("Current load"),
        ROTATION: _("Rotation"),
        DUTY: _("Duty roster"),
    }.get(name, name)


def explain_exclusion(excluded: dict[str, Any]) -> str:
    """Why a stored suggestion left a candidate out (the active language)."""
    reason = excluded["reason"]
    if reason == UNAVAILABLE:
        return _("Not available for new cases.")
    if reason == AT_CAPACITY:
        return _("Already at their ceiling of open cases.")
    if reason == CONFLICT_OPPOSING:
        return _("Conflict of interest: they or their firm already act for the opposing party %(party)s.") % {
            "party": excluded.get("party", "")
        }
    if reason == CONFLICT_APPLICANT:
        return _("Conflict of interest: they or their firm already act against this applicant.")
    return reason
