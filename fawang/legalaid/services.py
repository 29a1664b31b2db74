"""Legal aid's writes. Every status change goes through the workflow engine (fawang.orders.engine);
this module adds what the law asks of legal aid: the application's facts beside the order, the
decision with its eligibility assessment, the urgent start, the criminal case notice."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.audit.services import audit_record
from fawang.core.errors import ErrorCollector, FieldError, ValidationFailed
from fawang.core.types import Actor
from fawang.orders.engine import order_step
from fawang.orders.models import OrderEvent, ServiceOrder
from fawang.regions.models import Region, RegionLevel

from .eligibility import Facts, assess, rules_as_json
from .enums import WORKFLOW, Action, ErrorCode, MatterType
from .forms import MONEY_MAX, NOT_NEGATIVE, to_fen
from .models import EligibilityAssessment, EligibilityOverride, HardshipStandard, LegalAidCase
from .selectors import rules_as_of


def legal_aid_on_intake(*, order: ServiceOrder, data: dict[str, Any], actor: Actor) -> None:
    """Write the application's facts in the intake's transaction (the workflow's `on_intake`)."""
    notice = bool(data.get("criminal_notice"))
    case = LegalAidCase.objects.create(
        order=order,
        matter_type=data.get("matter_type") or (MatterType.CRIMINAL if notice else ""),
        matter=data.get("matter") or "",
        criminal_notice=notice,
        opposing_party=(data.get("opposing_party") or "").strip(),
        urgency=data.get("urgency") or "normal",
        household_size=data.get("household_size"),
        monthly_income_fen=to_fen(data.get("monthly_income")),
        assets_fen=to_fen(data.get("assets")),
        status_groups=sorted(data.get("status_groups") or []),
    )
    order.__dict__["_legal_aid_case"] = case  # read by legal_aid_on_submitted without a query


def legal_aid_on_submitted(*, order: ServiceOrder, event: OrderEvent, actor: Actor, now: dt.datetime) -> None:
    """A criminal case notice from a court, procuratorate or public security organ needs no decision:
    the platform marks it at once, which starts the three-day assignment clock (法律援助法第三十六条)."""
    if order.workflow != WORKFLOW:
        return
    case = order.__dict__.get("_legal_aid_case")
    if case is None or not case.criminal_notice:
        return
    order_step(actor=None, order=order, action=Action.RECEIVE_NOTICE, now=now)


def legal_aid_start_urgently(*, actor: Actor, order: ServiceOrder, reason: str) -> ServiceOrder:
    """先行提供法律援助 (法律援助法第四十四条): work starts before the formalities are complete; the
    reason names the ground (a limit ending within seven days, preservation needed at once)."""
    return order_step(
        actor=actor,
        order=order,
        action=Action.START_URGENTLY,
        reason=reason,
        changes=lambda now: {"accepted_by": actor, "accepted_at": now},
    )


# ---- eligibility -----------------------------------------------------------------------------------


def legal_aid_facts(order: ServiceOrder, case: LegalAidCase | None) -> Facts:
    """The engine's facts of an application. Status groups count as proven once claimed at intake with
    the order's documents (the documents themselves are checked by the clerk who decides)."""
    return Facts(
        region_path=order.region_path,
        matter=case.matter if case else "",
        household_size=case.household_size if case else None,
        monthly_income_fen=case.monthly_income_fen if case else None,
        status_groups_proven=tuple(case.status_groups) if case else (),
    )


def legal_aid_on_decided(*, order: ServiceOrder, event: OrderEvent, actor: Actor, now: dt.datetime) -> None:
    """Store the eligibility assessment with the decision (inputs, rule version, each criterion), in
    the decision's transaction, so it can be re-run as of its date."""
    day = timezone.localdate(now)
    case = LegalAidCase.objects.filter(order=order).first()
    facts = legal_aid_facts(order, case)
    rules = rules_as_of(region_path=order.region_path, day=day)
    result = assess(facts, rules)
    EligibilityAssessment.objects.create(
        order=order,
        event_kind=event.kind,
        as_of=day,
        eligible=result.eligible,
        facts=asdict(facts),
        rules=rules_as_json(rules),
        criteria=result.as_json(),
    )


MONEY_MAX_FEN = int(MONEY_MAX * 100)


def dated_versions_overlap(
    versions: QuerySet[Any], *, effective_from: dt.date, effective_to: dt.date | None, code: str
) -> None:
    """Refuse a new version dated `effective_from`..`effective_to` (open-ended when None) that would
    overlap one of `versions` (the same region, and whatever else keys the table): one version per
    date. The caller holds the lock that makes the check and its insert see the same versions."""
    clash = (
        versions.filter(effective_from__lte=effective_to or dt.date.max)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=effective_from))
        .order_by("effective_from")
        .first()
    )
    if clash is not None:
        raise ValidationFailed(
            [
                FieldError(
                    code,
                    _("Overlaps the version in force from %(day)s: one version per date.")
                    % {"day": clash.effective_from.isoformat()},
                    "effective_from",
                )
            ]
        )


