"""Database triggers that refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE) on the audit table, so
raw SQL cannot rewrite history either. See docs/adr/0005-audit-trail-append-only.md."""

from django.db import migrations


def forward(apps, schema_editor):
    from fawang.audit import triggers

    triggers.install(schema_editor.connection)


def backward(apps, schema_editor):
    from fawang.audit import triggers

    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
