"""Scale: every staff page and API list over five years of orders (PostgreSQL only).

Load. A database `<name>_scale` next to DATABASE_URL's gets `n` service orders (10,000,000 by default)
as five years of work, by plain SQL (INSERT ... SELECT over generate_series, no ORM, no COPY needed):

- where and who: the demo network (`network_generate_demo(seed=2020)`); each order's applicant region
  is a county or one of its townships, and its handler is what the app's own router (`routing.route`)
  decides for that region, service item and language, computed once per combination in Python and
  reused (service points, legal aid centres, notary offices, arbitration commissions ...);
- mix: service items weighted (consultation most, then mediation, legal aid, notary ...), channels
  (hotline, window, web, app, mini-program, partner), languages (Tibetan in Ganzi and Aba, Yi in
  Liangshan, Chinese elsewhere);
- time: finished orders submitted evenly over five years (rejected, closed, and the last weeks'
  resolved ones still in their rating window); `n / 10` open orders (submitted, accepted, in progress,
  awaiting materials, transferred, reopened) whose due times fall so that about 9% are overdue and
  about as many more warned;
- rows the lifecycle writes with them (fawang/orders/engine.py, feedback/services.py): the events
  (submitted, routed, accepted, started, suspended, transferred, resolved, evaluated, reopened,
  closed, rejected, warned, overdue, supervision issued); one statutory clock per order (the item's
  first law-table limit: running for open orders with the order's due/warning times, paused while
  awaiting materials where the law says so, warned/overdue stamped as the sweep would have; stopped
  for finished ones); a rating invitation per resolution, ratings for about a third of them (bad
  ones reopened the order and opened a review), return visits of hotline orders, automatic
  supervision orders for most overdue open orders and for a share of late finished ones;
- personal data: a few hundred mobile numbers encrypted once in Python (the app's field) with their
  blind index, reused; ID numbers left blank (the model allows it).

Indexes other than primary keys and unique constraints are dropped before the load and rebuilt after
it (as a bulk load into PostgreSQL does), foreign-key triggers are off while loading (the rows are
consistent by construction), then VACUUM ANALYZE. A table `bench_scale_build` records the loader
version, the migrations and the size: `--keep-scale` reuses a database whose record matches and
rebuilds it otherwise.

Time. One staff user per role (accounts.enums.Role) and level (Wuhou county 510107, Chengdu prefecture
510100, the province 510000), signed in with Django's test Client (`force_login`). For each, every
page the role has: the queue `/work/` with each choice of each filter of QueueFilterForm (whose,
status, region, overdue, language, and any field added to it later), search by tracking number,
mobile number and words, page 2 and a deep page; the order page and its receipt; the hotline console
(with a caller looked up) and the window form; the figures; supervision (open and all) and a review
page; return visits; the API list `/api/v1/orders` (its filters, page 2, a deep page) and detail.
Each page: one warm-up request, then `requests` timed ones (fewer when the page's time budget runs out:
the table says how many); p50 and p95. The floor, measured in the same run on the same connection: a
bare primary-key fetch of 25 order rows through the ORM. Targets: p95 < 200 ms at province level, and
no page's p50 more than 10x the floor's p50. A page that answers other than 200 is reported with its
status, not timed as fast."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .report import Report, percentile, verdict

LOADER_VERSION = 2  # 2: monthly partitions made before the load, rollups rebuilt after it
TARGET_P95_MS = 200.0
TARGET_FLOOR_RATIO = 10.0
LEVELS = (("county", "510107"), ("prefecture", "510100"), ("province", "510000"))
DEEP_PAGE_QUEUE = 2000  # 25 rows a page: rows 49,975-50,000
DEEP_PAGE_API = 2500  # 20 rows a page: rows 49,980-50,000

# Service items by share of orders (the catalog's codes; an item missing from the catalog is skipped).
ITEM_WEIGHTS = {
    "consultation": 11,
    "mediation": 3,
    "legal_aid": 2,
    "notary": 2,
    "complaint": 1,
    "labour_arbitration": 1,
    "appraisal": 1,
}
CHANNEL_SHARES = (
    ("hotline", 0.35),
    ("window", 0.30),
    ("web", 0.15),
    ("mini_program", 0.10),
    ("app", 0.08),
    ("partner_api", 0.02),
)
# Shares of open orders by status, and of finished ones rejected.
OPEN_SHARES = (
    ("submitted", 0.22),
    ("accepted", 0.15),
    ("in_progress", 0.46),
    ("suspended", 0.08),
    ("transferred", 0.04),
    ("reopened", 0.05),
)
REJECTED_SHARE = 0.04
RATED_PERCENT = 30  # of resolutions rated
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
)
DESCRIPTIONS = {
    "zh": (
        "用人单位拖欠工资三个月，咨询如何维权并申请法律援助。",
        "邻居装修占用公共通道，多次协商未果，请求调解。",
        "父亲去世后兄弟姐妹对房产继承有争议，咨询继承顺序。",
        "网购商品存在质量问题，商家拒绝退货，咨询消费者权益保护。",
        "交通事故对方保险公司迟迟不赔付，咨询诉讼时效。",
        "需要办理出生公证用于出国留学，咨询所需材料。",
        "土地承包经营权流转合同到期后对方不退还土地。",
        "离婚后对方不按判决支付抚养费，咨询强制执行。",
    ),
    "bo": (
        "ལས་ཀའི་གླ་ཕོགས་ཟླ་བ་གསུམ་རིང་མ་སྤྲད། ཁྲིམས་ཐོག་རོགས་རམ་ཞུ་རྒྱུ།",
        "ཁྱིམ་མཚེས་དང་ས་ཞིང་གི་རྩོད་གཞི། བར་འདུམ་ཞུ་རྒྱུ།",
    ),
    "ii": (
        "ꀋꂿꃅꄉꇬꑍꌠ ꇬꄉꀕꑍ ꃅꄉꌠ ꇬꄉ ꀋꂿ",
        "ꑍꌠꇬꄉ ꃅꄉꀕ ꌠꇬꄉ ꀋꂿꃅ",
    ),
}


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model: Any) -> str:
    return _q(model._meta.db_table)


def _col(model: Any, attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return _q(f.column)
    raise RuntimeError(f"scale bench: {model.__name__}.{attname} is gone; update bench/scale.py")


def _insert_select(model: Any, values: dict[str, str], source: str) -> str:
    """INSERT INTO model (...) SELECT ... `source`, naming every concrete field but the primary key:
    a field added to the model and not named here stops the load (say what the bench's rows hold)."""
    columns, exprs = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if f.attname not in values:
            raise RuntimeError(
                f"scale bench: {model.__name__}.{f.attname} is new; say what the loaded rows hold"
            )
        columns.append(_q(f.column))
        exprs.append(values[f.attname])
    return f"INSERT INTO {_table(model)} ({', '.join(columns)}) SELECT {', '.join(exprs)} {source}"


def _lit(value: Any) -> str:
    """A SQL literal for a plain str/number/bool from this module (never user input)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


# ---- the build record ------------------------------------------------------------------------------


def migrations_fingerprint() -> str:
    """A digest of every migration on disk (app and name): a new or renamed migration changes it."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    names = sorted(f"{app}.{name}" for app, name in loader.disk_migrations)
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]


def build_record() -> dict[str, Any] | None:
    with connection.cursor() as cur:
        cur.execute("SELECT to_regclass('bench_scale_build')")
        if cur.fetchone()[0] is None:
            return None
        cur.execute(
            "SELECT loader_version, migrations, orders, load_seconds, built_at FROM bench_scale_build "
            "ORDER BY built_at DESC LIMIT 1"
        )
        row = cur.fetchone()
    if row is None:
        return None
    keys = ("loader_version", "migrations", "orders", "load_seconds", "built_at")
    return dict(zip(keys, row, strict=True))


