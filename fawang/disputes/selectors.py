"""Reads of the dispute-resolution base. Party access: a citizen signed in sees a dispute when they
filed it (the order's applicant, `policy.can_see_order`) or when they are one of its parties: the
account recorded on the party, their verified phone's blind index, or their ID number's blind index
matches the party's. Everyone else, and every other case, is "not found" (404, alike for missing)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.accounts.enums import UserKind
from fawang.core.errors import NotFound
from fawang.orders.models import ServiceOrder
from fawang.orders.tracking import normalise_tracking_number

from .models import Document, Outcome, Party, ServiceRecord, Session


def _citizen(actor: Any) -> bool:
    return bool(getattr(actor, "is_active", False) and getattr(actor, "kind", "") == UserKind.CITIZEN)


def party_q(actor: Any, prefix: str = "") -> Q:
    """The parties this citizen is (by account, verified phone, ID number); `prefix` for a relation."""
    q = Q(**{f"{prefix}account": actor})
    if actor.phone_index and actor.phone_verified_at is not None:
        q |= Q(**{f"{prefix}phone_index": actor.phone_index})
    if getattr(actor, "id_number_index", ""):
        q |= Q(**{f"{prefix}id_number_index": actor.id_number_index})
    return q


def parties_of_citizen(actor: Any, order: ServiceOrder) -> QuerySet[Party]:
    if not _citizen(actor):
        return Party.objects.none()
    return Party.objects.filter(party_q(actor), order=order)


def is_party(actor: Any, order: ServiceOrder) -> bool:
    """The citizen filed this case or is one of its parties."""
    if not _citizen(actor):
        return False
    return policy.can_see_order(actor, order) or parties_of_citizen(actor, order).exists()


def disputes_of_citizen(actor: Any) -> QuerySet[ServiceOrder]:
    """Every case with base rows (parties) in which the citizen is a party or the applicant."""
    if not _citizen(actor):
        return ServiceOrder.objects.none()
    ids = Party.objects.filter(party_q(actor)).values("order_id")
    own = ServiceOrder.objects.filter(policy.citizen_orders_q(actor), dispute_parties__isnull=False)
    return (
        ServiceOrder.objects.filter(Q(pk__in=ids) | Q(pk__in=own.values("pk")))
        .select_related("service_item", "assigned_institution")
        .order_by("-submitted_at")
    )


def dispute_for_party(*, actor: Any, tracking_no: str) -> ServiceOrder:
    """The case for a party's own pages; NotFound for anyone else (staff use the order page)."""
    number = normalise_tracking_number(tracking_no or "")
    order = (
        ServiceOrder.objects.select_related("service_item", "assigned_institution")
        .filter(tracking_no=number)
        .first()
    )
    if order is None or not is_party(actor, order):
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    return order


def dispute_for_staff(*, actor: Any, tracking_no: str, action: str = "order.view") -> ServiceOrder:
    number = normalise_tracking_number(tracking_no or "")
    order = ServiceOrder.objects.filter(tracking_no=number).first()
    if order is None or not policy.can_act_on_order(actor, action, order):
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    return order


def case_file(order: ServiceOrder) -> dict[str, Any]:
    """The case file as staff and parties read it: parties with their representatives, sessions,
    documents with their records of service, outcomes."""
    parties = list(Party.objects.filter(order=order).prefetch_related("representatives"))
    documents = list(
        Document.objects.filter(order=order).prefetch_related("service_records").defer("file_b64", "text")
    )
    return {
        "parties": parties,
        "sessions": list(Session.objects.filter(order=order)),
        "documents": documents,
        "outcomes": list(
            Outcome.objects.filter(order=order).select_related("document").defer("document__file_b64")
        ),
    }


def documents_served_on(order: ServiceOrder, parties: QuerySet[Party]) -> list[ServiceRecord]:
    return list(
        ServiceRecord.objects.filter(document__order=order, party__in=parties).select_related("document")
    )


def outcome_public(number: str) -> Outcome | None:
    """The verification page's outcome: kind, title, issuer, date, hash and log entry (no names)."""
    if not number or len(number) > 40:
        return None
    return Outcome.objects.filter(number=number).select_related("corrects").defer("body").first()


def outcome_for_party(*, actor: Any, number: str) -> Outcome:
    outcome = Outcome.objects.select_related("order", "document").filter(number=number[:40]).first()
    if outcome is None or not is_party(actor, outcome.order):
        raise NotFound("not_found", _("No such document."), "number")
    return outcome


def party_phone_indexes(order: ServiceOrder) -> set[str]:
    """The blind indexes of the parties' phones (for the public tracking page's check)."""
    return set(
        Party.objects.filter(order=order).exclude(phone_index="").values_list("phone_index", flat=True)
    )
