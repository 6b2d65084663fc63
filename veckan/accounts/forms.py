from django import forms
from django.utils.translation import gettext_lazy as _

from veckan.accounts.models import User


class AccountSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language"]
        widgets = {"language": forms.RadioSelect}
        labels = {"language": _("Språk för mejl från Innovationsveckan")}