def build_migratable(record: dict[str, Any] | None, n: int) -> bool:
    """Built by this loader at this size, only behind on migrations."""
    return bool(record and record["loader_version"] == LOADER_VERSION and record["orders"] == n)


def build_matches(record: dict[str, Any] | None, n: int) -> bool:
    return bool(
        record
        and record["loader_version"] == LOADER_VERSION
        and record["migrations"] == migrations_fingerprint()
        and record["orders"] == n
    )


def _record_build(n: int, seconds: float, migrations: str) -> None:
    """Record what the database was built from: `migrations` is the fingerprint taken when its
    migrations were applied (a migration written during an hour's load is not in it)."""
    with connection.cursor() as cur:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS bench_scale_build (loader_version integer NOT NULL, "
            "migrations text NOT NULL, orders bigint NOT NULL, load_seconds double precision NOT NULL, "
            "built_at timestamptz NOT NULL DEFAULT now())"
        )
        cur.execute("DELETE FROM bench_scale_build")
        cur.execute(
            "INSERT INTO bench_scale_build (loader_version, migrations, orders, load_seconds) "
            "VALUES (%s, %s, %s, %s)",
            [LOADER_VERSION, migrations, n, seconds],
        )


# ---- helper tables: routes, items, phones, texts -----------------------------------------------------


def _limit_days(limit: int, unit: str) -> float:
    """Calendar days a limit spans, near enough for generated rows (a working week is 7/5 days)."""
    if unit == "working_days":
        return limit * 1.4
    if unit == "months":
        return limit * 30.0
    return float(limit)


def _helper_tables(seed: int, now: dt.datetime) -> dict[str, int]:
    """bench_scale_items, bench_scale_routes, bench_scale_phones, bench_scale_texts; returns sizes."""
    from fawang.catalog.models import ServiceItem
    from fawang.core.errors import DomainError
    from fawang.core.identity import mobile_index
    from fawang.orders.clock import law_table
    from fawang.orders.models import ServiceOrder
    from fawang.orders.routing import route
    from fawang.orders.tracking import _DAMM, damm_interim
    from fawang.regions.models import Region, RegionLevel

    rng = random.Random(seed)
    items = {i.code: i for i in ServiceItem.objects.filter(is_active=True, code__in=list(ITEM_WEIGHTS))}
    item_rows = []
    for item in items.values():
        law = law_table(item)
        first = next((lim for lim in law if "submitted" in lim.starts_on), law[0])
        days = _limit_days(first.limit, first.unit)
        item_rows.append(
            (
                item.pk,
                days,
                float(first.warn_ratio),
                first.name,
                first.label,
                first.label_en,
                first.limit,
                first.unit,
                str(first.warn_ratio),
                first.pauses_while_suspended,
                first.legal_basis,
                item.feedback_window_days,
            )
        )
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"))
    townships: dict[str, list[Region]] = {}
    for t in (
        Region.objects.filter(level=RegionLevel.TOWNSHIP).order_by("code").only("code", "path", "parent_id")
    ):
        townships.setdefault(t.parent_id or "", []).append(t)
    routes: list[tuple[Any, ...]] = []
    failed = 0
    for county in counties:
        places = [
            county,
            *rng.sample(townships.get(county.code, []), min(3, len(townships.get(county.code, [])))),
        ]
        zone = "bo" if county.path.startswith(("510000/513300/", "510000/513200/")) else ""
        zone = "ii" if county.path.startswith("510000/513400/") else zone
        for region in places:
            for code, weight in ITEM_WEIGHTS.items():
                item = items.get(code)
                if item is None:
                    continue
                # In the Tibetan and Yi areas two in five orders are in the local language.
                languages = [("zh", 3), (zone, 2)] if zone else [("zh", 5)]
                for language, share in languages:
                    try:
                        d = route(service_item=item, region=region, language=language)
                    except DomainError:
                        failed += 1
                        continue
                    row = (
                        item.pk,
                        region.code,
                        region.path,
                        language,
                        d.point_id,
                        d.institution_id,
                        d.practitioner_id,
                        d.handler_region_path,
                        d.reason[:255],
                        json.dumps(d.facts, ensure_ascii=False, default=str),
                    )
                    routes.extend([row] * (weight * share))
    rng.shuffle(routes)
    phone_field = ServiceOrder._meta.get_field("applicant_phone")
    phones = []
    for k in range(500):
        number = f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"
        phones.append((k, phone_field.get_db_prep_save(number, connection), mobile_index(number), number))
    texts = [(lang, k, text) for lang, options in DESCRIPTIONS.items() for k, text in enumerate(options)]
    with connection.cursor() as cur:
        for name in ("items", "routes", "phones", "texts", "damm_date", "damm_tail"):
            cur.execute(f"DROP TABLE IF EXISTS bench_scale_{name}")
        cur.execute(
            "CREATE TABLE bench_scale_items (item_id bigint PRIMARY KEY, lim interval, warn_ratio float8, "
            "name text, label text, label_en text, lim_n integer, unit text, wr numeric, pauses boolean, "
            "legal_basis text, window_days integer)"
        )
        cur.executemany(
            "INSERT INTO bench_scale_items VALUES (%s, make_interval(secs => %s * 86400), %s, %s, %s, %s, "
            "%s, %s, %s::numeric, %s, %s, %s)",
            item_rows,
        )
        cur.execute(
            "CREATE TABLE bench_scale_routes (n integer PRIMARY KEY, item_id bigint, region_id text, "
            "path text, language text, point_id bigint, institution_id bigint, practitioner_id bigint, "
            "handler_path text, reason text, facts jsonb)"
        )
        cur.executemany(
            "INSERT INTO bench_scale_routes VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb)",
            [(n, *row) for n, row in enumerate(routes)],
        )
        cur.execute("CREATE TABLE bench_scale_phones (n integer PRIMARY KEY, enc text, idx text, plain text)")
        cur.executemany("INSERT INTO bench_scale_phones VALUES (%s, %s, %s, %s)", phones)
        cur.execute(
            "CREATE TABLE bench_scale_texts (language text, n integer, body text, PRIMARY KEY (language, n))"
        )
        cur.executemany("INSERT INTO bench_scale_texts VALUES (%s, %s, %s)", texts)
        # The Damm check digit (fawang.orders.tracking) by two lookups instead of a function call
        # per row: the interim digit after each date, and the check digit after an interim digit
        # and the five counter digits plus a final 0 (see `_orders_sql`).
        cur.execute("CREATE TABLE bench_scale_damm_date (d text PRIMARY KEY, x integer)")
        day, dates = now.date() - dt.timedelta(days=1900), []
        while day <= now.date() + dt.timedelta(days=2):
            dates.append((day.strftime("%y%m%d"), damm_interim(day.strftime("%y%m%d"))))
            day += dt.timedelta(days=1)
        cur.executemany("INSERT INTO bench_scale_damm_date VALUES (%s, %s)", dates)
        cur.execute(
            "CREATE TABLE bench_scale_damm_tail (x integer, c integer, chk integer, PRIMARY KEY (x, c))"
        )
        with cur.cursor.copy("COPY bench_scale_damm_tail (x, c, chk) FROM STDIN") as copy:
            for x in range(10):
                for c in range(100_000):
                    y = x
                    for ch in f"{c:05d}0":
                        y = _DAMM[y][int(ch)]
                    copy.write_row((x, c, y))
    if not routes:
        raise RuntimeError("scale bench: the demo network routes nothing")
    return {"routes": len(routes), "route_failures": failed, "items": len(item_rows)}


# ---- the load ------------------------------------------------------------------------------------


