# The outbox of order notices (docs/adr/0017).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notify', '0001_initial'),
        ('orders', '0004_order_indexes_trimmed'),
    ]

    operations = [
        migrations.CreateModel(
            name='PendingNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('event_id', models.BigIntegerField(verbose_name='order event')),
                ('status', models.CharField(max_length=16, verbose_name='status')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('last_error', models.TextField(blank=True, default='', verbose_name='last error')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='time')),
                ('order', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orders.serviceorder', verbose_name='service order')),
            ],
            options={
                'verbose_name': 'notice to deliver',
                'verbose_name_plural': 'notices to deliver',
                'ordering': ['id'],
            },
        ),
    ]
