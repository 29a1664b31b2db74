"""A county's words search through pieces keyed by the county (fawang.orders.selectors.county_words_q).

The index of description pieces (0010) answers a word for the whole province: a common word
("拖欠工资") has a million orders behind each piece, and a county clerk's search ANDs those bitmaps with
the county's place index, or reads the county's fifty thousand orders scattered over as many table
pages: 0.5-0.9 s at 10,000,000 orders (docs/adr/0016, third addendum). Here every piece is also kept
under the county of the order's region and of its handler ("510107:拖欠"), so the county's search reads
only the postings of its own orders: a few thousand, whatever the word. Third segment of the paths
(`510000/510100/510107/...`): a province- or prefecture-level path has no county and gives no key.
SQLite (`make run`) keeps the plain scan."""

from django.db import migrations

from fawang.core.migration_sql import vendor_sql

FUNCTION = """
CREATE OR REPLACE FUNCTION fawang_county_bigrams(region_path text, handler_path text, t text)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT county || ':' || piece), '{}')
  FROM (SELECT DISTINCT split_part(p, '/', 3) AS county FROM unnest(ARRAY[region_path, handler_path]) AS p)
       AS counties,
       unnest(fawang_bigrams(t)) AS piece
  WHERE county <> ''
$$
"""
INDEX = (
    "CREATE INDEX IF NOT EXISTS order_description_county_bigrams ON orders_serviceorder "
    "USING gin (fawang_county_bigrams(region_path, handler_region_path, description))"
)
REVERSE = [
    "DROP INDEX IF EXISTS order_description_county_bigrams",
    "DROP FUNCTION IF EXISTS fawang_county_bigrams(text, text, text)",
]


forward = vendor_sql({"postgresql": [FUNCTION, INDEX]})
reverse = vendor_sql({"postgresql": REVERSE})


class Migration(migrations.Migration):
    dependencies = [("orders", "0017_phone_lookup_newest_first")]

    operations = [migrations.RunPython(forward, reverse)]
