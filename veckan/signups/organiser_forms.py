"""The organisers' forms about their participants: a message to them, and the attendance report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from veckan.lib.forms import Form
from veckan.signups.models import ParticipantMessage

TOO_LONG = _("Skriv högst %(limit_value)d tecken (nu är det %(show_value)d).")
# More than any room or stream of the week holds; a typo with extra digits is caught.
MOST_ATTENDEES = 100_000


class MessageForm(Form):
    subject = forms.CharField(
        label=_("Ämne"),
        max_length=ParticipantMessage._meta.get_field("subject").max_length,
        error_messages={"required": _("Skriv ett ämne."), "max_length": TOO_LONG},
        help_text=_("Aktivitetens titel läggs till efter ämnet."),
    )
    body = forms.CharField(
        label=_("Meddelande"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Skriv ett meddelande."), "max_length": TOO_LONG},
        help_text=_(
            "Vanlig text. Under meddelandet står aktivitetens tid och plats och en länk där "
            "deltagaren kan avanmäla sig."
        ),
    )

    include_waiting = forms.BooleanField(
        label=_("Skicka också till dem på väntelistan"),
        required=False,
        help_text=_("Till exempel när något ändras som de behöver veta om de får en plats."),
    )

    only_checked_in = forms.BooleanField(
        label=_("Bara de som kom"),
        required=False,
        help_text=_(
            "Bara till de bekräftade deltagare som checkades in, till exempel ett tack med "
            "presentationen efteråt."
        ),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("include_waiting") and cleaned.get("only_checked_in"):
            self.add_error(
                "only_checked_in",
                _("Välj antingen väntelistan eller bara de som kom, inte båda."),
            )
        return cleaned

    def clean_body(self) -> str:
        # Browsers send line breaks as CRLF; the email and the record keep plain newlines.
        return self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")


class AttendanceForm(Form):
    in_person = forms.IntegerField(
        label=_("Deltagare på plats"),
        min_value=0,
        max_value=MOST_ATTENDEES,
        error_messages={
            "required": _("Skriv hur många som var på plats, eller 0."),
            "invalid": _("Skriv ett heltal, till exempel 25."),
            "min_value": _("Antalet kan inte vara negativt."),
            "max_value": _("Skriv ett antal upp till %(limit_value)s."),
        },
    )
    online = forms.IntegerField(
        label=_("Deltagare digitalt"),
        min_value=0,
        max_value=MOST_ATTENDEES,
        help_text=_("Till exempel hur många som följde sändningen eller var med i mötet."),
        error_messages={
            "required": _("Skriv hur många som var med digitalt, eller 0."),
            "invalid": _("Skriv ett heltal, till exempel 25."),
            "min_value": _("Antalet kan inte vara negativt."),
            "max_value": _("Skriv ett antal upp till %(limit_value)s."),
        },
    )
