"""The figures' rollup (docs/adr/0016): OrderTally, kept in step by a trigger on the order table in
the statement of every write, so an order moves between rows in the transaction that moves it, whichever
code path writes it. After this migration, `manage.py rollups_rebuild` counts the orders already there."""

from django.conf import settings
from django.db import migrations, models

from fawang.core.migration_sql import vendor_sql

OPEN = "('submitted', 'accepted', 'in_progress', 'suspended', 'transferred', 'reopened')"  # OPEN_STATUSES
KEY = "dimension, value, region_path, handler_region_path, assigned_institution_id, assigned_practitioner_id"
COLUMNS = f"{KEY}, orders, finished, on_time"


def _finished(row: str) -> str:
    """selectors.on_time_rate's "finished": resolved, no longer open, with a time limit."""
    return f"({row}.resolved_at IS NOT NULL AND {row}.due_at IS NOT NULL AND {row}.status NOT IN {OPEN})"


def _on_time(row: str) -> str:
    return f"({_finished(row)} AND {row}.resolved_at <= {row}.due_at)"


def _place(row: str) -> str:
    return (
        f"{row}.region_path, {row}.handler_region_path, "
        f"COALESCE({row}.assigned_institution_id, 0), COALESCE({row}.assigned_practitioner_id, 0)"
    )


# PostgreSQL: one function for insert, update and delete. The rows the order counted in are subtracted
# and those it counts in added in one INSERT ... ON CONFLICT, summed per row (what cancels is not
# written) and sorted, so two transactions lock shared rows in the same order.
def _pg_rows(row: str, sign: str, when: str) -> str:
    fin = f"(CASE WHEN {_finished(row)} THEN 1 ELSE 0 END)"
    ontime = f"(CASE WHEN {_on_time(row)} THEN 1 ELSE 0 END)"
    place = _place(row)
    return (
        f"SELECT 'status'::varchar, {row}.status::varchar, {place}, {sign}1, {sign}{fin}, {sign}{ontime} WHERE {when} "
        f"UNION ALL SELECT 'item', {row}.service_item_id::varchar, {place}, {sign}1, 0, 0 WHERE {when} "
        f"UNION ALL SELECT 'channel', {row}.channel::varchar, {place}, {sign}1, 0, 0 WHERE {when}"
    )


PG_FORWARD = f"""
CREATE OR REPLACE FUNCTION orders_order_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO orders_ordertally AS t ({COLUMNS})
    SELECT d.dimension, d.value, d.rp, d.hp, d.inst, d.pr, sum(d.n), sum(d.fin), sum(d.ot)
    FROM ({_pg_rows("OLD", "-", "TG_OP <> 'INSERT'")} UNION ALL {_pg_rows("NEW", "+", "TG_OP <> 'DELETE'")})
        AS d(dimension, value, rp, hp, inst, pr, n, fin, ot)
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(d.n) <> 0 OR sum(d.fin) <> 0 OR sum(d.ot) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ({KEY}) DO UPDATE SET orders = t.orders + EXCLUDED.orders,
        finished = t.finished + EXCLUDED.finished, on_time = t.on_time + EXCLUDED.on_time;
    RETURN NULL;
END $$;
CREATE TRIGGER order_tally AFTER INSERT OR DELETE OR UPDATE OF region_path, handler_region_path,
    assigned_institution_id, assigned_practitioner_id, service_item_id, channel, status, resolved_at, due_at
    ON orders_serviceorder FOR EACH ROW EXECUTE FUNCTION orders_order_tally();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS order_tally ON orders_serviceorder;
DROP FUNCTION IF EXISTS orders_order_tally();
"""


# SQLite (`make run`, tests): a trigger per operation, an UPSERT per side.
def _sqlite_upsert(row: str, sign: str) -> str:
    place = _place(row)
    return f"""INSERT INTO orders_ordertally ({COLUMNS}) VALUES
        ('status', {row}.status, {place}, {sign}1, {sign}{_finished(row)}, {sign}{_on_time(row)}),
        ('item', CAST({row}.service_item_id AS TEXT), {place}, {sign}1, 0, 0),
        ('channel', {row}.channel, {place}, {sign}1, 0, 0)
    ON CONFLICT ({KEY}) DO UPDATE SET orders = orders + excluded.orders,
        finished = finished + excluded.finished, on_time = on_time + excluded.on_time;"""


_CHANGED = " OR ".join(
    f"OLD.{c} IS NOT NEW.{c}"
    for c in (
        "region_path",
        "handler_region_path",
        "assigned_institution_id",
        "assigned_practitioner_id",
        "service_item_id",
        "channel",
        "status",
        "resolved_at",
        "due_at",
    )
)
SQLITE_FORWARD = [
    f"CREATE TRIGGER order_tally_insert AFTER INSERT ON orders_serviceorder BEGIN {_sqlite_upsert('NEW', '+')} END",
    f"CREATE TRIGGER order_tally_update AFTER UPDATE ON orders_serviceorder WHEN {_CHANGED} BEGIN "
    f"{_sqlite_upsert('OLD', '-')} {_sqlite_upsert('NEW', '+')} END",
    # No delete trigger on SQLite: orders are never deleted (every order has PROTECTed events), and the
    # test runner's flush deletes row by row after the tally table is emptied.
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS order_tally_{op}" for op in ("insert", "update", "delete")]


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0002_clock_extension'),
        ('network', '0001_initial'),
        ('orders', '0004_order_indexes_trimmed'),
        ('regions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='OrderTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('dimension', models.CharField(max_length=8, verbose_name='dimension')),
                ('value', models.CharField(max_length=32, verbose_name='value')),
                ('region_path', models.CharField(max_length=128, verbose_name='region path')),
                ('handler_region_path', models.CharField(max_length=128, verbose_name='handler region path')),
                ('assigned_institution_id', models.BigIntegerField(default=0, verbose_name='assigned institution')),
                ('assigned_practitioner_id', models.BigIntegerField(default=0, verbose_name='assigned practitioner')),
                ('orders', models.BigIntegerField(default=0, verbose_name='orders')),
                ('finished', models.BigIntegerField(default=0, verbose_name='finished with a time limit')),
                ('on_time', models.BigIntegerField(default=0, verbose_name='finished within the time limit')),
            ],
            options={
                'verbose_name': 'order tally',
                'verbose_name_plural': 'order tallies',
            },
        ),
        migrations.AddIndex(
            model_name='serviceorder',
            index=models.Index(condition=models.Q(('due_at__isnull', False), ('status__in', ('submitted', 'accepted', 'in_progress', 'suspended', 'transferred', 'reopened'))), fields=['due_at'], name='order_open_due'),
        ),
        migrations.AddConstraint(
            model_name='ordertally',
            constraint=models.UniqueConstraint(fields=('dimension', 'value', 'region_path', 'handler_region_path', 'assigned_institution_id', 'assigned_practitioner_id'), name='order_tally_key'),
        ),
        migrations.RunPython(
            vendor_sql({"postgresql": [PG_FORWARD], "sqlite": SQLITE_FORWARD}),
            vendor_sql({"postgresql": [PG_REVERSE], "sqlite": SQLITE_REVERSE}),
        ),
    ]
