from django.db import migrations

# The program's search is answered in memory (veckan.program.index), which reads the words of every
# activity at once; no query searches the tsvector column any more, so its GIN index only cost time
# on every save.


def drop_gin(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS activity_search_gin")


def create_gin(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX activity_search_gin ON activities_activity USING gin (search_document)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0004_program_version_index"),
    ]

    operations = [migrations.RunPython(drop_gin, create_gin)]
