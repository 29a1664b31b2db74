"""Assignment suggestion (issue 11, item 4): one ranking of a legal aid case over 2,000 practitioners,
as `fawang.legalaid.suggestion.suggest` computes it (pure: no database; the panel indexed once by
`compile_panel`, timed apart); then the same read as the pages do it, from a database holding the panel
(`assignment.rank`: the kept panel, its load, rotation, duty and conflicts read fresh).
Baseline, in the same run: a plain
Python sort of the same candidates by one key (open cases), the least a ranking can cost."""

from __future__ import annotations

import random
import time

from .report import Report, percentile, verdict

TARGET_MS = 5.0

_COUNTIES = [
    "510000/510100/510107/",
    "510000/510100/510104/",
    "510000/510100/510105/",
    "510000/513300/513301/",
    "510000/513300/513334/",
    "510000/513400/513401/",
    "510000/511100/511102/",
    "510000/510700/510703/",
]


def _world(n: int, seed: int) -> tuple[list, list]:
    from fawang.legalaid.enums import Matter, MatterType
    from fawang.legalaid.suggestion import Candidate, CaseFacts, Party, party_key

    rng = random.Random(seed)
    types, matters = list(MatterType.values), list(Matter.values)
    candidates = []
    for i in range(1, n + 1):
        languages = ("zh", *rng.sample(("bo", "ii", "en"), rng.choice((0, 0, 0, 1))))
        parties = (Party(party_key(f"公司{i % 97}"), f"公司{i % 97}", f"record:{i}"),) if i % 50 == 0 else ()
        candidates.append(
            Candidate(
                id=i,
                name=f"律师{i}",
                institution_id=1000 + i // 8,
                institution=f"律所{i // 8}",
                region_path=rng.choice(_COUNTIES),
                languages=languages,
                matter_types=tuple(rng.sample(types, rng.randint(1, 3))),
                matters=tuple(rng.sample(matters, rng.randint(0, 3))),
                open_cases=rng.randrange(12),
                capacity=10,
                recent_assignments=rng.randrange(8),
                available=rng.random() > 0.05,
                on_duty=rng.random() < 0.02,
                parties=parties,
            )
        )
    cases = [
        CaseFacts(
            matter_type=rng.choice(types),
            matter=rng.choice(["", *matters]),
            language=rng.choice(("zh", "zh", "zh", "bo", "ii")),
            region_path=rng.choice(_COUNTIES) + "001/",
            opposing_party=party_key(f"公司{rng.randrange(97)}"),
            applicant=party_key(f"申请人{rng.randrange(1000)}"),
            criminal=rng.random() < 0.2,
        )
        for _ in range(200)
    ]
    return candidates, cases


def run_assignment(report: Report, *, practitioners: int = 2000, runs: int = 1000, seed: int = 11) -> None:
    from fawang.legalaid.suggestion import baseline_least_loaded, compile_panel, suggest

    candidates, cases = _world(practitioners, seed)
    t0 = time.perf_counter()
    panel = compile_panel(candidates)  # once per panel read, like the routing index
    build_ms = (time.perf_counter() - t0) * 1000
    for case in cases[:20]:  # warm up
        suggest(case, panel)
    samples, base = [], []
    for n in range(runs):
        case = cases[n % len(cases)]
        t0 = time.perf_counter()
        suggest(case, panel)
        samples.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        baseline_least_loaded(candidates)
        base.append((time.perf_counter() - t0) * 1000)
    p50, p99 = percentile(samples, 50), percentile(samples, 99)
    b50, b99 = percentile(base, 50), percentile(base, 99)
    print(
        f"assignment: {runs} suggestions over {practitioners:,} practitioners: p50 {p50:.2f} ms, p99 {p99:.2f} ms"
    )
    print(f"assignment baseline (sort by open cases): p50 {b50:.2f} ms, p99 {b99:.2f} ms")
    report.add(
        "assignment",
        f"p99 per suggestion ({practitioners:,} practitioners)",
        f"{p99:.2f} ms",
        baseline=f"{b99:.2f} ms (sort by one key)",
        ratio=f"{p99 / b99:.1f}x the sort" if b99 > 0 else "-",
        target=f"< {TARGET_MS:.0f} ms",
        verdict=verdict(p99 < TARGET_MS),
    )
    report.add("assignment", "panel index build (once per read)", f"{build_ms:.1f} ms")
    report.add(
        "assignment",
        "p50 per suggestion",
        f"{p50:.2f} ms",
        baseline=f"{b50:.2f} ms",
        ratio=f"{p50 / b50:.1f}x the sort" if b50 > 0 else "-",
    )


