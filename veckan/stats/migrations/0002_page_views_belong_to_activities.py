# The page view counters now belong to activities (activities 0011); their table stays.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('stats', '0001_initial'),
        ('activities', '0011_activity_page_views'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ActivityPageView')],
            database_operations=[],
        ),
    ]
