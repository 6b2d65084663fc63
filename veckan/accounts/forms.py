from django import forms
from django.utils.translation import gettext_lazy as _

from veckan.accounts.models import User
from veckan.lib.forms import ModelForm


class AccountSettingsForm(ModelForm):
    class Meta:
        model = User
        fields = ["name", "language", "review_emails"]
        widgets = {"language": forms.RadioSelect, "review_emails": forms.RadioSelect}
        labels = {
            "language": _("Språk för mejl från Innovationsveckan"),
            "review_emails": _("Mejl om aktiviteter att granska"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.is_coordinator:
            del self.fields["review_emails"]
