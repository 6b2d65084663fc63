"""The organisers' forms: an activity with its co-organisers and contact persons, and the follow-up."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import get_image_dimensions
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from veckan.activities.captions import check_captions_size, check_captions_url, check_webvtt
from veckan.activities.models import (
    AccessibilityFeature,
    Activity,
    ActivityTag,
    ActivityType,
    CaptionStatus,
    ContactPerson,
    CoOrganiser,
    Format,
    Language,
    Material,
    Occasion,
    SignupMode,
    TargetGroup,
)
from veckan.geography.models import Municipality, municipality_choices
from veckan.lib import orgnr
from veckan.lib.forms import (
    DateTimeInput,
    Form,
    ModelForm,
    SummaryError,
    form_errors,
    formset_errors,
)
from veckan.lib.images import reencode_image
from veckan.organisations.models import Kind, Organisation

# The edition's days are Swedish days, whatever time zone the server runs in.
STOCKHOLM = ZoneInfo("Europe/Stockholm")

TOO_LONG = _("Skriv högst %(limit_value)d tecken (nu är det %(show_value)d).")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def _time_field(label, required_message) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=TimeInput(),
        # A browser's time picker sends 09:30; people who type write 9.30 just as often.
        input_formats=["%H:%M", "%H.%M"],
        help_text=_("Till exempel 09:30."),
        error_messages={
            "required": required_message,
            "invalid": _("Skriv tiden som timmar och minuter, till exempel 09:30."),
        },
    )


def _tag_field(label, choices) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class ActivityForm(ModelForm):
    """The activity's own fields. The day and times become starts_at and ends_at in Swedish time."""

    day = forms.ChoiceField(
        label=_("Dag"),
        error_messages={
            "required": _("Välj vilken dag aktiviteten äger rum."),
            "invalid_choice": _("Välj en av Innovationsveckans dagar."),
        },
    )
    start_time = _time_field(_("Börjar klockan"), _("Ange när aktiviteten börjar."))
    end_time = _time_field(_("Slutar klockan"), _("Ange när aktiviteten slutar."))
    # The shortcut for a series ("every day at lunch"): the same time on more days, each an
    # occasion of its own with its own sign-up.
    also_days = forms.MultipleChoiceField(
        label=_("Samma tid fler dagar"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Går aktiviteten igen på samma tid och plats? Kryssa i dagarna, så blir den en serie "
            "med ett tillfälle per dag. Deltagarna anmäler sig till ett tillfälle i taget."
        ),
    )
    languages = _tag_field(_("Språk"), Language.choices)
    target_groups = _tag_field(_("Målgrupper"), TargetGroup.choices)
    accessibility = _tag_field(_("Tillgänglighet"), AccessibilityFeature.choices)
    # A plain file field: reencode_image decides what is an image, not Pillow's broader ImageField.
    image = forms.FileField(
        label=_("Bild"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_(
            "JPEG, PNG eller WebP, högst 5 MB. Vi tar bort bildens metadata, till exempel "
            "var den är tagen."
        ),
    )
    remove_image = forms.BooleanField(label=_("Ta bort bilden"), required=False)
    # Sent with "Spara och skicka in igen"; kept in the activity's history, not on the activity.
    answer = forms.CharField(
        label=_("Svar till samordnarna"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skickas med när du väljer ”Spara och skicka in igen”."),
    )

    # The blocks a person may leave empty: shown closed until they hold something or an error.
    OPTIONAL_BLOCKS = {
        "image": ("image", "remove_image", "image_alt"),
        "english": ("title_en", "summary_en", "description_en"),
    }

    # Errors the model raises on fields this form shows in another shape.
    MODEL_FIELDS_SHOWN_AS = {"starts_at": "day", "ends_at": "end_time"}

    class Meta:
        model = Activity
        fields = [
            "organisation",
            "title",
            "summary",
            "type",
            "format",
            "municipality",
            "venue",
            "address",
            "stream_url",
            "description",
            "focus_areas",
            "image",
            "image_alt",
            "signup_mode",
            "capacity",
            "signup_deadline",
            "external_signup_url",
            "title_en",
            "summary_en",
            "description_en",
        ]
        labels = {
            "organisation": _("Arrangör"),
            "title": _("Titel"),
            "summary": _("Sammanfattning"),
            "description": _("Beskrivning"),
            "type": _("Typ av aktivitet"),
            "format": _("Form"),
            "municipality": _("Kommun"),
            "venue": _("Lokal"),
            "address": _("Adress"),
            "stream_url": _("Länk till sändningen eller mötet"),
            "focus_areas": _("Fokusområden"),
            "image_alt": _("Bildbeskrivning"),
            "signup_mode": _("Anmälan"),
            "capacity": _("Antal platser"),
            "signup_deadline": _("Sista anmälningsdag"),
            "external_signup_url": _("Länk till anmälan"),
            "title_en": _("Titel på engelska"),
            "summary_en": _("Sammanfattning på engelska"),
            "description_en": _("Beskrivning på engelska"),
        }
        help_texts = {
            "organisation": _("Den organisation som står för aktiviteten."),
            "title": _("Högst 150 tecken. Skriv med stora och små bokstäver."),
            "summary": _("Högst 350 tecken. Visas i programmet under titeln."),
            "description": _(
                "Du kan använda Markdown: **fetstil**, *kursiv*, listor med - och länkar som "
                "[text](https://exempel.se)."
            ),
            "municipality": _("Behövs för aktiviteter på plats."),
            "address": _("Behövs för aktiviteter på plats."),
            "stream_url": _(
                "Behövs för digitala aktiviteter. Om deltagarna anmäler sig här får bara de som har anmält sig länken."
            ),
            "image_alt": _("Beskriv vad bilden visar för den som inte kan se den."),
            "capacity": _("Behövs för anmälan här på Innovationsveckan."),
            "signup_deadline": _(
                "Svensk tid. Lämna tomt för att ta emot anmälningar tills aktiviteten börjar."
            ),
            "external_signup_url": _("Behövs för anmälan på en annan webbplats."),
            "description_en": _("Markdown, som beskrivningen på svenska."),
        }
        error_messages = {
            "title": {"required": _("Skriv en titel."), "max_length": TOO_LONG},
            "summary": {"required": _("Skriv en sammanfattning."), "max_length": TOO_LONG},
            "title_en": {"max_length": TOO_LONG},
            "summary_en": {"max_length": TOO_LONG},
            "type": {"required": _("Välj typ av aktivitet.")},
            "format": {"required": _("Välj om aktiviteten är på plats, digital eller både och.")},
            "organisation": {"required": _("Välj arrangör.")},
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 10}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 10}),
            "format": forms.RadioSelect,
            "signup_mode": forms.RadioSelect,
            "focus_areas": forms.CheckboxSelectMultiple,
            "signup_deadline": DateTimeInput(),
        }

    # The order of the page, so the error summary lists errors in the order a person meets them.
    field_order = [
        "title",
        "summary",
        "description",
        "type",
        "format",
        "day",
        "start_time",
        "end_time",
        "municipality",
        "venue",
        "address",
        "stream_url",
        "organisation",
        "languages",
        "target_groups",
        "focus_areas",
        "accessibility",
        "image",
        "remove_image",
        "image_alt",
        "signup_mode",
        "capacity",
        "signup_deadline",
        "external_signup_url",
        "title_en",
        "summary_en",
        "description_en",
    ]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        activity = self.instance
        edition = activity.edition
        self.stored_image = activity.image  # what is saved now, whatever this POST says
        self.fields["organisation"].queryset = organisations
        if not activity.pk and len(mine := list(organisations[:2])) == 1:
            self.initial["organisation"] = mine[0].pk  # the usual case: one organisation
        self.fields["organisation"].empty_label = _("Välj arrangör")
        self.fields["type"].choices = [("", _("Välj typ av aktivitet")), *ActivityType.choices]
        self.fields["format"].choices = Format.choices
        self.fields["signup_mode"].choices = SignupMode.choices
        self.fields["day"].choices = [
            ("", _("Välj dag")),
            *((day.isoformat(), date_format(day, "l j F")) for day in edition.days),
        ]
        self.fields["also_days"].choices = self.fields["day"].choices[1:]
        municipality = self.fields["municipality"]
        municipality.queryset = Municipality.objects.defer("path")
        municipality.choices = [("", _("Välj kommun")), *municipality_choices()]
        if edition.focus_areas.exists():
            self.fields["focus_areas"].queryset = edition.focus_areas.all()
        else:
            del self.fields["focus_areas"]
        if not self.stored_image:
            del self.fields["remove_image"]
        if activity.pk:
            # A series' day and time are its first occasion's (the others are rows below).
            first = next(iter(occasions_shown(activity)), None) or activity
            starts = timezone.localtime(first.starts_at, STOCKHOLM)
            ends = timezone.localtime(first.ends_at, STOCKHOLM)
            self.initial |= {
                "day": starts.date().isoformat(),
                "start_time": starts.time(),
                "end_time": ends.time(),
                "languages": activity.tag_values(ActivityTag.Kind.LANGUAGE),
                "target_groups": activity.tag_values(ActivityTag.Kind.TARGET_GROUP),
                "accessibility": activity.tag_values(ActivityTag.Kind.ACCESSIBILITY),
            }

    @property
    def chosen_image_name(self) -> str:
        """The file chosen in this POST. A browser never sends a file back, so when the page comes
        back with errors the choice is gone, and the page says so at the top."""
        upload = self.files.get(self.add_prefix("image")) if self.is_bound else None
        return upload.name if upload else ""

    @property
    def open_blocks(self) -> set[str]:
        """The optional blocks to show open: those with a value, stored or typed, or an error."""
        return {
            block
            for block, names in self.OPTIONAL_BLOCKS.items()
            if any(
                name in self.fields and (self[name].value() or self[name].errors) for name in names
            )
        }

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if isinstance(upload, UploadedFile):
            image = reencode_image(upload)
            self.instance.image_width, self.instance.image_height = get_image_dimensions(image)
            return image
        return upload  # nothing uploaded: the stored image, if any, stays

    def clean(self):
        cleaned = super().clean()
        is_new_image = isinstance(self.files.get(self.add_prefix("image")), UploadedFile)
        if cleaned.get("remove_image") and not is_new_image:
            cleaned["image"] = False  # a FileField's way of saying "clear it"
            self.instance.image_width = self.instance.image_height = None
        day, start, end = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            # Set before the model's clean() runs, which checks the times against the week.
            self.instance.starts_at = datetime.combine(date.fromisoformat(day), start, STOCKHOLM)
            self.instance.ends_at = datetime.combine(date.fromisoformat(day), end, STOCKHOLM)
        return cleaned

    def add_error(self, field, error):
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            error = ValidationError(
                {
                    self.MODEL_FIELDS_SHOWN_AS.get(name, name): errors
                    for name, errors in error.error_dict.items()
                }
            )
        super().add_error(field, error)

    def tags(self) -> dict[str, list[str]]:
        return {
            ActivityTag.Kind.LANGUAGE: self.cleaned_data["languages"],
            ActivityTag.Kind.TARGET_GROUP: self.cleaned_data["target_groups"],
            ActivityTag.Kind.ACCESSIBILITY: self.cleaned_data["accessibility"],
        }


