"""Load all 21 counties and 290 municipalities, so every database has them."""

from django.db import migrations

from veckan.geography.reference import load_reference_data


def load(apps, schema_editor):
    load_reference_data(
        apps.get_model("geography", "County"),
        apps.get_model("geography", "Municipality"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("geography", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
