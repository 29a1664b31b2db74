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


@dataclass(frozen=True)
class PanelIndex:
    """The part of the panel's index that changes only when the panel does (who is on it, their
    matters, languages and county), not with the day's load, rotation, availability, duty or
    conflicts: built once by `index_panel` and kept while the panel stays the same
    (`assignment.panel_members`). `ids` are the candidates' ids in the order the index counts them."""

    ids: tuple[int, ...]
    by_matter: dict[str, frozenset[int]]
    by_type: dict[str, frozenset[int]]
    by_language: dict[str, frozenset[int]]
    by_county: dict[str, frozenset[int]]
    by_prefecture: dict[str, frozenset[int]]


@dataclass(frozen=True)
class Panel:
    """The candidates indexed for ranking (`compile_panel`, pure): which of them hold each matter,
    matter type and language, work in each county and prefecture (`index`), are on duty; the part of
    each one's score that does not depend on the case (load and rotation); who is left out whatever
    the case."""

    candidates: tuple[Candidate, ...]
    index: PanelIndex
    base: tuple[int, ...]  # load + rotation points
    max_base: int
    on_duty: frozenset[int]
    clean: frozenset[int]  # available, under their ceiling, no party to check
    with_parties: tuple[int, ...]  # available and under their ceiling, parties to check per case
    always_excluded: tuple[Excluded, ...]


def _index(pairs: list[tuple[str, int]]) -> dict[str, frozenset[int]]:
    out: dict[str, set[int]] = {}
    for key, i in pairs:
        if key:
            out.setdefault(key, set()).add(i)
    return {k: frozenset(v) for k, v in out.items()}


def index_panel(candidates: list[Candidate] | tuple[Candidate, ...]) -> PanelIndex:
    """Index who holds what among the candidates (reads only what changes with the panel). Pure."""
    cands = tuple(candidates)
    return PanelIndex(
        ids=tuple(c.id for c in cands),
        by_matter=_index([(m, i) for i, c in enumerate(cands) for m in c.matters]),
        by_type=_index([(t, i) for i, c in enumerate(cands) for t in c.matter_types]),
        by_language=_index([(lang, i) for i, c in enumerate(cands) for lang in c.languages]),
        by_county=_index([(_prefix(c.region_path, 3), i) for i, c in enumerate(cands)]),
        by_prefecture=_index([(_prefix(c.region_path, 2), i) for i, c in enumerate(cands)]),
    )


def compile_panel(
    candidates: list[Candidate] | tuple[Candidate, ...], index: PanelIndex | None = None
) -> Panel:
    """Index the candidates; `suggest` then ranks any case against them. Pure. `index`, when given,
    is a kept `index_panel` of the same panel; it is used only if it lists the same candidates in the
    same order (otherwise it is built again), so a stale one can never count the wrong person."""
    cands = tuple(candidates)
    if index is None or index.ids != tuple(c.id for c in cands):
        index = index_panel(cands)
    base, clean, with_parties, always = [], set(), [], []
    for i, c in enumerate(cands):
        load = (15 * (c.capacity - c.open_cases)) // c.capacity if c.capacity > 0 else 0
        rotation = (10 * max(0, ROTATION_SPAN - c.recent_assignments)) // ROTATION_SPAN
        base.append(max(0, load) + rotation)
        if not c.available:
            always.append(Excluded(c.id, c.name, c.institution, UNAVAILABLE))
        elif c.parties:
            with_parties.append(i)  # a conflict comes before the ceiling: checked per case
        elif c.open_cases >= c.capacity:
            always.append(Excluded(c.id, c.name, c.institution, AT_CAPACITY))
        else:
            clean.add(i)
    return Panel(
        candidates=cands,
        index=index,
        base=tuple(base),
        max_base=max(base, default=0),
        on_duty=frozenset(i for i, c in enumerate(cands) if c.on_duty),
        clean=frozenset(clean),
        with_parties=tuple(with_parties),
        always_excluded=tuple(always),
    )


