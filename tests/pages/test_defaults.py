"""The legal pages' default texts live in veckan/pages/legal/, and the data migration only creates the
pages that are missing."""

import hashlib
import importlib

import pytest
from django.apps import apps as django_apps

from veckan.pages.defaults import ASSESSED_ON, default_pages
from veckan.pages.models import Page

pytestmark = pytest.mark.django_db

# The texts as migrations 0002–0004 wrote them (first text, then the two edits by string replacement),
# before the texts moved into files: the move changed no word. Since then the privacy page describes
# the evaluation and its follow-up (issue 20; migration 0006 brings unedited pages up to date).
SHIPPED = {
    "om.sv": "1ef8750587b5cf5ef657a4d03e02581483706e7ff11419e631d96019739a4afb",
    "om.en": "bb64b9f0dea9d3dad134f86ab83a417a8d7d5b4024c7a5ca2382aa2f3b1b344f",
    "personuppgifter.sv": "c3f2fb70d3d3afb8783692c41d80034e16909867ed981cd8dae70fa20d12db18",
    "personuppgifter.en": "180e7288f4eaff5fcee83ef43a82021137aff786ea82800eb80b309fed11967c",
    "kakor.sv": "1f79a53f1fbe54b039209e46eb8a4bdef11d921c930fa5fa2fbca7adc9ae1615",
    "kakor.en": "8c552c3664e05f49b9f8b3f4eb401bec4cd0195553ab66eec7022ff5d96b86b5",
    "tillganglighet.sv": "00cc9502e0726eb479b6d42d718a18919b14e03257d2ee335b5036510be00aec",
    "tillganglighet.en": "4d21875b41479f9aeee85f95635f24f4f04ffe323aef1dd81684a70501f6dd5c",
}


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_a_new_database_has_the_four_pages_with_the_texts_as_shipped():
    pages = {page.slug: page for page in Page.objects.all()}
    assert set(pages) == {"om", "personuppgifter", "kakor", "tillganglighet"}
    for slug, page in pages.items():
        assert sha(page.body) == SHIPPED[f"{slug}.sv"]
        assert sha(page.body_en) == SHIPPED[f"{slug}.en"]
    assert pages["tillganglighet"].assessed_on == ASSESSED_ON
    assert pages["om"].title == "Om Innovationsveckan"
    assert pages["kakor"].title_en == "Cookies"


def test_the_default_texts_in_code_are_the_shipped_ones():
    for fields in default_pages():
        assert sha(fields["body"]) == SHIPPED[f"{fields['slug']}.sv"]
        assert sha(fields["body_en"]) == SHIPPED[f"{fields['slug']}.en"]


def test_the_data_migration_creates_missing_pages_and_leaves_edited_ones_alone():
    migration = importlib.import_module("veckan.pages.migrations.0005_default_pages")
    Page.objects.filter(slug="om").update(body="Egen text")
    Page.objects.filter(slug="kakor").delete()

    migration.create_missing_pages(django_apps, None)

    assert Page.objects.get(slug="om").body == "Egen text"
    assert sha(Page.objects.get(slug="kakor").body) == SHIPPED["kakor.sv"]
    assert Page.objects.count() == 4
