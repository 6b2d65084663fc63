from django import forms
from django.utils.translation import gettext_lazy as _

from veckan.evaluations.models import Outcome, SurveySettings, WillUse
from veckan.lib.forms import Form, ModelForm

COMMENT_HELP = _(
    "Skriv inte ditt namn eller något annat som visar vem du eller någon annan är: arrangören "
    "läser texten."
)
# The consent the follow-up asks for, stored with each consent as the text the person agreed to.
FOLLOW_UP_CONSENT = _(
    "Ja, jag vill få en fråga per mejl 3, 6 och 12 månader efter aktiviteten om jag har provat "
    "eller infört något jag lärde mig. Min e-postadress sparas bara för det och tas bort 13 "
    "månader efter aktiviteten, eller direkt när jag avslutar uppföljningen."
)


class SurveySettingsForm(ModelForm):
    class Meta:
        model = SurveySettings
        fields = ["ask_rating", "ask_will_use", "ask_comment"]
        help_texts = {
            "ask_comment": _("”Vill du berätta något mer för arrangören?”"),
        }


class SurveyForm(Form):
    """The questions the edition asks; every one may be left out, but not all of them."""

    rating = forms.TypedChoiceField(
        label=_("Vilket betyg ger du aktiviteten?"),
        help_text=_("1 är sämst och 5 är bäst."),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    will_use = forms.ChoiceField(
        label=_("Kommer du att använda något du lärde dig?"),
        choices=WillUse.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Vill du berätta något mer för arrangören?"),
        help_text=COMMENT_HELP,
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, survey_settings: SurveySettings, **kwargs):
        super().__init__(*args, **kwargs)
        for name, asked in (
            ("rating", survey_settings.ask_rating),
            ("will_use", survey_settings.ask_will_use),
            ("comment", survey_settings.ask_comment),
        ):
            if not asked:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in self.fields):
            raise forms.ValidationError(_("Svara på minst en av frågorna."))
        return data

    def answers(self) -> dict:
        return {
            "rating": self.cleaned_data.get("rating"),
            "will_use": self.cleaned_data.get("will_use") or "",
            "comment": self.cleaned_data.get("comment") or "",
        }


class FollowUpConsentForm(Form):
    """The follow-up's own opt-in: never ticked beforehand, never part of another form."""

    consent = forms.BooleanField(
        label=FOLLOW_UP_CONSENT,
        error_messages={"required": _("Kryssa i rutan om du vill vara med i uppföljningen.")},
    )


class FollowUpForm(Form):
    outcome = forms.ChoiceField(
        label=_("Har du provat eller infört något du lärde dig?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj ett svar.")},
    )
    comment = forms.CharField(
        label=_("Vad har du provat eller infört? (frivilligt)"),
        help_text=COMMENT_HELP,
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