def _shares_case(var: str, shares: tuple[tuple[str, float], ...]) -> str:
    parts, acc = [], 0.0
    for value, share in shares[:-1]:
        acc += share
        parts.append(f"WHEN {var} < {acc:.4f} THEN {_lit(value)}")
    return f"CASE {' '.join(parts)} ELSE {_lit(shares[-1][0])} END"


def _at(value: dt.datetime) -> str:
    return f"'{value.isoformat()}'::timestamptz"


def _orders_sql(n: int, now: dt.datetime, n_routes: int) -> str:
    """One INSERT ... SELECT of all `n` orders (see the module docstring for what they hold), in
    submission order for the finished ones (the ids grow with time, as a serial does)."""
    from fawang.orders.models import ServiceOrder

    n_open = n // 10
    n_fin = n - n_open
    n_resolved = max(1, n_fin // 90)  # the last weeks' resolutions, still in their rating window
    texts_per_language = (
        "CASE y.language "
        + " ".join(f"WHEN {_lit(lang)} THEN {len(options)}" for lang, options in DESCRIPTIONS.items())
        + " ELSE 1 END"
    )
    NOW, START = _at(now), _at(now - dt.timedelta(days=1826))
    span_days = 1806.0
    # x: the base row, one per order, with its random draws and its route and item.
    base = f"""
      SELECT g.i, g.r1, g.r2, g.r3, g.r4, g.r5, (g.i > {n_fin}) AS is_open, rt.*, it.lim, it.warn_ratio,
        it.pauses, ph.enc AS phone_enc, ph.idx AS phone_idx,
        CASE WHEN g.i > {n_fin} THEN {_shares_case("g.r1", OPEN_SHARES)}
             WHEN g.r1 < {REJECTED_SHARE} THEN 'rejected'
             WHEN g.i > {n_fin - n_resolved} THEN 'resolved'
             ELSE 'closed' END AS st,
        CASE WHEN g.i > {n_fin}
             THEN {NOW} - (1 - (g.i - {n_fin})::float8 / {n_open}) * it.lim * 1.1
             ELSE {START} + (g.i::float8 / {n_fin}) * {span_days} * interval '1 day'
        END AS sub,
        -- the tracking number's date and digits: a monotone clock over the rows, so two rows of one
        -- date never share their digits
        ({START} + (g.i::float8 / {n}) * 1826 * interval '1 day') AS tdate
      FROM (SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5
            FROM generate_series(1, {n}) AS i) AS g
      JOIN bench_scale_routes rt ON rt.n = ((g.i::bigint * 2654435761) % {n_routes})
      JOIN bench_scale_items it ON it.item_id = rt.item_id
      JOIN bench_scale_phones ph ON ph.n = (g.i % 500)::integer
    """
    # y: the times that follow from the status.
    timed = f"""
      SELECT x.*,
        CASE WHEN x.st IN ('accepted', 'in_progress', 'suspended', 'reopened', 'resolved', 'closed')
             THEN LEAST(x.sub + x.lim * 0.1 * x.r2, {NOW} - interval '2 minutes') END AS acc,
        CASE WHEN x.st = 'closed' THEN x.sub + x.lim * (0.2 + 0.95 * x.r3)
             WHEN x.st = 'resolved' THEN GREATEST(x.sub + interval '1 hour',
                                                  {NOW} - x.r3 * interval '14 days')
        END AS res,
        CASE WHEN x.st = 'suspended'
             THEN LEAST(x.sub + x.lim * 0.3 * x.r3, {NOW} - interval '1 minute') END AS susp,
        x.sub + x.lim AS due,
        x.sub + x.lim * x.warn_ratio AS warn
      FROM ({base}) AS x
    """
    ts = "y.tdate AT TIME ZONE 'Asia/Shanghai'"
    checked = (
        f"SELECT z.*, dt.chk FROM ({timed}) AS z "
        f"JOIN bench_scale_damm_date dd ON dd.d = to_char(z.tdate AT TIME ZONE 'Asia/Shanghai', 'YYMMDD') "
        "JOIN bench_scale_damm_tail dt ON dt.x = dd.x AND dt.c = (z.i % 100000)::integer"
    )
    # YYMMDD, five digits of a counter (rows of one date are consecutive, at most 100,000 a day),
    # a 0, and the check digit looked up (bench_scale_damm_*).
    digits = f"to_char({ts}, 'YYMMDD') || lpad((y.i % 100000)::text, 5, '0') || '0'"
    closed_at = f"LEAST(y.res + y.r4 * interval '15 days', {NOW} - interval '1 minute')"
    paused = "(y.st = 'suspended' AND y.pauses)"
    values = {
        "tracking_no": f"'SC' || {digits} || y.chk::text",
        "channel": _shares_case("y.r5", CHANNEL_SHARES),
        "service_item_id": "y.item_id",
        "applicant_kind": "CASE WHEN y.r4 < 0.06 THEN 'enterprise' WHEN y.r4 < 0.12 THEN 'anonymous' ELSE 'citizen' END",
        "applicant_id": "NULL",
        "applicant_name": f"substr({_lit(SURNAMES)}, 1 + (y.i % {len(SURNAMES)})::integer, 1) || "
        "CASE y.i % 5 WHEN 0 THEN '明' WHEN 1 THEN '芳' WHEN 2 THEN '强' WHEN 3 THEN '丽' ELSE '军' END",
        "applicant_phone": "y.phone_enc",
        "applicant_phone_index": "y.phone_idx",
        "applicant_id_number": "''",
        "applicant_id_number_index": "''",
        "enterprise_name": "CASE WHEN y.r4 < 0.06 THEN '四川基准测试有限公司' ELSE '' END",
        "enterprise_credit_code": "''",
        "region_id": "y.region_id",
        "region_path": "y.path",
        "language": "y.language",
        "priority_groups": "CASE WHEN y.i % 10 = 0 THEN '[\"elderly\"]'::jsonb "
        "WHEN y.i % 10 = 1 THEN '[\"migrant_worker\"]'::jsonb ELSE '[]'::jsonb END",
        "description": "(SELECT t.body FROM bench_scale_texts t WHERE t.language = y.language AND "
        f"t.n = (y.i % {texts_per_language})::integer)",
        "status": "y.st",
        "workflow": "''",
        "stage": "''",
        "awaiting": "CASE WHEN y.st IN ('suspended', 'resolved') THEN 'applicant' "
        "WHEN y.st IN ('closed', 'rejected') THEN 'nobody' ELSE 'handler' END",
        "assigned_point_id": "y.point_id",
        "assigned_institution_id": "y.institution_id",
        "assigned_practitioner_id": "y.practitioner_id",
        "handler_region_path": "y.handler_path",
        "routing_reason": "y.reason",
        "routing_facts": "y.facts",
        "first_responder_id": "NULL",
        "first_responder_point_id": "y.point_id",
        "accepted_by_id": "NULL",
        "accepted_at": "y.acc",
        "submitted_at": "y.sub",
        "due_at": f"CASE WHEN {paused} THEN NULL ELSE y.due END",
        "warn_at": f"CASE WHEN {paused} THEN NULL ELSE y.warn END",
        "due_is_provisional": "false",
        "suspended_at": "y.susp",
        "resolution": "CASE WHEN y.res IS NOT NULL THEN '已答复申请人，告知维权途径和所需材料。' ELSE '' END",
        "resolved_at": "y.res",
        "closed_at": f"CASE WHEN y.st = 'closed' THEN {closed_at} END",
        "resolved_at_first_contact": "false",
        "updated_at": f"COALESCE(CASE WHEN y.st = 'closed' THEN {closed_at} END, y.res, y.susp, y.acc, "
        "y.sub + interval '1 hour')",
    }
    # No ORDER BY (a sort of every row): the join probes the series in order, so rows come in order.
    return _insert_select(ServiceOrder, values, f"FROM ({checked}) AS y")


def _run(cur: Any, label: str, sql: str) -> None:
    t0 = time.perf_counter()
    cur.execute(sql)
    print(f"scale: {label}: {cur.rowcount:,} rows in {time.perf_counter() - t0:.0f} s", flush=True)


def _clocks_sql(now: dt.datetime) -> str:
    from fawang.orders.models import OrderClock, ServiceOrder

    NOW = _at(now)
    o = {f.attname: f"o.{_q(f.column)}" for f in ServiceOrder._meta.concrete_fields}
    running = f"{o['status']} IN ('submitted','accepted','in_progress','suspended','transferred','reopened')"
    paused = f"({o['status']} = 'suspended' AND it.pauses)"
    due = f"({o['submitted_at']} + it.lim)"
    warn = f"({o['submitted_at']} + it.lim * it.warn_ratio)"
    stop = f"(CASE WHEN {running} THEN NULL ELSE COALESCE({o['resolved_at']}, {o['updated_at']}) END)"
    values = {
        "order_id": o["id"],
        "name": "it.name",
        "label": "it.label",
        "label_en": "it.label_en",
        "limit": "it.lim_n",
        "unit": "it.unit",
        "warn_ratio": "it.wr",
        "pauses_while_suspended": "it.pauses",
        "legal_basis": "it.legal_basis",
        "started_at": o["submitted_at"],
        "paused_at": f"CASE WHEN {paused} THEN {o['suspended_at']} END",
        "paused_working_days": "0",
        "extended_by": "0",
        "extension_basis": "''",
        "due_at": due,
        "warn_at": warn,
        "due_is_provisional": "false",
        # What the sweep would have stamped: warned, then overdue, once past those times while the
        # clock still ran (not stopped by then, not paused since before then).
        "warned_at": f"CASE WHEN {warn} <= {NOW} AND ({stop} IS NULL OR {stop} > {warn}) "
        f"AND NOT ({paused} AND {o['suspended_at']} < {warn}) THEN {warn} END",
        "overdue_at": f"CASE WHEN {due} <= {NOW} AND ({stop} IS NULL OR {stop} > {due}) "
        f"AND NOT ({paused} AND {o['suspended_at']} < {due}) THEN {due} END",
        "stopped_at": stop,
    }
    return _insert_select(
        OrderClock,
        values,
        f"FROM {_table(ServiceOrder)} o JOIN bench_scale_items it ON it.item_id = {o['service_item_id']} ",
    )


def _events_sql() -> str:
    """The lifecycle's events of every order, from its status and times (one row per VALUES entry
    whose time is not NULL)."""
    from fawang.orders.models import OrderEvent, ServiceOrder

    o = {f.attname: f"o.{_q(f.column)}" for f in ServiceOrder._meta.concrete_fields}
    st, sub, acc, res = o["status"], o["submitted_at"], o["accepted_at"], o["resolved_at"]
    upd, susp, closed = o["updated_at"], o["suspended_at"], o["closed_at"]
    worked = f"{st} IN ('in_progress','suspended','resolved','closed','reopened')"
    reopened_at = f"({sub} + ({upd} - {sub}) * 0.5)"
    staff = "'基准测试工作人员'"
    rows = [
        # kind, from, to, time, public, actor label, reason
        ("'submitted'", "''", "'submitted'", sub, "true", staff, "''"),
        ("'routed'", "''", "''", sub, "true", "'法网（自动）'", o["routing_reason"]),
        ("'accepted'", "'submitted'", "'accepted'", acc, "true", staff, "''"),
        (
            "'started'",
            "'accepted'",
            "'in_progress'",
            f"CASE WHEN {worked} THEN {acc} + interval '1 hour' END",
            "true",
            staff,
            "''",
        ),
        ("'suspended'", "'in_progress'", "'suspended'", susp, "true", staff, "'请补充劳动合同和工资流水。'"),
        (
            "'transferred'",
            "'submitted'",
            "'transferred'",
            f"CASE WHEN {st} = 'transferred' THEN {upd} END",
            "true",
            staff,
            "'不属于本单位受理范围，转交有管辖权的单位。'",
        ),
        (
            "'resolved'",
            "'in_progress'",
            "'resolved'",
            f"CASE WHEN {st} = 'reopened' THEN {acc} + interval '2 hours' ELSE {res} END",
            "true",
            staff,
            o["resolution"],
        ),
        (
            "'reopened'",
            "'resolved'",
            "'reopened'",
            f"CASE WHEN {st} = 'reopened' THEN {reopened_at} END",
            "true",
            "'法网（自动）'",
            "'申请人评价不满意。'",
        ),
        ("'closed'", "'resolved'", "'closed'", closed, "true", "'法网（自动）'", "''"),
        (
            "'rejected'",
            "'submitted'",
            "'rejected'",
            f"CASE WHEN {st} = 'rejected' THEN {upd} END",
            "true",
            staff,
            "'不属于法律服务事项。'",
        ),
    ]
    lateral = ",\n".join(f"({', '.join(r)})" for r in rows)
    values = {
        "order_id": o["id"],
        "kind": "e.kind",
        "from_status": "e.from_s",
        "to_status": "e.to_s",
        "actor_id": "NULL",
        "actor_label": "e.label",
        "channel": o["channel"],
        "reason": "e.reason",
        "data": "'{}'::jsonb",
        "is_public": "e.public",
        "created_at": "e.at",
    }
    return _insert_select(
        OrderEvent,
        values,
        f"FROM {_table(ServiceOrder)} o CROSS JOIN LATERAL (VALUES {lateral}) "
        "AS e(kind, from_s, to_s, at, public, label, reason) WHERE e.at IS NOT NULL ",
    )


def _clock_events_sql() -> str:
    """The sweep's warned and overdue events of every stamped clock."""
    from fawang.orders.models import OrderClock, OrderEvent, ServiceOrder

    c = {f.attname: f"c.{_q(f.column)}" for f in OrderClock._meta.concrete_fields}
    o = {f.attname: f"o.{_q(f.column)}" for f in ServiceOrder._meta.concrete_fields}
    values = {
        "order_id": c["order_id"],
        "kind": "e.kind",
        "from_status": "''",
        "to_status": "''",
        "actor_id": "NULL",
        "actor_label": "'法网（自动）'",
        "channel": o["channel"],
        "reason": "''",
        "data": f"jsonb_build_object('clock', {c['name']})",
        "is_public": "false",
        "created_at": "e.at",
    }
    return _insert_select(
        OrderEvent,
        values,
        f"FROM {_table(OrderClock)} c JOIN {_table(ServiceOrder)} o ON o.id = {c['order_id']} "
        f"CROSS JOIN LATERAL (VALUES ('warned', {c['warned_at']}), ('overdue', {c['overdue_at']})) AS e(kind, at) "
        "WHERE e.at IS NOT NULL",
    )


def _feedback_sql() -> list[tuple[str, str]]:
    """Rating invitations, ratings (and their events), reviews of bad ones, return visits."""
    from fawang.feedback.models import Evaluation, EvaluationInvitation, ReturnVisit, Review
    from fawang.orders.models import OrderEvent, ServiceOrder

    o = {f.attname: f"o.{_q(f.column)}" for f in ServiceOrder._meta.concrete_fields}
    st, res, upd, sub, closed = (
        o["status"],
        o["resolved_at"],
        o["updated_at"],
        o["submitted_at"],
        o["closed_at"],
    )
    reopened_at = f"({sub} + ({upd} - {sub}) * 0.5)"
    # Resolution time of round 1 (a reopened order's resolution was cleared when it reopened).
    resolved = f"CASE WHEN {st} = 'reopened' THEN {o['accepted_at']} + interval '2 hours' ELSE {res} END"
    rated = f"(({st} = 'closed' AND ({o['id']} * 7919) % 100 < {RATED_PERCENT}) OR {st} = 'reopened')"
    has_round = f"{st} IN ('resolved', 'closed', 'reopened')"
    rated_at = f"CASE WHEN {st} = 'reopened' THEN {reopened_at} ELSE {closed} END"
    orders = f"FROM {_table(ServiceOrder)} o"
    inv = _insert_select(
        EvaluationInvitation,
        {
            "order_id": o["id"],
            "round": "1",
            "opened_at": resolved,
            "closes_at": f"{resolved} + interval '15 days'",
            "closes_is_provisional": "false",
            "status": f"CASE WHEN {rated} THEN 'rated' WHEN {st} = 'resolved' THEN 'open' ELSE 'expired' END",
            "finished_at": f"CASE WHEN {st} = 'resolved' THEN NULL WHEN {rated} THEN {rated_at} ELSE {closed} END",
        },
        f"{orders} WHERE {has_round}",
    )
    level = f"CASE WHEN {st} = 'reopened' THEN 4 + ({o['id']} % 2) ELSE 1 + ({o['id']} % 3) END"
    ev = _insert_select(
        Evaluation,
        {
            "order_id": o["id"],
            "round": "1",
            "level": level,
            "comment": f"CASE WHEN {st} = 'reopened' THEN '答复敷衍，问题没有解决。' ELSE '' END",
            "channel": f"CASE WHEN {o['channel']} = 'hotline' THEN 'hotline' ELSE 'web' END",
            "rated_by_id": "NULL",
            "on_behalf": "false",
            "follower_index": "''",  # the applicant's own rating (another party's names their phone)
            "counts_in_statistics": "true",
            "created_at": rated_at,
        },
        f"{orders} WHERE {rated}",
    )
    e = {f.attname: f"e.{_q(f.column)}" for f in Evaluation._meta.concrete_fields}
    ev_events = _insert_select(
        OrderEvent,
        {
            "order_id": e["order_id"],
            "kind": "'evaluated'",
            "from_status": "'resolved'",
            "to_status": "'resolved'",
            "actor_id": "NULL",
            "actor_label": "'申请人'",
            "channel": e["channel"],
            "reason": e["comment"],
            "data": f"jsonb_build_object('level', {e['level']}, 'round', 1, 'on_behalf', false)",
            "is_public": "true",
            "created_at": e["created_at"],
        },
        f"FROM {_table(Evaluation)} e",
    )
    # A review per bad rating, owned by the level above the handler (feedback.services._review_open).
    above = (
        f"CASE WHEN length({o['handler_region_path']}) > 7 THEN split_part({o['handler_region_path']}, '/', "
        f"array_length(string_to_array(rtrim({o['handler_region_path']}, '/'), '/'), 1) - 1) "
        f"ELSE '510000' END"
    )
    review = _insert_select(
        Review,
        {
            "evaluation_id": e["id"],
            "order_id": o["id"],
            "supervisor_region_id": above,
            "handler_region_path": o["handler_region_path"],
            "deadline_at": f"{e['created_at']} + interval '21 days'",
            "deadline_is_provisional": "false",
            "overdue_at": f"CASE WHEN {e['created_at']} + interval '21 days' < now() "
            f"THEN {e['created_at']} + interval '21 days' END",
            "status": f"CASE WHEN {e['id']} % 3 = 0 THEN 'rectified' ELSE 'open' END",
            "findings": "''",
            "rectification": f"CASE WHEN {e['id']} % 3 = 0 THEN '已重新联系申请人并补充答复。' ELSE '' END",
            "rectified_by_id": "NULL",
            "rectified_at": f"CASE WHEN {e['id']} % 3 = 0 THEN {e['created_at']} + interval '3 days' END",
            "verified_by_id": "NULL",
            "verified_at": "NULL",
            "verification_note": "''",
            "appeal_status": "''",
            "appeal_reason": "''",
            "appealed_by_id": "NULL",
            "appealed_at": "NULL",
            "appeal_decision_note": "''",
            "appeal_decided_by_id": "NULL",
            "appeal_decided_at": "NULL",
            "created_at": e["created_at"],
        },
        f"FROM {_table(Evaluation)} e JOIN {_table(ServiceOrder)} o ON o.id = {e['order_id']} "
        f"WHERE {e['level']} >= 4",
    )
    visit = _insert_select(
        ReturnVisit,
        {
            "order_id": o["id"],
            "round": "1",
            "due_at": f"{resolved} + interval '3 days'",
            "due_is_provisional": "false",
            "assigned_region_id": o["region_id"],
            "assigned_point_id": "NULL",
            "region_path": o["region_path"],
            "handler_region_path": o["handler_region_path"],
            "status": f"CASE WHEN {st} = 'resolved' THEN 'pending' WHEN {rated} THEN 'cancelled' "
            f"WHEN {o['id']} % 4 = 0 THEN 'unreached' ELSE 'done' END",
            "attempts": f"CASE WHEN {st} = 'resolved' THEN 0 WHEN {o['id']} % 4 = 0 THEN 3 ELSE 1 END",
            "result_level": f"CASE WHEN {st} <> 'resolved' AND NOT {rated} AND {o['id']} % 4 <> 0 "
            f"THEN 1 + ({o['id']} % 3) END",
            "completed_at": f"CASE WHEN {st} = 'resolved' THEN NULL ELSE COALESCE({rated_at}, {closed}) END",
            "created_at": resolved,
        },
        f"{orders} WHERE {has_round} AND {o['channel']} = 'hotline'",
    )
    return [
        ("rating invitations", inv),
        ("ratings", ev),
        ("rating events", ev_events),
        ("reviews of bad ratings", review),
        ("return visits", visit),
    ]


def _supervision_sql() -> list[tuple[str, str]]:
    """Automatic supervision orders (the sweep's, to the level above the handler) for four in five
    overdue open orders (open) and one in five late finished ones (answered), with their events."""
    from fawang.orders.models import OrderClock, OrderEvent, ServiceOrder, SupervisionOrder

    c = {f.attname: f"c.{_q(f.column)}" for f in OrderClock._meta.concrete_fields}
    o = {f.attname: f"o.{_q(f.column)}" for f in ServiceOrder._meta.concrete_fields}
    path = o["handler_region_path"]
    above = (
        f"CASE WHEN length({path}) > 7 THEN split_part({path}, '/', "
        f"array_length(string_to_array(rtrim({path}, '/'), '/'), 1) - 1) ELSE '510000' END"
    )
    is_open = f"{c['stopped_at']} IS NULL"
    sup = _insert_select(
        SupervisionOrder,
        {
            "order_id": o["id"],
            "kind": "'auto_overdue'",
            "issued_to_region_id": above,
            "issued_by_id": "NULL",
            "reason": "'工单已超过办理时限，请说明原因并尽快办结。'",
            "deadline": f"{c['overdue_at']} + interval '3 days'",
            "deadline_is_provisional": "false",
            "status": f"CASE WHEN {is_open} THEN 'open' ELSE 'answered' END",
            "response": f"CASE WHEN {is_open} THEN '' ELSE '已督促承办人员办结。' END",
            "answered_by_id": "NULL",
            "answered_at": f"CASE WHEN {is_open} THEN NULL ELSE {c['overdue_at']} + interval '2 days' END",
            "escalated_at": "NULL",
            "clock_id": c["id"],
            "parent_id": "NULL",
            "created_at": c["overdue_at"],
        },
        f"FROM {_table(OrderClock)} c JOIN {_table(ServiceOrder)} o ON o.id = {c['order_id']} "
        f"WHERE {c['overdue_at']} IS NOT NULL AND "
        f"(CASE WHEN {is_open} THEN ({o['id']} * 7919) % 5 < 4 ELSE ({o['id']} * 7919) % 5 = 0 END) ",
    )
    s = {f.attname: f"s.{_q(f.column)}" for f in SupervisionOrder._meta.concrete_fields}
    events = _insert_select(
        OrderEvent,
        {
            "order_id": s["order_id"],
            "kind": "e.kind",
            "from_status": "''",
            "to_status": "''",
            "actor_id": "NULL",
            "actor_label": "'法网（自动）'",
            "channel": "''",
            "reason": "e.reason",
            "data": f"jsonb_build_object('supervision', {s['id']})",
            "is_public": "false",
            "created_at": "e.at",
        },
        f"FROM {_table(SupervisionOrder)} s CROSS JOIN LATERAL (VALUES "
        f"('supervision_issued', {s['created_at']}, {s['reason']}), "
        f"('supervision_answered', {s['answered_at']}, {s['response']})) AS e(kind, at, reason) "
        "WHERE e.at IS NOT NULL",
    )
    return [("supervision orders", sup), ("supervision events", events)]


def _loaded_models() -> list[Any]:
    from fawang.feedback.models import Evaluation, EvaluationInvitation, ReturnVisit, Review
    from fawang.orders.models import OrderClock, OrderEvent, ServiceOrder, SupervisionOrder

    return [
        ServiceOrder,
        OrderEvent,
        OrderClock,
        SupervisionOrder,
        EvaluationInvitation,
        Evaluation,
        Review,
        ReturnVisit,
    ]


def _drop_secondary_indexes(cur: Any) -> list[str]:
    """Drop the loaded tables' indexes that back no constraint; return their definitions."""
    tables = [m._meta.db_table for m in _loaded_models()]
    cur.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname = ANY(%s) AND NOT i.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        [tables],
    )
    found = cur.fetchall()
    for name, _definition in found:
        cur.execute(f"DROP INDEX {name}")
    # A partitioned table's index reads "ON ONLY <table>": made so, it covers no partition and stays
    # INVALID (every read of the events would scan each month). Rebuilt without ONLY, it is made on
    # every partition and attached.
    return [definition.replace(" ON ONLY ", " ON ", 1) for _name, definition in found]


