"""Legal aid's reads: the rule version in force on a date."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from .eligibility import Exclusion, Rules, Standard
from .models import EligibilityAssessment, EligibilityOverride, HardshipStandard, NegativeListEntry


def _in_force(day: dt.date) -> Q:
    return Q(effective_from__lte=day) & (Q(effective_to__isnull=True) | Q(effective_to__gte=day))


def rules_as_of(*, region_path: str, day: dt.date) -> Rules:
    """The hardship standard of the applicant's prefecture and the negative list entries of the regions
    above the applicant, as they stood on `day` (two queries)."""
    codes = [c for c in region_path.strip("/").split("/") if c]
    prefecture = codes[1] if len(codes) > 1 else ""
    row = HardshipStandard.objects.filter(_in_force(day), region_id=prefecture).first()
    standard = (
        Standard(row.pk, row.region_id, row.monthly_income_fen, row.source, row.is_demo) if row else None
    )
    exclusions = tuple(
        Exclusion(e.pk, e.region_path, e.matter, e.reason)
        for e in NegativeListEntry.objects.filter(_in_force(day))
        if region_path.startswith(e.region_path)
    )
    return Rules(as_of=day.isoformat(), standard=standard, exclusions=exclusions)


def eligibility_of(order: object) -> tuple[EligibilityAssessment | None, list[EligibilityOverride]]:
    """The application's newest stored assessment and its overrides, oldest first (the last in force)."""
    assessment = EligibilityAssessment.objects.filter(order=order).order_by("-pk").first()
    if assessment is None:
        return None, []
    return assessment, list(assessment.overrides.select_related("overridden_by").order_by("pk"))