def hardship_standard_create(
    *,
    actor: Actor,
    region: Region,
    monthly_income_fen: int,
    effective_from: dt.date,
    effective_to: dt.date | None,
    source: str,
    is_demo: bool = False,
) -> HardshipStandard:
    """A new version of a prefecture's hardship standard (法律援助法第三十四条: set by the province),
    citing the document that sets it. Refused, naming the field and the rule, when it would overlap
    another version of the same prefecture, and for staff without `legal_aid.hardship_standard` or a
    prefecture outside their jurisdiction. `actor=None` is the platform loading the DEMO figures."""
    if actor is not None:
        policy.require_action(actor, "legal_aid.hardship_standard")
    errors = ErrorCollector()
    if region.level != RegionLevel.PREFECTURE:
        errors.add("region", ErrorCode.REGION_NOT_PREFECTURE, _("Choose a prefecture."))
    elif actor is not None and not policy.region_in_jurisdiction(actor, region.path):
        errors.add("region", ErrorCode.REGION_NOT_PREFECTURE, _("Choose a region in your jurisdiction."))
    if monthly_income_fen < 0:
        errors.add("monthly_income_fen", "min_value", str(NOT_NEGATIVE))
    elif monthly_income_fen > MONEY_MAX_FEN:
        errors.add("monthly_income_fen", "max_value", _("Enter an amount from 0 to 100,000,000 yuan."))
    if effective_to is not None and effective_to < effective_from:
        errors.add("effective_to", ErrorCode.DATES_REVERSED, _("The end date is before the start date."))
    source = (source or "").strip()
    if not source:
        errors.add("source", "required", _("Name the document that sets this standard."))
    elif len(source) > 255:
        errors.add("source", "max_length", _("At most %(n)s characters.") % {"n": 255})
    errors.raise_if_any()
    with transaction.atomic():
        # One writer per prefecture at a time: the overlap check and the insert see the same versions.
        Region.objects.select_for_update().filter(pk=region.pk).first()
        dated_versions_overlap(
            HardshipStandard.objects.filter(region=region),
            effective_from=effective_from,
            effective_to=effective_to,
            code=ErrorCode.STANDARD_OVERLAPS,
        )
        standard = HardshipStandard.objects.create(
            region=region,
            monthly_income_fen=monthly_income_fen,
            effective_from=effective_from,
            effective_to=effective_to,
            source=source,
            is_demo=is_demo,
        )
        audit_record(
            actor=actor,
            action="legal_aid.hardship_standard_create",
            entity=standard,
            before=None,
            after={
                "region": region.pk,
                "monthly_income_fen": monthly_income_fen,
                "effective_from": effective_from.isoformat(),
                "effective_to": effective_to.isoformat() if effective_to else None,
                "source": source,
            },
        )
    return standard


DEMO_STANDARDS = Path(__file__).resolve().parent / "data" / "hardship_standards_demo.json"


def hardship_standards_load_demo(*, path: Path = DEMO_STANDARDS) -> int:
    """Seed the prefectures of Sichuan with DEMO standards (no official figure ships with Fawang);
    idempotent: a prefecture that has any version is left alone. Returns how many were created."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    created = 0
    for row in rows["standards"]:
        if HardshipStandard.objects.filter(region_id=row["region"]).exists():
            continue
        hardship_standard_create(
            actor=None,
            region=Region.objects.get(pk=row["region"]),
            monthly_income_fen=row["monthly_income_fen"],
            effective_from=dt.date.fromisoformat(row["effective_from"]),
            effective_to=None,
            source=rows["source"],
            is_demo=True,
        )
        created += 1
    return created


# ---- apply: the clerk's override (issue 11, item 2) ---------------------------------------------------

OVERRIDE_EVENT_KIND = "eligibility_override"  # an assessment made for an override before any decision
OVERRIDE_REASON_MIN = 20  # characters: a reason a reviewer can check, not "ok"


def eligibility_override(
    *, actor: Actor, order: ServiceOrder, eligible: bool, reason: str, now: dt.datetime | None = None
) -> EligibilityOverride:
    """Override the eligibility result of a legal aid application with a written reason, audited. The
    newest stored assessment is overridden; an application not yet decided is assessed now (stored as
    the override's own assessment) so the override always sits beside the result it departs from.
    Whoever may handle the order (`order.handle` where it sits) may override."""
    from fawang.accounts import policy

    policy.require_order(actor, "order.handle", order)
    reason = (reason or "").strip()
    if order.workflow != WORKFLOW:
        raise ValidationFailed(
            [FieldError(ErrorCode.NOT_LEGAL_AID, _("This order is not a legal aid application."), None)]
        )
    if len(reason) < OVERRIDE_REASON_MIN:
        raise ValidationFailed(
            [
                FieldError(
                    "min_length",
                    _("Reason for the override: write at least %(n)d characters.")
                    % {"n": OVERRIDE_REASON_MIN},
                    "reason",
                )
            ]
        )
    now = now or timezone.now()
    with transaction.atomic():
        assessment = EligibilityAssessment.objects.filter(order=order).order_by("-pk").first()
        if assessment is None:
            day = timezone.localdate(now)
            case = LegalAidCase.objects.filter(order=order).first()
            facts = legal_aid_facts(order, case)
            rules = rules_as_of(region_path=order.region_path, day=day)
            result = assess(facts, rules)
            assessment = EligibilityAssessment.objects.create(
                order=order,
                event_kind=OVERRIDE_EVENT_KIND,
                as_of=day,
                eligible=result.eligible,
                facts=asdict(facts),
                rules=rules_as_json(rules),
                criteria=result.as_json(),
            )
        override = EligibilityOverride.objects.create(
            assessment=assessment, eligible=eligible, reason=reason, overridden_by=actor
        )
        audit_record(
            actor=actor,
            action="legal_aid.eligibility_override",
            entity=override,
            before={"assessment": assessment.pk, "eligible": assessment.eligible},
            after={"assessment": assessment.pk, "eligible": eligible, "reason": reason},
        )
    return override
