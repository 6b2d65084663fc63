"""Stars in Mitt program without an account last at least until the edition's week is over: the
cookie page says so. Only text still as shipped is replaced, so a coordinator's edits stay."""

from django.db import migrations

CHANGES = {
    "kakor": (
        "Har du sparat aktiviteter utan att logga in tas kakan bort två veckor efter att du senast använde Mitt program.",
        "Har du sparat aktiviteter utan att logga in finns kakan kvar tills veckan i programmet är slut, eller två veckor efter att du senast använde Mitt program om det är senare.",
    ),
    "kakor_en": (
        "If you saved activities without logging in, it is removed two weeks after you last used My programme.",
        "If you saved activities without logging in, it stays until the week in the programme is over, or two weeks after you last used My programme if that is later.",
    ),
}


def update_texts(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for key, (old, new) in CHANGES.items():
        slug, _, language = key.partition("_")
        field = "body_en" if language == "en" else "body"
        page = Page.objects.filter(slug=slug).first()
        if page is not None and old in getattr(page, field):
            setattr(page, field, getattr(page, field).replace(old, new))
            page.save(update_fields=[field])


class Migration(migrations.Migration):
    dependencies = [("pages", "0003_my_program_in_cookies_and_privacy")]

    operations = [migrations.RunPython(update_texts, migrations.RunPython.noop)]
