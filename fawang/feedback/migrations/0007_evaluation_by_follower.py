"""A follower's rating (a dispute's other party, docs/adr/0009 addendum): `Evaluation.follower_index` and
one rating per party per round.

On SQLite, Django rebuilds the ratings table to change its constraints (create, copy, drop, rename),
which drops the tally triggers on it and fails on the trigger on the orders that names it (0003); the
triggers are taken down before and put back after, as 0003 wrote them. PostgreSQL alters in place."""

import importlib

from django.conf import settings
from django.db import migrations, models

from fawang.core.migration_sql import vendor_sql

_TALLY = importlib.import_module("fawang.feedback.migrations.0003_rating_tally")
_TRIGGERS_DOWN = vendor_sql({"sqlite": _TALLY.SQLITE_REVERSE})
_TRIGGERS_UP = vendor_sql({"sqlite": _TALLY.SQLITE_FORWARD})


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0006_return_visit_places'),
        ('orders', '0017_phone_lookup_newest_first'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(_TRIGGERS_DOWN, _TRIGGERS_UP),
        migrations.RemoveConstraint(
            model_name='evaluation',
            name='evaluation_order_round_unique',
        ),
        migrations.AddField(
            model_name='evaluation',
            name='follower_index',
            field=models.CharField(blank=True, default='', max_length=64, verbose_name='rated by a party'),
        ),
        migrations.AddConstraint(
            model_name='evaluation',
            constraint=models.UniqueConstraint(condition=models.Q(('follower_index', '')), fields=('order', 'round'), name='evaluation_order_round_unique'),
        ),
        migrations.AddConstraint(
            model_name='evaluation',
            constraint=models.UniqueConstraint(condition=models.Q(('follower_index', ''), _negated=True), fields=('order', 'round', 'follower_index'), name='evaluation_follower_round_unique'),
        ),
        migrations.RunPython(_TRIGGERS_UP, _TRIGGERS_DOWN),
    ]
