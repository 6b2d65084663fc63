"""The coordinators' review: the queue's filters and the comment that goes with each decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from veckan.activities.models import ActivityQuerySet, ActivityType, Status
from veckan.editions.models import Edition
from veckan.geography.models import County
from veckan.lib.forms import Form, is_plain_number
from veckan.organisations.models import Organisation

AWAITING_REVIEW = "att_granska"
ALL_STATUSES = "alla"


class QueueFilterForm(Form):
    """A plain GET form: every filter lives in the URL, so a filtered queue can be shared and
    the page works without JavaScript. Unknown values are reported and left out of the filter."""

    utgava = forms.ModelChoiceField(
        label=_("Utgåva"),
        queryset=Edition.objects.all(),
        to_field_name="year",
        empty_label=None,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (AWAITING_REVIEW, _("Att granska")),
            *Status.choices,
            (ALL_STATUSES, _("Alla")),
        ],
        required=False,
    )
    lan = forms.ModelChoiceField(
        label=_("Län"), queryset=County.objects.all(), empty_label=_("Alla län"), required=False
    )
    typ = forms.ChoiceField(
        label=_("Typ av aktivitet"),
        choices=[("", _("Alla typer")), *ActivityType.choices],
        required=False,
    )
    organisation = forms.ModelChoiceField(
        label=_("Arrangör"),
        # Only organisations with activities: the list stays short enough to choose from.
        queryset=Organisation.objects.filter(activities__isnull=False).distinct().order_by("name"),
        empty_label=_("Alla arrangörer"),
        required=False,
    )

    def __init__(self, query, **kwargs):
        # Without a choice the queue shows what waits for review in the current edition; the
        # selects say so too, so the defaults go into the data rather than into `initial`.
        defaults = {"status": AWAITING_REVIEW}
        current = Edition.objects.current() or Edition.objects.first()
        if current:
            defaults["utgava"] = str(current.year)
        data = defaults | {key: value for key, value in query.items() if value}
        super().__init__(data, **kwargs)
        self.default_edition = current

    @property
    def edition(self) -> Edition | None:
        return self.cleaned_data.get("utgava") or self.default_edition

    def filter(self, activities: ActivityQuerySet) -> ActivityQuerySet:
        """The activities that match the valid filters. Call after is_valid()."""
        data = self.cleaned_data
        activities = activities.in_edition(self.edition)
        status = data.get("status") or AWAITING_REVIEW
        if status == AWAITING_REVIEW:
            activities = activities.awaiting_review()
        elif status != ALL_STATUSES:
            activities = activities.filter(status=status)
        if data.get("lan"):
            activities = activities.filter(municipality__county=data["lan"])
        if data.get("typ"):
            activities = activities.filter(type=data["typ"])
        if data.get("organisation"):
            activities = activities.filter(organisation=data["organisation"])
        return activities


def _text(label, *, required_message=None, help_text=""):
    # The required messages are the services' own, so the reviewer reads the same words either way.
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required_message is not None,
        error_messages={"required": required_message} if required_message else None,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ApproveForm(Form):
    comment = _text(
        _("Kommentar till arrangören"),
        help_text=_("Skickas med i mejlet om beslutet och sparas i historiken."),
    )


class RequestChangesForm(Form):
    comment = _text(
        _("Vad behöver ändras?"),
        required_message=_("Skriv vad som behöver ändras."),
        help_text=_("Arrangören får kommentaren i ett mejl och kan skicka in aktiviteten igen."),
    )


class RejectForm(Form):
    reason = _text(
        _("Varför godkänns inte aktiviteten?"),
        required_message=_("Skriv varför aktiviteten inte godkänns."),
        help_text=_("Arrangören får skälet i ett mejl."),
    )


class RejectChangeForm(Form):
    reason = _text(
        _("Varför godkänns inte ändringen?"),
        required_message=_("Skriv varför ändringen inte godkänns."),
        help_text=_("Den godkända versionen står kvar i programmet."),
    )


def selected_ids(values: list[str]) -> set[int]:
    """The activity ids ticked in the queue; anything that is not a number is ignored."""
    return {int(value) for value in values if is_plain_number(value)}


class FlagsForm(Form):
    is_featured = forms.BooleanField(
        label=_("Utvald"),
        required=False,
        help_text=_("Visas på startsidan när programmet är publicerat."),
    )
    is_national = forms.BooleanField(
        label=_("Nationell"),
        required=False,
        help_text=_("Arrangeras av samordnarna själva."),
    )

    def __init__(self, *args, national: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not national:
            # A regional coordinator features within their area; "national" is the national
            # coordinators' own mark.
            del self.fields["is_national"]
