"""Keyset pagination: pages of a long list read from an index, never with OFFSET (docs/adr/0007,
"Lists at province scale").

A list is one or more *segments*, shown one after the other: each a filter (`Segment.where`) walked in
its own order (`Segment.order`, field names, "-" for descending, the last one unique, e.g.
`("due_at", "id")`). The staff queue has five: overdue, warned, the rest with a due time, open without
one, closed (fawang.orders.selectors); a list with one order has one segment. A page reads each
segment from where the cursor stands until it has its rows, so each query is an index range scan
with a LIMIT however many rows the list holds, and a row inserted between two page loads neither
pushes a row onto the next page twice nor skips one (OFFSET would do both).

A cursor names the row a page starts after (or ends before) and the instant the list was first drawn
(`Cursor.now`, kept so that "overdue" is judged at one instant across the pages). It is signed
(django.core.signing, one salt per list): a cursor changed by hand, cut short or from another list
raises `BadCursor`, which the API answers as 400 and the pages as their first page.

`capped_count` counts at most `limit` + 1 rows: exact when small, "more than `limit`" otherwise, so no
request counts a province's millions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from django.conf import settings
from django.core import signing
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import DomainError

if TYPE_CHECKING:
    from django.db.models import Field

M = TypeVar("M", bound=Model)

AFTER, BEFORE = "a", "b"


class BadCursor(DomainError):
    """The cursor is not one this list gave out (tampered with, cut short, another list's)."""

    status = 400

    def __init__(self) -> None:
        super().__init__(
            "bad_cursor", _("This page link is not valid; start again from the first page."), "cursor"
        )


@dataclass(frozen=True)
class Segment:
    """Rows matching `where`, in `order` (model field names, "-" for descending; the last unique)."""

    where: Q
    order: tuple[str, ...]


@dataclass(frozen=True)
class Cursor:
    segment: int
    key: tuple[Any, ...]
    direction: str  # AFTER: the page starts after `key`; BEFORE: it ends before it
    now: dt.datetime


@dataclass(frozen=True)
class Count:
    """How many rows a list holds: `value` exactly, or (when `exact` is False) more than `value`."""

    value: int
    exact: bool


@dataclass
class Page(Generic[M]):
    """One page of a list: its rows, the cursors of the pages beside it (None: none that side), the
    instant the list was judged at and (from `read_page`) how many rows the whole list holds."""

    rows: list[M]
    next: str | None = None
    previous: str | None = None
    now: dt.datetime = field(default_factory=timezone.now)
    count: Count | None = None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next or self.previous)


def _field_name(term: str) -> str:
    return term.lstrip("-")


def _keys(part: QuerySet[Any], order: Sequence[str], limit: int) -> list[tuple[Any, ...]]:
    """(pk, *the order's field values) of the first `limit` rows of `part` in `order`. Only the keys,
    no join: the database walks its index and stops after `limit`, whatever the page shows of a row
    (joins planned for a handful of rows cost more than the walk itself)."""
    names = [_field_name(term) for term in order]
    return [tuple(row) for row in part.order_by(*order).values_list("pk", *names)[:limit]]


def _load(qs: QuerySet[M], keys: Sequence[tuple[int, tuple[Any, ...]]]) -> list[M]:
    """The rows of a page, with what `qs` selects related, in the page's order: one query by key."""
    pks = [key[0] for _index, key in keys]
    by_pk = {row.pk: row for row in qs.filter(pk__in=pks)}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def _dump_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.datetime) else value


def encode(cursor: Cursor, *, salt: str) -> str:
    payload = {
        "s": cursor.segment,
        "k": [_dump_value(v) for v in cursor.key],
        "d": cursor.direction,
        "t": cursor.now.isoformat(),
    }
    return signing.dumps(payload, salt=salt, compress=True)


def decode(
    token: str | None, *, salt: str, model: type[Model], orders: Sequence[tuple[str, ...]]
) -> Cursor | None:
    """The cursor `token` stands for (None for no token); BadCursor for one this list did not give.
    `orders`: each segment's order, as the list's segments have them."""
    if not token:
        return None
    try:
        payload = signing.loads(token, salt=salt)
        segment = int(payload["s"])
        direction = payload["d"]
        now = dt.datetime.fromisoformat(payload["t"])
        raw = list(payload["k"])
        if not 0 <= segment < len(orders) or direction not in (AFTER, BEFORE) or now.tzinfo is None:
            raise ValueError(segment)
        order = orders[segment]
        if len(raw) != len(order):
            raise ValueError(raw)
        key = tuple(
            cast("Field[Any, Any]", model._meta.get_field(_field_name(term))).to_python(value)
            for term, value in zip(order, raw, strict=True)
        )
    except Exception as exc:  # whatever is wrong with it, it is not a cursor this list gave out
        raise BadCursor() from exc
    return Cursor(segment=segment, key=key, direction=direction, now=now)


