"""Eligibility: decisions per second of the legal aid engine (fawang.legalaid.eligibility.assess, a pure
function) over a realistic mix of 10,000 applicants across Sichuan's counties, with the rule version
of each prefecture read once (`rules_as_of`, as a page or the API reads it per request; here cached per
prefecture, since the rules of a day do not change between decisions). Baseline: the same decisions
computed with a database query per criterion (the negative list, the status waiver's matter, the
prefecture's standard), the way a rules engine without a rule version in memory would ask. Both paths
must reach the same outcome for every applicant: the bench checks it and says so."""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from .report import Report, verdict

TARGET_PER_S = 20_000


def _applicants(n: int, seed: int, region_paths: list[str]) -> list[Any]:
    """A mix shaped like a centre's applications: mostly wage, maintenance and social insurance claims
    with the hardship test, some art. 32 matters, a few commercial disputes (Chengdu's negative list),
    some facts left blank, about a fifth claiming a status group (art. 42)."""
    from fawang.legalaid.eligibility import Facts
    from fawang.legalaid.enums import Matter, StatusGroup

    rng = random.Random(seed)
    matters = [m.value for m in Matter]
    weights = [12, 10, 30, 10, 1, 1, 1, 8, 3]
    groups = [g.value for g in StatusGroup]
    out = []
    for _ in range(n):
        matter = rng.choices(matters, weights)[0]
        size = None if rng.random() < 0.05 else rng.choice((1, 2, 3, 3, 4, 4, 5, 6))
        income = None if rng.random() < 0.05 else rng.randrange(0, 1_200_000, 100)
        proven = tuple(rng.sample(groups, 1)) if rng.random() < 0.2 else ()
        out.append(
            Facts(
                region_path=rng.choice(region_paths),
                matter=matter,
                household_size=size,
                monthly_income_fen=income,
                status_groups_proven=proven,
            )
        )
    return out


def _naive_outcome(facts: Any, day: dt.date) -> str:
    """The same decision with a query per criterion (no rule version in memory)."""
    from django.db.models import Q

    from fawang.legalaid.enums import NO_HARDSHIP_TEST, Matter, StatusGroup
    from fawang.legalaid.models import HardshipStandard, NegativeListEntry

    in_force = Q(effective_from__lte=day) & (Q(effective_to__isnull=True) | Q(effective_to__gte=day))
    codes = [c for c in facts.region_path.strip("/").split("/") if c]
    prefixes = ["/".join(codes[: i + 1]) + "/" for i in range(len(codes))]
    # criterion 1: the negative list of the regions above the applicant
    excluded = NegativeListEntry.objects.filter(
        in_force, matter=facts.matter, region_path__in=prefixes
    ).exists()
    # criterion 2: art. 32 matters (a lookup per decision, as a table of matters would need)
    no_test = facts.matter in NO_HARDSHIP_TEST
    # criterion 3: art. 42 waiver
    waived = (
        StatusGroup.MIGRANT_WORKER in facts.status_groups_proven
        and facts.matter in (Matter.WAGES, Matter.WORK_INJURY)
    ) or any(
        g in facts.status_groups_proven
        for g in (StatusGroup.NO_INCOME_MINOR_ELDERLY_DISABLED, StatusGroup.SOCIAL_ASSISTANCE)
    )
    if excluded:
        return "not_eligible"
    if no_test or waived:
        return "eligible"
    # criterion 4: the prefecture's standard (art. 34)
    standard = (
        HardshipStandard.objects.filter(in_force, region_id=codes[1] if len(codes) > 1 else "")
        .values_list("monthly_income_fen", flat=True)
        .first()
    )
    if standard is None or not facts.household_size or facts.monthly_income_fen is None:
        return "incomplete"
    return "eligible" if facts.monthly_income_fen // facts.household_size <= standard else "not_eligible"


