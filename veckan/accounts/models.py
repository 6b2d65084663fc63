from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True, is_coordinator=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: an organiser, a coordinator or a juror. Visitors need no account."""

    email = models.EmailField(_("e-postadress"), unique=True)
    name = models.CharField(_("namn"), max_length=150, blank=True)
    is_coordinator = models.BooleanField(
        _("samordnare"),
        default=False,
        help_text=_(
            "Samordnare granskar aktiviteter och sköter veckan. Kräver tvåstegsinloggning."
        ),
    )
    language = models.CharField(
        _("språk för e-post"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="sv",
        help_text=_("Mejl från Innovationsveckan till dig skrivs på det här språket."),
    )

    class ReviewEmails(models.TextChoices):
        AT_ONCE = "at_once", _("Direkt: ett mejl för varje aktivitet som skickas in")
        DAILY = "daily", _("En sammanfattning om dagen")
        NEVER = "never", _("Aldrig")

    review_emails = models.CharField(
        _("mejl om aktiviteter att granska"),
        max_length=8,
        choices=ReviewEmails,
        default=ReviewEmails.DAILY,
        help_text=_(
            "För samordnare: nya aktiviteter, aktiviteter som skickats in igen efter begärda "
            "ändringar och ändringar av godkända aktiviteter."
        ),
    )
    # When this coordinator's daily summary last went out (it covers what came in since).
    review_digest_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_staff = models.BooleanField(_("tillgång till administrationen"), default=False)
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("registrerad"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = pgettext_lazy("plural", "användare")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email
