"""Assignment of a granted legal aid case (issue 11, item 4): the suggestion's inputs read from the
database, the centre's assignment and reassignment, the assignee's answer, conflicts of interest and
duty-lawyer stations. 法律援助法第四十三条: assign within three days of granting aid (the `assign`
clock of the law table); 第四十六条: once accepted, not refused without good reason; 第十四条: duty
lawyers at courts, procuratorates and detention centres.

Every status change is a step of legal aid's workflow through `orders.engine.order_step` (event,
audit entry, clocks); the `Assignment` row written in the same transaction keeps the suggestion's
inputs and output, so the choice can be explained again later."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, replace
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.audit.services import audit_record
from fawang.core.errors import ErrorCollector, FieldError, Forbidden, NotFound, ValidationFailed
from fawang.core.types import Actor
from fawang.network.enums import PractitionerKind, PractitionerStatus, RosterDuty
from fawang.network.models import Institution, Practitioner, RosterShift, ServicePoint
from fawang.orders.engine import check_actor, order_step, step_of
from fawang.orders.enums import OPEN_STATUSES
from fawang.orders.models import ServiceOrder

from .enums import WORKFLOW, Action, AssignmentState, DutyHost, ErrorCode, Stage
from .models import AidPractitioner, Assignment, ConflictRecord, DutyStation, LegalAidCase
from .suggestion import (
    Candidate,
    CaseFacts,
    PanelIndex,
    Party,
    Suggestion,
    compile_panel,
    index_panel,
    party_key,
    suggest,
)

PANEL_KINDS = (PractitionerKind.LAWYER, PractitionerKind.LEGAL_AID_WORKER)
RECENT_DAYS = 90  # the rotation component's window
LIVE = (AssignmentState.PENDING, AssignmentState.ACCEPTED)
ASSIGNABLE_STAGES = (Stage.APPROVED, Stage.NOTICE_RECEIVED)  # the first assignment
REASSIGNABLE_STAGES = (Stage.ASSIGNED, Stage.HANDLING)


# ---- reads -------------------------------------------------------------------------------------------


def case_facts(order: ServiceOrder, case: LegalAidCase | None) -> CaseFacts:
    return CaseFacts(
        matter_type=case.matter_type if case else "",
        matter=case.matter if case else "",
        language=order.language or "zh",
        region_path=order.region_path,
        opposing_party=party_key(case.opposing_party) if case and case.opposing_party else "",
        applicant=party_key(order.applicant_name or ""),
        criminal=bool(case and (case.criminal_notice or case.matter_type == "criminal")),
    )


def _county(path: str) -> str:
    from .suggestion import _prefix

    return _prefix(path, 3) or path


def _parties(
    facts: CaseFacts, *, exclude_order: int
) -> tuple[dict[int, list[Party]], dict[int, list[Party]]]:
    """Who (person, firm) already acts for this case's opposing party or against its applicant: their
    live assignments in other legal aid cases and the recorded conflicts. Only matching parties are
    read (they are all the check needs, and all that is stored with the suggestion)."""
    keys = {k for k in (facts.opposing_party, facts.applicant) if k}
    by_person: dict[int, list[Party]] = defaultdict(list)
    by_firm: dict[int, list[Party]] = defaultdict(list)
    if not keys:
        return by_person, by_firm
    live = (
        Assignment.objects.filter(state__in=LIVE, order__status__in=OPEN_STATUSES)
        .exclude(order_id=exclude_order)
        .values(
            "practitioner_id",
            "institution_id",
            "order__tracking_no",
            "order__applicant_name",
            "order__legal_aid_case__opposing_party",
        )
    )
    for row in live:
        client, opponent = (
            row["order__applicant_name"] or "",
            row["order__legal_aid_case__opposing_party"] or "",
        )
        source = f"case:{row['order__tracking_no']}"
        for name, against in ((client, False), (opponent, True)):
            key = party_key(name)
            if not key or key != (facts.applicant if against else facts.opposing_party):
                continue
            by_person[row["practitioner_id"]].append(Party(key, name, source, against=against))
            by_firm[row["institution_id"]].append(Party(key, name, source, against=against, firm=True))
    if facts.opposing_party:
        for record in ConflictRecord.objects.filter(party_key=facts.opposing_party):
            party = Party(
                record.party_key, record.party, f"record:{record.pk}", firm=record.practitioner_id is None
            )
            if record.practitioner_id:
                by_person[record.practitioner_id].append(party)
            else:
                by_firm[record.institution_id or 0].append(party)
    return by_person, by_firm


# ---- the panel, kept between reads (like the routing index, fawang/orders/routing.py) --------------


@dataclass(frozen=True)
class PanelMembers:
    """The legal aid panel as it stands between changes: each member's own facts (a Candidate with no
    load, rotation, availability, duty or conflict yet: those are read fresh on every suggestion), their
    leave and whether they take cases, and the index over them. Built once per process and dropped
    when the panel changes: in this process at once (`invalidate_panel`, connected to the panel's and
    the network's models), in other processes within `FAWANG_PANEL_INDEX_TTL` seconds (a version
    check: the panel's count and latest changes)."""

    version: tuple[str, ...]
    members: tuple[Candidate, ...]
    accepting: tuple[bool, ...]
    unavailable_until: tuple[dt.date | None, ...]
    index: PanelIndex


_panel_lock = threading.Lock()
_panel: PanelMembers | None = None
_panel_checked_at = 0.0


def invalidate_panel(**_: Any) -> None:
    """Drop the kept panel; the next suggestion reads it again. Connected to the models' signals."""
    global _panel
    _panel = None


def _panel_query() -> QuerySet[AidPractitioner]:
    return AidPractitioner.objects.filter(
        practitioner__kind__in=PANEL_KINDS, practitioner__status=PractitionerStatus.ACTIVE
    )


def _panel_version() -> tuple[str, ...]:
    """One query: how many are on the panel and when they, their practitioner row or their firm last
    changed (a practitioner leaving the panel by kind or status changes the count)."""
    agg = _panel_query().aggregate(
        n=Count("pk"),
        panel=Max("updated_at"),
        person=Max("practitioner__updated_at"),
        firm=Max("practitioner__institution__updated_at"),
    )
    return tuple(str(agg[k]) for k in ("n", "panel", "person", "firm"))


def _read_panel() -> PanelMembers:
    version = _panel_version()
    rows = _panel_query().select_related("practitioner__region", "practitioner__institution")
    members, accepting, until = [], [], []
    for row in rows.order_by("practitioner_id"):
        p = row.practitioner
        members.append(
            Candidate(
                id=p.pk,
                name=p.name,
                institution_id=p.institution_id,
                institution=p.institution.name,
                region_path=p.region.path,
                languages=tuple(p.languages or ("zh",)),
                matter_types=tuple(row.matter_types),
                matters=tuple(row.matters),
                capacity=row.capacity,
            )
        )
        accepting.append(row.accepting)
        until.append(row.unavailable_until)
    return PanelMembers(version, tuple(members), tuple(accepting), tuple(until), index_panel(members))


def panel_members() -> PanelMembers:
    """The kept panel, read again when it was dropped or another process changed it."""
    global _panel, _panel_checked_at
    ttl = float(getattr(settings, "FAWANG_PANEL_INDEX_TTL", 10))
    panel = _panel
    if panel is not None:
        if time.monotonic() - _panel_checked_at < ttl:
            return panel
        if _panel_version() == panel.version:
            _panel_checked_at = time.monotonic()
            return panel
    with _panel_lock:
        _panel = _read_panel()
        _panel_checked_at = time.monotonic()
        return _panel


def candidates_for(
    order: ServiceOrder, facts: CaseFacts, *, day: dt.date, members: PanelMembers | None = None
) -> list[Candidate]:
    """The legal aid panel as the suggestion reads it on `day`: the kept panel (`panel_members`) with
    what changes between suggestions read fresh, in four queries whatever its size: open cases, recent
    assignments, who is on duty in the case's county today, and conflicts with this case's parties."""
    members = members or panel_members()
    load = dict(
        ServiceOrder.objects.filter(
            workflow=WORKFLOW, status__in=OPEN_STATUSES, assigned_practitioner__isnull=False
        )
        .exclude(pk=order.pk)
        .values_list("assigned_practitioner_id")
        .annotate(n=Count("id"))
    )
    since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    recent = dict(
        Assignment.objects.filter(assigned_at__gte=since)
        .values_list("practitioner_id")
        .annotate(n=Count("id"))
    )
    on_duty = set(
        RosterShift.objects.filter(
            duty=RosterDuty.DUTY_LAWYER,
            date=day,
            practitioner__isnull=False,
            service_point__duty_station__isnull=False,
            service_point__region__path__startswith=_county(facts.region_path),
        ).values_list("practitioner_id", flat=True)
    )
    by_person, by_firm = _parties(facts, exclude_order=order.pk)
    out = []
    for m, accepting, until in zip(
        members.members, members.accepting, members.unavailable_until, strict=True
    ):
        parties = (*by_person.get(m.id, ()), *by_firm.get(m.institution_id, ()))
        open_cases, recent_n = load.get(m.id, 0), recent.get(m.id, 0)
        available = accepting and (until is None or until < day)
        if available and not (open_cases or recent_n or parties or m.id in on_duty):
            out.append(m)  # the kept member as it is (no load, no recent case, not on duty, no conflict)
            continue
        out.append(
            replace(
                m,
                open_cases=open_cases,
                recent_assignments=recent_n,
                available=available,
                on_duty=m.id in on_duty,
                parties=parties,
            )
        )
    return out


def rank(order: ServiceOrder, facts: CaseFacts, *, day: dt.date) -> tuple[list[Candidate], Suggestion]:
    """The candidates read for `facts` on `day` and their ranking over the kept panel's index."""
    members = panel_members()
    candidates = candidates_for(order, facts, day=day, members=members)
    return candidates, suggest(facts, compile_panel(candidates, members.index))


def suggestion_for(
    order: ServiceOrder, *, day: dt.date | None = None
) -> tuple[CaseFacts, list[Candidate], Suggestion]:
    """The suggestion for an order now: its facts, the candidates read and the ranking."""
    day = day or timezone.localdate()
    case = LegalAidCase.objects.filter(order=order).first()
    facts = case_facts(order, case)
    candidates, result = rank(order, facts, day=day)
    return facts, candidates, result


def assignments_of(order: ServiceOrder) -> QuerySet[Assignment]:
    return Assignment.objects.filter(order=order).select_related("practitioner", "institution", "assigned_by")


def current_assignment(order: ServiceOrder) -> Assignment | None:
    return assignments_of(order).filter(state__in=LIVE).order_by("-pk").first()


def assigned_cases_for(actor: Actor) -> QuerySet[ServiceOrder]:
    """The lawyer's own queue: the open legal aid cases assigned to the practitioner the actor logs in
    as, and nothing else (not the firm's, not the region's)."""
    if not policy.has_action(actor, "legal_aid.answer") or actor.practitioner_pk is None:
        return ServiceOrder.objects.none()
    return (
        policy.scope_orders(actor, ServiceOrder.objects.all())
        .filter(workflow=WORKFLOW, status__in=OPEN_STATUSES, assigned_practitioner_id=actor.practitioner_pk)
        .select_related("service_item", "region")
        .order_by("due_at", "pk")
    )


def on_duty(*, region_path: str, day: dt.date) -> list[RosterShift]:
    """Who is on duty on `day` at the duty-lawyer stations of the county `region_path` lies in
    (法律援助法第十四条)."""
    return list(
        RosterShift.objects.filter(
            duty=RosterDuty.DUTY_LAWYER,
            date=day,
            practitioner__isnull=False,
            service_point__duty_station__isnull=False,
            service_point__region__path__startswith=_county(region_path),
        )
        .select_related("practitioner", "service_point__duty_station")
        .order_by("service_point_id", "shift")
    )


# ---- writes ------------------------------------------------------------------------------------------


def _snapshot(facts: CaseFacts, candidates: list[Candidate], result: Suggestion) -> dict[str, Any]:
    return {
        "case_facts": asdict(facts),
        "candidates": [asdict(c) for c in candidates],
        "suggestion": result.as_json(),
    }


def _reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        from fawang.orders.enums import ErrorCode as OrderError

        raise ValidationFailed([FieldError(OrderError.REASON_REQUIRED, _("Give a reason."), field)])
    return reason[:2000]


def legal_aid_assign(
    *, actor: Actor, order: ServiceOrder, practitioner_id: int | None, reason: str
) -> Assignment:
    """Assign (or reassign) the case to a practitioner of the suggestion, with a reason. Anyone ranked
    may be chosen; choosing another than the first is an override, recorded as such. A practitioner
    left out (a conflict of interest, unavailable, at their ceiling) cannot be chosen: the error
    names the field and says why. The suggestion's inputs and output are stored with the row."""
    from .suggestion import explain_exclusion

    reassign = order.stage in REASSIGNABLE_STAGES
    action = Action.REASSIGN if reassign else Action.ASSIGN
    step = step_of(order, action)
    check_actor(actor, order, step)
    if step is None:  # not at this stage: the engine says so in its own words (409)
        order_step(actor=actor, order=order, action=action, reason=reason)
    reason = _reason(reason)
    facts, candidates, result = suggestion_for(order)
    if practitioner_id is None:
        raise ValidationFailed([FieldError("required", _("Choose who takes the case."), "practitioner")])
    excluded = next((e for e in result.excluded if e.id == practitioner_id), None)
    if excluded is not None:
        raise ValidationFailed(
            [FieldError(ErrorCode.PRACTITIONER_EXCLUDED, explain_exclusion(asdict(excluded)), "practitioner")]
        )
    if not any(c.id == practitioner_id for c in candidates):
        raise ValidationFailed(
            [
                FieldError(
                    ErrorCode.PRACTITIONER_NOT_SUGGESTED,
                    _("Not on the legal aid panel: choose a lawyer or legal aid worker from the list."),
                    "practitioner",
                )
            ]
        )
    if reassign and order.assigned_practitioner_id == practitioner_id:
        raise ValidationFailed(
            [
                FieldError(
                    ErrorCode.PRACTITIONER_NOT_SUGGESTED, _("The case is already with them."), "practitioner"
                )
            ]
        )
    practitioner = Practitioner.objects.select_related("institution").get(pk=practitioner_id)
    rank = result.rank_of(practitioner_id)
    snapshot = _snapshot(facts, candidates, result)
    made: dict[str, Assignment] = {}

    def after(order: ServiceOrder, now: dt.datetime) -> None:
        Assignment.objects.filter(order=order, state__in=LIVE).update(state=AssignmentState.REPLACED)
        made["row"] = Assignment.objects.create(
            order=order,
            practitioner=practitioner,
            institution=practitioner.institution,
            assigned_by=actor if policy.is_staff_actor(actor) else None,
            assigned_at=now,
            reason=reason,
            rank=rank,
            overridden=rank != 1,
            **snapshot,
        )

    with transaction.atomic():
        order_step(
            actor=actor,
            order=order,
            action=action,
            reason=reason,
            changes=lambda now: {"assigned_practitioner_id": practitioner.pk},
            data={
                "practitioner": practitioner.pk,
                "practitioner_name": practitioner.name,
                "institution": practitioner.institution.name,
                "rank": rank,
                "overridden": rank != 1,
            },
            after=after,
        )
    return made["row"]


def legal_aid_assign_first(*, actor: Actor, order: ServiceOrder, reason: str = "") -> ServiceOrder:
    """The order page's Assign: the suggestion's first, with the reason given."""
    _facts, _candidates, result = suggestion_for(order)
    if not result.ranked:
        policy.require_order(actor, "order.view", order)
        raise ValidationFailed(
            [
                FieldError(
                    ErrorCode.NO_CANDIDATE,
                    _("Nobody on the legal aid panel can take this case now: see the assignment page."),
                    "practitioner",
                )
            ]
        )
    legal_aid_assign(actor=actor, order=order, practitioner_id=result.ranked[0].id, reason=reason)
    return order


def legal_aid_answer(*, actor: Actor, order: ServiceOrder, accept: bool, reason: str = "") -> Assignment:
    """The assignee accepts the case (the handling starts) or declines it with a reason (it returns to
    the centre, which assigns again: the `assign` clock starts again, 法律援助法第四十三条). Only the
    assignee answers, and only before accepting (第四十六条)."""
    assignment = current_assignment(order)
    if (
        assignment is None
        or not policy.is_staff_actor(actor)
        or actor.practitioner_pk != assignment.practitioner_id
    ):
        policy.require_order(actor, "order.view", order)
        raise Forbidden(
            ErrorCode.NOT_THE_ASSIGNEE, _("Only the lawyer the case is assigned to can answer."), None
        )
    if not accept:
        reason = _reason(reason)

    def after(order: ServiceOrder, now: dt.datetime) -> None:
        Assignment.objects.filter(pk=assignment.pk).update(
            state=AssignmentState.ACCEPTED if accept else AssignmentState.DECLINED,
            answered_at=now,
            answer_reason=reason.strip(),
        )

    with transaction.atomic():
        order_step(
            actor=actor,
            order=order,
            action=Action.ACCEPT_ASSIGNMENT if accept else Action.DECLINE_ASSIGNMENT,
            reason=reason,
            changes=None if accept else (lambda now: {"assigned_practitioner_id": None}),
            data={
                "practitioner": assignment.practitioner_id,
                "practitioner_name": assignment.practitioner.name,
            },
            after=after,
        )
    assignment.refresh_from_db()
    return assignment


def conflict_record_create(
    *,
    actor: Actor,
    party: str,
    practitioner: Practitioner | None = None,
    institution: Institution | None = None,
    note: str = "",
) -> ConflictRecord:
    """Record that a person (or a whole firm) acts for `party`: they are left out of suggestions in
    cases against that party."""
    policy.require_action(actor, "legal_aid.assign")
    errors = ErrorCollector()
    if not party.strip():
        errors.add("party", ErrorCode.CONFLICT_PARTY_REQUIRED, _("Name the party they act for."))
    if practitioner is None and institution is None:
        errors.add("practitioner", "required", _("Name the person or the firm."))
    errors.raise_if_any()
    with transaction.atomic():
        record = ConflictRecord.objects.create(
            practitioner=practitioner,
            institution=institution,
            party=party.strip(),
            party_key=party_key(party),
            note=note.strip(),
            recorded_by=actor if policy.is_staff_actor(actor) else None,
        )
        audit_record(
            actor=actor,
            action="legal_aid.conflict_record",
            entity=record,
            before=None,
            after={
                "practitioner": practitioner.pk if practitioner else None,
                "institution": institution.pk if institution else None,
                "party": record.party,
            },
        )
    return record


def duty_station_create(
    *,
    actor: Actor,
    service_point: ServicePoint,
    host: str,
    host_name: str,
    centre: Institution | None = None,
) -> DutyStation:
    """Make a service point a duty-lawyer station at a court, procuratorate or detention centre
    (法律援助法第十四条)."""
    errors = ErrorCollector()
    if host not in DutyHost.values:
        errors.add("host", "invalid_choice", _("Choose a court, procuratorate or detention centre."))
    if not host_name.strip():
        errors.add("host_name", "required", _("Name the court, procuratorate or detention centre."))
    errors.raise_if_any()
    with transaction.atomic():
        station = DutyStation.objects.create(
            service_point=service_point, host=host, host_name=host_name.strip(), centre=centre
        )
        audit_record(
            actor=actor,
            action="legal_aid.duty_station_create",
            entity=station,
            before=None,
            after={"service_point": service_point.pk, "host": host, "host_name": station.host_name},
        )
    return station


def duty_shift_add(
    *, actor: Actor, station: DutyStation, practitioner: Practitioner, day: dt.date, shift: str
) -> RosterShift:
    """Put a duty lawyer on the station's roster for a day and shift."""
    with transaction.atomic():
        row = RosterShift.objects.create(
            service_point_id=station.pk,
            duty=RosterDuty.DUTY_LAWYER,
            date=day,
            shift=shift,
            practitioner=practitioner,
        )
        audit_record(
            actor=actor,
            action="legal_aid.duty_shift_add",
            entity=row,
            before=None,
            after={
                "station": station.pk,
                "practitioner": practitioner.pk,
                "date": day.isoformat(),
                "shift": shift,
            },
        )
    return row


def aid_practitioner_enrol(
    *,
    actor: Actor,
    practitioner: Practitioner,
    matter_types: list[str],
    matters: list[str] | None = None,
    capacity: int = 10,
    accepting: bool = True,
    unavailable_until: dt.date | None = None,
) -> AidPractitioner:
    """Put a lawyer or legal aid worker on the legal aid panel (or update their entry)."""
    from .enums import Matter, MatterType

    errors = ErrorCollector()
    if practitioner.kind not in PANEL_KINDS:
        errors.add(
            "practitioner", "invalid_choice", _("Only lawyers and legal aid workers take legal aid cases.")
        )
    if any(m not in MatterType.values for m in matter_types):
        errors.add("matter_types", "invalid_choice", _("Choose matter types from the list."))
    if any(m not in Matter.values for m in matters or []):
        errors.add("matters", "invalid_choice", _("Choose matters from the list."))
    if capacity < 1:
        errors.add("capacity", "min_value", _("At least one open case."))
    errors.raise_if_any()
    with transaction.atomic():
        row, _created = AidPractitioner.objects.update_or_create(
            practitioner=practitioner,
            defaults={
                "matter_types": sorted(matter_types),
                "matters": sorted(matters or []),
                "capacity": capacity,
                "accepting": accepting,
                "unavailable_until": unavailable_until,
            },
        )
        audit_record(
            actor=actor,
            action="legal_aid.panel_enrol",
            entity=row,
            before=None,
            after={"practitioner": practitioner.pk, "matter_types": row.matter_types, "capacity": capacity},
        )
    return row


def access_legal_aid_order(actor: Actor, tracking_no: str) -> ServiceOrder:
    """A legal aid order the actor may see, by tracking number; NotFound alike for missing, forbidden
    and not legal aid."""
    from fawang.orders.selectors import order_get_for_actor

    order = order_get_for_actor(actor=actor, tracking_no=tracking_no)
    if order.workflow != WORKFLOW:
        raise NotFound("order_not_found", _("No such legal aid case."), "tracking_no")
    return order


def assignments_for_orders(orders: list[ServiceOrder]) -> QuerySet[Assignment]:
    """The live assignment of each of `orders` (one query)."""
    return Assignment.objects.filter(order__in=orders, state__in=LIVE).select_related(
        "practitioner", "assigned_by"
    )
