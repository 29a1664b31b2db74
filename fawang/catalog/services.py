"""Writes to the service catalog. The catalog ships as data (data/service_items.json): each item with
its statutory time limit, the article it comes from, and the routing rules that say which kind of
place handles it from which level up; the life events (data/life_events.json) map the moments of a
person's or an enterprise's life to those items, with their names in four languages."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fawang.core.errors import ErrorCollector, ValidationFailed
from fawang.regions.models import RegionLevel

from .enums import HandlerKind, LifeEventAudience, LimitUnit, ServiceCategory
from .models import LIFE_EVENT_CONTENT, LifeEvent, LifeEventItem, RoutingRule, ServiceItem, TimeLimit

BUNDLED_CATALOG = Path(__file__).resolve().parent / "data" / "service_items.json"
# Machine drafts of the catalog's Tibetan, Yi and English (fawang.translations, docs/adr/0014), loaded
# with the bundled catalog; reviewed translations and staff edits are never overwritten.
BUNDLED_TRANSLATIONS = Path(__file__).resolve().parent / "data" / "translations.json"
# The life events of the plan (§4) with the items that matter then; their names and descriptions carry
# their Tibetan, Yi and English drafts in the same rows (`name_bo`, `description_ii` ...).
BUNDLED_LIFE_EVENTS = Path(__file__).resolve().parent / "data" / "life_events.json"
LIFE_EVENT_TEXT_FIELDS = ("name", "description")
LIFE_EVENT_LANGUAGES = ("en", "bo", "ii")

_ITEM_FIELDS = (
    "name",
    "name_en",
    "category",
    "description",
    "materials",
    "fee",
    "time_limit",
    "time_limit_unit",
    "legal_basis",
    "sort_order",
    "workflow",
    "offered_to_citizens",
)
_ITEM_DEFAULTS: dict[str, Any] = {"time_limit": 100, "sort_order": 100, "offered_to_citizens": True}
_LIMIT_FIELDS = (
    "label",
    "label_en",
    "limit",
    "unit",
    "starts_on",
    "stops_on",
    "pauses_while_suspended",
    "pause_basis",
    "extends_on",
    "extension",
    "extension_basis",
    "legal_basis",
    "law",
    "article",
    "sort_order",
)


@dataclass
class CatalogLoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rules_created: int = 0
    rules_deleted: int = 0
    limits_changed: int = 0
    changed_codes: list[str] = field(default_factory=list)
    translations_written: int = 0
    life_events_created: int = 0
    life_events_updated: int = 0
    life_event_items_changed: int = 0


def _validate(items: list[dict[str, Any]]) -> None:
    """Every problem in the file at once, each naming the item and the rule; nothing is saved."""
    errors = ErrorCollector()
    seen: set[str] = set()
    for n, item in enumerate(items, start=1):
        code = item.get("code") or f"#{n}"
        where = _("service item %(code)s") % {"code": code}
        if not item.get("code"):
            errors.add("code", "catalog_code_missing", _("%(where)s: code is required.") % {"where": where})
        elif code in seen:
            errors.add(
                "code", "catalog_code_duplicate", _("%(where)s: code appears twice.") % {"where": where}
            )
        seen.add(code)
        for required in ("name", "legal_basis"):
            if not str(item.get(required, "")).strip():
                errors.add(
                    required,
                    "catalog_field_missing",
                    _("%(where)s: %(field)s is required.") % {"where": where, "field": required},
                )
        if item.get("category") not in ServiceCategory.values:
            errors.add(
                "category",
                "catalog_category_unknown",
                _("%(where)s: unknown category %(value)r.") % {"where": where, "value": item.get("category")},
            )
        if item.get("time_limit_unit") not in LimitUnit.values:
            errors.add(
                "time_limit_unit",
                "catalog_unit_unknown",
                _("%(where)s: unknown time limit unit %(value)r.")
                % {"where": where, "value": item.get("time_limit_unit")},
            )
        limit = item.get("time_limit")
        if not isinstance(limit, int) or limit <= 0:
            errors.add(
                "time_limit",
                "catalog_time_limit_invalid",
                _("%(where)s: the time limit must be a whole number of days above zero.") % {"where": where},
            )
        _validate_limits(item.get("time_limits", []), where, errors)
        for rule in item.get("routing", []):
            if rule.get("handler_kind") not in HandlerKind.values:
                errors.add(
                    "handler_kind",
                    "catalog_handler_unknown",
                    _("%(where)s: unknown handler kind %(value)r.")
                    % {"where": where, "value": rule.get("handler_kind")},
                )
            if rule.get("lowest_level") not in RegionLevel.values:
                errors.add(
                    "lowest_level",
                    "catalog_level_unknown",
                    _("%(where)s: unknown level %(value)r.")
                    % {"where": where, "value": rule.get("lowest_level")},
                )
    errors.raise_if_any()


def _validate_limits(limits: list[dict[str, Any]], where: str, errors: ErrorCollector) -> None:
    """The law table of one item: each clock named once, a whole limit in a known unit, the events
    that start it, and its citation."""
    names: set[str] = set()
    for limit in limits:
        name = limit.get("name") or "?"
        at = _("%(where)s, time limit %(name)s") % {"where": where, "name": name}
        if name in names:
            errors.add("time_limits", "catalog_limit_duplicate", _("%(at)s: named twice.") % {"at": at})
        names.add(name)
        if limit.get("unit") not in LimitUnit.values:
            errors.add(
                "time_limits",
                "catalog_unit_unknown",
                _("%(at)s: unknown unit %(value)r.") % {"at": at, "value": limit.get("unit")},
            )
        value = limit.get("limit")
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 1000:
            errors.add(
                "time_limits",
                "catalog_time_limit_invalid",
                _("%(at)s: the limit must be a whole number from 1 to 999.") % {"at": at},
            )
        if not limit.get("starts_on") or not all(isinstance(k, str) for k in limit.get("starts_on", [])):
            errors.add(
                "time_limits",
                "catalog_limit_start_missing",
                _("%(at)s: name the events that start the clock.") % {"at": at},
            )
        if not str(limit.get("legal_basis", "")).strip():
            errors.add(
                "time_limits",
                "catalog_field_missing",
                _("%(at)s: the legal basis is required.") % {"at": at},
            )
        _validate_extension(limit, at, errors)


def _validate_extension(limit: dict[str, Any], at: str, errors: ErrorCollector) -> None:
    """An extendable limit names the events that extend it, by how much, and the rule that allows it;
    a limit with none of the three is not extendable."""
    events, extension, basis = (
        limit.get("extends_on") or [],
        limit.get("extension", 0),
        str(limit.get("extension_basis", "")).strip(),
    )
    if not (events or extension or basis):
        return
    if not isinstance(events, list) or not events or not all(isinstance(k, str) and k for k in events):
        errors.add(
            "time_limits",
            "catalog_extension_events_missing",
            _("%(at)s: name the events that extend the clock.") % {"at": at},
        )
    if not isinstance(extension, int) or isinstance(extension, bool) or not 0 < extension < 1000:
        errors.add(
            "time_limits",
            "catalog_extension_invalid",
            _("%(at)s: the extension must be a whole number from 1 to 999.") % {"at": at},
        )
    if not basis:
        errors.add(
            "time_limits",
            "catalog_field_missing",
            _("%(at)s: the legal basis of the extension is required.") % {"at": at},
        )


def _validate_life_events(data: dict[str, Any], item_codes: set[str], errors: ErrorCollector) -> None:
    """The life-events file: each event with a known audience and every translation field filled in;
    each mapping row naming an event of the file (or one already loaded) and an item that exists (in
    the items file or the database). Every error names the row and the field."""
    events = data.get("life_events")
    mapping = data.get("mapping")
    if not isinstance(events, list) or not isinstance(mapping, list):
        errors.add(
            "life_events",
            "catalog_life_events_invalid",
            _("The life-events file needs a list of life_events and a list of mapping rows."),
        )
        return
    codes: set[str] = set()
    for n, event in enumerate(events, start=1):
        code = str(event.get("code") or "")
        where = _("life event row %(n)d (%(code)s)") % {"n": n, "code": code or "?"}
        if not code:
            errors.add("code", "catalog_code_missing", _("%(where)s: code is required.") % {"where": where})
        elif code in codes:
            errors.add(
                "code", "catalog_code_duplicate", _("%(where)s: code appears twice.") % {"where": where}
            )
        codes.add(code)
        if event.get("audience") not in LifeEventAudience.values:
            errors.add(
                "audience",
                "catalog_audience_unknown",
                _("%(where)s: unknown audience %(value)r.")
                % {"where": where, "value": event.get("audience")},
            )
        for text_field in LIFE_EVENT_TEXT_FIELDS:
            for name in (text_field, *(f"{text_field}_{lang}" for lang in LIFE_EVENT_LANGUAGES)):
                value = event.get(name)
                if not isinstance(value, str) or not value.strip():
                    errors.add(
                        name,
                        "catalog_translation_missing",
                        _("%(where)s: %(field)s is missing.") % {"where": where, "field": name},
                    )
    known_events = codes | set(LifeEvent.objects.values_list("code", flat=True))
    pairs: set[tuple[str, str]] = set()
    for n, entry in enumerate(mapping, start=1):
        where = _("mapping row %(n)d") % {"n": n}
        event, item = entry.get("event"), entry.get("item")
        if event not in known_events:
            errors.add(
                "event",
                "catalog_life_event_unknown",
                _("%(where)s: unknown life event %(value)r.") % {"where": where, "value": event},
            )
        if item not in item_codes:
            errors.add(
                "item",
                "catalog_item_unknown",
                _("%(where)s: there is no service item %(value)r.") % {"where": where, "value": item},
            )
        if (event, item) in pairs:
            errors.add(
                "item",
                "catalog_mapping_duplicate",
                _("%(where)s: this item is listed twice for the event.") % {"where": where},
            )
        pairs.add((event, item))


def _load_life_events(data: dict[str, Any], report: CatalogLoadReport) -> int:
    """Create or update the events, make each listed event's items match the mapping rows, and load
    the events' translations as machine drafts (never over a reviewed one). Returns the number of
    translations written."""
    existing = {e.code: e for e in LifeEvent.objects.select_for_update().all()}
    translations: list[dict[str, Any]] = []
    for row in data["life_events"]:
        values = {
            "audience": row["audience"],
            "name": row["name"].strip(),
            "description": row["description"].strip(),
            "sort_order": row.get("sort_order", 100),
        }
        event = existing.get(row["code"])
        if event is None:
            existing[row["code"]] = LifeEvent.objects.create(code=row["code"], **values)
            report.life_events_created += 1
        else:
            changed = [f for f, v in values.items() if getattr(event, f) != v]
            if changed:
                for f in changed:
                    setattr(event, f, values[f])
                event.save(update_fields=[*changed, "updated_at"])
                report.life_events_updated += 1
        translations += [
            {
                "content": LIFE_EVENT_CONTENT,
                "key": row["code"],
                "field": text_field,
                "language": lang,
                "text": row[f"{text_field}_{lang}"].strip(),
            }
            for text_field in LIFE_EVENT_TEXT_FIELDS
            for lang in LIFE_EVENT_LANGUAGES
        ]

    items = dict(ServiceItem.objects.values_list("code", "pk"))
    wanted: dict[tuple[int, int], int] = {}
    for entry in data["mapping"]:
        wanted[(existing[entry["event"]].pk, items[entry["item"]])] = entry.get("sort_order", 10)
    listed = {existing[entry["event"]].pk for entry in data["mapping"]}
    have = {
        (m.life_event_id, m.service_item_id): m for m in LifeEventItem.objects.filter(life_event__in=listed)
    }
    stale = [m.pk for key, m in have.items() if key not in wanted]
    LifeEventItem.objects.filter(pk__in=stale).delete()
    report.life_event_items_changed += len(stale)
    for (event_id, item_id), order in wanted.items():
        current = have.get((event_id, item_id))
        if current is None:
            LifeEventItem.objects.create(life_event_id=event_id, service_item_id=item_id, sort_order=order)
            report.life_event_items_changed += 1
        elif current.sort_order != order:
            current.sort_order = order
            current.save(update_fields=["sort_order"])
            report.life_event_items_changed += 1

    from fawang.translations.services import translations_load

    return translations_load(rows=translations)


def _load_limits(item: ServiceItem, limits: list[dict[str, Any]]) -> int:
    """Make the item's law table match the file; returns how many rows changed. Clocks already
    running keep the values they copied when they started."""
    have = {limit.name: limit for limit in TimeLimit.objects.filter(service_item=item)}
    changed = 0
    for data in limits:
        values = {f: data[f] if f in data else _LIMIT_DEFAULTS[f] for f in _LIMIT_FIELDS}
        row = have.pop(data["name"], None)
        if row is None:
            TimeLimit.objects.create(service_item=item, name=data["name"], **values)
            changed += 1
            continue
        stale = [f for f, v in values.items() if getattr(row, f) != v]
        if stale:
            for f in stale:
                setattr(row, f, values[f])
            row.save(update_fields=stale)
            changed += 1
    if have:
        TimeLimit.objects.filter(pk__in=[row.pk for row in have.values()]).delete()
        changed += len(have)
    return changed


_LIMIT_DEFAULTS: dict[str, Any] = {
    "label_en": "",
    "stops_on": [],
    "pauses_while_suspended": False,
    "pause_basis": "",
    "extends_on": [],
    "extension": 0,
    "extension_basis": "",
    "law": "",
    "article": "",
    "sort_order": 10,
}


def catalog_load(*, path: Path = BUNDLED_CATALOG, life_events_path: Path | None = None) -> CatalogLoadReport:
    """Create or update the service items and their routing rules from the data file, and the life
    events with their items (the bundled file when the bundled catalog is loaded). Idempotent: a
    second load changes nothing. Items and events missing from the files are left alone (orders refer
    to items). Both files are checked before anything is written: any error refuses the whole import,
    each error naming the row and the field, and nothing is loaded."""
    with open(path, encoding="utf-8") as fh:
        items: list[dict[str, Any]] = json.load(fh)["items"]
    if life_events_path is None and path == BUNDLED_CATALOG:
        life_events_path = BUNDLED_LIFE_EVENTS
    life_events: dict[str, Any] | None = None
    if life_events_path is not None:
        with open(life_events_path, encoding="utf-8") as fh:
            life_events = json.load(fh)
    errors = ErrorCollector()
    try:
        _validate(items)
    except ValidationFailed as exc:
        errors.errors += exc.errors
    if life_events is not None:
        item_codes = {str(x.get("code")) for x in items} | set(
            ServiceItem.objects.values_list("code", flat=True)
        )
        _validate_life_events(life_events, item_codes, errors)
    errors.raise_if_any()

    report = CatalogLoadReport()
    with transaction.atomic():
        existing = {
            i.code: i
            for i in ServiceItem.objects.select_for_update().filter(code__in=[x["code"] for x in items])
        }
        rules_by_item: dict[int, list[RoutingRule]] = {}
        for rule in RoutingRule.objects.filter(service_item__in=existing.values()):
            rules_by_item.setdefault(rule.service_item_id, []).append(rule)

        for data in items:
            values = {f: data.get(f, _ITEM_DEFAULTS.get(f, "")) for f in _ITEM_FIELDS}
            item = existing.get(data["code"])
            if item is None:
                item = ServiceItem.objects.create(code=data["code"], **values)
                report.created += 1
            else:
                changed = [f for f, v in values.items() if getattr(item, f) != v]
                if changed:
                    for f in changed:
                        setattr(item, f, values[f])
                    item.save(update_fields=[*changed, "updated_at"])
                    report.updated += 1
                    report.changed_codes.append(item.code)
                else:
                    report.unchanged += 1

            wanted = {
                (r["handler_kind"], r["lowest_level"], r.get("priority", 10)) for r in data.get("routing", [])
            }
            have = {(r.handler_kind, r.lowest_level, r.priority): r for r in rules_by_item.get(item.pk, [])}
            stale = [r.pk for key, r in have.items() if key not in wanted]
            if stale:
                RoutingRule.objects.filter(pk__in=stale).delete()
                report.rules_deleted += len(stale)
            new = [
                RoutingRule(service_item=item, handler_kind=k, lowest_level=lvl, priority=p)
                for (k, lvl, p) in sorted(wanted - have.keys(), key=lambda t: t[2])
            ]
            RoutingRule.objects.bulk_create(new)
            report.rules_created += len(new)
            report.limits_changed += _load_limits(item, data.get("time_limits", []))
        if path == BUNDLED_CATALOG and BUNDLED_TRANSLATIONS.exists():
            from fawang.translations.services import translations_load

            report.translations_written = translations_load(path=BUNDLED_TRANSLATIONS)
        if life_events is not None:
            report.translations_written += _load_life_events(life_events, report)
    return report


def catalog_can_change(actor: Any) -> bool:
    """The catalog is province-wide: only provincial administrators edit it."""
    from fawang.accounts import policy
    from fawang.accounts.enums import Role

    return policy.is_staff_actor(actor) and (actor.is_superuser or actor.has_role(Role.PROVINCIAL_ADMIN))


def service_item_save(
    *,
    actor: Any,
    item: ServiceItem,
    changed_fields: list[str] | None = None,
    before: dict[str, Any] | None = None,
) -> ServiceItem:
    """Save an item edited in the back office, with its audit entry in the same transaction."""
    from django.core.exceptions import PermissionDenied

    from fawang.audit.services import audit_record

    if not catalog_can_change(actor):
        raise PermissionDenied(_("Only provincial administrators may change the service catalog."))
    is_new = item.pk is None
    with transaction.atomic():
        if is_new or not changed_fields:
            item.save()
        else:
            item.save(update_fields=[*changed_fields, "updated_at"])
        after = {f: getattr(item, f) for f in (changed_fields or _ITEM_FIELDS)}
        audit_record(
            actor=actor,
            action="service_item.create" if is_new else "service_item.update",
            entity=item,
            before=None if is_new else before,
            after=after,
        )
    return item