def _make_months(now: dt.datetime) -> None:
    """The monthly partitions of the event and audit tables for the five loaded years: without them the
    old rows would all land in the DEFAULT partition (check fawang.W010) and no read could prune."""
    from fawang.audit import partitions

    first = (now - dt.timedelta(days=1900)).date()
    made = [
        name
        for table in partitions.PARTITIONED_TABLES
        for name in partitions.ensure_months(connection, table, first, now.date())
    ]
    print(f"scale: {len(made)} monthly partitions made", flush=True)


def _rebuild_rollups() -> None:
    """The load runs with triggers off (session_replication_role = replica), so the figures' rollups
    (docs/adr/0016) missed every row: rebuild them as a deployment would after a bulk load."""
    from django.core.management import call_command

    t0 = time.perf_counter()
    call_command("rollups_rebuild")
    print(f"scale: rollups rebuilt in {time.perf_counter() - t0:.0f} s", flush=True)
    _analyze_everything()


def _analyze_everything() -> None:
    """Statistics and visibility maps for every table, not only the loaded ones: the regions, the network
    and the rollups were written without autovacuum catching up, and a planner that believes Sichuan
    has three regions joins the supervision orders to them the slow way; a table without its visibility
    map (the rollups just rebuilt, the return visits a migration rewrote) cannot be read index-only
    (the month's rating tallies: 173 ms by bitmap, not the 35 ms of an index-only scan). A deployment
    has autovacuum for this; tables already vacuumed are skipped page by page."""
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE)")
    print(f"scale: VACUUM ANALYZE of every table in {time.perf_counter() - t0:.0f} s", flush=True)