_EMPTY: frozenset[int] = frozenset()


def suggest(case: CaseFacts, candidates: list[Candidate] | Panel, *, limit: int = 10) -> Suggestion:
    """Rank the candidates for `case`: the best `limit` with their components, and every excluded one
    with its reason. Pure: the same inputs give the same output (`_points` is the rule; the ranking
    below reaches the same order without scoring everyone).

    The candidates fall into classes by what the case asks (the matter or only its type, the language,
    the county or prefecture, the duty roster); a class's members differ only by load and rotation.
    Classes are taken best first, by set operations, until no later class can reach the current
    `limit`-th score."""
    panel = candidates if isinstance(candidates, Panel) else compile_panel(candidates)
    cands, base, index = panel.candidates, panel.base, panel.index
    county = _prefix(case.region_path, 3)
    prefecture = _prefix(case.region_path, 2)
    excluded = list(panel.always_excluded)
    eligible = set(panel.clean)
    for i in panel.with_parties:
        out = _exclusion(case, cands[i])
        if out is None:
            eligible.add(i)
        else:
            excluded.append(out)
    by_matter = index.by_matter.get(case.matter, _EMPTY) if case.matter else _EMPTY
    in_matter = eligible & by_matter
    in_type = (eligible & index.by_type.get(case.matter_type, _EMPTY)) - in_matter
    rest = eligible - in_matter - in_type
    speaks = index.by_language.get(case.language, _EMPTY)
    here = index.by_county.get(county, _EMPTY) if county else _EMPTY
    near = (index.by_prefecture.get(prefecture, _EMPTY) if prefecture else _EMPTY) - here
    duty = panel.on_duty if case.criminal else _EMPTY
    classes: list[tuple[int, set[int] | frozenset[int]]] = []
    for spec, group in ((35, in_matter), (25, in_type), (0, rest)):
        if not group:
            continue
        for lang, part in ((25, group & speaks), (0, group - speaks)):
            if not part:
                continue
            for local, sub in ((20, part & here), (12, part & near), (4, part - here - near)):
                if not sub:
                    continue
                if case.criminal:
                    on = sub & duty
                    classes.append((spec + lang + local + 10, on))
                    classes.append((spec + lang + local, sub - on))
                else:
                    classes.append((spec + lang + local, sub))
    classes.sort(key=lambda row: -row[0])
    keys: list[tuple[int, int, int, int]] = []
    for var, members in classes:
        if len(keys) >= limit:
            worst = heapq.nsmallest(limit, keys)[-1]
            if var + panel.max_base < -worst[0]:
                break
        for i in members:
            c = cands[i]
            # Highest score first, then fewer recent assignments, then the lower id: a total order.
            keys.append((-(var + base[i]), c.recent_assignments, c.id, i))
    ranked = []
    for rank, (neg, _recent, _id, i) in enumerate(heapq.nsmallest(limit, keys), start=1):
        c = cands[i]
        points = _points(case, c, county, prefecture)
        ranked.append(Ranked(rank, c.id, c.name, c.institution, -neg, _components(case, c, points, county)))
    excluded.sort(key=lambda e: e.id)
    return Suggestion(ranked=ranked, excluded=excluded, considered=len(cands))


def suggest_by_scoring_everyone(
    case: CaseFacts, candidates: list[Candidate], *, limit: int = 10
) -> list[int]:
    """The ranking by the rule itself, one candidate at a time: the tests hold `suggest` to it."""
    county, prefecture = _prefix(case.region_path, 3), _prefix(case.region_path, 2)
    keys = []
    for c in candidates:
        if _exclusion(case, c) is None:
            keys.append((-sum(_points(case, c, county, prefecture)), c.recent_assignments, c.id))
    return [key[2] for key in sorted(keys)[:limit]]


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
