"""Legal aid's API, mounted by the engine at /api/v1/legal-aid/ (docs/adr/0011, 0019); the older
/api/v1/legal_aid/ serves the same operations."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from fawang.api.schemas import BODY_ERROR_RESPONSES
from fawang.core.errors import FieldError, ValidationFailed

from .eligibility import Facts, assess
from .enums import Matter, StatusGroup
from .selectors import rules_as_of

router = Router(tags=["legal aid"])


class EligibilityIn(Schema):
    region: str = Field(max_length=12, description="Where the applicant lives: a region code (GB/T 2260)")
    matter: Matter | None = None
    household_size: int | None = Field(None, ge=1, le=50)
    monthly_income_fen: int | None = Field(None, ge=0, le=10_000_000_000)
    status_groups_proven: list[StatusGroup] = Field(default_factory=list, max_length=5)
    as_of: dt.date | None = Field(
        None, description="Check under the rules in force on this date (default today)"
    )


class CriterionOut(Schema):
    name: str
    result: str = Field(description="pass, fail or missing")
    basis: str
    value: object | None = None
    threshold: object | None = None
    explanation: str


class EligibilityOut(Schema):
    eligible: bool
    outcome: str = Field(description="eligible, not_eligible or incomplete")
    as_of: dt.date
    standard_source: str = ""
    criteria: list[CriterionOut]


@router.post(
    "/eligibility",
    response={200: EligibilityOut, **BODY_ERROR_RESPONSES},
    auth=None,
    summary="Check legal aid eligibility before applying",
    description="The same engine the centre's decision stores (法律援助法第三十二条、第三十四条、"
    "第四十二条), without an account. Nothing is saved.",
)
def eligibility_check(request: HttpRequest, payload: EligibilityIn) -> dict:
    from fawang.regions.models import Region

    region = Region.objects.filter(code=payload.region.strip()).first()
    if region is None:
        raise ValidationFailed([FieldError("region_unknown", _("Unknown region code."), "region")])
    day = payload.as_of or timezone.localdate()
    rules = rules_as_of(region_path=region.path, day=day)
    facts = Facts(
        region_path=region.path,
        matter=payload.matter or "",
        household_size=payload.household_size,
        monthly_income_fen=payload.monthly_income_fen,
        status_groups_proven=tuple(payload.status_groups_proven),
    )
    result = assess(facts, rules)
    return {
        "eligible": result.eligible,
        "outcome": result.outcome,
        "as_of": day,
        "standard_source": rules.standard.source if rules.standard else "",
        "criteria": result.as_json(),
    }


# Assignment (issue 11, item 4): its own module, mounted on this router.
from .api_assignment import router as _assignment_router  # noqa: E402

router.add_router("", _assignment_router)

# Cross-region cooperation (issue 11, item 8).
from .api_cooperation import router as _cooperation_router  # noqa: E402

router.add_router("", _cooperation_router)
