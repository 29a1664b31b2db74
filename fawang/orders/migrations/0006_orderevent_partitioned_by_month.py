"""On PostgreSQL the order timeline becomes a table partitioned by month of created_at, with its rows
(docs/adr/0015-growing-past-one-server.md, fawang/audit/partitions.py). SQLite keeps the plain table."""

from django.db import migrations

TABLE = "orders_orderevent"


def forward(apps, schema_editor):
    from fawang.audit import partitions

    partitions.partition_by_month(schema_editor.connection, TABLE)


def backward(apps, schema_editor):
    from fawang.audit import partitions

    partitions.unpartition(schema_editor.connection, TABLE)


class Migration(migrations.Migration):
    dependencies = [("orders", "0005_order_tally"), ("audit", "0003_auditentry_partitioned_by_month")]

    operations = [migrations.RunPython(forward, backward)]
