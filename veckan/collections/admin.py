from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from veckan.collections.models import Collection


class CollectionForm(forms.ModelForm):
    class Meta:
        model = Collection
        fields = [
            "edition",
            "name",
            "slug",
            "description",
            "counties",
            "organisations",
            "focus_areas",
            "picked",
        ]

    def clean(self):
        cleaned = super().clean()
        edition = cleaned.get("edition")
        if edition is None:
            return cleaned
        for name in ("focus_areas", "picked"):
            chosen = cleaned.get(name)
            if chosen is not None and chosen.exclude(edition=edition).exists():
                self.add_error(name, _("Välj bara sådant ur samlingens utgåva."))
        return cleaned


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    form = CollectionForm
    list_display = ["name", "edition", "slug"]
    list_filter = ["edition"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["counties", "focus_areas"]
    autocomplete_fields = ["organisations"]
    # An edition holds thousands of activities: picked by id, not from one long list.
    raw_id_fields = ["picked"]
