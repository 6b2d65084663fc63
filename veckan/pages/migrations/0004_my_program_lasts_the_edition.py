"""Once edited the cookie page for how long stars last. The edited text lives in veckan/pages/legal/
now (created by 0005_default_pages); this step does nothing."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("pages", "0003_my_program_in_cookies_and_privacy")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
