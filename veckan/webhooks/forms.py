from django import forms

from veckan.lib.forms import ModelForm
from veckan.webhooks.models import Webhook


class WebhookForm(ModelForm):
    class Meta:
        model = Webhook
        fields = ["url", "description"]
        widgets = {"url": forms.URLInput(attrs={"autocomplete": "off", "spellcheck": "false"})}