def migrate_kept(n: int) -> None:
    """Bring a kept database built by this loader up to the migrations on disk (as a deployment
    would), instead of loading it again: a new index or table costs minutes, a reload an hour."""
    from django.core.management import call_command

    t0 = time.perf_counter()
    fingerprint = migrations_fingerprint()
    call_command("migrate", interactive=False, verbosity=1)
    with connection.cursor() as cur:
        cur.execute("UPDATE bench_scale_build SET migrations = %s", [fingerprint])
    print(f"scale: migrated the kept database in {time.perf_counter() - t0:.0f} s", flush=True)
    _analyze_everything()


def load(n: int, *, seed: int = 2020) -> dict[str, Any]:
    """Fill the (migrated, networked) database with `n` orders and what goes with them. Returns
    counts and seconds."""
    now = timezone.now()
    t_all = time.perf_counter()
    migrations = migrations_fingerprint()  # applied just before (bench/__main__.py)
    sizes = _helper_tables(seed, now)
    print(f"scale: helper tables {sizes}", flush=True)
    with connection.cursor() as cur:
        cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        superuser = bool(cur.fetchone()[0])
    with transaction.atomic(), connection.cursor() as cur:
        if superuser:
            # The rows are consistent by construction: skip the per-row foreign-key triggers.
            cur.execute("SET LOCAL session_replication_role = replica")
        cur.execute("SET LOCAL synchronous_commit = off")
        cur.execute("SET LOCAL jit = off")  # compiling these statements costs more than it saves
        cur.execute("SET LOCAL work_mem = '256MB'")
        cur.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
        indexes = _drop_secondary_indexes(cur)
        _make_months(now)
        _run(cur, "orders", _orders_sql(n, now, sizes["routes"]))
        _run(cur, "clocks", _clocks_sql(now))
        _run(cur, "events", _events_sql())
        _run(cur, "sweep events", _clock_events_sql())
        for label, statement in _feedback_sql() + _supervision_sql():
            _run(cur, label, statement)
        t0 = time.perf_counter()
        cur.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for definition in indexes:
            cur.execute(definition)
        print(f"scale: rebuilt {len(indexes)} indexes in {time.perf_counter() - t0:.0f} s", flush=True)
        for name in ("items", "routes", "phones", "texts", "damm_date", "damm_tail"):
            cur.execute(f"DROP TABLE bench_scale_{name}")
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        for model in _loaded_models():
            cur.execute(f"VACUUM (ANALYZE) {_table(model)}")
    print(f"scale: VACUUM ANALYZE in {time.perf_counter() - t0:.0f} s", flush=True)
    _rebuild_rollups()
    seconds = time.perf_counter() - t_all
    _record_build(n, seconds, migrations)
    return {"seconds": seconds, **sizes}


