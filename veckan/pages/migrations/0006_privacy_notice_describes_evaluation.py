"""The privacy page describes the evaluation after an activity and the follow-up at 3, 6 and 12
months (issue 20). A page whose text is still the one shipped before gets the new one; a page the
coordinators have edited is left alone, as 0005 leaves it: they add the section themselves."""

import hashlib

from django.db import migrations

from veckan.pages.defaults import default_text

BEFORE = {
    "body": "589b6e654ed2b1057bf41f68552be2da32461cca7b19caa5db3aaf2029e5be18",
    "body_en": "0c8cb2b22fe2f35d640e3a6070710b8c75be83f90d928f8ee20f11e7d3970d80",
}


def describe_evaluation(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    page = Page.objects.filter(slug="personuppgifter").first()
    if page is None:
        return
    for field, language in (("body", "sv"), ("body_en", "en")):
        if hashlib.sha256(getattr(page, field).encode()).hexdigest() == BEFORE[field]:
            setattr(page, field, default_text("personuppgifter", language))
    page.save(update_fields=["body", "body_en"])


class Migration(migrations.Migration):
    dependencies = [("pages", "0005_default_pages")]

    operations = [migrations.RunPython(describe_evaluation, migrations.RunPython.noop)]
