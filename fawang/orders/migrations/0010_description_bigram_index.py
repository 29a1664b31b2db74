"""Words of a description found through an index on PostgreSQL (fawang.orders.selectors.description_q).

A GIN index of each description's two-character pieces, upper-cased as Django's `icontains` compares:
every two-character piece of a search term is then a piece of every description that contains it, so
the index narrows the rows and `icontains` keeps the exact meaning. Two characters because a Chinese
word is usually two (pg_trgm's three-character pieces cannot serve "拖欠" or "工资"), and a Tibetan
syllable or a Yi word is a few code points. SQLite (`make run`) keeps the plain scan."""

from django.db import migrations

from fawang.core.migration_sql import vendor_sql

FUNCTION = """
CREATE OR REPLACE FUNCTION fawang_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(upper(t), i, 2)), '{}')
  FROM generate_series(1, length(t) - 1) AS i
$$
"""
INDEX = (
    "CREATE INDEX IF NOT EXISTS order_description_bigrams ON orders_serviceorder "
    "USING gin (fawang_bigrams(description))"
)
REVERSE = ["DROP INDEX IF EXISTS order_description_bigrams", "DROP FUNCTION IF EXISTS fawang_bigrams(text)"]


forward = vendor_sql({"postgresql": [FUNCTION, INDEX]})
reverse = vendor_sql({"postgresql": REVERSE})


class Migration(migrations.Migration):
    dependencies = [("orders", "0009_queue_finished_and_language_indexes")]

    operations = [migrations.RunPython(forward, reverse)]
