"""Once wrote the four legal pages' first texts. The texts live in veckan/pages/legal/ now, and
0005_default_pages creates the pages that are missing; this step does nothing."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
