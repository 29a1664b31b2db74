"""Reads over the region tree. All of them are single indexed queries on `path`."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Region


def region_get(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()


def region_children(region: Region) -> QuerySet[Region]:
    return Region.objects.filter(parent=region).order_by("code")


def region_ancestors(region: Region) -> QuerySet[Region]:
    """From the province down to the parent."""
    return Region.objects.filter(code__in=region.ancestor_codes()).order_by("depth")


def region_descendants(region: Region, *, include_self: bool = False) -> QuerySet[Region]:
    qs = Region.objects.filter(path__startswith=region.path)
    return qs if include_self else qs.exclude(code=region.code)


def region_is_within(inner: Region | str, outer: Region | str) -> bool:
    """True when `inner` is `outer` or lies in its subtree. Accepts regions or their paths."""
    inner_path = inner if isinstance(inner, str) else inner.path
    outer_path = outer if isinstance(outer, str) else outer.path
    return inner_path.startswith(outer_path)
