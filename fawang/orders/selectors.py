"""Reads of service orders, always scoped through fawang.accounts.policy."""

from __future__ import annotations

import datetime as dt
import hmac
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import DataContains
from django.db import connection, transaction
from django.db.models import Case, Count, F, Func, IntegerField, Q, QuerySet, Sum, TextField, Value, When
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fawang.accounts import policy
from fawang.core import keyset
from fawang.core.errors import NotFound
from fawang.core.identity import InvalidIdentity, mobile_index, normalise_mobile
from fawang.core.types import Actor
from fawang.regions.models import Region

from . import workflow
from .enums import OPEN_STATUSES, Channel, ErrorCode, OrderStatus, SupervisionStatus
from .models import OrderEvent, OrderTally, ServiceOrder, SupervisionOrder
from .tracking import normalise_tracking_number, tracking_number_is_valid
from .urgency import overdue_q, queue_tiers

if TYPE_CHECKING:
    from collections.abc import Collection

_LIST_RELATED = ("service_item", "region", "assigned_point", "assigned_institution", "assigned_practitioner")


class QueueFilters(TypedDict, total=False):
    """What a queue or the order list narrows by (`_orders_filtered` says what each does)."""

    status: str | None
    statuses: Collection[str] | None
    region_code: str | None
    overdue: bool | None
    search: str
    with_actor: bool
    language: str | None


def _orders_filtered(
    *,
    actor: Actor,
    now: dt.datetime,
    status: str | None = None,
    statuses: Collection[str] | None = None,
    region_code: str | None = None,
    overdue: bool | None = None,
    search: str = "",
    with_actor: bool = False,
    language: str | None = None,
    words_through_index: bool = True,
) -> QuerySet[ServiceOrder]:
    """Orders in the actor's jurisdiction (with `with_actor`, only those that sit with the actor's
    place). `statuses` keeps only those (the workbench's "open orders"). `search` is a tracking number
    (exact), a mobile number (through its blind index) or words of the description (in any script:
    search_words). `language` keeps orders in that language (network.enums.Language). Urgency
    (`overdue`) is judged at `now`."""
    qs = policy.scope_orders(actor, ServiceOrder.objects.all())
    if with_actor:
        qs = policy.scope_orders_with(actor, qs)
    if status:
        qs = qs.filter(status=status)
    if statuses is not None:
        qs = qs.filter(status__in=statuses)
    if language:
        qs = qs.filter(language=language)
    if region_code:
        path = Region.objects.filter(code=region_code).values_list("path", flat=True).first()
        qs = qs.filter(region_path__startswith=path) if path else qs.none()
    if overdue is True:
        qs = qs.filter(overdue_q(now))
    elif overdue is False:
        qs = qs.exclude(overdue_q(now))
    kind, value = search_term(search)
    if kind == "tracking_no":
        qs = qs.filter(tracking_no=value)
    elif kind == "phone":
        qs = qs.filter(applicant_phone_index=mobile_index(value))
    elif kind == "words":
        qs = qs.filter(description_q(value) if words_through_index else Q(description__icontains=value))
    return qs


def search_term(search: str | None) -> tuple[str, str]:
    """What a search box's text is: ("tracking_no", the number), ("phone", the mobile number),
    ("words", as descriptions hold them: `search_words`) or ("", "") for nothing."""
    term = (search or "").strip()
    if not term:
        return "", ""
    if tracking_number_is_valid(term):
        return "tracking_no", normalise_tracking_number(term)
    try:
        return "phone", normalise_mobile(term)
    except InvalidIdentity:
        return "words", search_words(term)


