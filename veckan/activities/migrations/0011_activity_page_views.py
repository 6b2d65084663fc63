# The page view counters moved from stats to activities (stats owns no models). The table stays where
# it is: only Django's idea of which app the model belongs to changes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0010_external_id'),
        ('stats', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ActivityPageView',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField(verbose_name='dag')),
                        ('count', models.PositiveIntegerField(default=0, verbose_name='sidvisningar')),
                        ('activity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='page_views', to='activities.activity')),
                    ],
                    options={
                        'verbose_name': 'sidvisningar per dag',
                        'verbose_name_plural': 'sidvisningar per dag',
                        'ordering': ['activity', 'day'],
                        'db_table': 'stats_activitypageview',
                        'constraints': [models.UniqueConstraint(fields=('activity', 'day'), name='one_page_view_row_per_day')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
