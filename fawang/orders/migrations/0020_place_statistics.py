"""Finer statistics for the two place columns every scoped read of the orders filters on.

A county's share of ten million orders (about 0.5%) falls inside one bucket of the default histogram
(100 buckets), and PostgreSQL's estimate for `handler_region_path LIKE '510000/510100/510107/%'` came
out at one row. Believing that, the planner walked the county's 45,000 orders by the path index and
computed the county's description pieces for each (330 ms) instead of reading the 7,000 postings of the
county's own index (40 ms; docs/adr/0016, fifth addendum). A thousand buckets make a county's range
visible; ANALYZE reads 300,000 rows of the table for them (6 s at 10,000,000 orders), done here once so
the new plans hold from the deployment on. SQLite keeps no such statistics."""

from django.db import migrations

from fawang.core.migration_sql import vendor_sql

PLACES = ("region_path", "handler_region_path")
FORWARD = [
    "ALTER TABLE orders_serviceorder "
    + ", ".join(f"ALTER COLUMN {column} SET STATISTICS 1000" for column in PLACES),
    f"ANALYZE orders_serviceorder ({', '.join(PLACES)})",
]
REVERSE = [
    "ALTER TABLE orders_serviceorder "
    + ", ".join(f"ALTER COLUMN {column} SET STATISTICS -1" for column in PLACES),
]


class Migration(migrations.Migration):
    dependencies = [("orders", "0019_supervision_open_carries_region")]

    operations = [
        migrations.RunPython(vendor_sql({"postgresql": FORWARD}), vendor_sql({"postgresql": REVERSE}))
    ]