def orders_for_actor(
    *, actor: Actor, now: dt.datetime | None = None, **filters: Unpack[QueueFilters]
) -> QuerySet[ServiceOrder]:
    """The actor's queue (`_orders_filtered`), most urgent first: overdue, then warned, then the rest by
    due time, open ones without a due time, then finished ones newest first (`urgency.queue_tiers`).
    `now` fixes the instant urgency is judged at (tests). Pages read it a page at a time:
    `order_page_for_actor`."""
    now = now or timezone.now()
    qs = _orders_filtered(actor=actor, now=now, **filters)
    overdue_, warned, calm, undated = queue_tiers(now)
    tier = Case(
        When(overdue_, then=Value(0)),
        When(warned, then=Value(1)),
        When(calm, then=Value(2)),
        When(undated, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    finished_first = Case(When(status__in=OPEN_STATUSES, then=F("id")), default=-F("id"))
    return (
        qs.select_related(*_LIST_RELATED)
        .annotate(urgency=tier)
        .order_by("urgency", F("due_at").asc(nulls_last=True), finished_first)
    )


# A search shows at most this many matches (the first found; the count then says "1,000+").
SEARCH_MATCHES_MAX = 1000
# Pages of the queue and of the API list: signed cursors (fawang.core.keyset), this list's own salt.
QUEUE_CURSOR_SALT = "fawang.orders.queue"
# Each segment's order: the tiers by due time (`order_open_due`), undated open ones and finished ones by id.
_QUEUE_ORDERS = (("due_at", "id"), ("due_at", "id"), ("due_at", "id"), ("id",), ("-id",))


def queue_segments(
    now: dt.datetime, *, statuses: Collection[str] | None = None, overdue: bool | None = None
) -> list[keyset.Segment]:
    """The queue's order as keyset segments (`urgency.queue_tiers`, then finished orders newest first).
    A segment the filters leave empty is kept, matching nothing, so a cursor's segment number means
    the same segment whatever the filters."""
    wanted = set(statuses) if statuses is not None else None
    open_wanted = [s for s in OPEN_STATUSES if wanted is None or s in wanted]
    nothing = Q(pk__in=[])
    tiers = [q & Q(status__in=open_wanted) if open_wanted else nothing for q in queue_tiers(now)]
    if wanted is None:
        finished = ~Q(status__in=OPEN_STATUSES)
    else:
        closed = sorted(wanted - set(OPEN_STATUSES))
        finished = Q(status__in=closed) if closed else nothing
    wheres = [*tiers, finished]
    if overdue is True:
        wheres = [wheres[0]] + [nothing] * 4
    elif overdue is False:
        wheres[0] = nothing
    return [keyset.Segment(where, order) for where, order in zip(wheres, _QUEUE_ORDERS, strict=True)]


def order_page_for_actor(
    *,
    actor: Actor,
    cursor: str | None,
    size: int,
    now: dt.datetime | None = None,
    **filters: Unpack[QueueFilters],
) -> keyset.Page[ServiceOrder]:
    """A page of `orders_for_actor` (same filters, same order) read by keyset: `cursor` is the one a
    previous page gave (None: the first page); keyset.BadCursor for one it did not give. The cursor
    keeps the instant the first page was drawn, so the tiers stay put while the clerk pages on."""
    decoded = keyset.decode(cursor, salt=QUEUE_CURSOR_SALT, model=ServiceOrder, orders=_QUEUE_ORDERS)
    now = decoded.now if decoded else (now or timezone.now())
    qs = _orders_filtered(actor=actor, now=now, **filters).select_related(*_LIST_RELATED)
    status, statuses, overdue = filters.get("status"), filters.get("statuses"), filters.get("overdue")
    search = filters.get("search", "")
    wanted = {status} if status else None
    if statuses is not None:
        wanted = set(statuses) if wanted is None else wanted & set(statuses)
    segments = queue_segments(now, statuses=wanted, overdue=overdue)
    count = None
    if (search or "").strip():
        # A search finds its matches once (a tracking or phone number through its index, words as
        # `_words_matches` says), at most SEARCH_MATCHES_MAX, and the page is read from those instead
        # of each urgency tier scanning again.
        found = _words_matches(actor=actor, now=now, qs=qs, filters=filters)
        if found is None:
            found = list(qs.order_by().values_list("pk", flat=True)[: SEARCH_MATCHES_MAX + 1])
        count = keyset.Count(
            value=min(len(found), SEARCH_MATCHES_MAX), exact=len(found) <= SEARCH_MATCHES_MAX
        )
        qs = ServiceOrder.objects.filter(pk__in=found[:SEARCH_MATCHES_MAX]).select_related(*_LIST_RELATED)
    page = keyset.paginate(
        qs,
        segments,
        cursor=decoded,
        size=size,
        salt=QUEUE_CURSOR_SALT,
        now=now,
        rows=ServiceOrder.objects.select_related(*_LIST_RELATED),
    )
    page.count = count or _queue_count(qs, wanted, overdue=overdue)
    return page


def _queue_count(
    qs: QuerySet[ServiceOrder], wanted: set[str] | None, *, overdue: bool | None
) -> keyset.Count:
    """The queue's capped count. A list of open and finished orders together is counted in two parts,
    each matching the partial indexes of its side (open orders by place, finished ones newest first):
    one count over both reads every order of the jurisdiction's matching rows through no index at all
    (3 s for Tibetan orders in Chengdu, which has none, at 10,000,000 orders)."""
    limit = keyset.count_limit()
    open_wanted = [s for s in OPEN_STATUSES if wanted is None or s in wanted]
    # Only open orders are overdue.
    finished_wanted = overdue is not True and (wanted is None or bool(wanted - set(OPEN_STATUSES)))
    if not open_wanted or not finished_wanted:
        return keyset.capped_count(qs, limit=limit)
    open_count = keyset.capped_count(qs.filter(status__in=OPEN_STATUSES), limit=limit)
    if not open_count.exact:
        return open_count
    rest = keyset.capped_count(qs.exclude(status__in=OPEN_STATUSES), limit=limit - open_count.value)
    return keyset.Count(value=open_count.value + rest.value, exact=rest.exact)


# A words search reads the newest SEARCH_NEWEST_FIRST orders first, then a window of the newest orders
# widened to what should hold enough matches at the rate seen, up to SEARCH_WINDOW_MAX ids; past that,
# the index of description pieces (`_words_matches`).
SEARCH_NEWEST_FIRST = 50_000
SEARCH_WINDOW_MAX = 1_000_000
# The index path ANDs two bitmaps (the word's pieces, the jurisdiction's places). With PostgreSQL's
# default work_mem (4 MB) a common word's bitmap turns lossy, and a lossy page is rechecked by computing
# the pieces of every row on it again: 118 s for 拖欠工资 in Chengdu at 10,000,000 orders. 64 MB keeps a
# bitmap of a few million rows exact; it is set for that one query's transaction only.
SEARCH_WORK_MEM = "64MB"


def _words_matches(
    *, actor: Actor, now: dt.datetime, qs: QuerySet[ServiceOrder], filters: QueueFilters
) -> list[int] | None:
    """The newest SEARCH_MATCHES_MAX + 1 matches of a search by words (None: the search is a number).
    A common word ("拖欠工资") is in thousands of the newest orders: walking the newest ids backwards
    finds enough of them in milliseconds, where the index of description pieces would first collect
    every one of its million matches. The walk starts with the newest SEARCH_NEWEST_FIRST orders and,
    when they hold some matches but not enough (a prefecture or county sees a share of them), widens
    the window to what should hold enough at the rate seen. A word too rare for that (no match, or a
    window past SEARCH_WINDOW_MAX) is looked up in the index (`description_q`) together with the
    jurisdiction's own indexes, and its matches are few. Either way the result is the newest matches,
    so the page and its "1,000+" mean the same whichever way they were found."""
    kind, words = search_term(filters.get("search"))
    if kind != "words":
        return None
    wanted = SEARCH_MATCHES_MAX + 1
    in_county = county_words_q(actor, words)
    if in_county is not None:
        # A county (or a place within one) reads the postings of its own orders (orders 0018): a few
        # thousand for the commonest word, where the newest orders of the province hold few of its
        # matches and the province's postings hold a million. The province-wide pieces are left out of
        # this query so that the planner cannot AND their bitmap in.
        own = _orders_filtered(actor=actor, now=now, **filters, words_through_index=False).filter(in_county)
        return list(own.order_by((F("pk") + 0).desc()).values_list("pk", flat=True)[:wanted])
    newest = ServiceOrder.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    plain = _orders_filtered(actor=actor, now=now, **filters, words_through_index=False).order_by("-pk")
    found: list[int] = []
    low, high = newest - SEARCH_NEWEST_FIRST, newest
    while True:
        window = plain.filter(pk__gt=low, pk__lte=high).values_list("pk", flat=True)
        found += window[: wanted - len(found)]
        if len(found) >= wanted or low <= 0:
            return found  # enough, or every order was read
        read = newest - low
        needed = read * wanted // len(found) * 5 // 4 if found else SEARCH_WINDOW_MAX + 1
        if needed > SEARCH_WINDOW_MAX:
            break
        low, high = newest - needed, low
    # Sorted after the bitmaps, never by walking the primary key (which would compute each row's
    # pieces in turn until enough match); `pk + 0` keeps the planner off that index.
    through_index = qs.order_by((F("pk") + 0).desc()).values_list("pk", flat=True)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL work_mem = '{SEARCH_WORK_MEM}'")
        return list(through_index[:wanted])


# Tibetan's syllable mark and shad, Yi's and Chinese punctuation, spaces: a word copied with the mark
# after it ("བཀྲ་ཤིས་") is still found in "བཀྲ་ཤིས།".
_WORD_EDGES = " \t\u0f0b\u0f0c\u0f0d\u0f0e\u0f14\ua4fe\ua4ff\u3001\u3002\uff0c\uff0e.,;:"


def search_words(term: str) -> str:
    """A search term as stored descriptions hold text: NFC (intake normalises descriptions the same
    way), without punctuation at its edges; the term itself when that would leave nothing."""
    normalised = unicodedata.normalize("NFC", term).strip(_WORD_EDGES)
    return normalised or term


def description_q(words: str) -> Q:
    """Orders whose description contains `words`, ignoring case (`icontains`). On PostgreSQL the rows
    are first narrowed through the index of every description's two-character pieces (migration
    `0010_description_bigram_index`): without it a rare word at province level reads every order ever
    made. A one-character term has no piece to look up and is matched by the scan alone."""
    contains = Q(description__icontains=words)
    if connection.vendor != "postgresql" or len(words) < 2:
        return contains
    return Q(DataContains(_Bigrams(F("description")), _Bigrams(Value(words)))) & contains


def county_words_q(actor: Actor, words: str) -> Q | None:
    """Orders the actor reaches with every piece of `words` in their description, where the actor's
    region is one county or a place within it: through the county's own postings
    (`fawang_county_bigrams`, migration 0018), or-ed with the orders of the institution or the
    practitioner the actor also reaches by (their holder indexes). None where that cannot serve: not
    PostgreSQL, a term too short to have a piece, a superuser, or a reach by a region wider than a
    county (a prefecture's or the province's search reads the newest orders first) or by no region. A
    superset of the matches (an order is keyed under the counties of both its paths; the institution's
    and the practitioner's orders are not narrowed by words): the caller keeps the scope and
    `icontains` for the exact answer."""
    if connection.vendor != "postgresql" or len(words) < 2:
        return None
    keys = policy.reach_keys(actor)
    if keys is None or keys.region_path is None or len(keys.region_path.strip("/").split("/")) < 3:
        return None
    # The term's pieces keyed as the index keys the jurisdiction's county: the same SQL function on
    # both sides, so the pieces (upper-cased by the database) cannot disagree.
    path = keys.region_path
    placed = _CountyBigrams(F("region_path"), F("handler_region_path"), F("description"))
    q = Q(DataContains(placed, _CountyBigrams(Value(path), Value(path), Value(words))))
    if keys.institution_id:
        q |= Q(assigned_institution_id=keys.institution_id)
    if keys.practitioner_pk is not None:
        q |= Q(assigned_practitioner_id=keys.practitioner_pk)
    return q


class _CountyBigrams(Func):
    """The database's `fawang_county_bigrams(region_path, handler_path, text)`: the text's pieces, each
    keyed by the county of either path ("510107:拖欠")."""

    function = "fawang_county_bigrams"
    output_field = ArrayField(TextField())


class _Bigrams(Func):
    """The database's `fawang_bigrams(text)`: a text's distinct two-character pieces, upper-cased."""

    function = "fawang_bigrams"
    output_field = ArrayField(TextField())


def order_get_for_actor(*, actor: Actor, tracking_no: str) -> ServiceOrder:
    """One order by tracking number; NotFound alike for a missing one and one outside the jurisdiction."""
    number = normalise_tracking_number(tracking_no)
    order = (
        policy.scope_orders(actor, ServiceOrder.objects.all())
        .select_related(*_LIST_RELATED, "first_responder", "accepted_by", "applicant")
        .filter(tracking_no=number)
        .first()
    )
    if order is None:
        raise NotFound(ErrorCode.ORDER_NOT_FOUND, _("No such service order."), "tracking_no")
    return order


def orders_by_phone(*, actor: Actor, phone: str) -> QuerySet[ServiceOrder]:
    """A caller's earlier orders, found through the phone's blind index (the hotline console). Raises
    InvalidIdentity (field "phone") for a number that is not a mobile number."""
    index = mobile_index(normalise_mobile(phone, field="phone"))
    return (
        policy.scope_orders(actor, ServiceOrder.objects.filter(applicant_phone_index=index))
        .select_related(*_LIST_RELATED)
        .order_by("-submitted_at")
    )


TIMELINE_MARGIN = dt.timedelta(days=1)


def order_timeline(*, order: ServiceOrder, public_only: bool) -> list[OrderEvent]:
    """The order's events in order; `public_only` leaves out internal ones (supervision, sweeps).

    Bounded below by the submission: the event table is partitioned by month (docs/adr/0015), and
    without a bound on its time the read plans and probes every month since the platform began. No
    event is older than its order's submission (intake writes both with one `now`); the day's margin
    absorbs clocks that differ between servers."""
    since = order.submitted_at - TIMELINE_MARGIN
    events = order.events.filter(created_at__gte=since).select_related("actor").order_by("created_at", "id")
    if public_only:
        events = events.filter(is_public=True)
    return list(events)


def order_track_public(*, tracking_no: str, phone: str) -> ServiceOrder | None:
    """The no-login tracking page: the order only when both the tracking number and the applicant's
    phone match; None otherwise, the same answer and about the same time whichever was wrong."""
    number = normalise_tracking_number(tracking_no)
    try:
        given = mobile_index(normalise_mobile(phone))
    except InvalidIdentity:
        given = ""
    order = None
    if tracking_number_is_valid(number):
        order = (
            ServiceOrder.objects.select_related("service_item", "assigned_point", "assigned_institution")
            .filter(tracking_no=number)
            .first()
        )
    stored = order.applicant_phone_index if order is not None else "0" * 64
    # Constant-time compare, done even when the number is unknown so timing tells nothing.
    matches = hmac.compare_digest(stored.encode(), (given or "x" * 64).encode())
    if order is not None and given and not matches:
        # A module's other followers (a dispute's parties, docs/adr/0029) may track it too.
        followers = workflow.workflow_get(order.workflow).followers
        if followers is not None:
            matches = any(hmac.compare_digest(f.encode(), given.encode()) for f in followers(order))
    return order if (order is not None and given and matches) else None


_SUPERVISION_RELATED = ("order", "issued_to_region", "order__service_item")


def supervisions_for_actor(
    *, actor: Actor, status: str | None = SupervisionStatus.OPEN
) -> QuerySet[SupervisionOrder]:
    """Supervision orders issued to a region inside the actor's jurisdiction, nearest deadline first."""
    if not (policy.has_action(actor, "order.supervise") or policy.has_action(actor, "order.handle")):
        return SupervisionOrder.objects.none()
    qs = policy.scope_jurisdiction(
        actor,
        SupervisionOrder.objects.select_related(*_SUPERVISION_RELATED),
        region_path="issued_to_region__path",
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("deadline", "id")


SUPERVISION_CURSOR_SALT = "fawang.orders.supervisions"


def supervision_segments(status: str | None) -> list[keyset.Segment]:
    """Open supervision orders by deadline (the partial index `supervision_open_deadline`), then, when
    every status is asked for, the answered and closed ones newest first."""
    nothing = Q(pk__in=[])
    open_ = Q(status=SupervisionStatus.OPEN)
    done = ~open_ if status is None else (nothing if status == SupervisionStatus.OPEN else Q(status=status))
    return [
        keyset.Segment(open_ if status in (None, SupervisionStatus.OPEN) else nothing, ("deadline", "id")),
        keyset.Segment(done, ("-id",)),
    ]


def supervision_page_for_actor(
    *, actor: Actor, cursor: str | None, size: int, status: str | None = SupervisionStatus.OPEN
) -> keyset.Page[SupervisionOrder]:
    """A page of `supervisions_for_actor` read by keyset (fawang.core.keyset); BadCursor for a cursor
    this list did not give."""
    segments = supervision_segments(status)
    return keyset.read_page(
        supervisions_for_actor(actor=actor, status=status),
        lambda _now: segments,
        token=cursor,
        size=size,
        salt=SUPERVISION_CURSOR_SALT,
        rows=SupervisionOrder.objects.select_related(*_SUPERVISION_RELATED),
    )


def supervision_get_for_actor(*, actor: Actor, pk: int) -> SupervisionOrder:
    found = supervisions_for_actor(actor=actor, status=None).filter(pk=pk).first()
    if found is None:
        raise NotFound(ErrorCode.SUPERVISION_NOT_FOUND, _("No such supervision order."), "supervision")
    return found


def supervision_may_answer(actor: Actor, supervision: SupervisionOrder) -> bool:
    """May `actor` answer this supervision order (whatever its status)? Staff who handle orders (the
    handling place answers; a supervisor does not answer their own supervision order), in the region
    it was issued to (or above it), or whose jurisdiction covers the order's handler.
    `services.supervision_answer` enforces this same check; pages use it to decide whether to offer
    the answer form."""
    if not policy.has_action(actor, "order.handle"):
        return False
    return policy.region_in_jurisdiction(actor, supervision.issued_to_region.path) or (
        policy.can_see_order(actor, supervision.order)
        and policy.region_in_jurisdiction(actor, supervision.order.handler_region_path)
    )


def order_ids_under_supervision(order_ids: list[int]) -> set[int]:
    """Which of these orders have an open supervision order (督办中), in one query, for the marks on a
    page of the queue."""
    if not order_ids:
        return set()
    return set(
        SupervisionOrder.objects.filter(order_id__in=order_ids, status=SupervisionStatus.OPEN)
        .values_list("order_id", flat=True)
        .distinct()
    )


def order_answerable(order: ServiceOrder) -> tuple[str, Any]:
    """Who answers for the order now (首问负责): the handler who accepted it; before that the person
    who received it; for a web/app request nobody received, the staff of the point it was routed to.
    Returns (kind, user or service point) with kind "handler", "first_responder" or "point"."""
    if order.accepted_by_id and order.status not in ("submitted", "transferred"):
        return "handler", order.accepted_by
    if order.first_responder_id:
        return "first_responder", order.first_responder
    return "point", order.first_responder_point


def _transfer_querysets(actor: Any, region: Any) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """Where an order may be transferred: the active service points and institutions on the chain
    from the order's region up to the province (the level above), and those inside the actor's own
    jurisdiction (their own institution too); anywhere for a superuser. One rule for the transfer form
    and the service (so the API agrees with the page)."""
    from fawang.network.models import Institution, ServicePoint

    points = ServicePoint.objects.filter(is_active=True)
    institutions = Institution.objects.filter(is_active=True)
    if getattr(actor, "is_superuser", False):
        return points, institutions
    chain_codes = [*region.ancestor_codes(), region.code] if region is not None else []
    place = Q(region_id__in=chain_codes)
    own_path = policy.jurisdiction_path(actor) or ""
    if own_path:
        place |= Q(region__path__startswith=own_path)
    own_institution = Q(pk=actor.jurisdiction_institution_id or 0)
    return points.filter(place), institutions.filter(place | own_institution)


def transfer_places(actor: Any, region: Any, *, limit: int) -> tuple[list[Any], list[Any]]:
    """The service points and institutions an order of `region` may be transferred to by `actor`,
    nearest levels first (at most `limit` of each)."""
    points, institutions = _transfer_querysets(actor, region)
    order = ("region__depth", "region_id", "name")
    return (
        list(points.select_related("region").order_by(*order)[:limit]),
        list(institutions.select_related("region").order_by(*order)[:limit]),
    )


def transfer_place_allowed(actor: Any, region: Any, *, point: Any = None, institution: Any = None) -> bool:
    """May `actor` transfer an order of `region` to this service point or institution?"""
    points, institutions = _transfer_querysets(actor, region)
    if institution is not None:
        return institutions.filter(pk=institution.pk).exists()
    return points.filter(pk=point.pk).exists()


def orders_of_applicant(*, actor: Actor) -> QuerySet[ServiceOrder]:
    """A signed-in citizen's own orders ("my orders"), newest first: what `policy.scope_orders` gives
    a citizen (filed from the account, or made for their verified phone without one)."""
    if not getattr(actor, "is_citizen", False):
        return ServiceOrder.objects.none()
    return (
        policy.scope_orders(actor, ServiceOrder.objects.all())
        .select_related("service_item", "assigned_point", "assigned_institution")
        .order_by("-submitted_at", "-id")
    )


# ---- figures: the on-time rate and the counts an analyst reads -----------------------------------------

# The formula as every page shows it beside the figure (`on_time_rate` says why).
ON_TIME_FORMULA = gettext_lazy("finished within the limit ÷ (finished + open and already overdue)")


@dataclass(frozen=True)
class OnTimeRate:
    """按期办结率 and the counts it is made of (`on_time_rate`)."""

    on_time: int  # finished within their time limit
    finished: int  # finished orders that have a time limit
    open_overdue: int  # open orders already past their due time (fawang.orders.urgency)

    @property
    def counted(self) -> int:
        return self.finished + self.open_overdue

    @property
    def rate(self) -> Decimal | None:
        """A percentage with one decimal; None while nothing counts."""
        if not self.counted:
            return None
        return (Decimal(self.on_time) * 100 / Decimal(self.counted)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def on_time_rate(orders: QuerySet[ServiceOrder], *, now: dt.datetime) -> OnTimeRate:
    """按期办结率 of `orders` (scoped by the caller), the one definition every page shows:

        on-time rate = finished within their limit / (finished + open and already overdue)

    Finished: resolved (`resolved_at`), no longer open, with a time limit (`due_at`); within the
    limit: resolved by the due time. Open and already overdue: `urgency.overdue_q`, the one meaning
    of overdue. An order that runs late lowers the rate as soon as it is overdue, not only once it is
    finally finished: 10 orders open past their limit beside 5 finished on time is 33.3%, not 100%.
    Open orders not yet due are left out (nobody knows yet); a reopened order is open again and counts
    by its due time. One aggregate query."""
    finished = Q(resolved_at__isnull=False, due_at__isnull=False) & ~Q(status__in=OPEN_STATUSES)
    figures = orders.aggregate(
        finished=Count("pk", filter=finished),
        on_time=Count("pk", filter=finished & Q(resolved_at__lte=F("due_at"))),
        open_overdue=Count("pk", filter=overdue_q(now)),
    )
    return OnTimeRate(**figures)


@dataclass(frozen=True)
class OrderFigures:
    """What the analyst reads (until the insight module exists): counts only, never an order."""

    total: int
    by_region: list[tuple[str, int]]  # the regions one level below the jurisdiction
    by_service: list[tuple[str, int]]
    by_channel: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    on_time: OnTimeRate


def open_overdue_count(orders: QuerySet[ServiceOrder], *, now: dt.datetime) -> int:
    """Open orders of `orders` already past their due time (`urgency.overdue_q`), counted live through
    the partial index `order_open_due_places` (an index-only scan: it carries the columns scoping reads): whether an open order is overdue changes with the clock, not
    with a write, so no rollup can hold it (docs/adr/0016)."""
    return orders.filter(overdue_q(now)).count()


def tallied_on_time_rate(*, actor: Actor, reading: str, now: dt.datetime) -> OnTimeRate:
    """`on_time_rate` of the orders the actor reads (`policy.scope_tallies`: "figures" as
    `scope_figures`, "orders" as `scope_orders`), the same numbers without counting the orders: the
    finished ones from the rollup (`OrderTally`), the open overdue ones live (`open_overdue_count`)."""
    from .tallies import Dimension

    tallies = policy.scope_tallies(
        actor, OrderTally.objects.filter(dimension=Dimension.STATUS), reading=reading
    )
    sums = tallies.aggregate(finished=Sum("finished"), on_time=Sum("on_time"))
    scope = policy.scope_figures if reading == "figures" else policy.scope_orders
    return OnTimeRate(
        on_time=sums["on_time"] or 0,
        finished=sums["finished"] or 0,
        open_overdue=open_overdue_count(scope(actor, ServiceOrder.objects.all()), now=now),
    )


def _tally_counts(tallies: QuerySet[OrderTally], dimension: str) -> dict[str, int]:
    """Orders per value of `dimension`, the values with none left out (as a GROUP BY over the orders
    would)."""
    rows = tallies.filter(dimension=dimension).values("value").annotate(n=Sum("orders")).order_by()
    return {row["value"]: row["n"] for row in rows if row["n"]}


def order_figures(*, actor: Actor, now: dt.datetime | None = None) -> OrderFigures:
    """Counts of the orders in the actor's figures (`policy.scope_figures`: the jurisdiction's, for
    `insight.view`; nothing for anyone else) by region one level below the jurisdiction, service item,
    channel and status, and the on-time rate (`on_time_rate`). Read from the rollup (`OrderTally`,
    docs/adr/0016) scoped the same way (`policy.scope_tallies`), plus the live count of open overdue
    orders: the numbers counting the orders would give, without reading them."""
    from fawang.catalog.models import ServiceItem

    from .tallies import Dimension

    now = now or timezone.now()
    tallies = policy.scope_tallies(actor, OrderTally.objects.all(), reading="figures")
    parent_id = getattr(actor, "jurisdiction_region_id", None)
    children = list(Region.objects.filter(parent_id=parent_id).order_by("code")) if parent_id else []
    # One read of the status rows gives the statuses, the regions and the on-time counts.
    status_rows = tallies.filter(dimension=Dimension.STATUS)
    if children:
        # Codes of one level have one length, so the first characters of the path name the child.
        status_rows = status_rows.annotate(area=Substr("region_path", 1, len(children[0].path)))
        status_rows = status_rows.values("value", "area")
    else:
        status_rows = status_rows.values("value")
    per_status: Counter[str] = Counter()
    per_child: Counter[str] = Counter()
    finished = on_time = 0
    for row in status_rows.annotate(n=Sum("orders"), fin=Sum("finished"), ok=Sum("on_time")).order_by():
        per_status[row["value"]] += row["n"]
        per_child[row.get("area", "")] += row["n"]
        finished, on_time = finished + row["fin"], on_time + row["ok"]
    by_region = [(c.name, per_child[c.path]) for c in children]
    per_item = {int(pk): n for pk, n in _tally_counts(tallies, Dimension.ITEM).items()}
    items = ServiceItem.objects.filter(pk__in=per_item).order_by("sort_order", "code")
    per_channel = _tally_counts(tallies, Dimension.CHANNEL)
    per_status = +per_status  # statuses no order has left out, as a GROUP BY over the orders would
    return OrderFigures(
        total=sum(per_status.values()),
        by_region=by_region,
        by_service=[(item.display_name, per_item[item.pk]) for item in items],
        by_channel=[
            (str(label), per_channel[value]) for value, label in Channel.choices if value in per_channel
        ],
        by_status=[
            (str(label), per_status[value]) for value, label in OrderStatus.choices if value in per_status
        ],
        on_time=OnTimeRate(
            on_time=on_time,
            finished=finished,
            open_overdue=open_overdue_count(policy.scope_figures(actor, ServiceOrder.objects.all()), now=now),
        ),
    )
