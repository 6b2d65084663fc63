"""Creates the four legal pages that are missing, with their texts from veckan/pages/legal/.

Pages that exist are left alone: they hold the coordinators' own edits. Earlier migrations that wrote
and edited these texts are no-ops now; a database that ran them already has every page."""

from django.db import migrations

from veckan.pages.defaults import default_pages


def create_missing_pages(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for fields in default_pages():
        slug = fields.pop("slug")
        Page.objects.get_or_create(slug=slug, defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("pages", "0004_my_program_lasts_the_edition")]

    operations = [migrations.RunPython(create_missing_pages, migrations.RunPython.noop)]
