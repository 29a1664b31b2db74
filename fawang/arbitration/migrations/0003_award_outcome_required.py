"""The second half of 0002: once every award document has its base outcome (0002's data step, in
its own transaction), arbitration's copies of the PDF, hash and log entry go, the outcome is required,
and the respondent's name is read from the base's parties."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("arbitration", "0002_award_outcome_fee_counterclaim"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="arbitrationcase",
            name="respondent_name",
        ),
        migrations.RemoveField(
            model_name="awarddocument",
            name="log_index",
        ),
        migrations.RemoveField(
            model_name="awarddocument",
            name="log_leaf_hash",
        ),
        migrations.RemoveField(
            model_name="awarddocument",
            name="pdf_b64",
        ),
        migrations.RemoveField(
            model_name="awarddocument",
            name="sha256",
        ),
        migrations.AlterField(
            model_name="awarddocument",
            name="outcome",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="arbitration_document",
                to="disputes.outcome",
            ),
        ),
    ]