class RowsFormSet(forms.BaseFormSet):
    """Rows that are all alike: existing ones filled in, then empty ones; a row emptied is dropped.

    Every row counts as an extra row, so an unchanged empty row is skipped and one that was
    emptied disappears, without a delete checkbox. Existing values are only given when unbound:
    compared with them, a kept row would look unchanged and be skipped too.
    """

    empty_rows = 3
    add_label = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra = len(self.initial or []) + self.empty_rows

    def initial_form_count(self) -> int:
        return 0

    @property
    def is_full(self) -> bool:
        """No row can be added: the page already has as many as may be saved."""
        return self.total_form_count() >= self.max_num

    def filled_forms(self) -> list[forms.Form]:
        return [form for form in self.forms if form.cleaned_data and not form.errors]


class RowForm(ModelForm):
    """One row of a formset, with a legend ("Medarrangör 2") for its fieldset and the summary."""

    legend = ""

    @property
    def number(self) -> int:
        return int(self.prefix.rsplit("-", 1)[1]) + 1

    @property
    def title(self) -> str:
        return f"{self.legend} {self.number}"


class CoOrganiserForm(RowForm):
    legend = _("Medarrangör")
    # Wider than the stored NNNNNN-NNNN so "16212000-0142" or spaces reach our own, clearer checks.
    org_number = forms.CharField(
        label=_("Organisationsnummer"),
        max_length=20,
        required=False,
        help_text=_("Om du vet det. Tio siffror, till exempel 212000-0142."),
    )

    class Meta:
        model = CoOrganiser
        fields = ["organisation", "name", "kind", "org_number"]
        labels = {
            "organisation": _("Registrerad organisation"),
            "name": _("Eller: namn"),
            "kind": _("Typ av organisation"),
        }
        help_texts = {"name": _("För en organisation som inte är registrerad här.")}

    def __init__(self, *args, organisation_choices, **kwargs):
        super().__init__(*args, **kwargs)
        # One list for every row: each row would otherwise load all organisations again.
        self.fields["organisation"].choices = organisation_choices
        self.fields["kind"].choices = [("", _("Välj typ")), *Kind.choices]

    def clean_org_number(self) -> str:
        value = self.cleaned_data["org_number"]
        if not value:
            return ""
        if orgnr.looks_like_personal_identity_number(orgnr.normalise(value)):
            # Never echo a personal identity number back into the page.
            self.data = self.data.copy()
            self.data[self.add_prefix("org_number")] = ""
        return orgnr.validate_organisation_number(value)

    def clean(self):
        cleaned = super().clean()
        registered, name = cleaned.get("organisation"), cleaned.get("name")
        if registered and (name or cleaned.get("kind") or cleaned.get("org_number")):
            raise ValidationError(
                _("Välj en registrerad organisation eller skriv namn och typ, inte båda.")
            )
        if not registered and not name and not self.has_error("org_number"):
            raise ValidationError(
                _("Välj en registrerad organisation, eller skriv namn och typ av organisation.")
            )
        if name and not cleaned.get("kind"):
            self.add_error("kind", _("Välj vilken typ av organisation det är."))
        return cleaned