def run_eligibility(report: Report, *, n: int, baseline_n: int, seed: int = 11) -> None:
    from django.utils import translation

    from fawang.legalaid.eligibility import assess
    from fawang.legalaid.models import HardshipStandard, NegativeListEntry
    from fawang.legalaid.selectors import rules_as_of
    from fawang.legalaid.services import hardship_standards_load_demo
    from fawang.regions.models import Region, RegionLevel

    day = dt.date(2026, 11, 2)
    if not HardshipStandard.objects.exists():
        hardship_standards_load_demo()
    if not NegativeListEntry.objects.exists():
        NegativeListEntry.objects.create(
            region_id="510100",
            region_path="510000/510100/",
            matter="commercial",
            reason="企业之间的商事纠纷不属于法律援助事项（成都试点负面清单）",
            effective_from=dt.date(2026, 1, 1),
            source="bench: the Chengdu pilot's negative list",
        )
    paths = list(Region.objects.filter(level=RegionLevel.COUNTY).values_list("path", flat=True))
    applicants = _applicants(n, seed, paths)

    # The rule version in force, read once per prefecture (two queries each).
    t0 = time.perf_counter()
    rules_by_prefecture: dict[str, Any] = {}
    for path in paths:
        prefecture = "/".join(path.split("/")[:2])
        if prefecture not in rules_by_prefecture:
            rules_by_prefecture[prefecture] = rules_as_of(region_path=path, day=day)
    load_ms = (time.perf_counter() - t0) * 1000

    # Three passes over the same applicants: the machine is shared, so the best pass is the engine's
    # speed and the slowest says how much the other work on the machine took from it.
    passes: list[float] = []
    outcomes: list[str] = []
    with translation.override("zh-hans"):  # explanations in the reader's language, as a page gives them
        for _pass in range(3):
            outcomes = []
            t = time.perf_counter()
            for facts in applicants:
                rules = rules_by_prefecture["/".join(facts.region_path.split("/")[:2])]
                outcomes.append(assess(facts, rules).outcome)
            passes.append(time.perf_counter() - t)
    seconds = min(passes)
    per_s = n / seconds
    slowest_per_s = n / max(passes)
    mix = {k: outcomes.count(k) for k in ("eligible", "not_eligible", "incomplete")}
    print(
        f"eligibility: {n:,} decisions, best of 3 passes {seconds * 1000:.0f} ms ({per_s:,.0f}/s), "
        f"slowest {max(passes) * 1000:.0f} ms; outcomes {mix}"
    )
    print(f"eligibility: rule versions of {len(rules_by_prefecture)} prefectures read in {load_ms:.0f} ms")

    base = applicants[:baseline_n]
    t = time.perf_counter()
    naive = [_naive_outcome(facts, day) for facts in base]
    base_seconds = time.perf_counter() - t
    base_per_s = len(base) / base_seconds
    agree = sum(a == b for a, b in zip(naive, outcomes, strict=False))
    print(
        f"eligibility baseline: {len(base):,} decisions with a query per criterion, {base_per_s:,.0f}/s; "
        f"same outcome for {agree}/{len(base)}"
    )
    report.add(
        "eligibility",
        f"decisions per second ({n:,} applicants, one core, best of 3)",
        f"{per_s:,.0f}/s",
        baseline=f"{base_per_s:,.0f}/s (query per criterion)",
        ratio=f"{per_s / base_per_s:,.0f}x faster" if base_per_s else "-",
        target=f">= {TARGET_PER_S:,}/s",
        verdict=verdict(per_s >= TARGET_PER_S),
    )
    report.add("eligibility", "slowest of the 3 passes", f"{slowest_per_s:,.0f}/s")
    report.add("eligibility", "rule versions read (all prefectures)", f"{load_ms:.0f} ms")
    if agree != len(base):
        report.notes.append(
            f"eligibility: the baseline disagreed on {len(base) - agree} of {len(base)} decisions"
        )
