from dataclasses import dataclass, field

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from veckan.editions.models import Edition, FocusArea
from veckan.lib.forms import DateInput, DateTimeInput, ModelForm
from veckan.organisations.models import Kind


class EditionForm(ModelForm):
    public_party_kinds = forms.MultipleChoiceField(
        label=_("Organisationstyper som räknas som offentlig part"),
        choices=Kind,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Varje aktivitet måste ha minst en arrangör av någon av dessa typer."),
    )
    # Shown only when saving would take something away from the public or from activities.
    confirm = forms.BooleanField(
        label=_("Ja, jag förstår följderna och vill spara ändå"), required=False
    )

    class Meta:
        model = Edition
        fields = [
            "year",
            "name",
            "theme",
            "theme_description",
            "theme_en",
            "theme_description_en",
            "starts_on",
            "ends_on",
            "registration_opens",
            "registration_closes",
            "program_published_at",
            "public_party_kinds",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "registration_opens": DateTimeInput(),
            "registration_closes": DateTimeInput(),
            "program_published_at": DateTimeInput(),
            "theme_description": forms.Textarea(attrs={"rows": 4}),
            "theme_description_en": forms.Textarea(attrs={"rows": 4}),
        }
        # What each date does, said where it is set.
        help_texts = {
            "starts_on": _(
                "Veckans första dag. Aktiviteter kan bara läggas mellan första och sista dagen."
            ),
            "ends_on": _("Veckans sista dag, högst två veckor efter den första."),
            "registration_opens": _(
                "Från den här tiden kan arrangörer anmäla och skicka in aktiviteter."
            ),
            "registration_closes": _(
                "Efter den här tiden kan arrangörer inte anmäla eller skicka in nya aktiviteter; "
                "godkända aktiviteter kan de fortfarande ändra. Senast när veckan börjar."
            ),
            "program_published_at": _(
                "Från den här tiden syns godkända aktiviteter i det publika programmet. Senast "
                "när veckan börjar. Flyttas tiden till senare när programmet redan är publicerat, "
                "försvinner programmet tills den nya tiden."
            ),
        }


class FocusAreaForm(ModelForm):
    class Meta:
        model = FocusArea
        fields = ["name", "name_en"]
        labels = {"name": _("Namn"), "name_en": _("Namn på engelska")}

    @property
    def activity_count(self) -> int:
        return self.instance.activities.count() if self.instance.pk else 0


class BaseFocusAreaFormSet(forms.BaseInlineFormSet):
    """Each focus area is a row of its own: renaming it keeps the row, and with it every activity's
    tag; a row is removed only by ticking its box (an emptied name is an error, not a removal)."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Ta bort fokusområdet")

    def clean(self) -> None:
        super().clean()
        names = [
            " ".join(row.cleaned_data["name"].split()).casefold()
            for row in self.forms
            if row.cleaned_data.get("name") and not self._should_delete_form(row)
        ]
        if len(names) != len(set(names)):
            raise forms.ValidationError(_("Två fokusområden kan inte heta likadant."))

    def kept_forms(self) -> list[FocusAreaForm]:
        """The rows to save, in their order: neither removed nor left empty."""
        return [
            row
            for row in self.forms
            if row.cleaned_data.get("name") and not self._should_delete_form(row)
        ]


FocusAreaFormSet = forms.inlineformset_factory(
    Edition,
    FocusArea,
    form=FocusAreaForm,
    formset=BaseFocusAreaFormSet,
    extra=3,
    can_delete=True,
)


@dataclass
class EditionForms:
    """The edition form with its focus areas, validated as one, asking before it takes anything
    away: a program that is already public, or a focus area activities are tagged with."""

    form: EditionForm
    focus_areas: BaseFocusAreaFormSet
    # Filled by is_valid: what the coordinator is asked to confirm.
    to_confirm: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, data=None, *, edition: Edition) -> "EditionForms":
        # The stored values, before the form writes the new ones into the instance.
        edition._stored_published_at = edition.program_published_at if edition.pk else None
        return cls(
            form=EditionForm(data, instance=edition),
            focus_areas=FocusAreaFormSet(data, instance=edition, prefix="focus_areas"),
        )

    def consequences(self) -> list[str]:
        """What saving would take away, in words, for the coordinator to confirm first."""
        edition = self.form.instance
        found = []
        stored, new = edition._stored_published_at, edition.program_published_at
        now = timezone.now()
        if stored and stored <= now < new:
            count = edition.activities.published(now).count()
            found.append(
                ngettext(
                    "Programmet är publicerat. Med den nya tiden försvinner %(count)d publicerad "
                    "aktivitet ur programmet till %(date)s, och delade länkar visar bara när "
                    "programmet kommer.",
                    "Programmet är publicerat. Med den nya tiden försvinner %(count)d publicerade "
                    "aktiviteter ur programmet till %(date)s, och delade länkar visar bara när "
                    "programmet kommer.",
                    count,
                )
                % {"count": count, "date": date_format(timezone.localtime(new), "j F Y H:i")}
            )
        for row in self.focus_areas.deleted_forms:
            count = row.activity_count
            if count:
                found.append(
                    ngettext(
                        "Fokusområdet ”%(name)s” tas bort från %(count)d aktivitet.",
                        "Fokusområdet ”%(name)s” tas bort från %(count)d aktiviteter.",
                        count,
                    )
                    % {"name": row.instance.name, "count": count}
                )
        return found

    def is_valid(self) -> bool:
        if not (self.form.is_valid() & self.focus_areas.is_valid()):
            return False
        self.to_confirm = self.consequences()
        if self.to_confirm and not self.form.cleaned_data["confirm"]:
            self.form.add_error(
                "confirm", _("Bekräfta att du vill spara, eller ändra det som står ovan.")
            )
            return False
        return True
