"""The rating tally key carries the count (`INCLUDE (ratings)`, docs/adr/0016, third addendum): the
satisfaction figures read a month of tallies index-only. PostgreSQL only: SQLite has no included columns,
and Django would rebuild the table there for nothing (breaking the tally triggers that name it)."""

from django.db import migrations, models

KEY = [
    "day",
    "level",
    "region_path",
    "handler_region_path",
    "assigned_institution_id",
    "assigned_practitioner_id",
]


def _replace_key(include: bool):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name("feedback_ratingtally")
        columns = ", ".join(schema_editor.quote_name(c) for c in KEY)
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT rating_tally_key")
        carried = " INCLUDE (ratings)" if include else ""
        schema_editor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT rating_tally_key UNIQUE ({columns}){carried}"
        )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0004_channel_internal"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(_replace_key(True), _replace_key(False))],
            state_operations=[
                migrations.RemoveConstraint(model_name="ratingtally", name="rating_tally_key"),
                migrations.AddConstraint(
                    model_name="ratingtally",
                    constraint=models.UniqueConstraint(
                        fields=KEY, include=("ratings",), name="rating_tally_key"
                    ),
                ),
            ],
        ),
    ]
