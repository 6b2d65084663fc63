from django import forms
from django.utils.translation import gettext_lazy as _

from veckan.lib.forms import DateInput, HoneypotMixin, ModelForm
from veckan.pages.models import PLACEHOLDERS, AccessibilityFeedback, Page

# What a page must keep saying, in both languages, whatever else a coordinator changes: who is
# responsible and how to complain (the placeholders make sure the names are the right ones).
REQUIRED_TEXT = {
    Page.Slug.PRIVACY: ["{personuppgiftsansvarig}", "{dataskyddsombud}", "imy.se"],
    Page.Slug.ACCESSIBILITY: [
        "{personuppgiftsansvarig}",
        "{webbplats}/tillganglighet/rapportera/",
        "https://www.digg.se/tdosanmalan",
    ],
}


class PageForm(ModelForm):
    class Meta:
        model = Page
        fields = ["title", "body", "title_en", "body_en", "assessed_on"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 24}),
            "body_en": forms.Textarea(attrs={"rows": 24}),
            "assessed_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        help_text = _(
            "Markdown: # Rubrik, **fetstil**, - punktlista, [länktext](https://…). "
            "Skriv %(placeholders)s där organisationen som ansvarar för personuppgifterna, "
            "dataskyddsombudets e-postadress och webbplatsens adress ska stå: de hämtas från "
            "inställningarna när sidan visas."
        ) % {"placeholders": ", ".join(PLACEHOLDERS)}
        self.fields["body"].help_text = help_text
        if self.instance.slug == Page.Slug.ACCESSIBILITY:
            self.fields["assessed_on"].required = True
            self.fields["assessed_on"].help_text = _(
                "Dagen då webbplatsens tillgänglighet senast bedömdes. Visas i redogörelsen."
            )
        else:
            del self.fields["assessed_on"]

    def _require_text(self, field: str) -> str:
        text = self.cleaned_data[field]
        if not text:
            return text
        missing = [part for part in REQUIRED_TEXT.get(self.instance.slug, []) if part not in text]
        if missing:
            raise forms.ValidationError(
                _("Texten måste innehålla %(missing)s.") % {"missing": ", ".join(missing)}
            )
        return text

    def clean_body(self) -> str:
        return self._require_text("body")

    def clean_body_en(self) -> str:
        return self._require_text("body_en")


class AccessibilityFeedbackForm(HoneypotMixin, ModelForm):
    class Meta:
        model = AccessibilityFeedback
        fields = ["description", "page_url", "contact_name", "contact_email"]
        labels = {
            "description": _("Beskriv problemet"),
            "page_url": _("Vilken sida gäller det?"),
            "contact_name": _("Ditt namn"),
            "contact_email": _("Din e-postadress"),
        }
        help_texts = {
            "description": _(
                "Vad försökte du göra, och vad hände? Berätta gärna vilket hjälpmedel du använder."
            ),
            "page_url": _("Adressen till sidan, eller vad sidan heter."),
            "contact_email": _("Om du vill att vi svarar dig."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
