"""Return visits carry their order's two region paths (issue 9: a county's queue of pending visits read
from one index, not by joining each pending visit of the province to its order). The existing visits
are filled from their orders, and a trigger on the orders keeps the copies in step when an order
moves (a transfer after a reopening), in the statement of the change, as the rating tallies are
(0003)."""

from django.db import migrations, models

from fawang.core.migration_sql import vendor_sql

_PATHS = ("region_path", "handler_region_path")
BACKFILL = (
    "UPDATE feedback_returnvisit SET "
    "region_path = (SELECT o.region_path FROM orders_serviceorder o WHERE o.id = feedback_returnvisit.order_id), "
    "handler_region_path = (SELECT o.handler_region_path FROM orders_serviceorder o "
    "WHERE o.id = feedback_returnvisit.order_id)"
)
_FOLLOW = (
    "UPDATE feedback_returnvisit SET region_path = NEW.region_path, "
    "handler_region_path = NEW.handler_region_path WHERE order_id = NEW.id;"
)
PG_FORWARD = f"""
CREATE OR REPLACE FUNCTION feedback_visited_order_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_FOLLOW}
    RETURN NULL;
END $$;
CREATE TRIGGER visited_order_moved AFTER UPDATE OF {", ".join(_PATHS)} ON orders_serviceorder
    FOR EACH ROW WHEN ({" OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in _PATHS)})
    EXECUTE FUNCTION feedback_visited_order_moved();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS visited_order_moved ON orders_serviceorder;
DROP FUNCTION IF EXISTS feedback_visited_order_moved();
"""
SQLITE_FORWARD = (
    "CREATE TRIGGER visited_order_moved AFTER UPDATE ON orders_serviceorder WHEN "
    f"{' OR '.join(f'OLD.{c} IS NOT NEW.{c}' for c in _PATHS)} BEGIN {_FOLLOW} END"
)
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS visited_order_moved"


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0005_rating_tally_key_carries_the_count'),
        ('network', '0001_initial'),
        ('orders', '0017_phone_lookup_newest_first'),
        ('regions', '0001_initial'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='returnvisit',
            name='return_visit_pending',
        ),
        migrations.AddField(
            model_name='returnvisit',
            name='handler_region_path',
            field=models.CharField(default='', max_length=128, verbose_name='handler region path'),
        ),
        migrations.AddField(
            model_name='returnvisit',
            name='region_path',
            field=models.CharField(default='', max_length=128, verbose_name='region path'),
        ),
        migrations.RunPython(
            vendor_sql({"postgresql": [BACKFILL, PG_FORWARD], "sqlite": [BACKFILL, SQLITE_FORWARD]}),
            vendor_sql({"postgresql": [PG_REVERSE], "sqlite": [SQLITE_REVERSE]}),
        ),
        migrations.AddIndex(
            model_name='returnvisit',
            index=models.Index(condition=models.Q(('status', 'pending')), fields=['due_at', 'id'], include=('region_path', 'handler_region_path'), name='return_visit_pending_places'),
        ),
    ]
