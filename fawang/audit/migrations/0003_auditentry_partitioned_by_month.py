"""On PostgreSQL the audit trail becomes a table partitioned by month of created_at, with its rows, and
the function that creates month partitions ahead is installed (docs/adr/0015-growing-past-one-server.md,
fawang/audit/partitions.py). SQLite keeps the plain table: nothing happens there."""

from django.db import migrations

TABLE = "audit_auditentry"


def forward(apps, schema_editor):
    from fawang.audit import partitions

    partitions.install_function(schema_editor.connection)
    partitions.partition_by_month(schema_editor.connection, TABLE)


def backward(apps, schema_editor):
    from fawang.audit import partitions

    partitions.unpartition(schema_editor.connection, TABLE)
    partitions.remove_function(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [migrations.RunPython(forward, backward)]