def table_counts() -> dict[str, int]:
    """Row counts of the loaded tables (estimates from the statistics: exact counts take minutes)."""
    out = {}
    with connection.cursor() as cur:
        for model in _loaded_models():
            cur.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [model._meta.db_table])
            out[model._meta.db_table] = int(cur.fetchone()[0])
    return out


# ---- the staff users -----------------------------------------------------------------------------


def staff_users() -> list[tuple[str, str, Any]]:
    """One active staff user per role and level (created once, kept with the database), the province
    first: the level the targets are for."""
    from fawang.accounts.enums import Role, UserKind
    from fawang.accounts.models import User, UserRole
    from fawang.network.models import Institution, Practitioner, ServicePoint

    out = []
    for level, code in reversed(LEVELS):
        for role in Role.values:
            username = f"scale_{role}_{level}"
            user = User.objects.filter(username=username).first()
            if user is None:
                point = ServicePoint.objects.filter(region_id=code, is_active=True).order_by("id").first()
                institution = None
                if role == Role.INSTITUTION_STAFF:
                    institution = (
                        Institution.objects.filter(region__path__startswith=_path(code), is_active=True)
                        .order_by("id")
                        .first()
                    )
                user = User.objects.create(
                    username=username,
                    kind=UserKind.STAFF,
                    display_name=f"规模测试 {role} {level}",
                    jurisdiction_region_id=code,
                    jurisdiction_institution=institution,
                    service_point=point,
                    is_staff=role == Role.PROVINCIAL_ADMIN,
                )
                UserRole.objects.create(user=user, role=role)
                if role == Role.PRACTITIONER:
                    practitioner = (
                        Practitioner.objects.filter(region__path__startswith=_path(code), user__isnull=True)
                        .order_by("id")
                        .first()
                    )
                    if practitioner is not None:
                        practitioner.user = user
                        practitioner.save(update_fields=["user"])
            out.append((role, level, user))
    return out