def _beyond(order: Sequence[str], key: Sequence[Any], *, after: bool) -> Q:
    """Rows past `key` in `order` (after it, or before it when `after` is False). The leading bound
    on the first field alone (>= or <=) lets the database start its index scan there."""
    terms = [(_field_name(t), t.startswith("-")) for t in order]
    either = Q(pk__in=[])
    for i, (name, descending) in enumerate(terms):
        step = Q(**{f"{name}__{'gt' if after != descending else 'lt'}": key[i]})
        for j in range(i):
            step &= Q(**{terms[j][0]: key[j]})
        either |= step
    first, descending = terms[0]
    lead = Q(**{f"{first}__{'gte' if after != descending else 'lte'}": key[0]})
    return lead & either


def _reverse(order: Sequence[str]) -> tuple[str, ...]:
    return tuple(t[1:] if t.startswith("-") else f"-{t}" for t in order)


def paginate(
    qs: QuerySet[M],
    segments: Sequence[Segment],
    *,
    cursor: Cursor | None,
    size: int,
    salt: str,
    now: dt.datetime,
    rows: QuerySet[M] | None = None,
) -> Page[M]:
    """One page of `size` rows of `qs`, segment after segment, from `cursor` (None: the first page).
    `now` is the instant the segments were built for (the cursor's, when there is one). `rows`, when
    given, is what the page's rows are loaded from by key (default `qs`): the keys were found under
    `qs`'s filters a moment before, and repeating those filters beside 25 keys can lead the planner to
    a filter's index instead of the keys' (a county's closed orders at 10M: 276 ms instead of 0.3)."""
    if cursor is not None and cursor.direction == BEFORE:
        return _page_before(qs, segments, cursor=cursor, size=size, salt=salt, now=now, rows=rows)
    found: list[tuple[int, tuple[Any, ...]]] = []
    start = cursor.segment if cursor else 0
    for index in range(start, len(segments)):
        segment = segments[index]
        part = qs.filter(segment.where)
        if cursor is not None and index == cursor.segment:
            part = part.filter(_beyond(segment.order, cursor.key, after=True))
        found += [(index, key) for key in _keys(part, segment.order, size + 1 - len(found))]
        if len(found) > size:
            break
    if cursor is not None and not found:
        # Past the end (the rows after it were finished or moved since): the first page.
        return paginate(qs, segments, cursor=None, size=size, salt=salt, now=now, rows=rows)
    keys = found[:size]
    page: Page[M] = Page(rows=_load(qs if rows is None else rows, keys), now=now)
    if len(found) > size:
        page.next = _encode_at(keys[-1], AFTER, now, salt)
    if cursor is not None and keys:
        page.previous = _encode_at(keys[0], BEFORE, now, salt)
    return page


def _page_before(
    qs: QuerySet[M],
    segments: Sequence[Segment],
    *,
    cursor: Cursor,
    size: int,
    salt: str,
    now: dt.datetime,
    rows: QuerySet[M] | None,
) -> Page[M]:
    found: list[tuple[int, tuple[Any, ...]]] = []
    for index in range(cursor.segment, -1, -1):
        segment = segments[index]
        part = qs.filter(segment.where)
        if index == cursor.segment:
            part = part.filter(_beyond(segment.order, cursor.key, after=False))
        found += [(index, key) for key in _keys(part, _reverse(segment.order), size + 1 - len(found))]
        if len(found) > size:
            break
    if len(found) <= size:
        # Nothing (or less than a page) before it: the first page, whole.
        return paginate(qs, segments, cursor=None, size=size, salt=salt, now=now, rows=rows)
    keys = list(reversed(found[:size]))
    return Page(
        rows=_load(qs if rows is None else rows, keys),
        next=_encode_at(keys[-1], AFTER, now, salt),
        previous=_encode_at(keys[0], BEFORE, now, salt),
        now=now,
    )


def _encode_at(found: tuple[int, tuple[Any, ...]], direction: str, now: dt.datetime, salt: str) -> str:
    index, key = found
    return encode(Cursor(index, key[1:], direction, now), salt=salt)


def capped_count(qs: QuerySet[Any], *, limit: int) -> Count:
    """Count at most `limit` + 1 rows of `qs` (one query reading no more than that)."""
    n = qs.order_by().values("pk")[: limit + 1].count()
    return Count(value=min(n, limit), exact=n <= limit)


def count_limit() -> int:
    """Up to how many rows a list's count is exact (settings.FAWANG_LIST_COUNT_LIMIT, 10,000)."""
    return int(getattr(settings, "FAWANG_LIST_COUNT_LIMIT", 10_000))


def read_page(
    qs: QuerySet[M],
    build: Callable[[dt.datetime], Sequence[Segment]],
    *,
    token: str | None,
    size: int,
    salt: str,
    now: dt.datetime | None = None,
    rows: QuerySet[M] | None = None,
) -> Page[M]:
    """A page of a list and its capped count: `build(now)` gives the list's segments for the instant
    it is judged at (the cursor's; else `now` or the present). `rows` as for `paginate`: what the
    page's rows are loaded from by key. BadCursor for a cursor it did not give."""
    orders = [segment.order for segment in build(now or timezone.now())]
    cursor = decode(token, salt=salt, model=qs.model, orders=orders)
    at = cursor.now if cursor else (now or timezone.now())
    page = paginate(qs, build(at), cursor=cursor, size=size, salt=salt, now=at, rows=rows)
    page.count = capped_count(qs, limit=count_limit())
    return page
