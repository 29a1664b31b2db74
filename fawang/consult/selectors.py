"""Consultation's reads: the duty queue, threads as each reader may see them, the expert panel's
requests (confidential, `policy.scope_expert_requests`), and the knowledge base it cites and feeds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.core.errors import FieldError, NotFound, ValidationFailed
from fawang.core.types import Actor
from fawang.network.enums import PractitionerStatus, RosterDuty
from fawang.network.models import Practitioner, RosterShift
from fawang.orders.enums import OrderStatus
from fawang.orders.models import ServiceOrder

from .enums import WORKFLOW, ErrorCode, ExpertRequestStatus
from .models import Consultation, ConsultationMessage, Expert, ExpertRequest

QUEUE_LIMIT = 100


def consultation_item() -> Any:
    """The service item citizens ask through: the offered one on the consultation workflow (the
    shipped catalog's `consultation`)."""
    from fawang.catalog.models import ServiceItem, offered_items

    return (
        ServiceItem.objects.filter(offered_items(), workflow=WORKFLOW).order_by("sort_order", "code").first()
    )


def duty_practitioner(actor: Actor) -> Practitioner | None:
    """The active practitioner the actor logs in as, if their role answers consultations."""
    if not policy.has_action(actor, "consult.answer"):
        return None
    pk = actor.practitioner_pk
    if pk is None:
        return None
    return Practitioner.objects.filter(pk=pk, status=PractitionerStatus.ACTIVE).first()


def _languages(practitioner: Practitioner) -> set[str]:
    return set(practitioner.languages or ["zh"])


def duty_places(practitioner: Practitioner, *, day: Any = None) -> list[str]:
    """The region paths of the service points where the practitioner is a duty lawyer today."""
    day = day or timezone.localdate()
    return sorted(
        set(
            RosterShift.objects.filter(
                practitioner=practitioner, duty=RosterDuty.DUTY_LAWYER, date=day
            ).values_list("service_point__region__path", flat=True)
        )
    )


def _duty_q(practitioner: Practitioner) -> Q | None:
    paths = duty_places(practitioner)
    if not paths:
        return None
    where = Q(pk__in=[])
    for path in paths:
        where |= Q(handler_region_path__startswith=path)
    return where & Q(language__in=_languages(practitioner))


def on_duty_for(practitioner: Practitioner, order: ServiceOrder) -> bool:
    """Is the practitioner on today's duty roster of a point whose region holds the order's handling
    place, and do they speak its language?"""
    if order.language not in _languages(practitioner):
        return False
    return any(order.handler_region_path.startswith(p) for p in duty_places(practitioner))


def duty_queue(actor: Actor) -> QuerySet[ServiceOrder]:
    """Questions waiting for a duty lawyer (nobody took them yet) at the points where the actor is on
    duty today, in the languages they speak, oldest due first; empty for anyone else."""
    practitioner = duty_practitioner(actor)
    where = _duty_q(practitioner) if practitioner is not None else None
    if where is None:
        return ServiceOrder.objects.none()
    qs = ServiceOrder.objects.filter(where, workflow=WORKFLOW, status=OrderStatus.SUBMITTED, stage="")
    return policy.scope_orders_with(actor, qs).order_by("due_at", "submitted_at")[:QUEUE_LIMIT]


def my_consultations(actor: Actor) -> QuerySet[ServiceOrder]:
    """The consultations the actor took and has not finished (answered ones stay until closed)."""
    pk = getattr(actor, "practitioner_pk", None)
    if pk is None or not policy.has_action(actor, "consult.answer"):
        return ServiceOrder.objects.none()
    return (
        ServiceOrder.objects.filter(workflow=WORKFLOW, assigned_practitioner_id=pk)
        .exclude(status=OrderStatus.CLOSED)
        .order_by("due_at", "submitted_at")[:QUEUE_LIMIT]
    )


def access_consultation(actor: Actor, tracking_no: str) -> ServiceOrder:
    """One consultation the actor may see (its asker, or staff who see the order); else not found."""
    order = (
        policy.scope_orders(actor, ServiceOrder.objects.filter(workflow=WORKFLOW))
        .filter(tracking_no=(tracking_no or "").strip().upper())
        .select_related("service_item", "assigned_practitioner")
        .first()
    )
    if order is None or not Consultation.objects.filter(pk=order.pk).exists():
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    return order


@dataclass(frozen=True)
class ThreadMessage:
    kind: str
    author: str
    text: str
    citations: list[dict[str, Any]]
    created_at: Any


def thread(actor: Actor, order: ServiceOrder) -> list[ThreadMessage]:
    """The thread as this reader may read it: the asker and the answering lawyer the words as
    written, everyone else with personal details masked. An answer's author is shown by name to
    staff; to the asker, as "duty lawyer"."""
    full = policy.can_read_question(actor, order)
    staff = policy.is_staff_actor(actor)
    rows = ConsultationMessage.objects.filter(consultation_id=order.pk).order_by("created_at", "id")
    out = []
    for m in rows:
        author = (m.author_label if staff else _("Duty lawyer")) if m.kind == "answer" else _("Asker")
        out.append(
            ThreadMessage(m.kind, author, m.body if full else m.masked, list(m.citations), m.created_at)
        )
    return out


def citations_resolve(citations: Sequence[Any]) -> list[dict[str, Any]]:
    """Check what an answer cites: [{"kind": "article" | "entry", "id": n}] naming rows of the
    knowledge base; each comes back with its label (law and article number, or the entry's question).
    An unknown one is an error naming `citations`."""
    if not citations:
        return []
    from fawang.knowledge.models import Article, Entry

    out: list[dict[str, Any]] = []
    wanted: dict[str, set[int]] = {"article": set(), "entry": set()}
    for c in list(citations)[:20]:
        kind = c.get("kind") if isinstance(c, dict) else None
        try:
            pk = int(c.get("id")) if isinstance(c, dict) else None
        except (TypeError, ValueError):
            pk = None
        if kind not in wanted or pk is None or not (0 < pk < 2**62):
            raise ValidationFailed(
                [FieldError("citation_invalid", _("Cite an article or an entry by its id."), "citations")]
            )
        wanted[kind].add(pk)
    articles = {a.pk: a for a in Article.objects.filter(pk__in=wanted["article"]).select_related("law")}
    entries = {e.pk: e for e in Entry.objects.filter(pk__in=wanted["entry"])}
    if len(articles) != len(wanted["article"]) or len(entries) != len(wanted["entry"]):
        raise ValidationFailed(
            [
                FieldError(
                    "citation_unknown", _("No such article or entry in the knowledge base."), "citations"
                )
            ]
        )
    for pk in sorted(wanted["article"]):
        a = articles[pk]
        out.append({"kind": "article", "id": pk, "label": f"{a.law.name}{a.number_text}"})
    for pk in sorted(wanted["entry"]):
        out.append({"kind": "entry", "id": pk, "label": entries[pk].question[:80]})
    return out


def citation_candidates(text: str, *, exclude: Sequence[str] = (), limit: int = 8) -> list[dict[str, Any]]:
    """What the article picker offers for `text`: the article a reference names (劳动合同法第三十条,
    《民法典》第908条) first, then the best articles and entries for the words; each with its key
    ("article:<id>" / "entry:<id>") and label. Nothing for empty text."""
    from fawang.knowledge.selectors import article_by_reference, knowledge_search

    text = (text or "").strip()[:200]
    if not text:
        return []
    out: list[dict[str, Any]] = []
    named = article_by_reference(text)
    if named is not None:
        out.append(
            {"key": f"article:{named.pk}", "kind": "article", "id": named.pk, "label": named.reference}
        )
    for item in knowledge_search(text, limit=limit):
        key = f"{'article' if item.type == 'article' else 'entry'}:{item.id}"
        if all(key != o["key"] for o in out):
            kind = "article" if item.type == "article" else "entry"
            out.append({"key": key, "kind": kind, "id": item.id, "label": item.title[:80]})
    return [o for o in out if o["key"] not in set(exclude)][:limit]


def knowledge_publish_entry(**kwargs: Any) -> int:
    """Hand the anonymised question and answer to the knowledge base; its entry id."""
    from fawang.knowledge.services import knowledge_publish

    entry = knowledge_publish(kind="consultation", **kwargs)
    return int(entry.pk)


# ---- the expert panel ---------------------------------------------------------------------------------


def experts_for_field(field: str) -> list[Expert]:
    """The active experts of a field, the least busy (open requests) first."""
    qs = (
        Expert.objects.filter(active=True, fields__icontains=f'"{field}"')
        .annotate(open=Count("requests", filter=Q(requests__status=ExpertRequestStatus.ASSIGNED)))
        .order_by("open", "pk")
    )
    return list(qs)


def expert_requests_for(actor: Actor) -> QuerySet[ExpertRequest]:
    return policy.scope_expert_requests(actor, ExpertRequest.objects.all()).order_by("deadline", "id")


def access_expert_request(actor: Actor, reference: str) -> ExpertRequest:
    row = (
        policy.scope_expert_requests(actor, ExpertRequest.objects.all())
        .filter(reference=(reference or "").strip().upper())
        .first()
    )
    if row is None:
        raise NotFound(ErrorCode.EXPERT_NOT_FOUND, _("No such expert request."), "reference")
    return row
