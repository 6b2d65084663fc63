from django import forms
from django.utils.translation import gettext_lazy as _

from veckan.lib.forms import Form


class EmailLinkForm(Form):
    """Where to mail the link that opens Mitt program on another device."""

    email = forms.EmailField(
        label=_("Din e-postadress"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Skriv den e-postadress vi ska skicka länken till.")},
    )
