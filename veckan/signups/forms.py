import re

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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

    field_order = ["occasion", "name", "email", "organisation", "no_photo", "website"]

    def __init__(self, *args, occasions=None, **kwargs):
        """`occasions`: those of a series, with their seat counts; the person picks one."""
        super().__init__(*args, **kwargs)
        self.occasions = {str(o.pk): o for o in occasions or []}
        if self.occasions:
            self.fields["occasion"] = forms.ChoiceField(
                label=_("Tillfälle"),
                choices=[(pk, occasion_label(o)) for pk, o in self.occasions.items()],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Välj vilket tillfälle du vill anmäla dig till."),
                    "invalid_choice": _("Välj ett av tillfällena i listan."),
                },
            )
            self.order_fields(self.field_order)

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
        fields = {
            field: self.cleaned_data[field]
            for field in ("name", "email", "organisation", "no_photo")
        }
        if self.occasions:
            fields["occasion"] = self.occasions[self.cleaned_data["occasion"]]
        return fields


def occasion_label(occasion) -> str:
    """An occasion as a choice says it: day, time, its own place if it has one, and the seats."""
    start, end = timezone.localtime(occasion.starts_at), timezone.localtime(occasion.ends_at)
    label = f"{date_format(start, 'l j F, H:i')}–{date_format(end, 'H:i')}"
    if occasion.venue or occasion.address or occasion.municipality_id:
        label += f", {occasion.place}"
    if occasion.is_full:
        return f"{label} ({_('fullbokat, väntelista')})"
    return (
        label
        + " ("
        + ngettext("%(seats)d plats kvar", "%(seats)d platser kvar", occasion.seats_left)
        % {"seats": occasion.seats_left}
        + ")"
    )


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
