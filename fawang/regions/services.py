"""Loading Sichuan's divisions from the bundled CSV, idempotently."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from fawang.core.errors import ErrorCollector

from .models import LEVEL_DEPTH, Region, RegionLevel

BUNDLED_CSV = Path(__file__).resolve().parent / "data" / "sichuan_divisions.csv"


@dataclass
class RegionLoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_codes: list[str] = field(default_factory=list)


def regions_load(*, csv_path: Path = BUNDLED_CSV) -> RegionLoadReport:
    """Create missing regions and update names/types of existing ones. Codes never change, so every
    reference to a region survives a reload. Any bad row aborts the whole load: nothing is saved."""
    with open(csv_path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))

    errors = ErrorCollector()
    by_code = {row["code"]: row for row in rows}
    existing = {r.code: r for r in Region.objects.all()}
    valid_levels = set(RegionLevel.values)
    for lineno, row in enumerate(rows, start=2):
        where = _("line %(line)s (code %(code)s)") % {"line": lineno, "code": row.get("code")}
        if row.get("level") not in valid_levels:
            errors.add(
                "level",
                "region_level_unknown",
                _("%(where)s: unknown level %(level)r.") % {"where": where, "level": row.get("level")},
            )
        parent = row.get("parent_code") or ""
        if row.get("level") != RegionLevel.PROVINCE and parent not in by_code and parent not in existing:
            errors.add(
                "parent_code",
                "region_parent_unknown",
                _("%(where)s: parent %(parent)s is not a known region.")
                % {"where": where, "parent": parent or "-"},
            )
    errors.raise_if_any()

    paths: dict[str, str] = {code: r.path for code, r in existing.items()}

    def path_of(code: str) -> str:
        if code not in paths:
            parent = by_code[code]["parent_code"]
            paths[code] = (path_of(parent) if parent else "") + code + "/"
        return paths[code]

    report = RegionLoadReport()
    # Parents before children so the foreign key is satisfied row by row.
    ordered = sorted(rows, key=lambda r: LEVEL_DEPTH[RegionLevel(r["level"])])
    with transaction.atomic():
        to_create = []
        for row in ordered:
            values = {
                "name": row["name"].strip(),
                "level": row["level"],
                "type": row.get("type", "").strip(),
                "parent_id": row["parent_code"] or None,
                "is_admin_unit": row.get("is_admin_unit", "1") != "0",
            }
            current = existing.get(row["code"])
            if current is None:
                path = path_of(row["code"])
                to_create.append(Region(code=row["code"], path=path, depth=path.count("/") - 1, **values))
                report.created += 1
                continue
            changed = [k for k, v in values.items() if getattr(current, k) != v]
            if changed:
                for k in changed:
                    setattr(current, k, values[k])
                current.save(update_fields=changed)
                report.updated += 1
                report.changed_codes.append(current.code)
            else:
                report.unchanged += 1
        for depth in sorted({r.depth for r in to_create}):
            Region.objects.bulk_create([r for r in to_create if r.depth == depth], batch_size=1000)
    return report