def _path(code: str) -> str:
    from fawang.regions.models import Region

    return Region.objects.get(code=code).path


# ---- timing ----------------------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    url: str
    api: bool = False


@dataclass
class Timing:
    page: str
    role: str
    level: str
    status: int
    samples: list[float] = field(default_factory=list)
    rows: int = 0

    @property
    def p50(self) -> float:
        return percentile(self.samples, 50) if self.samples else 0.0

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95) if self.samples else 0.0


_TBODY = re.compile(r"<tbody\b.*?</tbody>", re.S)


def rows_shown(body: bytes, api: bool) -> int:
    if api:
        data = json.loads(body)
        if isinstance(data, dict) and "items" in data:
            return len(data["items"])
        return 1
    text = body.decode("utf-8", "replace")
    rows = sum(block.count("<tr") for block in _TBODY.findall(text))
    # Pages that list in cards rather than tables: return visits (one per visit), the order page's
    # timeline (one per event).
    return rows or text.count('data-visit="') or text.count('data-kind="')


def _search_url(client: Any, path: str, data: dict[str, str]) -> str:
    """The queue's and the console's searches post and get redirected to a URL holding a session
    token for the text (never the text): the page a user then sees."""
    response = client.post(path, data)
    return response.headers.get("Location", path) if response.status_code == 302 else path


@dataclass
class Samples:
    """What the pages are timed on: orders and rows of Wuhou (inside every level's jurisdiction)."""

    tracking_no: str
    phone: str
    words: str
    review_id: int | None
    child_region: dict[str, str]  # level → a region one below


def pick_samples() -> Samples:
    from fawang.feedback.models import Review
    from fawang.orders.models import ServiceOrder, SupervisionOrder
    from fawang.regions.models import Region

    wuhou = _path("510107")
    supervised = (
        SupervisionOrder.objects.filter(status="open", order__handler_region_path__startswith=wuhou)
        .values_list("order_id", flat=True)
        .first()
    )
    qs = ServiceOrder.objects.filter(handler_region_path__startswith=wuhou)
    order = (qs.filter(pk=supervised) if supervised else qs).order_by("-id").first()
    if order is None:
        order = ServiceOrder.objects.order_by("-id").first()
    assert order is not None, "scale bench: no orders loaded"
    review = Review.objects.filter(handler_region_path__startswith=wuhou).values_list("pk", flat=True).first()
    # The region filter's choice one level below each jurisdiction, on the way to the sample order
    # (so it finds rows): its township in Wuhou, Wuhou in Chengdu, Chengdu in the province.
    codes = [c for c in order.region_path.split("/") if c]
    children = {"county": "", "prefecture": "510107", "province": "510100"}
    if len(codes) > 3 and codes[2] == "510107":
        children["county"] = codes[3]
    elif Region.objects.filter(parent_id="510107").exists():
        children["county"] = (
            Region.objects.filter(parent_id="510107").order_by("code").values_list("code", flat=True)[0]
        )
    return Samples(
        tracking_no=order.tracking_no,
        phone=order.applicant_phone,
        words="拖欠工资",
        review_id=review,
        child_region=children,
    )


CORE = {
    "queue",
    "queue whose=all",
    "queue status=finished",
    "queue status=all",
    "queue overdue=1",
    "queue language=bo",
    "queue search tracking no",
    "queue search phone",
    "queue search words",
    "queue page 2",
    f"queue page {DEEP_PAGE_QUEUE}",
    "API list",
    "API list overdue",
    "API list page 2",
    f"API list page {DEEP_PAGE_API}",
}


def pages_for(
    user: Any, level: str, samples: Samples, client: Any, *, every_filter: bool = True
) -> list[Page]:
    """Every staff page and API list the user's roles give them; without `every_filter`, the queue's
    and the API list's variants are cut to CORE (the other pages all stay)."""
    pages = _pages_for(user, level, samples, client)
    if every_filter:
        return pages
    return [p for p in pages if not p.name.startswith(("queue", "API list")) or p.name in CORE]


def _pages_for(user: Any, level: str, samples: Samples, client: Any) -> list[Page]:
    from fawang.accounts import policy
    from fawang.orders.forms import QueueFilterForm
    from fawang.web.context_processors import STAFF_NAV

    roles = user.role_set
    pages: list[Page] = []
    if policy.has_action(user, "order.view"):
        pages.append(Page("queue", "/work/"))
        form = QueueFilterForm(regions=[])
        for name, fld in form.fields.items():
            choices = getattr(fld, "choices", None)
            if name == "region":
                if samples.child_region.get(level):
                    pages.append(
                        Page(
                            f"queue region={samples.child_region[level]}",
                            f"/work/?region={samples.child_region[level]}",
                        )
                    )
                continue
            if not choices:
                continue
            for value, _label in choices:
                if value in ("", None):
                    continue
                pages.append(Page(f"queue {name}={value}", f"/work/?{name}={value}"))
        for what, text in (
            ("tracking no", samples.tracking_no),
            ("phone", samples.phone),
            ("words", samples.words),
        ):
            pages.append(Page(f"queue search {what}", _search_url(client, "/work/", {"q": text})))
        pages.append(Page("queue page 2", "/work/?page=2"))
        pages.append(Page(f"queue page {DEEP_PAGE_QUEUE}", f"/work/?page={DEEP_PAGE_QUEUE}"))
        pages.append(Page("queue whole jurisdiction page 2", "/work/?whose=all&page=2"))
        pages.append(Page("order page", f"/work/orders/{samples.tracking_no}/"))
        pages.append(Page("order receipt", f"/work/orders/{samples.tracking_no}/receipt/"))
        api = "/api/v1/orders"
        pages += [
            Page("API list", api, True),
            Page("API list handled_here", f"{api}?handled_here=true", True),
            Page("API list overdue", f"{api}?overdue=true", True),
            Page("API list status=submitted", f"{api}?status=submitted", True),
            Page("API list status=closed", f"{api}?status=closed", True),
            Page("API list q=tracking no", f"{api}?q={samples.tracking_no}", True),
            Page("API list page 2", f"{api}?page=2", True),
            Page(f"API list page {DEEP_PAGE_API}", f"{api}?page={DEEP_PAGE_API}", True),
            Page("API detail", f"{api}/{samples.tracking_no}", True),
        ]
        if samples.child_region.get(level):
            pages.append(Page("API list region", f"{api}?region={samples.child_region[level]}", True))
    nav = {e.key: e for e in STAFF_NAV}
    if roles & nav["hotline"].roles:
        pages.append(Page("hotline console", "/work/hotline/"))
        pages.append(
            Page(
                "hotline caller lookup",
                _search_url(client, "/work/hotline/lookup/", {"phone": samples.phone}),
            )
        )
    if roles & nav["window"].roles and policy.has_action(user, "order.create"):
        pages.append(Page("window intake", "/work/window/"))
    if policy.has_action(user, "insight.view"):
        pages.append(Page("figures", "/work/figures/"))
    if policy.has_action(user, "order.supervise"):
        pages.append(Page("supervision", "/supervision/"))
        pages.append(Page("supervision all", "/supervision/?all=1"))
        if samples.review_id:
            pages.append(Page("review page", f"/supervision/reviews/{samples.review_id}/"))
    if policy.has_action(user, "return_visit.make"):
        pages.append(Page("return visits", "/work/return-visits/"))
    return pages


