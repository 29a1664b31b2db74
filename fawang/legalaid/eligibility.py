"""The eligibility engine: a pure function of the applicant's facts and a dated rule version (法律援助法
第三十一条至第三十四条、第四十二条). No database, no clock: `selectors.rules_as_of` reads the rule version
in force on a date, and the same facts with the same rules always give the same result, so a stored
decision can be re-run as of its date.

Each criterion says pass, fail or missing, with its threshold and the value it read; the result is
eligible when the matter is not on the region's negative list and either needs no hardship test
(art. 32), or the applicant proved a status that waives the check (art. 42), or the household's income
per member is within the prefecture's standard (art. 34)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .enums import NO_HARDSHIP_TEST, Matter, StatusGroup

PASS, FAIL, MISSING = "pass", "fail", "missing"
RULES_ENGINE = "2026-11-30"  # bump when a criterion's logic changes: stored with every assessment


@dataclass(frozen=True)
class Facts:
    region_path: str  # where the applicant lives (materialised path)
    matter: str = ""
    household_size: int | None = None
    monthly_income_fen: int | None = None
    status_groups_proven: tuple[str, ...] = ()


@dataclass(frozen=True)
class Standard:
    id: int
    region_code: str
    monthly_income_fen: int  # per household member
    source: str
    is_demo: bool


@dataclass(frozen=True)
class Exclusion:
    id: int
    region_path: str
    matter: str
    reason: str


@dataclass(frozen=True)
class Rules:
    as_of: str  # ISO date the version was read for
    standard: Standard | None
    exclusions: tuple[Exclusion, ...] = ()
    engine: str = RULES_ENGINE


@dataclass(frozen=True)
class Criterion:
    name: str
    result: str
    basis: str
    value: Any = None
    threshold: Any = None
    explanation: str = ""


@dataclass
class Assessment:
    eligible: bool
    outcome: str  # "eligible", "not_eligible", "incomplete"
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def missing(self) -> list[Criterion]:
        return [c for c in self.criteria if c.result == MISSING]

    def as_json(self) -> list[dict[str, Any]]:
        return [asdict(c) for c in self.criteria]


def _yuan(fen: int) -> str:
    return f"{fen / 100:.2f}"


def assess(facts: Facts, rules: Rules) -> Assessment:
    criteria: list[Criterion] = []
    excluded = next(
        (
            e
            for e in rules.exclusions
            if facts.matter and e.matter == facts.matter and facts.region_path.startswith(e.region_path)
        ),
        None,
    )
    criteria.append(
        Criterion(
            "negative_list",
            FAIL if excluded else PASS,
            "negative list",
            value=facts.matter,
            explanation=_("Not covered in this region: %(reason)s") % {"reason": excluded.reason}
            if excluded
            else "",
        )
    )
    no_test = facts.matter in NO_HARDSHIP_TEST
    if no_test:
        criteria.append(
            Criterion(
                "no_hardship_test",
                PASS,
                "法律援助法第三十二条",
                value=facts.matter,
                explanation=_("No economic hardship test for this matter (art. 32)."),
            )
        )
    waived = StatusGroup.MIGRANT_WORKER in facts.status_groups_proven and facts.matter in (
        Matter.WAGES,
        Matter.WORK_INJURY,
    )
    waived = waived or any(
        g in facts.status_groups_proven
        for g in (StatusGroup.NO_INCOME_MINOR_ELDERLY_DISABLED, StatusGroup.SOCIAL_ASSISTANCE)
    )
    if waived and not no_test:
        criteria.append(
            Criterion(
                "status_waiver",
                PASS,
                "法律援助法第四十二条",
                value=list(facts.status_groups_proven),
                explanation=_("Economic hardship check waived on proof of status (art. 42)."),
            )
        )
    hardship = PASS if (no_test or waived) else _hardship(facts, rules, criteria)
    if excluded:
        return Assessment(False, "not_eligible", criteria)
    if hardship == PASS:
        return Assessment(True, "eligible", criteria)
    return Assessment(False, "incomplete" if hardship == MISSING else "not_eligible", criteria)


def _hardship(facts: Facts, rules: Rules, criteria: list[Criterion]) -> str:
    """法律援助法第三十四条: the standard of the applicant's prefecture, per household member."""
    basis = "法律援助法第三十四条"
    if rules.standard is None:
        criteria.append(
            Criterion(
                "hardship",
                MISSING,
                basis,
                explanation=_("No hardship standard is in force for this region on this date."),
            )
        )
        return MISSING
    threshold = rules.standard.monthly_income_fen
    if not facts.household_size or facts.monthly_income_fen is None:
        criteria.append(
            Criterion(
                "hardship",
                MISSING,
                basis,
                threshold=threshold,
                explanation=_("Give the household size and monthly income to check economic hardship."),
            )
        )
        return MISSING
    per_member = facts.monthly_income_fen // facts.household_size
    result = PASS if per_member <= threshold else FAIL
    criteria.append(
        Criterion(
            "hardship",
            result,
            basis,
            value=per_member,
            threshold=threshold,
            explanation=_(
                "Income per household member %(value)s yuan, standard %(threshold)s yuan (art. 34)."
            )
            % {"value": _yuan(per_member), "threshold": _yuan(threshold)},
        )
    )
    return result


def rules_as_json(rules: Rules) -> dict[str, Any]:
    return asdict(rules)
