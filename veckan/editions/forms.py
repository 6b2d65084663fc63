from django import forms
from django.utils.translation import gettext_lazy as _

from veckan.editions.models import Edition
from veckan.organisations.models import Kind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EditionForm(forms.ModelForm):
    public_party_kinds = forms.MultipleChoiceField(
        label=_("Organisationstyper som räknas som offentlig part"),
        choices=Kind,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Varje aktivitet måste ha minst en arrangör av någon av dessa typer."),
    )
    focus_areas = forms.CharField(
        label=_("Fokusområden"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Ett fokusområde per rad, i den ordning de ska visas."),
    )

    class Meta:
        model = Edition
        fields = [
            "year",
            "name",
            "theme",
            "theme_description",
            "starts_on",
            "ends_on",
            "registration_opens",
            "registration_closes",
            "program_published_at",
            "public_party_kinds",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "registration_opens": DateTimeInput(),
            "registration_closes": DateTimeInput(),
            "program_published_at": DateTimeInput(),
            "theme_description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["focus_areas"] = "\n".join(a.name for a in self.instance.focus_areas.all())

    def clean_focus_areas(self) -> list[str]:
        names = []
        for line in self.cleaned_data["focus_areas"].splitlines():
            name = " ".join(line.split())
            if name and name not in names:
                if len(name) > 100:
                    raise forms.ValidationError(
                        _("Ett fokusområde får vara högst 100 tecken långt.")
                    )
                names.append(name)
        return names
