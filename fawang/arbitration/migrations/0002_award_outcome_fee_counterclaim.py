"""The award and its corrections become the disputes base's signed outcomes (ADR 0030 addendum): each
existing award document gets its base Document (the encrypted PDF) and Outcome (number, hash and
evidence-log entry as they were; a correction `corrects` its award), then (0003, in its own
transaction: PostgreSQL will not alter a table with the rows' pending constraint checks) arbitration's
copies of the PDF, hash and log entry go. The respondent's name is read from the base's parties. New: the fee's
payment or deferral (收费办法第四条、第六条), the settlement (仲裁法第六十二条) and counterclaims (第三十八条)."""

import django.db.models.deletion
import fawang.core.fields
from django.conf import settings
from django.db import migrations, models


TITLE = {"award": "裁决书", "correction": "裁决书补正"}


def awards_to_outcomes(apps, schema_editor):
    AwardDocument = apps.get_model("arbitration", "AwardDocument")
    Document = apps.get_model("disputes", "Document")
    Outcome = apps.get_model("disputes", "Outcome")
    made = {}
    for award in (
        AwardDocument.objects.filter(outcome__isnull=True)
        .select_related("case", "case__commission")
        .order_by("kind", "issued_at", "pk")
    ):  # awards before their corrections
        title = TITLE.get(award.kind, award.kind)
        document = Document.objects.create(
            order_id=award.case.order_id,
            kind=f"arbitration_{award.kind}",
            title=title,
            file_b64=award.pdf_b64,
            content_type="application/pdf",
            sha256=award.sha256,
            created_by_id=award.issued_by_id,
        )
        corrects = made.get(award.number.rsplit("-B", 1)[0]) if award.kind == "correction" else None
        outcome = Outcome.objects.create(
            order_id=award.case.order_id,
            kind=f"arbitration_{award.kind}",
            title=title,
            form="written",
            number=award.number,
            issuer_name=award.case.commission.name[:128],
            body="",
            signatories=[],
            document=document,
            sha256=award.sha256,
            signed_at=award.issued_at,
            signed_by_id=award.issued_by_id,
            log_index=award.log_index,
            log_leaf_hash=award.log_leaf_hash,
            corrects=corrects,
        )
        made[award.number] = outcome
        award.outcome = outcome
        award.save(update_fields=["outcome"])


class Migration(migrations.Migration):
    dependencies = [
        ("arbitration", "0001_initial"),
        ("disputes", "0002_outcome_corrects"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="awarddocument",
            name="outcome",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="arbitration_document",
                to="disputes.outcome",
            ),
        ),
        migrations.AddField(
            model_name="arbitrationcase",
            name="fee_deferred_reason",
            field=models.CharField(blank=True, default="", max_length=500),
        ),
        migrations.AddField(
            model_name="arbitrationcase",
            name="fee_paid_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="arbitrationcase",
            name="fee_receipt",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AddField(
            model_name="arbitrationcase",
            name="settlement",
            field=fawang.core.fields.EncryptedTextField(blank=True, default=""),
        ),
        migrations.CreateModel(
            name="Counterclaim",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("text", fawang.core.fields.EncryptedTextField()),
                ("claim_amount_fen", models.BigIntegerField()),
                ("fee_fen", models.BigIntegerField()),
                ("filed_at", models.DateTimeField()),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="counterclaims",
                        to="arbitration.arbitrationcase",
                    ),
                ),
                (
                    "fee_table",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="arbitration.feetable",
                    ),
                ),
                (
                    "filed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["filed_at", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("claim_amount_fen__gte", 0), ("fee_fen__gte", 0)),
                        name="arbitration_counterclaim_not_negative",
                    )
                ],
            },
        ),
        migrations.RunPython(awards_to_outcomes, migrations.RunPython.noop),
    ]
