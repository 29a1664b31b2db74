"""The public catalog API (read-only, no sign-in): service items and life events as the portal shows
them, in the language of `Accept-Language`. Every text says which language it is in and whether it
is a machine draft or the Chinese shown for want of a translation (docs/adr/0014)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema

from fawang.api.schemas import ErrorOut

from .enums import LifeEventAudience
from .models import LifeEvent, LifeEventItem, ServiceItem
from .selectors import (
    life_event_get,
    life_event_items,
    life_events_active,
    life_events_of_item,
    service_item_get,
    service_items_active,
)

router = Router(tags=["catalog"])


class TextOut(Schema):
    text: str
    language: str = Field(..., description="The language the text is written in: zh, bo, ii or en")
    fallback: bool = Field(..., description="No translation into the requested language: this is the Chinese")
    machine_draft: bool = Field(..., description="A machine translation nobody has reviewed yet")
    review_state: str = Field(
        "",
        description='"machine" (a draft nobody has reviewed), "reviewed" (read and approved by a person '
        'who reads the language), or "" (the Chinese original, or the interface\'s own wording)',
    )


OFFICIAL_BASIS = "The rule it comes from, in the law's official Chinese wording"
TRANSLATED_BASIS = (
    "The same rule in the language asked for: a translation for reading (the official wording is "
    "`legal_basis`), marked `machine_draft` until reviewed; where none is written (Yi, for now) the "
    "Chinese with `fallback` true"
)


class OfferedOut(Schema):
    handler_kind: str
    lowest_level: str
    text: str = Field(
        ..., description='Where it is offered, in words: "Legal aid centre, at county level and above"'
    )


class TimeLimitOut(Schema):
    name: str
    label: TextOut
    limit: int
    unit: str
    text: str = Field(..., description='The limit in words: "15 working days"')
    legal_basis: str = Field(..., description=OFFICIAL_BASIS)
    legal_basis_translated: TextOut = Field(..., description=TRANSLATED_BASIS)


class ItemSummaryOut(Schema):
    code: str
    name: TextOut
    category: str
    category_label: str
    time_limit: int
    time_limit_unit: str
    time_limit_text: str
    fee: TextOut
    page_url: str = Field(..., description="The item's portal page, in the language asked for")
    apply_url: str = Field(..., description="The application form with this item chosen")


class ItemOut(ItemSummaryOut):
    description: TextOut
    materials: list[TextOut]
    legal_basis: str = Field(..., description=OFFICIAL_BASIS)
    legal_basis_translated: TextOut = Field(..., description=TRANSLATED_BASIS)
    time_limits: list[TimeLimitOut]
    offered_at: list[OfferedOut]
    life_events: list[str]


class LifeEventSummaryOut(Schema):
    code: str
    audience: str
    audience_label: str
    name: TextOut
    description: TextOut
    items: list[str] = Field(..., description="Codes of the service items that matter then, in order")
    page_url: str


class LifeEventOut(LifeEventSummaryOut):
    service_items: list[ItemSummaryOut]


def text_out(value: Any) -> dict[str, Any]:
    """A `Translated` (or plain) text as `TextOut`: the text, its language and how far to trust it."""
    return {
        "text": str(value),
        "language": getattr(value, "language", "zh"),
        "fallback": bool(getattr(value, "fallback", False)),
        "machine_draft": bool(getattr(value, "is_machine_draft", False)),
        "review_state": str(getattr(value, "state", "") or ""),
    }


def _item_summary(item: ServiceItem) -> dict[str, Any]:
    return {
        "code": item.code,
        "name": text_out(item.display_name),
        "category": item.category,
        "category_label": str(item.get_category_display()),
        "time_limit": item.time_limit,
        "time_limit_unit": item.time_limit_unit,
        "time_limit_text": item.time_limit_text,
        "fee": text_out(item.display_fee),
        "page_url": reverse("web:service_item", args=[item.code]),
        "apply_url": f"{reverse('web:apply')}?item={item.code}",
    }


def _event_summary(event: LifeEvent, item_codes: list[str]) -> dict[str, Any]:
    return {
        "code": event.code,
        "audience": event.audience,
        "audience_label": str(LifeEventAudience(event.audience).label),
        "name": text_out(event.display_name),
        "description": text_out(event.display_description),
        "items": item_codes,
        "page_url": reverse("web:life_event", args=[event.code]),
    }


@router.get("/items", response=list[ItemSummaryOut], summary="Every service item open to the public")
def catalog_items(request: HttpRequest) -> list[dict[str, Any]]:
    return [_item_summary(item) for item in service_items_active()]


@router.get(
    "/items/{code}",
    response={200: ItemOut, 404: ErrorOut},
    summary="One service item: materials, time limits, fee, legal basis, where it is offered",
)
def catalog_item(request: HttpRequest, code: str) -> dict[str, Any]:
    item = service_item_get(code)
    return {
        **_item_summary(item),
        "description": text_out(item.display_description),
        "materials": [text_out(line) for line in item.display_materials],
        "legal_basis": item.legal_basis,
        "legal_basis_translated": text_out(item.display_legal_basis),
        "time_limits": [
            {
                "name": limit.name,
                "label": text_out(limit.display_label),
                "limit": limit.limit,
                "unit": limit.unit,
                "text": limit.limit_text,
                "legal_basis": limit.legal_basis,
                "legal_basis_translated": text_out(limit.display_legal_basis),
            }
            for limit in item.time_limits.select_related("service_item")
        ],
        "offered_at": [
            {"handler_kind": r.handler_kind, "lowest_level": r.lowest_level, "text": r.offered_text}
            for r in item.routing_rules.all()
        ],
        "life_events": [event.code for event in life_events_of_item(item)],
    }


@router.get(
    "/life-events",
    response={200: list[LifeEventSummaryOut], 422: ErrorOut},
    summary="Life events of persons and enterprises, each with the codes of its items",
)
def catalog_life_events(
    request: HttpRequest, audience: LifeEventAudience | None = None
) -> list[dict[str, Any]]:
    events = life_events_active()
    if audience:
        events = events.filter(audience=audience)
    codes: dict[int, list[str]] = {}
    for event_id, code in (
        LifeEventItem.objects.filter(
            life_event__in=events, service_item__is_active=True, service_item__offered_to_citizens=True
        )
        .order_by("sort_order", "service_item__sort_order")
        .values_list("life_event_id", "service_item__code")
    ):
        codes.setdefault(event_id, []).append(code)
    return [_event_summary(event, codes.get(event.pk, [])) for event in events]


@router.get(
    "/life-events/{code}",
    response={200: LifeEventOut, 404: ErrorOut},
    summary="One life event with its service items",
)
def catalog_life_event(request: HttpRequest, code: str) -> dict[str, Any]:
    event = life_event_get(code)
    items = life_event_items(event)
    return {
        **_event_summary(event, [i.code for i in items]),
        "service_items": [_item_summary(i) for i in items],
    }
