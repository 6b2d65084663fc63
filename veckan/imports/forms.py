from django import forms
from django.utils.translation import gettext_lazy as _

from veckan.lib.forms import Form
from veckan.organisations.models import Organisation


class ImportForm(Form):
    organisation = forms.ModelChoiceField(
        label=_("Arrangör"),
        queryset=Organisation.objects.none(),
        empty_label=_("Välj arrangör"),
        error_messages={"required": _("Välj vilken organisation aktiviteterna är från.")},
    )
    file = forms.FileField(
        label=_("Fil från mallen"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        help_text=_("CSV eller Excel (.xlsx), högst 5 MB och 500 rader."),
    )
    url = forms.URLField(
        label=_("Eller: adressen till er kalender"),
        required=False,
        assume_scheme="https",
        help_text=_(
            "En iCalendar-adress (.ics) som börjar med https://. Varje händelse blir ett utkast."
        ),
        error_messages={"invalid": _("Skriv en hel adress, som https://kalender.exempel.se/.")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if len(mine := list(organisations[:2])) == 1:
            self.initial["organisation"] = mine[0].pk

    def clean(self):
        cleaned = super().clean()
        has_file, has_url = bool(cleaned.get("file")), bool(cleaned.get("url"))
        if has_file == has_url and not self.has_error("url"):
            raise forms.ValidationError(_("Välj en fil eller skriv kalenderns adress (en av dem)."))
        return cleaned
