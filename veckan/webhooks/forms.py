from django import forms

from veckan.webhooks.models import Webhook


class WebhookForm(forms.ModelForm):
    class Meta:
        model = Webhook
        fields = ["url", "description"]
        widgets = {"url": forms.URLInput(attrs={"autocomplete": "off", "spellcheck": "false"})}
