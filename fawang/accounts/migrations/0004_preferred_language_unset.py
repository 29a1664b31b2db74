from django.db import migrations, models


def forget_the_default(apps, schema_editor):
    # Nothing ever wrote the field: "zh-hans" everywhere is the old default, not anybody's choice, and
    # would now outrank their cookie and browser language (ADR 0013).
    apps.get_model("accounts", "User").objects.filter(preferred_language="zh-hans").update(preferred_language="")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_drop_account_lockout")]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="preferred_language",
            field=models.CharField(blank=True, default="", max_length=8, verbose_name="preferred language"),
        ),
        migrations.RunPython(forget_the_default, migrations.RunPython.noop),
    ]
