from django import forms
from django.utils.translation import gettext_lazy as _

from veckan.accounts.models import User
from veckan.awards.models import Award, Criterion
from veckan.lib.forms import DateTimeInput, Form, HoneypotMixin, ModelForm
from veckan.organisations.models import Organisation


class NominationForm(HoneypotMixin):
    solution_name = forms.CharField(label=_("Lösningens namn"), max_length=200)
    description = forms.CharField(
        label=_("Beskriv lösningen"),
        help_text=_("Vad löser den, och varför är den lätt att sprida till andra?"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation som står bakom lösningen"), queryset=Organisation.objects.none()
    )
    film_url = forms.URLField(
        label=_("Länk till film om lösningen"),
        assume_scheme="https",
        error_messages={"invalid": _("Skriv en hel adress, till exempel https://…")},
    )
    contact_name = forms.CharField(label=_("Kontaktperson"), max_length=150)
    contact_email = forms.EmailField(
        label=_("Kontaktpersonens e-postadress"),
        error_messages={"invalid": _("Skriv e-postadressen så här: namn@exempel.se.")},
    )
    rights_confirmed = forms.BooleanField(
        label=_(
            "Vi har rätt att visa filmen och materialet, och de som syns i filmen har sagt ja."
        ),
        error_messages={"required": _("Bekräfta rättigheterna för att kunna nominera.")},
    )

    field_order = [
        "solution_name",
        "description",
        "organisation",
        "film_url",
        "contact_name",
        "contact_email",
        "rights_confirmed",
        "website",
    ]

    def __init__(self, *args, award: Award, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            kind__in=award.edition.public_party_kinds
        ).order_by("name")

    def nomination_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "website"}


class VoteForm(HoneypotMixin):
    nomination = forms.IntegerField(widget=forms.HiddenInput)
    email = forms.EmailField(
        label=_("Din e-postadress"),
        error_messages={
            "required": _("Skriv din e-postadress."),
            "invalid": _("Skriv e-postadressen så här: namn@exempel.se."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


SCORE_CHOICES = [("", "–")] + [(n, str(n)) for n in range(1, 6)]


class ScoreForm(Form):
    """One select per criterion, 1–5."""

    def __init__(self, *args, criteria: list[Criterion], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name, choices=SCORE_CHOICES, coerce=int, required=False
            )

    def scores(self) -> list[tuple[Criterion, int]]:
        return [
            (c, self.cleaned_data[f"criterion_{c.pk}"])
            for c in self.criteria
            if self.cleaned_data.get(f"criterion_{c.pk}") not in (None, "")
        ]


class AwardSetupForm(ModelForm):
    """The award's name and periods, and its jury by email: set up by coordinators on their own
    pages, not in the Django admin."""

    juror_emails = forms.CharField(
        label=_("Jurymedlemmar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "En e-postadress per rad. Var och en behöver ett konto här. Den som tas bort ur "
            "juryn förlorar sina poäng."
        ),
    )

    class Meta:
        model = Award
        fields = ["name", "nominations_open", "nominations_close", "vote_open", "vote_close"]
        widgets = {
            "nominations_open": DateTimeInput(),
            "nominations_close": DateTimeInput(),
            "vote_open": DateTimeInput(),
            "vote_close": DateTimeInput(),
        }
        help_texts = {
            "nominations_open": _("Från den här tiden kan vem som helst nominera en lösning."),
            "nominations_close": _("Efter den här tiden tas inga nomineringar emot."),
            "vote_open": _("Från den här tiden kan allmänheten rösta bland finalisterna."),
            "vote_close": _("Efter den här tiden räknas rösterna och vinnaren kan väljas."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault(
                "juror_emails",
                "\n".join(self.instance.jurors.values_list("user__email", flat=True)),
            )

    def clean_juror_emails(self) -> list:
        emails = sorted(
            {line.strip().lower() for line in self.cleaned_data["juror_emails"].split()}
        )
        users = {user.email.lower(): user for user in User.objects.filter(email__in=emails)}
        unknown = [email for email in emails if email not in users]
        if unknown:
            raise forms.ValidationError(
                _("Det finns inget konto för %(emails)s. Be personen skapa ett konto först.")
                % {"emails": ", ".join(unknown)}
            )
        return [users[email] for email in emails]

    def clean(self):
        data = super().clean()
        pairs = [
            (
                "nominations_open",
                "nominations_close",
                _("Nomineringen måste stänga efter att den öppnar."),
            ),
            ("vote_open", "vote_close", _("Omröstningen måste stänga efter att den öppnar.")),
            (
                "nominations_close",
                "vote_open",
                _("Omröstningen kan öppna först när nomineringen har stängt."),
            ),
        ]
        for first, last, message in pairs:
            if (
                data.get(first)
                and data.get(last)
                and data[last] <= data[first]
                and not (first == "nominations_close" and data[last] == data[first])
            ):
                self.add_error(last, message)
        return data


CriterionFormSet = forms.inlineformset_factory(
    Award,
    Criterion,
    fields=["name", "weight"],
    labels={"name": _("Kriterium"), "weight": _("Vikt")},
    extra=2,
    can_delete=True,
)


class VoidVotesForm(Form):
    """Which votes stop counting: one email domain's or one network's, and why."""

    domain = forms.CharField(required=False, max_length=254, widget=forms.HiddenInput)
    network = forms.CharField(required=False, max_length=16, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=300,
        help_text=_(
            "Sparas med varje röst, till exempel ”29 röster från samma nät inom två minuter”."
        ),
        error_messages={"required": _("Skriv varför rösterna inte ska räknas.")},
    )