def _load_panel(candidates: list) -> None:
    """The bench world's practitioners as the legal aid panel in the database (bulk inserts)."""
    from fawang.legalaid.models import AidPractitioner
    from fawang.network.enums import InstitutionKind, PractitionerKind
    from fawang.network.models import Institution, Practitioner
    from fawang.regions.models import Region

    codes = {c.region_path: c.region_path.rstrip("/").rsplit("/", 1)[-1] for c in candidates}
    known = set(Region.objects.filter(code__in=codes.values()).values_list("code", flat=True))
    county_of = {path: code if code in known else "510107" for path, code in codes.items()}
    firms = {}
    for c in candidates:
        firms.setdefault(
            c.institution_id,
            Institution(
                code=f"B-{c.institution_id}",
                name=c.institution,
                kind=InstitutionKind.LAW_FIRM,
                region_id=county_of[c.region_path],
            ),
        )
    Institution.objects.bulk_create(firms.values())
    firm_pk = {i.code: i.pk for i in Institution.objects.filter(code__startswith="B-")}
    people = Practitioner.objects.bulk_create(
        Practitioner(
            name=c.name,
            kind=PractitionerKind.LAWYER,
            licence_no=f"B{c.id:08d}",
            institution_id=firm_pk[f"B-{c.institution_id}"],
            region_id=county_of[c.region_path],
            languages=list(c.languages),
        )
        for c in candidates
    )
    pk_of = {p.licence_no: p.pk for p in Practitioner.objects.filter(pk__in=[p.pk for p in people])}
    AidPractitioner.objects.bulk_create(
        AidPractitioner(
            practitioner_id=pk_of[f"B{c.id:08d}"],
            matter_types=list(c.matter_types),
            matters=list(c.matters),
            accepting=c.available,
            capacity=c.capacity,
        )
        for c in candidates
    )


def run_assignment_read(
    report: Report, *, practitioners: int = 2000, runs: int = 300, seed: int = 11
) -> None:
    """The suggestion as a page or the API asks it: the panel read from the database (with the day's
    load, rotation, duty and conflicts), indexed and ranked (`assignment.rank`)."""
    import datetime as dt
    from types import SimpleNamespace

    from fawang.legalaid.assignment import rank

    candidates, cases = _world(practitioners, seed)
    _load_panel(candidates)
    order = SimpleNamespace(pk=0)  # no order of its own to leave out of the load
    day = dt.date(2026, 12, 1)
    for case in cases[:5]:  # warm up
        rank(order, case, day=day)  # type: ignore[arg-type]
    samples = []
    for n in range(runs):
        case = cases[n % len(cases)]
        t0 = time.perf_counter()
        rank(order, case, day=day)  # type: ignore[arg-type]
        samples.append((time.perf_counter() - t0) * 1000)
    p50, p99 = percentile(samples, 50), percentile(samples, 99)
    print(
        f"assignment read: {runs} suggestions read from the database over {practitioners:,} practitioners: "
        f"p50 {p50:.2f} ms, p99 {p99:.2f} ms"
    )
    report.add(
        "assignment",
        "p99 per suggestion read (database)",
        f"{p99:.2f} ms",
        target=f"< {TARGET_MS:.0f} ms",
        verdict=verdict(p99 < TARGET_MS),
    )
    report.add("assignment", "p50 per suggestion read (database)", f"{p50:.2f} ms")
