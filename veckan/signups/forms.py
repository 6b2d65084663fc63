import re

from django import forms
from django.utils.translation import gettext_lazy as _

from veckan.lib.forms import HoneypotMixin

# Something shaped like a Swedish personal identity number (ÅÅMMDD-NNNN, ÅÅÅÅMMDDNNNN, with or
# without the dash). We never ask for one; this stops one from being typed into a free-text field.
PERSONAL_NUMBER = re.compile(r"(?<!\d)(\d{2})?\d{6}[-+ ]?\d{4}(?!\d)")


class SignUpForm(HoneypotMixin):
    """Name, email, organisation and the photo opt-out: all we need, and all we ever ask for."""

    name = forms.CharField(
        label=_("Namn"),
        max_length=150,
        error_messages={"required": _("Skriv ditt namn.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-postadress"),
        help_text=_("Vi mejlar en länk som du bekräftar anmälan med."),
        error_messages={
            "required": _("Skriv din e-postadress."),
            "invalid": _("Skriv e-postadressen så här: namn@exempel.se."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    no_photo = forms.BooleanField(
        label=_("Jag vill inte synas på foto eller film"),
        help_text=_("Arrangören ser ditt val i deltagarlistan."),
        required=False,
    )

    field_order = ["name", "email", "organisation", "no_photo", "website"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if PERSONAL_NUMBER.search(name):
            raise forms.ValidationError(
                _("Skriv bara ditt namn. Vi behöver inte ditt personnummer.")
            )
        return name

    def clean_organisation(self) -> str:
        organisation = self.cleaned_data["organisation"].strip()
        if PERSONAL_NUMBER.search(organisation):
            raise forms.ValidationError(_("Skriv organisationens namn, inte ett nummer."))
        return organisation

    def signup_fields(self) -> dict:
        """The keyword arguments for services.sign_up."""
        return {
            field: self.cleaned_data[field]
            for field in ("name", "email", "organisation", "no_photo")
        }


class MyDataRequestForm(HoneypotMixin):
    email = forms.EmailField(
        label=_("E-postadress"),
        help_text=_("Den adress du anmälde dig med."),
        error_messages={
            "required": _("Skriv din e-postadress."),
            "invalid": _("Skriv e-postadressen så här: namn@exempel.se."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    field_order = ["email", "website"]

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()
