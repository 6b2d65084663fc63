from django import forms
from django.utils.translation import gettext_lazy as _

from veckan.geography.models import municipality_choices
from veckan.lib import orgnr
from veckan.lib.forms import Form, ModelForm
from veckan.organisations.models import Invitation, Membership, Organisation


class OrganisationForm(ModelForm):
    # Wider than the stored NNNNNN-NNNN so "16212000-0142" or spaces reach our own, clearer checks.
    org_number = forms.CharField(
        label=_("Organisationsnummer"),
        max_length=20,
        help_text=_("Tio siffror, till exempel 212000-0142."),
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "org_number", "home_municipality", "website", "description"]
        help_texts = {
            "home_municipality": _("Kommunen där organisationen har sitt säte."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing: Organisation | None = None
        self.fields["home_municipality"].choices = [
            ("", _("Välj kommun")),
            *municipality_choices(),
        ]

    def clean_org_number(self) -> str:
        value = self.cleaned_data["org_number"]
        digits = orgnr.normalise(value)
        if orgnr.looks_like_personal_identity_number(digits):
            # Never echo a personal identity number back into the page.
            self.data = self.data.copy()
            self.data[self.add_prefix("org_number")] = ""
        number = orgnr.validate_organisation_number(value)
        # Already registered: the page offers to ask its administrators to join instead.
        self.existing = (
            Organisation.objects.filter(org_number=number).exclude(pk=self.instance.pk).first()
        )
        return number


class InvitationForm(ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]
        help_texts = {"email": _("Personen får ett mejl med en länk. Inbjudan gäller i 14 dagar.")}


class RoleForm(Form):
    role = forms.ChoiceField(label=_("Roll"), choices=Membership.Role)


class ApiTokenForm(Form):
    name = forms.CharField(
        label=_("Vad nyckeln är till för"),
        max_length=100,
        help_text=_("Till exempel namnet på systemet som ska använda den."),
        error_messages={"required": _("Skriv vad nyckeln ska användas till.")},
    )


class EmbedForm(ModelForm):
    """Where the organisation shows Veckan's program on its own sites, and in which colour."""

    class Meta:
        model = Organisation
        fields = ["embed_domains", "embed_colour"]
        widgets = {
            "embed_domains": forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
            "embed_colour": forms.TextInput(attrs={"placeholder": "#005fa3", "size": 8}),
        }
        help_texts = {
            "embed_domains": _(
                "Ett webbplatsnamn per rad, till exempel www.boras.se. Bara de får visa programmet "
                "i en ram; alla andra nekas."
            ),
            "embed_colour": _("Till exempel #005fa3. Den måste gå att läsa som text på vitt."),
        }
