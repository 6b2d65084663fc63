from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veckan.activities.models import PUBLIC_STATUSES, Activity
from veckan.editions.models import FocusArea
from veckan.lib.forms import Form, ModelForm
from veckan.solutions.models import Adoption, Maturity, Solution


class _FocusAreaField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: FocusArea) -> str:
        return f"{obj.display_name} ({obj.edition.year})"


class _ActivityField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Activity) -> str:
        return f"{obj.title} ({obj.edition.year})"


def shown_activities(organisations) -> "Q":
    """Activities an organisation arranged or co-arranged, and that were in a program."""
    return Activity.objects.filter(
        Q(organisation__in=organisations) | Q(co_organisers__organisation__in=organisations),
        status__in=PUBLIC_STATUSES,
    ).distinct()


class SolutionForm(ModelForm):
    focus_areas = _FocusAreaField(
        label=_("Fokusområden"),
        queryset=FocusArea.objects.select_related("edition").order_by("-edition__year", "position"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    activities = _ActivityField(
        label=_("Visad i aktiviteterna"),
        queryset=Activity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aktiviteter som er organisation arrangerade under Innovationsveckan."),
    )

    class Meta:
        model = Solution
        fields = [
            "organisation",
            "title",
            "summary",
            "problem",
            "solution",
            "how_to_start",
            "effort",
            "cost",
            "maturity",
            "licence",
            "repository_url",
            "materials",
            "focus_areas",
            "activities",
            "contact_name",
            "contact_email",
            "contact_phone",
            "show_contact",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "maturity": forms.RadioSelect,
            "materials": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "problem": _("Vilket problem löser lösningen, och för vem?"),
            "how_to_start": _("Vad behöver en annan organisation göra för att börja använda den?"),
            "effort": _("Till exempel: två handläggare i tre månader."),
            "cost": _("Till exempel: 50 000 kronor per år i licenser."),
            "licence": _("Till exempel: MIT, EUPL-1.2, CC BY 4.0."),
            "materials": _("En länk per rad: en titel och sedan webbadressen."),
            "show_contact": _(
                "Utan kryss visas bara organisationen; samordnarna ser alltid kontaktpersonen."
            ),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None
        self.fields["maturity"].choices = Maturity.choices
        if self.instance.pk:
            self.fields["organisation"].disabled = True
            self.fields["organisation"].queryset = organisations.model.objects.filter(
                pk=self.instance.organisation_id
            )
        self.fields["activities"].queryset = (
            shown_activities(self.fields["organisation"].queryset)
            .select_related("edition")
            .order_by("-edition__year", "title")
        )

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation")
        activities = data.get("activities") or []
        if organisation is not None:
            allowed = set(shown_activities([organisation]).values_list("pk", flat=True))
            if any(activity.pk not in allowed for activity in activities):
                self.add_error(
                    "activities", _("Välj bara aktiviteter som organisationen arrangerade.")
                )
        return data


class DecisionForm(Form):
    DECISIONS = (
        ("approve", _("Godkänn")),
        ("request_changes", _("Begär ändringar")),
        ("reject", _("Avslå")),
    )
    decision = forms.ChoiceField(label=_("Beslut"), choices=DECISIONS, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Kommentar till organisationen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Krävs när du begär ändringar eller avslår. Skickas i mejlet om beslutet."),
    )


class AdoptionForm(Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)
    status = forms.ChoiceField(
        label=_("Hur långt har ni kommit?"),
        choices=Adoption.Status.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Visas på lösningens sida."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
