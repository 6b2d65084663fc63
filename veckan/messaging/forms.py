from django import forms
from django.utils.translation import gettext_lazy as _

from veckan.activities.models import Status
from veckan.editions.models import Edition
from veckan.geography.models import County
from veckan.lib.forms import Form
from veckan.messaging.models import OrganiserMessage
from veckan.messaging.services import RecipientFilters
from veckan.organisations.models import Kind

TOO_LONG = _("Skriv högst %(limit_value)d tecken (nu är det %(show_value)d).")


class OrganiserMessageForm(Form):
    utgava = forms.ModelChoiceField(
        label=_("Utgåva"),
        queryset=Edition.objects.all(),
        to_field_name="year",
        empty_label=None,
        help_text=_("Organisationer med minst en aktivitet i utgåvan får meddelandet."),
    )
    lan = forms.ModelChoiceField(
        label=_("Län"),
        queryset=County.objects.order_by("name"),
        empty_label=_("Alla län"),
        required=False,
        help_text=_("Bara organisationer med en aktivitet i länet."),
    )
    typ = forms.ChoiceField(
        label=_("Typ av organisation"),
        choices=[("", _("Alla typer")), *Kind.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status på aktiviteten"),
        choices=[("", _("Alla statusar")), *Status.choices],
        required=False,
        help_text=_(
            "Bara organisationer med en aktivitet med den statusen, i länet om ett är valt."
        ),
    )
    subject = forms.CharField(
        label=_("Ämne"),
        max_length=OrganiserMessage._meta.get_field("subject").max_length,
        error_messages={"required": _("Skriv ett ämne."), "max_length": TOO_LONG},
    )
    body = forms.CharField(
        label=_("Meddelande"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Skriv ett meddelande."), "max_length": TOO_LONG},
    )

    def clean_body(self) -> str:
        return self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")

    def recipient_filters(self) -> RecipientFilters:
        data = self.cleaned_data
        return RecipientFilters(
            edition=data["utgava"], county=data["lan"], kind=data["typ"], status=data["status"]
        )
