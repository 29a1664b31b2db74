"""Notary's writes. Every status change goes through the workflow engine (fawang.orders.engine); this
module adds what notarisation needs beside it: the matters list and its fee table, appointment slots
booked race-safe, the application's row written at intake, visits counted, refunds on refusal."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.audit.services import audit_record
from fawang.core.errors import FieldError, ValidationFailed
from fawang.core.types import Actor
from fawang.network.enums import InstitutionKind
from fawang.network.models import Institution, Practitioner
from fawang.orders import routing
from fawang.orders.models import OrderEvent, ServiceOrder

from .enums import WORKFLOW, ErrorCode, SlotKind
from .models import MatterFee, NotaryApplication, NotaryMatter, Slot
from .selectors import fee_as_of

BUNDLED_MATTERS = Path(__file__).resolve().parent / "data" / "matters.json"


def matters_load(*, path: Path = BUNDLED_MATTERS) -> int:
    """Load the matters list and each matter's fee versions (idempotent: a matter is updated by code,
    a fee version is added when none of the matter starts that day). Returns the matters created."""
    data = json.loads(path.read_text(encoding="utf-8"))
    created = 0
    with transaction.atomic():
        for row in data["matters"]:
            fees = row.pop("fees", [])
            matter, made = NotaryMatter.objects.update_or_create(code=row["code"], defaults=row)
            created += int(made)
            for fee in fees:
                if not matter.fees.filter(effective_from=fee["effective_from"]).exists():
                    matter_fee_create(
                        actor=None,
                        matter=matter,
                        amount_fen=fee["amount_fen"],
                        effective_from=dt.date.fromisoformat(fee["effective_from"]),
                        effective_to=(
                            dt.date.fromisoformat(fee["effective_to"]) if fee.get("effective_to") else None
                        ),
                        basis=fee["basis"],
                        is_demo=fee.get("is_demo", False),
                    )
    return created


def matter_fee_create(
    *,
    actor: Actor,
    matter: NotaryMatter,
    amount_fen: int,
    effective_from: dt.date,
    effective_to: dt.date | None,
    basis: str,
    is_demo: bool = False,
) -> MatterFee:
    """Enter a version of a matter's fee. Integer fen, at least 0; dated; never overlapping another
    version of the matter (the matter row is locked while checking, so two entries cannot both pass).
    `actor` None is the loader (the shipped file)."""
    if actor is not None:
        policy.require_action(actor, "notary.fees")
    errors: list[FieldError] = []
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool) or not 0 <= amount_fen <= 10**10:
        errors.append(
            FieldError("invalid", _("Give the fee in whole fen, from 0 to 100,000,000 yuan."), "amount_fen")
        )
    if effective_to is not None and effective_to < effective_from:
        errors.append(
            FieldError("invalid", _("The end date may not come before the start date."), "effective_to")
        )
    if not (basis or "").strip():
        errors.append(FieldError("required", _("Name the document that sets the fee."), "basis"))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        NotaryMatter.objects.select_for_update().filter(pk=matter.pk).first()
        clash = (
            matter.fees.filter(effective_from__lte=effective_to or dt.date.max)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=effective_from))
            .first()
        )
        if clash is not None:
            raise ValidationFailed(
                [
                    FieldError(
                        ErrorCode.FEE_OVERLAP,
                        _("This overlaps the fee in force from %(day)s: end that one first.")
                        % {"day": clash.effective_from.isoformat()},
                        "effective_from",
                    )
                ]
            )
        fee = MatterFee.objects.create(
            matter=matter,
            amount_fen=amount_fen,
            effective_from=effective_from,
            effective_to=effective_to,
            basis=basis.strip(),
            is_demo=is_demo,
        )
        audit_record(
            actor=actor,
            action="notary.fee_create",
            entity=fee,
            before=None,
            after={
                "matter": matter.code,
                "amount_fen": amount_fen,
                "effective_from": effective_from.isoformat(),
                "effective_to": effective_to.isoformat() if effective_to else None,
                "basis": fee.basis,
            },
        )
    return fee


def matter_offices_set(*, matter: NotaryMatter, offices: list[Institution]) -> None:
    """Which notary offices offer a matter (the demo and the back office)."""
    matter.offices.set([o for o in offices if o.kind == InstitutionKind.NOTARY_OFFICE])


# ---- appointment slots -------------------------------------------------------------------------


def slot_create(
    *,
    actor: Actor,
    office: Institution,
    starts_at: dt.datetime,
    minutes: int,
    kind: str = SlotKind.VISIT,
    notary: Practitioner | None = None,
) -> Slot:
    """An appointment time of the office (its staff, `notary.slots` at the office). A notary has one
    slot at a time; a notary of another office is refused."""
    if actor is not None:
        policy.require_action(actor, "notary.slots")
        if not policy.is_province_wide(actor) and actor.jurisdiction_institution_id != office.pk:
            raise ValidationFailed(
                [FieldError("forbidden", _("You may add times only for your own office."), "office")]
            )
    if notary is not None and notary.institution_id != office.pk:
        raise ValidationFailed([FieldError("invalid", _("This notary is not of this office."), "notary")])
    if starts_at <= timezone.now():
        raise ValidationFailed([FieldError("invalid", _("Choose a time in the future."), "starts_at")])
    with transaction.atomic():
        if notary is not None and Slot.objects.filter(notary=notary, starts_at=starts_at).exists():
            raise ValidationFailed(
                [FieldError("duplicate", _("This notary already has a time then."), "starts_at")]
            )
        slot = Slot.objects.create(
            office=office,
            notary=notary,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=minutes),
            kind=kind,
        )
        audit_record(
            actor=actor,
            action="notary.slot_create",
            entity=slot,
            before=None,
            after={
                "office": office.pk,
                "starts_at": starts_at.isoformat(),
                "kind": kind,
            },
        )
    return slot


def _slot_book(slot: Slot, order: ServiceOrder) -> None:
    """Book the slot for the order: one conditional UPDATE, so of two applicants racing for it one
    wins and the other's whole intake is refused (nothing of it is saved)."""
    won = Slot.objects.filter(pk=slot.pk, order__isnull=True).update(order=order)
    if won != 1:
        raise ValidationFailed(
            [
                FieldError(
                    ErrorCode.SLOT_TAKEN, _("This time was just booked: choose another."), "details.slot"
                )
            ]
        )