def floor_fetch(ids: list[int]) -> Callable[[], Any]:
    from fawang.orders.models import ServiceOrder

    return lambda: list(ServiceOrder.objects.filter(pk__in=ids))


def _ok(response: Any) -> bool:
    return response.status_code == 200


def time_call(
    fn: Callable[[], Any], *, requests: int, budget_s: float, ok: Callable[[Any], bool] = lambda _r: True
) -> tuple[list[float], Any]:
    """One warm-up call, then (when `ok` of it) up to `requests` timed ones, stopping early (after at
    least 3) once `budget_s` seconds are spent. Returns the durations in ms and the warm-up's result."""
    first = fn()
    samples: list[float] = []
    if not ok(first):
        return samples, first
    started = time.perf_counter()
    for _ in range(requests):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
        if len(samples) >= min(3, requests) and time.perf_counter() - started > budget_s:
            break
    return samples, first


def run_timings(
    *,
    requests: int,
    budget_s: float,
    roles: set[str] | None,
    levels: set[str] | None,
    every_filter: bool = True,
) -> tuple[list[Timing], Timing]:
    from django.test import Client

    from fawang.orders.models import ServiceOrder

    samples = pick_samples()
    # 25 ids spread over the table (random ones: the fetch reads 25 heap pages, as a page of a queue does).
    with connection.cursor() as cur:
        cur.execute(f"SELECT max(id) FROM {_table(ServiceOrder)}")
        top = cur.fetchone()[0] or 1
    rng = random.Random(7)
    ids = sorted(rng.sample(range(1, top + 1), min(25, top)))
    floor_samples, _ = time_call(floor_fetch(ids), requests=max(requests, 50), budget_s=30)
    floor = Timing("floor: 25 orders by primary key (ORM)", "-", "-", 200, floor_samples, 25)
    # As config/wsgi.py starts a worker: what every page reads loaded, and kept out of the collector's
    # full passes (fawang/core/startup.py). Without it a 100 ms full collection of the process's
    # startup objects fell on one request in twenty or thirty: the p95 of five samples was that pause.
    from fawang.core.startup import warm_and_freeze

    print(f"scale: worker warmed, {warm_and_freeze():,} startup objects frozen", flush=True)
    print(f"scale: floor p50 {floor.p50:.2f} ms, p95 {floor.p95:.2f} ms", flush=True)
    out: list[Timing] = []
    for role, level, user in staff_users():
        if (roles and role not in roles) or (levels and level not in levels):
            continue
        client = Client()
        client.force_login(user)
        user.refresh_from_db()
        for page in pages_for(user, level, samples, client, every_filter=every_filter):
            status = {"code": 0}

            def fetch(url: str = page.url, status: dict[str, int] = status, client: Any = client) -> Any:
                response = client.get(url)
                status["code"] = response.status_code
                return response

            durations, warm = time_call(fetch, requests=requests, budget_s=budget_s, ok=_ok)
            if warm.status_code != 200:
                timing = Timing(page.name, role, level, warm.status_code)
                print(f"scale: {role:<18} {level:<10} {page.name:<36} HTTP {warm.status_code}", flush=True)
                out.append(timing)
                continue
            timing = Timing(
                page.name, role, level, status["code"], durations, rows_shown(warm.content, page.api)
            )
            print(
                f"scale: {role:<18} {level:<10} {page.name:<36} p50 {timing.p50:8.1f} ms  p95 {timing.p95:8.1f} ms "
                f"(n={len(durations)}, rows {timing.rows})",
                flush=True,
            )
            out.append(timing)
    return out, floor


def report_timings(report: Report, timings: list[Timing], floor: Timing) -> None:
    """The per-page table (report.pages), and one summary row per level in the closing table."""
    for t in timings:
        if t.status != 200:
            report.page(t.page, t.role, t.level, f"HTTP {t.status}", "", "", "", "MISS")
            continue
        ratio = t.p50 / floor.p50 if floor.p50 else 0.0
        ok = ratio <= TARGET_FLOOR_RATIO and (t.level != "province" or t.p95 < TARGET_P95_MS)
        report.page(
            t.page,
            t.role,
            t.level,
            f"{t.p50:,.1f}",
            f"{t.p95:,.1f}",
            str(t.rows),
            f"{ratio:,.0f}x (n={len(t.samples)})",
            verdict(ok),
        )
    for level, _code in LEVELS:
        mine = [t for t in timings if t.level == level]
        if not mine:
            continue
        failed = [t for t in mine if t.status != 200]
        timed = [t for t in mine if t.status == 200]
        worst = max(timed, key=lambda t: t.p95, default=None)
        heaviest = max(timed, key=lambda t: t.p50, default=None)
        not_200 = f", {len(failed)} not 200" if failed else ""
        # Each target its own line: the province's p95 bound, and every level's ratio to the floor.
        if level == "province":
            report.add(
                "scale",
                f"{level}: {len(mine)} pages, slowest p95{not_200}",
                f"{worst.p95:,.0f} ms ({worst.page}, {worst.role})" if worst else "-",
                baseline=f"{floor.p50:.1f} ms (floor p50)",
                ratio=f"{worst.p50 / floor.p50:,.0f}x" if worst and floor.p50 else "-",
                target=f"p95 < {TARGET_P95_MS:.0f} ms",
                verdict=verdict(not failed and all(t.p95 < TARGET_P95_MS for t in timed)),
            )
        report.add(
            "scale",
            f"{level}: {len(mine)} pages, highest p50 vs floor{not_200}",
            f"{heaviest.p50:,.0f} ms ({heaviest.page}, {heaviest.role})" if heaviest else "-",
            baseline=f"{floor.p50:.1f} ms (floor p50)",
            ratio=f"{heaviest.p50 / floor.p50:,.0f}x" if heaviest and floor.p50 else "-",
            target=f"p50 <= {TARGET_FLOOR_RATIO:.0f}x floor",
            verdict=verdict(not failed and all(t.p50 <= TARGET_FLOOR_RATIO * floor.p50 for t in timed)),
        )


def run_scale(
    report: Report,
    *,
    n: int,
    built: dict[str, Any] | None,
    requests: int = 20,
    budget_s: float = 60.0,
    roles: set[str] | None = None,
    levels: set[str] | None = None,
    every_filter: bool = True,
) -> None:
    """Time the pages over an already loaded database (see bench/__main__.py for the load)."""
    with connection.cursor() as cur:
        cur.execute("SELECT pg_database_size(current_database()), current_database()")
        size, name = cur.fetchone()
    counts = table_counts()
    print(f"scale: database {name}: {size / 2**30:.1f} GiB; rows (estimated) {counts}", flush=True)
    if built:
        report.add("scale", f"load of {n:,} orders and their rows", f"{built['load_seconds'] / 60:.1f} min")
    report.add("scale", f"database size ({name})", f"{size / 2**30:.1f} GiB")
    timings, floor = run_timings(
        requests=requests, budget_s=budget_s, roles=roles, levels=levels, every_filter=every_filter
    )
    report.add(
        "scale",
        "floor: 25 orders by primary key",
        f"p50 {floor.p50:.2f} ms, p95 {floor.p95:.2f} ms",
    )
    report_timings(report, timings, floor)
    report.notes.append(
        f"scale: {n:,} orders; p50/p95 over up to {requests} requests after a warm-up, fewer when a "
        f"page's {budget_s:g} s budget ran out (n in the ratio column); ratio = page p50 / floor p50"
    )
