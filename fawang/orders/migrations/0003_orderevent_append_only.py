"""The order timeline is history: database triggers refuse UPDATE, DELETE (and on PostgreSQL
TRUNCATE) on order events, as on the audit trail. See docs/adr/0005-audit-trail-append-only.md."""

from django.db import migrations

TABLE = "orders_orderevent"


def forward(apps, schema_editor):
    from fawang.audit import triggers

    triggers.install(schema_editor.connection, TABLE)


def backward(apps, schema_editor):
    from fawang.audit import triggers

    triggers.remove(schema_editor.connection, TABLE)


class Migration(migrations.Migration):
    dependencies = [("orders", "0002_clock_extension"), ("audit", "0002_append_only_triggers")]

    operations = [migrations.RunPython(forward, backward)]
