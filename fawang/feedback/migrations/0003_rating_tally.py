"""The satisfaction figures' rollup (docs/adr/0016): RatingTally, kept in step by triggers on the ratings
(a rating, an appeal that strikes one out) and on the orders (a rated order moved to another place), in
the statement of the change. After this migration, `manage.py rollups_rebuild` counts the ratings
already there."""

from django.db import migrations, models

from fawang.core.migration_sql import vendor_sql

KEY = "day, level, region_path, handler_region_path, assigned_institution_id, assigned_practitioner_id"
COLUMNS = f"{KEY}, ratings"
_PLACE_CHANGED = ("region_path", "handler_region_path", "assigned_institution_id", "assigned_practitioner_id")


def _place(row: str) -> str:
    return (
        f"{row}.region_path, {row}.handler_region_path, "
        f"COALESCE({row}.assigned_institution_id, 0), COALESCE({row}.assigned_practitioner_id, 0)"
    )


PG_UPSERT_TAIL = f"""GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d.n) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ({KEY}) DO UPDATE SET ratings = t.ratings + EXCLUDED.ratings;"""
PG_FORWARD = f"""
CREATE OR REPLACE FUNCTION feedback_rating_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO feedback_ratingtally AS t ({COLUMNS})
    SELECT d.day, d.level, {_place("o")}, sum(d.n)
    FROM (
        SELECT (OLD.created_at AT TIME ZONE 'UTC')::date, OLD.level, OLD.order_id, -1
            WHERE TG_OP <> 'INSERT' AND OLD.counts_in_statistics
        UNION ALL SELECT (NEW.created_at AT TIME ZONE 'UTC')::date, NEW.level, NEW.order_id, 1
            WHERE TG_OP <> 'DELETE' AND NEW.counts_in_statistics
    ) AS d(day, level, order_id, n) JOIN orders_serviceorder o ON o.id = d.order_id
    {PG_UPSERT_TAIL}
    RETURN NULL;
END $$;
CREATE TRIGGER rating_tally AFTER INSERT OR DELETE OR UPDATE OF order_id, level, created_at, counts_in_statistics
    ON feedback_evaluation FOR EACH ROW EXECUTE FUNCTION feedback_rating_tally();

CREATE OR REPLACE FUNCTION feedback_rated_order_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO feedback_ratingtally AS t ({COLUMNS})
    SELECT d.day, d.level, d.rp, d.hp, d.inst, d.pr, sum(d.n)
    FROM (
        SELECT (e.created_at AT TIME ZONE 'UTC')::date, e.level, {_place("OLD")}, -1
            FROM feedback_evaluation e WHERE e.order_id = OLD.id AND e.counts_in_statistics
        UNION ALL SELECT (e.created_at AT TIME ZONE 'UTC')::date, e.level, {_place("NEW")}, 1
            FROM feedback_evaluation e WHERE e.order_id = NEW.id AND e.counts_in_statistics
    ) AS d(day, level, rp, hp, inst, pr, n)
    {PG_UPSERT_TAIL}
    RETURN NULL;
END $$;
CREATE TRIGGER rated_order_tally AFTER UPDATE OF {", ".join(_PLACE_CHANGED)} ON orders_serviceorder
    FOR EACH ROW WHEN ({" OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in _PLACE_CHANGED)})
    EXECUTE FUNCTION feedback_rated_order_tally();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS rated_order_tally ON orders_serviceorder;
DROP FUNCTION IF EXISTS feedback_rated_order_tally();
DROP TRIGGER IF EXISTS rating_tally ON feedback_evaluation;
DROP FUNCTION IF EXISTS feedback_rating_tally();
"""


def _sqlite_rating(row: str, sign: str) -> str:
    return f"""INSERT INTO feedback_ratingtally ({COLUMNS})
        SELECT date({row}.created_at), {row}.level, {_place("o")}, {sign}1
        FROM orders_serviceorder o WHERE o.id = {row}.order_id AND {row}.counts_in_statistics
    ON CONFLICT ({KEY}) DO UPDATE SET ratings = ratings + excluded.ratings;"""


def _sqlite_move(row: str, sign: str) -> str:
    return f"""INSERT INTO feedback_ratingtally ({COLUMNS})
        SELECT date(e.created_at), e.level, {_place(row)}, {sign}count(*)
        FROM feedback_evaluation e WHERE e.order_id = {row}.id AND e.counts_in_statistics
        GROUP BY 1, 2
    ON CONFLICT ({KEY}) DO UPDATE SET ratings = ratings + excluded.ratings;"""


_RATING_CHANGED = " OR ".join(
    f"OLD.{c} IS NOT NEW.{c}" for c in ("order_id", "level", "created_at", "counts_in_statistics")
)
SQLITE_FORWARD = [
    f"CREATE TRIGGER rating_tally_insert AFTER INSERT ON feedback_evaluation BEGIN {_sqlite_rating('NEW', '+')} END",
    f"CREATE TRIGGER rating_tally_update AFTER UPDATE ON feedback_evaluation WHEN {_RATING_CHANGED} BEGIN "
    f"{_sqlite_rating('OLD', '-')} {_sqlite_rating('NEW', '+')} END",
    # No delete trigger on SQLite (as for the orders): the test runner's flush deletes row by row.
    f"CREATE TRIGGER rated_order_tally AFTER UPDATE ON orders_serviceorder WHEN "
    f"{' OR '.join(f'OLD.{c} IS NOT NEW.{c}' for c in _PLACE_CHANGED)} BEGIN "
    f"{_sqlite_move('OLD', '-')} {_sqlite_move('NEW', '+')} END",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in ("rating_tally_insert", "rating_tally_update", "rating_tally_delete", "rated_order_tally")
]


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0002_verbose_names'),
        ('orders', '0005_order_tally'),
    ]

    operations = [
        migrations.CreateModel(
            name='RatingTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(verbose_name='day')),
                ('level', models.PositiveSmallIntegerField(choices=[(1, 'Very satisfied'), (2, 'Satisfied'), (3, 'Basically satisfied'), (4, 'Dissatisfied'), (5, 'Very dissatisfied')], verbose_name='rating')),
                ('region_path', models.CharField(max_length=128, verbose_name='region path')),
                ('handler_region_path', models.CharField(max_length=128, verbose_name='handler region path')),
                ('assigned_institution_id', models.BigIntegerField(default=0, verbose_name='assigned institution')),
                ('assigned_practitioner_id', models.BigIntegerField(default=0, verbose_name='assigned practitioner')),
                ('ratings', models.BigIntegerField(default=0, verbose_name='ratings')),
            ],
            options={
                'verbose_name': 'rating tally',
                'verbose_name_plural': 'rating tallies',
                'constraints': [models.UniqueConstraint(fields=('day', 'level', 'region_path', 'handler_region_path', 'assigned_institution_id', 'assigned_practitioner_id'), name='rating_tally_key')],
            },
        ),
        migrations.RunPython(
            vendor_sql({"postgresql": [PG_FORWARD], "sqlite": SQLITE_FORWARD}),
            vendor_sql({"postgresql": [PG_REVERSE], "sqlite": SQLITE_REVERSE}),
        ),
    ]
