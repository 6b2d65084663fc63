from django import forms
from django.utils.translation import gettext_lazy as _

from veckan.accounts.models import User
from veckan.collections.models import Collection
from veckan.geography.models import County
from veckan.lib.forms import Form


class CollectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, collection: Collection) -> str:
        return f"{collection.name} ({collection.edition.year})"


class GrantForm(Form):
    email = forms.EmailField(
        label=_("E-postadress"),
        help_text=_("Personen behöver ett konto på webbplatsen."),
        error_messages={"required": _("Skriv personens e-postadress.")},
    )
    county = forms.ModelChoiceField(
        label=_("Län"),
        queryset=County.objects.order_by("name"),
        required=False,
        empty_label=_("Inget län"),
    )
    collection = CollectionChoiceField(
        label=_("Samling"),
        queryset=Collection.objects.select_related("edition").order_by("-edition__year", "name"),
        required=False,
        empty_label=_("Ingen samling"),
        help_text=_("Välj ett län eller en samling."),
    )

    def clean_email(self) -> User:
        user = User.objects.filter(email__iexact=self.cleaned_data["email"], is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("Ingen har ett konto med den e-postadressen. Be personen skapa ett först.")
            )
        return user

    def clean(self):
        data = super().clean()
        if bool(data.get("county")) == bool(data.get("collection")):
            self.add_error("county", _("Välj antingen ett län eller en samling."))
        return data