class ContactForm(RowForm):
    legend = _("Kontaktperson")

    class Meta:
        model = ContactPerson
        fields = ["name", "email", "phone", "show_email", "show_phone"]
        labels = {
            "name": _("Namn"),
            "email": _("E-postadress"),
            "phone": _("Telefon"),
            "show_email": _("Visa e-postadressen i programmet"),
            "show_phone": _("Visa telefonnumret i programmet"),
        }
        error_messages = {
            "name": {"required": _("Skriv kontaktpersonens namn.")},
            "email": {"required": _("Skriv kontaktpersonens e-postadress.")},
        }


class MaterialForm(RowForm):
    legend = _("Material")

    class Meta:
        model = Material
        fields = ["title", "url"]
        labels = {"title": _("Titel"), "url": _("Länk")}
        error_messages = {
            "title": {"required": _("Skriv vad materialet är.")},
            "url": {"required": _("Skriv länken till materialet.")},
        }


def occasions_shown(activity: Activity) -> list[Occasion]:
    """The occasions the edit page shows: those waiting for review if a change does, else the
    saved ones (unsaved rows either way, in time order)."""
    from veckan.activities.services import occasion_from_row

    rows = activity.pending_changes.get("occasions") if activity.pk else None
    if rows is not None:
        return sorted((occasion_from_row(row) for row in rows), key=lambda o: o.starts_at)
    return list(activity.occasions.all()) if activity.pk else []


