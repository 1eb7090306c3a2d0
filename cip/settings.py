"""One settings file, read from the environment through django-environ.

Unset DATABASE_URL means an SQLite file beside manage.py. With DEBUG off, SECRET_KEY,
PSEUDONYM_KEY (not the same) and ALLOWED_HOSTS must be given; a missing or malformed value
stops start-up naming the variable.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


_BOOLEANS = {"true": True, "1": True, "yes": True, "on": True}
_BOOLEANS |= {"false": False, "0": False, "no": False, "off": False}


def _strict_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    try:
        return _BOOLEANS[str(value).strip().lower()]
    except KeyError:
        raise ValueError(f"{value!r} is not true or false") from None


def _read(name, cast, default=environ.Env.NOTSET):
    if cast is bool:
        cast = _strict_bool
    try:
        return env(name, cast=cast, default=default)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"Setting {name} has a malformed value: {exc}") from exc


DEBUG = _read("DEBUG", bool, False)
if DEBUG:
    SECRET_KEY = _read("SECRET_KEY", str, "django-insecure-development-only-key-not-for-production")
else:
    SECRET_KEY = _read("SECRET_KEY", str)
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Setting SECRET_KEY must be at least 50 characters long.")
ALLOWED_HOSTS = _read("ALLOWED_HOSTS", list, ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = _read("CSRF_TRUSTED_ORIGINS", list, [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_filters",
    "django_tables2",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "cip",
    "board",
    "briefs",
    "workpackages",
    "placements",
    "funding",
    "forecast",
    "reports",
    "dashboard",
    "reminders",
    "devkit",  # the demonstration, synthetic data and the benchmark: dev tooling
]

MIDDLEWARE = [
    "cip.headers.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cip.access.LocalNamesMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "cip.auth.SessionLifetimeMiddleware",
    "cip.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cip.urls"
WSGI_APPLICATION = "cip.wsgi.application"

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
                "cip.context_processors.navigation",
                "board.context.continuation_banner",
            ],
            "builtins": ["cip.templatetags.govuk"],
        },
    },
]
# Django's own form renderer with GOV.UK field templates (templates/govuk/forms/).
FORM_RENDERER = "cip.forms.GovukFormRenderer"

try:
    DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
except (ValueError, KeyError, environ.ImproperlyConfigured) as exc:
    raise ImproperlyConfigured(f"Setting DATABASE_URL is malformed: {exc}") from exc
if DATABASES["default"].get("ENGINE") not in {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}:
    raise ImproperlyConfigured("Setting DATABASE_URL must be a sqlite:// or postgres:// URL.")
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction takes the write lock when it begins, and waits up to SQLITE_TIMEOUT
    # seconds for it: two saves at once then run one after the other (the second finds the
    # version moved and says someone else saved), where a deferred transaction that had
    # read before writing failed at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=_read("SQLITE_TIMEOUT", float, 20.0)
    )
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, waiting up to DATABASE_CONNECT_WAIT seconds for a restarting server.
    DATABASES["default"]["ENGINE"] = "cip.db.postgresql"
    DATABASES["default"]["CONN_MAX_AGE"] = _read("CONN_MAX_AGE", int, 60)
DATABASE_CONNECT_WAIT = _read("DATABASE_CONNECT_WAIT", float, 10.0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "cip.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock out after 5 failures for the same username from the same address, with a 429...
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# ...and an address after this many failures across all usernames (cip.auth.LockoutBackend).
SIGN_IN_ADDRESS_FAILURE_LIMIT = _read("SIGN_IN_ADDRESS_FAILURE_LIMIT", int, 20)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# How many proxies (nginx, a load balancer) stand in front of the web nodes and append to
# X-Forwarded-For; 0 when clients reach gunicorn directly. See cip.auth.client_ip.
TRUSTED_PROXIES = _read("TRUSTED_PROXIES", int, 0)
AXES_CLIENT_IP_CALLABLE = "cip.auth.client_ip"
# TOTP two-factor authentication for commissioners, officers and administrators, and for
# every site administrator and staff account (cip.two_factor.needs_two_factor).
OTP_REQUIRED = _read("OTP_REQUIRED", bool, not DEBUG)
OTP_TOTP_ISSUER = "CIP Governance"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cip:home"
LOGOUT_REDIRECT_URL = "login"

# Single sign-on with OpenID Connect (Microsoft Entra ID or any provider; cip.sso), on when
# OIDC_ISSUER and OIDC_CLIENT_ID are set. The endpoints come from the issuer's discovery
# document; ID tokens are RS256, checked against its JWKS; PKCE and a nonce are always used.
# People are found by (issuer, sub) only (cip.models.Identity), never by e-mail.
OIDC_ISSUER = _read("OIDC_ISSUER", str, "")  # exactly as the ID tokens' iss says it
OIDC_RP_CLIENT_ID = _read("OIDC_CLIENT_ID", str, "")
OIDC_RP_CLIENT_SECRET = _read("OIDC_CLIENT_SECRET", str, "")
SSO_ENABLED = bool(OIDC_ISSUER or OIDC_RP_CLIENT_ID)
if SSO_ENABLED and not (OIDC_ISSUER and OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
    raise ImproperlyConfigured(
        "Settings OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together."
    )
AUTHENTICATION_BACKENDS.append("cip.sso.IdentityBackend")  # answers nothing while off
SSO_LABEL = _read("SSO_LABEL", str, "your council account")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid profile email"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_AUTHENTICATION_CALLBACK_URL = "sso-callback"
OIDC_TIMEOUT = _read("OIDC_TIMEOUT", float, 10.0)
OIDC_STORE_ACCESS_TOKEN = OIDC_STORE_ID_TOKEN = False
# Seconds of clock difference allowed when checking an ID token's exp and iat.
OIDC_LEEWAY = 60

# Invitations (cip.invitations) are sent by e-mail over SMTP and are good for this many days.
INVITATION_DAYS = _read("INVITATION_DAYS", int, 7)
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = _read("EMAIL_HOST", str, "localhost")
EMAIL_PORT = _read("EMAIL_PORT", int, 25)
EMAIL_HOST_USER = _read("EMAIL_HOST_USER", str, "")
EMAIL_HOST_PASSWORD = _read("EMAIL_HOST_PASSWORD", str, "")
EMAIL_USE_TLS = _read("EMAIL_USE_TLS", bool, False)
EMAIL_USE_SSL = _read("EMAIL_USE_SSL", bool, False)
EMAIL_TIMEOUT = _read("EMAIL_TIMEOUT", int, 20)
DEFAULT_FROM_EMAIL = _read("DEFAULT_FROM_EMAIL", str, "CIP Governance <no-reply@localhost>")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Deployments run collectstatic and serve hashed, compressed files; development and tests
# serve straight from static/ through WhiteNoise's finders.
STATIC_MANIFEST = _read("STATIC_MANIFEST", bool, not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# Security. Cookies are secure unless running over plain HTTP in development.
SECURE = _read("SECURE", bool, not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
# 30 minutes idle (cip.auth moves the expiry on while the user is active); 8 hours in all.
SESSION_COOKIE_AGE = 30 * 60
if SECURE:
    # __Host- cookies must be Secure, path /, with no Domain: they cannot be set by a subdomain.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_SSL_REDIRECT = _read("SECURE_SSL_REDIRECT", bool, SECURE)
SECURE_HSTS_SECONDS = 31_536_000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

# A per-process memory cache: it holds only placement figures keyed on a stamp of the data
# they came from (placements.measures.cached), so no entry is ever stale and a web node keeps
# no state another needs. CACHE_URL may name a shared one (dbcache://table).
try:
    CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
except (ValueError, KeyError, environ.ImproperlyConfigured) as exc:
    raise ImproperlyConfigured(f"Setting CACHE_URL is malformed: {exc}") from exc
# 0 computes the placement figures on every request (for benchmarks of the queries).
PLACEMENT_MEASURES_CACHE_SECONDS = _read("PLACEMENT_MEASURES_CACHE_SECONDS", int, 3600)

# Long exports run as background tasks in the database queue: `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Email (the reminders' daily digest): SMTP from the environment. Without EMAIL_HOST the
# messages are written to the console, so development never mails anyone.
EMAIL_HOST = _read("EMAIL_HOST", str, "")
EMAIL_BACKEND = _read(
    "EMAIL_BACKEND",
    str,
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = _read("EMAIL_PORT", int, 25)
EMAIL_HOST_USER = _read("EMAIL_HOST_USER", str, "")
EMAIL_HOST_PASSWORD = _read("EMAIL_HOST_PASSWORD", str, "")
EMAIL_USE_TLS = _read("EMAIL_USE_TLS", bool, False)
EMAIL_USE_SSL = _read("EMAIL_USE_SSL", bool, False)
EMAIL_TIMEOUT = _read("EMAIL_TIMEOUT", int, 30)
DEFAULT_FROM_EMAIL = _read("DEFAULT_FROM_EMAIL", str, "CIP Governance <noreply@localhost>")
# The daily digest is sent at this hour, local time; its links start with this address.
REMINDERS_HOUR = _read("REMINDERS_HOUR", int, 7)
if not 0 <= REMINDERS_HOUR <= 23:
    raise ImproperlyConfigured("Setting REMINDERS_HOUR must be from 0 to 23.")
REMINDERS_SITE_URL = _read("REMINDERS_SITE_URL", str, "http://localhost:8000").rstrip("/")

# Uploads (the SSDA903 import): no file larger than this is accepted, and no more than this
# of one is written to disk (cip.uploads); the refusal names the limit.
UPLOAD_MAX_MB = _read("UPLOAD_MAX_MB", int, 64)
if UPLOAD_MAX_MB < 1:
    raise ImproperlyConfigured("Setting UPLOAD_MAX_MB must be at least 1.")
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "cip.uploads.LimitedTemporaryFileUploadHandler",
]

# Pseudonymisation key for children's case-system IDs (keyed hash); see placements. A key of
# its own: SECRET_KEY is rotated (sessions, signed links), and every pseudonym would change
# with it; and one leaked key must not give both.
if DEBUG:
    PSEUDONYM_KEY = _read("PSEUDONYM_KEY", str, "development-only-pseudonym-key")
else:
    PSEUDONYM_KEY = _read("PSEUDONYM_KEY", str)
if not PSEUDONYM_KEY.strip():
    raise ImproperlyConfigured("Setting PSEUDONYM_KEY must not be empty.")
if PSEUDONYM_KEY == SECRET_KEY:
    raise ImproperlyConfigured("Setting PSEUDONYM_KEY must differ from SECRET_KEY.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "cip.logging.UTCFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": _read("LOG_LEVEL", str, "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs each layout step of every PDF at INFO: a wall of lines per report.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

DJANGO_TABLES2_TEMPLATE = "govuk/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "govuk-table"}
