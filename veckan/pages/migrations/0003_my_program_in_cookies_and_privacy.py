"""Once edited the cookie page and the privacy notice for Mitt program. The edited texts live in
veckan/pages/legal/ now (created by 0005_default_pages); this step does nothing."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("pages", "0002_pages_content")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