class OccasionForm(RowForm):
    """One more occasion of a series: its day and times, and its own place and seats if they
    differ from the activity's."""

    legend = _("Tillfälle")
    day = forms.ChoiceField(
        label=_("Dag"),
        error_messages={
            "required": _("Välj vilken dag tillfället äger rum."),
            "invalid_choice": _("Välj en av Innovationsveckans dagar."),
        },
    )
    start_time = _time_field(_("Börjar klockan"), _("Ange när tillfället börjar."))
    end_time = _time_field(_("Slutar klockan"), _("Ange när tillfället slutar."))

    class Meta:
        model = Occasion
        fields = ["venue", "address", "capacity"]
        labels = {
            "venue": _("Egen lokal"),
            "address": _("Egen adress"),
            "capacity": _("Eget antal platser"),
        }

    field_order = ["day", "start_time", "end_time", "venue", "address", "capacity"]

    @property
    def number(self) -> int:
        # The form's own day and time are the first occasion: the rows are the second and on.
        return super().number + 1

    def __init__(self, *args, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [("", _("Välj dag")), *days]

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            self.instance.starts_at = datetime.combine(date.fromisoformat(day), start, STOCKHOLM)
            self.instance.ends_at = datetime.combine(date.fromisoformat(day), end, STOCKHOLM)
            if end <= start:
                self.add_error("end_time", _("Tillfället måste sluta efter att det har börjat."))
        return cleaned


class OccasionRows(RowsFormSet):
    empty_rows = 1


OccasionFormSet = forms.formset_factory(
    OccasionForm, formset=OccasionRows, max_num=30, absolute_max=30, validate_max=True
)


class AddableRows(RowsFormSet):
    """Rows with one empty row to fill in: "Lägg till" (htmx, the activity form's new_row view)
    adds more without submitting the form; without JavaScript, saving gives a new empty row."""

    empty_rows = 1


class CoOrganiserRows(AddableRows):
    add_label = _("Lägg till en medarrangör")


class ContactFormSet(AddableRows):
    add_label = _("Lägg till en kontaktperson")
    default_error_messages = {"too_many_forms": _("Ange högst två kontaktpersoner.")}


CoOrganiserFormSet = forms.formset_factory(
    CoOrganiserForm, formset=CoOrganiserRows, max_num=20, absolute_max=20, validate_max=True
)
ContactPersonFormSet = forms.formset_factory(
    ContactForm, formset=ContactFormSet, max_num=2, absolute_max=2, validate_max=True
)
MaterialFormSet = forms.formset_factory(
    MaterialForm, formset=RowsFormSet, max_num=30, absolute_max=30, validate_max=True
)


def _organisation_choices() -> list[tuple]:
    return [("", _("Välj organisation")), *Organisation.objects.values_list("pk", "name")]


# The formsets whose rows the activity form's "Lägg till" button adds, by prefix, with what their
# rows are made with.
ROW_FORMSETS = {"co_organisers": CoOrganiserFormSet, "contacts": ContactPersonFormSet}
ROW_FORM_KWARGS = {
    "co_organisers": lambda: {"organisation_choices": _organisation_choices()},
    "contacts": dict,
}


def added_row(prefix: str, index: int) -> RowsFormSet | None:
    """The formset as it stands once an empty row is added at `index` (its last form): what the
    activity form's "Lägg till" button appends. None for an index past the formset's maximum."""
    formset_class = ROW_FORMSETS[prefix]
    if not 0 <= index < formset_class.max_num:
        return None
    # `index` rows before it, as the page has them; only their number matters here.
    return formset_class(prefix=prefix, initial=[{}] * index, form_kwargs=ROW_FORM_KWARGS[prefix]())


@dataclass
class ActivityForms:
    """The activity form and its two formsets, validated and shown as one form."""

    form: ActivityForm
    co_organisers: RowsFormSet
    contacts: RowsFormSet
    occasions: RowsFormSet
    # The series' occasions as the page showed them: the first is the form's own day and time,
    # the rest the rows, so each keeps its id (its calendar UID and its sign-ups) when edited.
    shown_occasions: list

    @classmethod
    def build(
        cls, data=None, files=None, *, activity: Activity, organisations, copied=None
    ) -> "ActivityForms":
        """`copied` (ActivityParts) fills in a new activity's parts: a copy of another one."""
        bound = data is not None
        if bound and "occasions-TOTAL_FORMS" not in data:
            # A form posted before activities had occasions (an open tab, a script): none.
            data = data.copy()
            data["occasions-TOTAL_FORMS"], data["occasions-INITIAL_FORMS"] = "0", "0"
        co_initial = contacts_initial = None
        co_rows = contact_rows = None
        if activity.pk and not bound:
            co_rows, contact_rows = activity.co_organisers.all(), activity.contacts.all()
        elif copied is not None and not bound:
            co_rows, contact_rows = copied.co_organisers, copied.contacts
        if co_rows is not None:
            co_initial = [
                {
                    "organisation": co.organisation_id,
                    "name": co.name,
                    "kind": co.kind,
                    "org_number": co.org_number,
                }
                for co in co_rows
            ]
            contacts_initial = [
                {field: getattr(c, field) for field in ContactForm._meta.fields}
                for c in contact_rows
            ]
        form = ActivityForm(data, files, instance=activity, organisations=organisations)
        shown = occasions_shown(activity)
        occasions_initial = None
        if not bound and shown:
            occasions_initial = [
                {
                    "day": timezone.localtime(o.starts_at, STOCKHOLM).date().isoformat(),
                    "start_time": timezone.localtime(o.starts_at, STOCKHOLM).time(),
                    "end_time": timezone.localtime(o.ends_at, STOCKHOLM).time(),
                    "venue": o.venue,
                    "address": o.address,
                    "capacity": o.capacity,
                }
                for o in shown[1:]
            ]
        if copied is not None and not bound:
            form.initial |= {
                "languages": copied.tags.get(ActivityTag.Kind.LANGUAGE, []),
                "target_groups": copied.tags.get(ActivityTag.Kind.TARGET_GROUP, []),
                "accessibility": copied.tags.get(ActivityTag.Kind.ACCESSIBILITY, []),
                "focus_areas": [area.pk for area in copied.focus_areas],
            }
        return cls(
            form=form,
            co_organisers=CoOrganiserFormSet(
                data,
                prefix="co_organisers",
                initial=co_initial,
                form_kwargs=ROW_FORM_KWARGS["co_organisers"](),
            ),
            contacts=ContactPersonFormSet(data, prefix="contacts", initial=contacts_initial),
            occasions=OccasionFormSet(
                data,
                prefix="occasions",
                initial=occasions_initial,
                form_kwargs={"days": form.fields["day"].choices[1:]},
            ),
            shown_occasions=shown,
        )

    @property
    def formsets(self) -> list[RowsFormSet]:
        return [self.co_organisers, self.contacts, self.occasions]

    def is_valid(self) -> bool:
        valid = self.form.is_valid() & all([formset.is_valid() for formset in self.formsets])
        return valid and self._has_public_party()

    def _has_public_party(self) -> bool:
        """The public-party rule, checked here too, so a draft cannot be saved without one.

        services.check_public_party needs a saved activity; this asks the same rule of the form's data.
        """
        edition = self.form.instance.edition
        kinds = {self.form.cleaned_data["organisation"].kind}
        for row in self.co_organisers.filled_forms():
            registered = row.cleaned_data.get("organisation")
            kinds.add(registered.kind if registered else row.cleaned_data["kind"])
        problem = edition.public_party_problem(kinds)
        if problem:
            self.form.add_error("organisation", problem)
        return problem is None

    def errors(self) -> list[SummaryError]:
        """Every error of the three, in the order of the page: the formsets follow the organiser."""
        names = list(self.form.fields)
        split = names.index("organisation") + 1
        return [
            *[SummaryError(str(error)) for error in self.form.non_field_errors()],
            *form_errors(self.form, only=names[:split]),
            *formset_errors(self.co_organisers, "co-organisers"),
            *formset_errors(self.contacts, "contacts"),
            *form_errors(self.form, only=names[split:]),
            *formset_errors(self.occasions, "occasions"),
        ]

    def co_organiser_rows(self) -> list[CoOrganiser]:
        return [row.instance for row in self.co_organisers.filled_forms()]

    def contact_rows(self) -> list[ContactPerson]:
        return [row.instance for row in self.contacts.filled_forms()]

    def occasion_rows(self) -> list[Occasion] | None:
        """The series' occasions as the form gives them: its own day and time first, the rows,
        and the same time on each day ticked under "Samma tid fler dagar". None for an activity
        that is no series and does not become one."""
        shown = self.shown_occasions
        rows = self.occasions.filled_forms()
        also = self.form.cleaned_data.get("also_days") or []
        if not (shown or rows or also):
            return None
        instance = self.form.instance
        first = Occasion(starts_at=instance.starts_at, ends_at=instance.ends_at)
        if shown:
            first.pk, first.venue, first.address, first.capacity = (
                shown[0].pk,
                shown[0].venue,
                shown[0].address,
                shown[0].capacity,
            )
        occasions = [first]
        for row in rows:
            occasion = row.instance
            index = row.number - 1  # "Tillfälle 2" shows the series' second occasion
            occasion.pk = shown[index].pk if index < len(shown) else None
            occasions.append(occasion)
        start = timezone.localtime(instance.starts_at, STOCKHOLM)
        end = timezone.localtime(instance.ends_at, STOCKHOLM)
        for day in also:
            if day == start.date().isoformat():
                continue
            on = date.fromisoformat(day)
            occasions.append(
                Occasion(
                    starts_at=datetime.combine(on, start.time(), STOCKHOLM),
                    ends_at=datetime.combine(on, end.time(), STOCKHOLM),
                )
            )
        return occasions


class FollowUpForm(ModelForm):
    """The recording's link and its captions: how they were made, and the WebVTT text as a file
    or a link (activities.captions says what either must be)."""

    captions_file = forms.FileField(
        label=_("Textfil (WebVTT)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".vtt,text/vtt"}),
        help_text=_(
            "En .vtt-fil, högst 2 MB. De flesta videotjänster kan spara textningen som WebVTT."
        ),
    )
    remove_captions_file = forms.BooleanField(label=_("Ta bort textfilen"), required=False)

    class Meta:
        model = Activity
        fields = ["recording_url", "caption_status", "captions_url"]
        labels = {
            "recording_url": _("Länk till inspelningen"),
            "caption_status": _("Textning"),
            "captions_url": _("Eller länk till textfilen (WebVTT)"),
        }
        help_texts = {
            "recording_url": _(
                "Till exempel på Youtube, Vimeo eller organisationens egen webbplats."
            ),
            "caption_status": _(
                "En inspelning som ligger kvar på nätet ska ha kontrollerad textning senast 14 "
                "dagar efter sändningen. Automatisk textning räcker inte förrän någon har "
                "kontrollerat och rättat den."
            ),
            "captions_url": _("En https-länk som slutar på .vtt."),
        }
        widgets = {"caption_status": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out, as by a form without the captions, it means no captions.
        self.fields["caption_status"].required = False

    def clean_caption_status(self):
        return self.cleaned_data.get("caption_status") or CaptionStatus.NONE

    def clean_captions_file(self):
        upload = self.cleaned_data.get("captions_file")
        if isinstance(upload, UploadedFile):
            check_captions_size(upload.size)  # before reading it
            content = upload.read()
            check_webvtt(content)
            return ContentFile(content, name=f"{self.instance.slug or 'textning'}.vtt")
        return None  # nothing uploaded: the stored file, if any, stays

    def clean_captions_url(self):
        url = self.cleaned_data.get("captions_url", "")
        if url:
            check_captions_url(url)
        return url

    def clean(self):
        cleaned = super().clean()
        new_file = cleaned.get("captions_file")
        removed = cleaned.get("remove_captions_file") and not new_file
        has_file = bool(new_file) or (bool(self.instance.captions_file) and not removed)
        if removed:
            cleaned["captions_file"] = False
        has_text = has_file or bool(cleaned.get("captions_url"))
        status = cleaned.get("caption_status")
        no_recording = "recording_url" in cleaned and not cleaned["recording_url"]
        if no_recording and (has_text or status not in (None, CaptionStatus.NONE)):
            self.add_error(
                "recording_url",
                _("Textningen hör till en inspelning: ange länken till inspelningen."),
            )
        if has_file and cleaned.get("captions_url"):
            self.add_error(
                "captions_url", _("Ladda upp en textfil eller länka till en, inte båda.")
            )
        if has_text and status == CaptionStatus.NONE:
            self.add_error(
                "caption_status",
                _("Du har lagt till textning: välj om den är automatisk eller kontrollerad."),
            )
        return cleaned


class CancelForm(Form):
    reason = forms.CharField(
        label=_("Varför ställs aktiviteten in?"),
        error_messages={
            "required": _("Skriv varför aktiviteten ställs in, så att besökarna får veta.")
        },
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Visas på aktivitetens sida i programmet, där aktiviteten står kvar som inställd."
        ),
    )


class PostponeForm(Form):
    reason = forms.CharField(
        label=_("Varför skjuts aktiviteten upp?"),
        error_messages={
            "required": _("Skriv varför aktiviteten skjuts upp, så att besökarna får veta.")
        },
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Visas på aktivitetens sida i programmet, där aktiviteten står kvar som uppskjuten "
            "tills en ny tid är godkänd."
        ),
    )
