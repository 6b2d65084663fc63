"""The certificate of attendance: one A4 page in PDF for a participant who was checked in.

Made with fpdf2 and its core Helvetica, whose latin-1 covers å, ä and ö; the few characters
outside it that titles often hold (dashes, curly quotes) become their plain ASCII likes, anything
else a question mark, so no text can make the PDF fail.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from veckan.activities.models import Format
from veckan.signups.models import SignUp

# Tests turn it off to read the page's text in the bytes.
COMPRESS = True

PLAIN = str.maketrans(
    {"–": "-", "—": "-", "‐": "-", "”": '"', "“": '"', "„": '"', "’": "'", "‘": "'", "…": "..."}
)


def _latin1(text: str) -> str:
    return str(text).translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


def may_have_certificate(signup: SignUp, now=None) -> bool:
    """Only who was checked in, once the activity has started."""
    return bool(
        signup.checked_in_at
        and signup.anonymised_at is None
        and signup.activity.starts_at <= (now or timezone.now())
    )


def _when(activity) -> str:
    starts, ends = timezone.localtime(activity.starts_at), timezone.localtime(activity.ends_at)
    if starts.date() == ends.date():
        return f"{date_format(starts, 'j F Y')}, {starts:%H:%M}-{ends:%H:%M}"
    return f"{date_format(starts, 'j F Y, H:i')} - {date_format(ends, 'j F Y, H:i')}"


def _where(activity) -> str:
    if activity.format == Format.DIGITAL:
        return _("Digitalt")
    place = activity.place
    return f"{place} {_('och digitalt')}" if activity.format == Format.HYBRID else place


def certificate_pdf(signup: SignUp) -> bytes:
    """The certificate for `signup`, in the active language."""
    activity = signup.activity
    pdf = FPDF(format="A4")
    pdf.set_compression(COMPRESS)
    pdf.set_title(_latin1(_("Intyg om deltagande")))
    pdf.set_author(_latin1(activity.edition.name))
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_margins(25, 30, 25)
    pdf.set_xy(25, 40)

    def line(text: str, size: int, *, style: str = "", height: float = 9, gap: float = 0) -> None:
        pdf.set_font("helvetica", style=style, size=size)
        pdf.multi_cell(0, height, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        if gap:
            pdf.ln(gap)

    line(activity.edition.name, 14, style="B", gap=4)
    line(_("Intyg om deltagande"), 26, style="B", height=12, gap=10)
    line(_("Härmed intygas att"), 12, gap=2)
    line(signup.name, 20, style="B", height=10, gap=4)
    line(_("deltog i aktiviteten"), 12, gap=2)
    line(str(activity.display_title), 16, style="B", height=8, gap=8)
    for label, value in (
        (_("Arrangör"), activity.organisation.name),
        (_("Tid"), _when(activity)),
        (_("Plats"), _where(activity)),
        (_("Del av"), activity.edition.name),
    ):
        pdf.set_font("helvetica", style="B", size=11)
        pdf.cell(35, 7, _latin1(label))
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(0, 7, _latin1(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    checked_in = timezone.localtime(signup.checked_in_at)
    line(
        _("Incheckad %(when)s. Intyget är utfärdat av Innovationsveckan.")
        % {"when": date_format(checked_in, "j F Y, H:i")},
        9,
        height=5,
    )
    return bytes(pdf.output())
