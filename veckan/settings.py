"""Veckan's one settings module.

It runs untouched on a fresh clone (SQLite, mail to the console, no Redis). Production differs only by
environment variables, each documented in .env.example. Setting SECRET_KEY is what marks production:
without it the site runs in development mode with a throwaway key.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = "SECRET_KEY" in os.environ
SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-key-never-use-in-production")
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "veckan.accounts.apps.VeckanAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.postgres",  # full-text search fields; harmless on SQLite
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "veckan.accounts",
    "veckan.geography",
    "veckan.revisions",
    "veckan.organisations",
    "veckan.editions",
    "veckan.outbox",
    "veckan.activities",
    "veckan.collections",
    "veckan.coordination",
    "veckan.imports",
    "veckan.signups",
    "veckan.evaluations",
    "veckan.messaging",
    "veckan.program",
    "veckan.stats",
    "veckan.solutions",
    "veckan.awards",
    "veckan.favourites",
    "veckan.api",
    "veckan.webhooks",
    "veckan.pages",
    "veckan.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The database away (a restart): a 503 page asking to try again, never a 500 (veckan.urls too).
    "veckan.lib.unavailable.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "veckan.accounts.middleware.CoordinatorIdleTimeoutMiddleware",
    "veckan.accounts.middleware.PrivateByDefaultMiddleware",
]

ROOT_URLCONF = "veckan.urls"
WSGI_APPLICATION = "veckan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "veckan.pages.context_processors.site",
            ],
        },
    },
]

# --- Database: SQLite embedded by default, PostgreSQL through DATABASE_URL

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock when a transaction
    # starts, so two writers queue instead of failing half way ("database is locked").
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif env_bool("DATABASE_PREPARED_STATEMENTS", default=True):
    # PostgreSQL plans a query anew on every run unless it is prepared: an activity's page joins five
    # tables and spent more time in the planner than in the query. With the values sent apart from
    # the SQL, psycopg prepares a statement on a connection once it has run five times there, and
    # PostgreSQL can then keep its plan. A transaction-mode pooler needs PgBouncer 1.21 or later with
    # max_prepared_statements set, or this set to false.
    # Added to the options DATABASE_URL may carry (?sslmode=require …), not in their place.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when REDIS_URL is set, otherwise the database, so several servers share it

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "veckan.lib.cache.ResilientRedisCache",  # a Redis outage is a miss
            "LOCATION": os.environ["REDIS_URL"],
        },
        # Public pages kept for every worker and server (veckan.lib.page_cache). Without Redis each
        # process keeps its own: the database would be slower than rendering them again.
        "pages": {
            "BACKEND": "veckan.lib.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "pages",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "veckan_cache",
        }
    }

# --- Accounts: django-allauth with verified email and two-factor login ---------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "activities:mine"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Innovationsveckan: "
ACCOUNT_ADAPTER = "veckan.accounts.adapter.AccountAdapter"
# Never mail an address that has no account: the site must not be a way to send mail to strangers.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Calls a minute one write-API key may make (veckan.api.organisation).
API_TOKEN_RATE_LIMIT = int(os.environ.get("API_TOKEN_RATE_LIMIT", "120"))

ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Innovationsveckan"
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"

# --- Email: everything goes through the outbox table; a worker delivers it with retries
# "default" is what Django, allauth and our services send with: it only stores the message.
# "delivery" is what the outbox worker hands stored messages to: SMTP when EMAIL_HOST is set,
# otherwise the console, so development shows mail in the terminal.

if os.environ.get("EMAIL_HOST"):
    DELIVERY_MAILER = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ["EMAIL_HOST"],
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", default=False),
            "use_ssl": env_bool("EMAIL_USE_SSL", default=False),
            "timeout": int(os.environ.get("EMAIL_TIMEOUT", "20")),
        },
    }
else:
    DELIVERY_MAILER = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
MAILERS = {
    "default": {"BACKEND": "veckan.outbox.backends.OutboxBackend"},
    "delivery": DELIVERY_MAILER,
}
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "10"))
# Sent mail holds personal data; it is deleted this many days after it was queued.
OUTBOX_RETENTION_DAYS = int(os.environ.get("OUTBOX_RETENTION_DAYS", "30"))
# How many times `manage.py send_webhooks` tries one event before marking it failed.
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "10"))
# Webhooks reach only servers on the internet: never this machine, the private network or the
# cloud's metadata service (veckan/webhooks/addresses.py). A developer may let them reach a receiver
# on 127.0.0.1; production never does.
WEBHOOK_ALLOW_PRIVATE = not PRODUCTION and env_bool("WEBHOOK_ALLOW_PRIVATE", default=False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Innovationsveckan <noreply@innovationsveckan.se>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Language and time

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["veckan.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static files

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# --- Uploaded files (activity images)
# Every app server must show what any one of them stored. With MEDIA_BUCKET set, uploads go to
# S3-compatible object storage (AWS S3, MinIO, Ceph, a Swedish cloud's object store) through
# django-storages, and pages link straight to the bucket's public address: activity images are
# public, so the links carry no signature and never expire. Without it they are files in
# MEDIA_ROOT, which in production must be one volume shared by every app server, served at
# MEDIA_URL by the web server in front (Django serves them itself only with DEBUG on).

MEDIA_BUCKET = os.environ.get("MEDIA_BUCKET", "")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
if MEDIA_BUCKET:
    MEDIA_S3_ENDPOINT_URL = os.environ.get("MEDIA_S3_ENDPOINT_URL", "").rstrip("/")
    # Where browsers fetch the images: a CDN or the bucket's own domain. By default the bucket on
    # its endpoint (path style), or on AWS its virtual-hosted address.
    MEDIA_URL = (
        os.environ.get(
            "MEDIA_PUBLIC_URL",
            f"{MEDIA_S3_ENDPOINT_URL}/{MEDIA_BUCKET}"
            if MEDIA_S3_ENDPOINT_URL
            else f"https://{MEDIA_BUCKET}.s3.amazonaws.com",
        ).rstrip("/")
        + "/"
    )
    _media_url = urlsplit(MEDIA_URL)
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": MEDIA_S3_ENDPOINT_URL or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            # Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the machine's role.
            "custom_domain": _media_url.netloc + _media_url.path.rstrip("/"),
            "url_protocol": f"{_media_url.scheme}:",
            "querystring_auth": False,
            # "public-read" for a bucket that grants access per object; empty when a bucket policy
            # makes the bucket readable (AWS's default: ACLs off).
            "default_acl": os.environ.get("MEDIA_S3_ACL") or None,
            "file_overwrite": False,
            # Names are random and never reused, so browsers and CDNs may keep an image for good.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
else:
    MEDIA_URL = "/media/"
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Security

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # Designsystemet draws its icons as data: SVG masks; allauth shows the TOTP QR code as one.
    # Uploaded images come from the bucket's address when they live in object storage.
    "img-src": [
        CSP.SELF,
        "data:",
        *([f"{_media_url.scheme}://{_media_url.netloc}"] if MEDIA_BUCKET else []),
    ],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# True when a reverse proxy or load balancer stands in front: then the client's address is the one the
# proxy adds to X-Forwarded-For (see veckan.lib.ratelimit.client_ip), and HTTPS is what it says.
# TRUSTED_PROXY_COUNT says how many proxies append to X-Forwarded-For (BEHIND_PROXY=1 means one).
# The same number drives our own limits and allauth's (login, password reset), so one client's failed
# logins lock out that client only, never everyone behind the proxy.
TRUSTED_PROXY_COUNT = int(
    os.environ.get("TRUSTED_PROXY_COUNT", "1" if env_bool("BEHIND_PROXY", default=False) else "0")
)
BEHIND_PROXY = TRUSTED_PROXY_COUNT > 0
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Limits key an IPv4 address whole and an IPv6 address by its network (a /64 is one household or
# one machine's address space).
RATELIMIT_IPV6_PREFIX = int(os.environ.get("RATELIMIT_IPV6_PREFIX", "64"))
# A coordinator's session ends after this long without a request.
COORDINATOR_IDLE_SECONDS = int(os.environ.get("COORDINATOR_IDLE_MINUTES", "30")) * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # A load balancer asks over plain HTTP whether the server is up.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sign-ups: an unconfirmed sign-up holds its seat this long; participants' data is anonymised this
# many days after the edition ends (the counts are kept).
SIGNUP_HOLD_MINUTES = int(os.environ.get("SIGNUP_HOLD_MINUTES", "30"))
# At most this many unconfirmed sign-ups from one client network hold seats on one activity; more
# are accepted but take their seat only once their email is confirmed (nobody books out an activity
# with addresses they cannot confirm, and an office behind one address still signs up).
SIGNUP_UNCONFIRMED_HOLDS_PER_NETWORK = int(
    os.environ.get("SIGNUP_UNCONFIRMED_HOLDS_PER_NETWORK", "3")
)
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "90"))
# The organisers of an activity that ended this many days ago without reported attendance get a
# reminder to report it (send_attendance_reminders, daily).
ATTENDANCE_REMINDER_DAYS = int(os.environ.get("ATTENDANCE_REMINDER_DAYS", "3"))

# The controller of personal data, shown in every privacy notice.
DATA_CONTROLLER = os.environ.get("DATA_CONTROLLER", "Sveriges Kommuner och Regioner (SKR)")
DATA_PROTECTION_OFFICER_EMAIL = os.environ.get(
    "DATA_PROTECTION_OFFICER_EMAIL", "dataskyddsombud@skr.se"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

FORM_RENDERER = "veckan.lib.forms.FormRenderer"