# ---- the application ---------------------------------------------------------------------------


def notary_chosen_office(details: dict[str, Any]) -> routing.RoutingDecision | None:
    """The office the applicant chose handles the application (公证法第二十五条)."""
    office = details.get("office")
    return routing.decision_for_place(institution=office) if isinstance(office, Institution) else None


def notary_on_intake(*, order: ServiceOrder, data: dict[str, Any], actor: Actor) -> None:
    """Write the application's row in the intake's transaction: the fee from the table as of today,
    and the booked slot."""
    matter: NotaryMatter = data["matter"]
    fee = fee_as_of(matter, timezone.localdate())
    if fee is None:
        raise ValidationFailed(
            [
                FieldError(
                    ErrorCode.NO_FEE,
                    _("No fee is set for this matter today: call the office."),
                    "details.matter",
                )
            ]
        )
    NotaryApplication.objects.create(
        order=order,
        matter=matter,
        office=data["office"],
        purpose=(data.get("purpose") or "").strip(),
        second_language=data.get("second_language") or "",
        fee_fen=fee.amount_fen,
        fee=fee,
    )
    if data.get("slot") is not None:
        _slot_book(data["slot"], order)


def notary_visit_record(*, actor: Actor, order: ServiceOrder) -> NotaryApplication:
    """The applicant came to the office for this application (counted for "at most one visit")."""
    policy.require_order(actor, "order.handle", order)
    with transaction.atomic():
        NotaryApplication.objects.filter(order=order).update(visits=F("visits") + 1)
        application = NotaryApplication.objects.get(order=order)
        audit_record(
            actor=actor,
            action="notary.visit",
            entity=order,
            before=None,
            after={"visits": application.visits},
        )
    return application


def notary_on_refused(*, order: ServiceOrder, event: OrderEvent, actor: Actor, now: dt.datetime) -> None:
    """A refusal (公证法第三十一条) frees the booked time and refunds what was paid."""
    if order.workflow != WORKFLOW:
        return
    from .payments import refund_all

    Slot.objects.filter(order=order, starts_at__gt=now).update(order=None)
    application = NotaryApplication.objects.filter(order=order).first()
    if application is not None:
        refund_all(application=application, actor=actor, now=now)


# ---- enforceable debt instruments (公证法第三十七条) ------------------------------------------------


def _require_enforceable(order: ServiceOrder) -> None:
    application = NotaryApplication.objects.select_related("matter").filter(order=order).first()
    if application is None or not application.matter.enforceable:
        raise ValidationFailed(
            [
                FieldError(
                    "invalid", _("Only a debt instrument given enforceable effect takes this step."), None
                )
            ]
        )


def notary_confirm_commitment(*, actor: Actor, order: ServiceOrder, reason: str = "") -> ServiceOrder:
    """The notary confirms with the debtor, in writing, the commitment to accept compulsory enforcement
    that the instrument states (公证法第三十七条); only then is it issued."""
    from fawang.orders.engine import order_step

    _require_enforceable(order)
    return order_step(actor=actor, order=order, action="notary_confirm_commitment", reason=reason)


def notary_certify_enforcement(*, actor: Actor, order: ServiceOrder, reason: str = "") -> ServiceOrder:
    """The debtor did not perform: on the creditor's application the office verifies it (the reason says
    how) and issues the enforcement certificate the creditor takes to the court (第三十七条)."""
    from fawang.orders.engine import order_step

    from .certificates import enforcement_certificate_issue

    _require_enforceable(order)

    def after(order: ServiceOrder, when: dt.datetime) -> None:
        enforcement_certificate_issue(actor=actor, order=order, facts=reason.strip(), when=when)

    return order_step(
        actor=actor, order=order, action="notary_certify_enforcement", reason=reason, after=after
    )
