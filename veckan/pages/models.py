import html
from datetime import datetime
from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Markdown punctuation that would turn a name from the settings into emphasis or a link.
_MARKDOWN_SPECIAL = str.maketrans({char: f"\\{char}" for char in "\\`*_[]"})


def _markdown_text(value: str) -> str:
    return html.escape(value, quote=False).translate(_MARKDOWN_SPECIAL)


def fill_placeholders(text: str, *, site_url: str) -> str:
    """Put the facts that live in the settings into a page's Markdown, at the time it is shown.

    Coordinators write `{personuppgiftsansvarig}` rather than the name itself, so the page always says
    what the settings say, and a later change of controller needs no edit. Plain replacement, not
    str.format: a stray brace in a coordinator's text must not break the page.
    """
    email = settings.DATA_PROTECTION_OFFICER_EMAIL
    values = {
        "{personuppgiftsansvarig}": _markdown_text(settings.DATA_CONTROLLER),
        "{dataskyddsombud}": f"[{_markdown_text(email)}](mailto:{quote(email, safe='@.+-_')})",
        # render_markdown drops relative links (they break in feeds and mail), so links to our own
        # pages are written in full: {webbplats}/tillganglighet/rapportera/
        "{webbplats}": site_url.rstrip("/"),
    }
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


PLACEHOLDERS = ["{personuppgiftsansvarig}", "{dataskyddsombud}", "{webbplats}"]


class Page(models.Model):
    """One of the pages every Swedish public service needs; coordinators keep the text current."""

    class Slug(models.TextChoices):
        ABOUT = "om", _("Om Innovationsveckan")
        PRIVACY = "personuppgifter", _("Personuppgifter")
        COOKIES = "kakor", _("Kakor")
        ACCESSIBILITY = "tillganglighet", _("Tillgänglighetsredogörelse")

    slug = models.CharField(_("adress"), max_length=30, choices=Slug, unique=True)
    title = models.CharField(_("rubrik"), max_length=150)
    body = models.TextField(_("text"), help_text=_("Markdown."))
    title_en = models.CharField(_("rubrik på engelska"), max_length=150)
    body_en = models.TextField(
        _("text på engelska"),
        blank=True,
        help_text=_("Markdown. Lämna tomt för att visa den svenska texten på den engelska sidan."),
    )
    assessed_on = models.DateField(
        _("tillgängligheten bedömdes senast"),
        null=True,
        blank=True,
        help_text=_("Bara för tillgänglighetsredogörelsen."),
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uppdaterad av"),
    )

    class Meta:
        verbose_name = _("sida")
        verbose_name_plural = _("sidor")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(f"pages:{self.slug}")

    def in_language(self, language: str) -> tuple[str, str, bool]:
        """Title, Markdown body, and whether that body is the Swedish one standing in for English."""
        if language == "en":
            return self.title_en, self.body_en or self.body, not self.body_en
        return self.title, self.body, False


class AccessibilityFeedbackQuerySet(models.QuerySet["AccessibilityFeedback"]):
    def for_coordinators(self) -> "AccessibilityFeedbackQuerySet":
        """What still needs doing first, newest first within each."""
        return self.select_related("handled_by").order_by("handled", "-created_at", "-pk")

    def received_before(self, moment: datetime) -> "AccessibilityFeedbackQuerySet":
        return self.filter(created_at__lt=moment)


class AccessibilityFeedback(models.Model):
    """A report of an accessibility problem, sent through the form the accessibility statement links to."""

    DESCRIPTION_MAX_LENGTH = 3000

    page_url = models.CharField(_("sida"), max_length=500, blank=True)
    description = models.TextField(_("beskrivning"), max_length=DESCRIPTION_MAX_LENGTH)
    contact_name = models.CharField(_("namn"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-postadress"), blank=True)
    created_at = models.DateTimeField(_("mottagen"), auto_now_add=True, db_index=True)
    handled = models.BooleanField(_("hanterad"), default=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hanterad av"),
    )
    handled_at = models.DateTimeField(_("hanterad den"), null=True, blank=True)

    objects = AccessibilityFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("synpunkt om tillgänglighet")
        verbose_name_plural = _("synpunkter om tillgänglighet")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.description[:60]
