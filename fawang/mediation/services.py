"""People's mediation's writes (docs/adr/0029). The parties, sessions, documents and the agreement
document are the disputes base's; here: the dispute row at intake, the committee the party chose, the
mediator, the agreement (人民调解法第二十八条至第三十条) as the base's signed outcome in the evidence log,
follow-up visits (第三十一条), and the move into arbitration through the engine (人民调解+仲裁).
Nothing here charges a fee (第四条)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.audit.services import audit_record
from fawang.catalog.models import ServiceItem
from fawang.core.errors import FieldError, NotFound, ValidationFailed
from fawang.core.identity import mobile_index, resident_id_index
from fawang.core.types import Actor
from fawang.disputes.enums import OutcomeForm, PartyKind, Side
from fawang.disputes.models import Outcome, Party
from fawang.disputes.outcomes import outcome_sign
from fawang.disputes.services import parties_add_at_intake
from fawang.network.enums import InstitutionKind, PractitionerKind
from fawang.network.models import Institution, Practitioner
from fawang.orders import routing
from fawang.orders.engine import order_event_add, order_step
from fawang.orders.models import ServiceOrder
from fawang.orders.services import order_make

from .enums import ARBITRABLE, FROM_MEDIATION, OUTCOME_PREFIX, Action, Category, ErrorCode, Performance, Stage
from .enums import EventKind as ME
from .models import FollowUp, Mediation

MEDIATE = "mediation.mediate"


def _invalid(field: str, message: str, code: str = "invalid") -> ValidationFailed:
    return ValidationFailed([FieldError(code, message, field)])


# ---- intake ------------------------------------------------------------------------------------------


def mediation_chosen_committee(details: dict[str, Any]) -> routing.RoutingDecision | None:
    """The committee the party chose (人民调解法第十七条: they apply to a committee) handles it; without
    a choice the order is routed as usual (the township's committee, else its service point)."""
    committee = details.get("committee")
    return routing.decision_for_place(institution=committee) if isinstance(committee, Institution) else None


def _applicant_party(order: ServiceOrder) -> dict[str, Any] | None:
    name = (order.applicant_name or order.enterprise_name or "").strip()
    if not name:
        return None
    organisation = bool(order.enterprise_name) and not order.applicant_name
    phone = order.applicant_phone or ""
    id_number = "" if organisation else (order.applicant_id_number or "")
    return {
        "side": Side.APPLICANT,
        "kind": PartyKind.ORGANISATION if organisation else PartyKind.PERSON,
        "name": name[:64],
        "phone": phone,
        "phone_index": mobile_index(phone) if phone else "",
        "id_number": id_number,
        "id_number_index": resident_id_index(id_number) if id_number else "",
        "credit_code": (order.enterprise_credit_code or "") if organisation else "",
        "address": "",
        "account": order.applicant,
    }


def mediation_on_intake(*, order: ServiceOrder, data: dict[str, Any], actor: Actor) -> None:
    """The dispute row and its two parties, in the intake's transaction. The committee is the one
    chosen, else the place the order was routed to when that is a committee."""
    committee = data.get("committee")
    if committee is None and order.assigned_institution_id:
        committee = Institution.objects.filter(
            pk=order.assigned_institution_id, kind=InstitutionKind.MEDIATION_COMMITTEE
        ).first()
    if committee is None:
        raise _invalid(
            "details.committee",
            _("No people's mediation committee serves this place: choose one from the list."),
            ErrorCode.NOT_A_COMMITTEE,
        )
    Mediation.objects.create(
        order=order,
        committee=committee,
        category=data["category"],
        source=data.get("source") or "party",
        referred_by=data.get("referred_by") or "",
    )
    applicant = _applicant_party(order)
    if applicant is not None and not applicant["phone"] and data.get("applicant_phone"):
        # Registered by a body for them (`order_make`): the phone it gave, so they follow the case.
        applicant["phone"] = data["applicant_phone"]
        applicant["phone_index"] = mobile_index(data["applicant_phone"])
    parties = [p for p in (applicant, data.get("respondent")) if p]
    parties_add_at_intake(order=order, parties=parties, actor=actor)


# ---- the work --------------------------------------------------------------------------------------


def _mediation(order: ServiceOrder) -> Mediation:
    return Mediation.objects.select_related("committee").get(order=order)


def mediator_assign(*, actor: Actor, order: ServiceOrder, mediator: Any) -> Mediation:
    """The committee names the mediator (人民调解法第十九条): a people's mediator of the committee."""
    policy.require_order(actor, MEDIATE, order)
    mediation = _mediation(order)
    found = (
        Practitioner.objects.filter(
            pk=getattr(mediator, "pk", mediator),
            kind=PractitionerKind.MEDIATOR,
            institution_id=mediation.committee_id,
            status="active",
        ).first()
        if str(getattr(mediator, "pk", mediator) or "").isdigit()
        else None
    )
    if found is None:
        raise _invalid(
            "mediator", _("Choose a people's mediator of this committee."), ErrorCode.NOT_A_MEDIATOR
        )
    with transaction.atomic():
        Mediation.objects.filter(pk=mediation.pk).update(mediator=found, updated_at=timezone.now())
        # The mediator works the case as its assignee (their practitioner reach, policy.ASSIGNED).
        ServiceOrder.objects.filter(pk=order.pk).update(assigned_practitioner=found)
        audit_record(
            actor=actor,
            action="mediation.assign",
            entity=mediation,
            before=None,
            after={"mediator": found.pk},
        )
        order_event_add(order, ME.MEDIATOR_ASSIGNED, actor=actor)
    mediation.refresh_from_db()
    return mediation


def mediation_agree(
    *,
    actor: Actor,
    order: ServiceOrder,
    form: str,
    facts: str,
    terms: str,
    signed: list[Any] = (),  # type: ignore[assignment]
    now: dt.datetime | None = None,
) -> Outcome:
    """Record the agreement (人民调解法第二十八条): written (the 调解协议书 of 第二十九条, signed by the
    parties of both sides; effective on signing) or oral (recorded by the mediator; effective the day it
    is reached, 第三十条). Rendered as the base's signed outcome, its hash in the evidence log; the step
    starts the thirty days of 第三十三条."""
    policy.require_order(actor, MEDIATE, order)
    mediation = _mediation(order)
    errors: list[FieldError] = []
    if form not in OutcomeForm.values:
        errors.append(FieldError("invalid", _("Choose whether the agreement is written or oral."), "form"))
    if not (facts or "").strip():
        errors.append(FieldError("required", _("Write the main facts and the matters in dispute."), "facts"))
    if not (terms or "").strip():
        errors.append(
            FieldError("required", _("Write what the parties agreed, and how and by when."), "terms")
        )
    ids = {int(x) for x in signed if str(x).isdigit()}
    signatories = list(Party.objects.filter(order=order, pk__in=ids))
    if errors:
        raise ValidationFailed(errors)
    holder: dict[str, Outcome] = {}
    now = now or timezone.now()

    def after(order: ServiceOrder, when: dt.datetime) -> None:
        holder["outcome"] = outcome_sign(
            actor=actor,
            order=order,
            kind="mediation_agreement",
            title="人民调解协议书" if form == OutcomeForm.WRITTEN else "口头调解协议记录",
            body=f"纠纷的主要事实、争议事项及各方责任：\n{facts.strip()}\n达成协议的内容、履行方式和期限：\n{terms.strip()}",
            number_prefix=OUTCOME_PREFIX,
            issuer_name=mediation.committee.name,
            signatories=signatories,
            form=form,
            extra=[("纠纷类型", str(Category(mediation.category).label))],
            action=MEDIATE,
            now=when,
        )
        Mediation.objects.filter(pk=mediation.pk).update(
            agreement_effective_on=timezone.localtime(when).date()
        )

    with transaction.atomic():
        order_step(actor=actor, order=order, action=Action.AGREE, after=after, now=now)
    return holder["outcome"]


def follow_up_record(
    *, actor: Actor, order: ServiceOrder, visited_on: dt.date, performance: str, note: str = ""
) -> FollowUp:
    """A follow-up visit on performance (第三十一条第二款), while the agreement is being performed."""
    policy.require_order(actor, MEDIATE, order)
    errors: list[FieldError] = []
    if order.stage not in (Stage.AGREED, Stage.CONFIRMATION_APPLIED, Stage.PERFORMING, Stage.PERFORMED):
        errors.append(
            FieldError("invalid", _("Follow-up visits are made once an agreement is reached."), None)
        )
    if performance not in Performance.values:
        errors.append(FieldError("invalid", _("Choose how far the agreement is performed."), "performance"))
    if not isinstance(visited_on, dt.date) or visited_on > timezone.localdate():
        errors.append(FieldError("invalid", _("The visit cannot be in the future."), "visited_on"))
    if errors:
        raise ValidationFailed(errors)
    mediation = _mediation(order)
    with transaction.atomic():
        visit = FollowUp.objects.create(
            mediation=mediation,
            visited_on=visited_on,
            performance=performance,
            note="".join(c for c in (note or "") if c in "\n\t" or ord(c) >= 32).strip()[:2000],
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="mediation.follow_up",
            entity=visit,
            before=None,
            after={"performance": performance},
        )
        order_event_add(order, ME.FOLLOW_UP, actor=actor, data={"performance": performance})
    return visit


def mediation_to_arbitration(
    *,
    actor: Actor,
    order: ServiceOrder,
    commission: Any,
    agreement: str = "",
    claim_amount_fen: int | None = None,
    now: dt.datetime | None = None,
) -> ServiceOrder:
    """人民调解+仲裁 (the Deyang and Mianyang pilot): a failed or unperformed mediation of a contract or
    property dispute moves into commercial arbitration, a labour one into labour arbitration, with its
    case file. The arbitration order is made through the engine (`order_make` of the arbitration
    item, handled by the commission chosen); the arbitration module's intake copies the file
    (`details["from_mediation"]`). Returns the arbitration order."""
    policy.require_order(actor, MEDIATE, order)
    mediation = _mediation(order)
    errors: list[FieldError] = []
    item_code = ARBITRABLE.get(mediation.category)
    if item_code is None:
        errors.append(
            FieldError(
                ErrorCode.NOT_ARBITRABLE,
                _("Only a contract, property or labour dispute can move into arbitration."),
                "category",
            )
        )
    if order.stage not in (Stage.FAILED, Stage.NOT_PERFORMED):
        errors.append(
            FieldError("invalid", _("Only a failed or unperformed mediation moves into arbitration."), None)
        )
    found = (
        Institution.objects.filter(
            pk=commission, kind=InstitutionKind.ARBITRATION_COMMISSION, is_active=True
        ).first()
        if str(getattr(commission, "pk", commission) or "").isdigit()
        else None
    )
    if found is None:
        errors.append(
            FieldError(ErrorCode.NO_COMMISSION, _("Choose an arbitration commission."), "commission")
        )
    item = ServiceItem.objects.filter(code=item_code).first() if item_code else None
    if item_code and item is None:
        errors.append(
            FieldError(
                ErrorCode.NOT_ARBITRABLE, _("Arbitration is not offered on this platform yet."), "category"
            )
        )
    if errors:
        raise ValidationFailed(errors)
    assert found is not None and item is not None
    respondent = Party.objects.filter(order=order, side=Side.RESPONDENT).first()
    applicant = Party.objects.filter(order=order, side=Side.APPLICANT).first()
    details: dict[str, Any] = {
        FROM_MEDIATION: order.tracking_no,
        "commission": found.pk,
        "respondent": respondent.name if respondent else "",
        "claim_amount_fen": claim_amount_fen,
    }
    if item_code == "arbitration":
        details["agreement"] = (agreement or "").strip()
    holder: dict[str, ServiceOrder] = {}
    with transaction.atomic():
        made = order_make(
            actor=actor,
            service_item=item,
            region=order.region,
            description=f"人民调解转仲裁（{order.tracking_no}）：{order.description}"[:2000],
            handler=routing.decision_for_place(institution=found),
            reason="人民调解+仲裁衔接：调解不成或调解协议未履行，经当事人同意转入仲裁",
            applicant_name=applicant.name if applicant else "",
            details=details,
            now=now,
        )
        holder["made"] = made

        def after(order: ServiceOrder, when: dt.datetime) -> None:
            Mediation.objects.filter(pk=mediation.pk).update(handed_to=made.tracking_no)

        order_step(
            actor=actor,
            order=order,
            action=Action.TO_ARBITRATION,
            data={"arbitration_order": made.tracking_no},
            after=after,
            now=now,
        )
    return holder["made"]


def mediation_for_staff(*, actor: Actor, tracking_no: str) -> ServiceOrder:
    from fawang.disputes.selectors import dispute_for_staff

    order = dispute_for_staff(actor=actor, tracking_no=tracking_no)
    if order.workflow != "mediation":
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    return order
