"""Kyndig settings: one module, every value from the environment.

With no environment at all Kyndig runs in local mode: a SQLite file under
``var/``, debug on and a generated development secret, so a newcomer needs no
database server. ``DJANGO_ENV=production`` demands the secrets and hosts and
refuses to start without them.
"""

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KYNDIG_VAR_DIR", BASE_DIR / "var"))

ENV = os.environ.get("DJANGO_ENV", "local")
PRODUCTION = ENV == "production"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def _require_production_env() -> None:
    required = (
        "DJANGO_SECRET_KEY",
        "DATABASE_URL",
        "DJANGO_ALLOWED_HOSTS",
        "KYNDIG_BASE_URL",
        "CREDENTIALS_KEY_ENCRYPTION_KEY",
    )
    missing = [name for name in required if not os.environ.get(name)]
    if missing:
        # A one-line message instead of a traceback: operators read this in
        # a container log.
        sys.exit(
            f"Kyndig: production mode needs {', '.join(missing)} in the environment."
        )


def _local_secret(filename: str, nbytes: int) -> str:
    """A development secret kept in var/, so it survives a restart (sessions
    stay signed in, badge keys stay readable)."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / filename
    if not path.exists():
        # Written aside and linked into place: of two processes starting at
        # once (test workers), one wins and both read the whole secret.
        draft = path.with_name(f".{filename}.{os.getpid()}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(nbytes))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


if PRODUCTION:
    _require_production_env()
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
else:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or _local_secret(
        "dev-secret-key", 50
    )

# Absolute links (badge credentials and their keys, mail, workbooks) start with this.
KYNDIG_BASE_URL = os.environ.get(
    "KYNDIG_BASE_URL", "" if PRODUCTION else "http://127.0.0.1:8000"
).rstrip("/")
# Encrypts the badge signing keys at rest (credentials.keys): 32 random bytes,
# base64url, e.g. ``python -c 'import secrets; print(secrets.token_urlsafe(32))'``.
CREDENTIALS_KEY_ENCRYPTION_KEY = os.environ.get("CREDENTIALS_KEY_ENCRYPTION_KEY") or (
    "" if PRODUCTION else _local_secret("credentials-key-encryption-key", 32)
)

DEBUG = _env_bool("DJANGO_DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = _env_list(
    "DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
)
CSRF_TRUSTED_ORIGINS = _env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "api.views.csrf_failure"

INSTALLED_APPS = [
    # Django's admin on a site that asks for a second factor (sso.admin_site).
    "sso.apps.KyndigAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_api_key",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "auditlog",
    "axes",
    "csp",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "djangosaml2",
    "api",
    "employees",
    "competences",
    "courses",
    "reports",
    "credentials",
    "obligations",
    "notifications",
    "funding",
    "sso.apps.SsoConfig",
    "privacy",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # SAML's own session cookie (SameSite=None): the IdP posts its answer
    # cross-site, where the Lax session cookie is not sent.
    "djangosaml2.middleware.SamlSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.RefuseMethodsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether a second factor was given.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx: decisions answer the part of the page they changed.
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Axes must come last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _without_jit(options: dict) -> str:
    """libpq's startup options with JIT compiling off, unless they say
    otherwise: it cost 100-150 ms a statement and won nothing measured here
    (the national figures 0.9 s -> 0.7 s without it, the full level rule 7.0 s
    either way; bench/report_generation.py). The URL's ``?options=`` or else
    PGOPTIONS (which libpq reads only when no options are given) are kept."""
    given = options.get("options") or os.environ.get("PGOPTIONS", "")
    if "jit" in given:
        return given
    return f"{given} -c jit=off".strip()


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if config["ENGINE"] == "django.db.backends.postgresql":
            # An unreachable server fails a request, and /health/, within
            # seconds instead of the operating system's TCP timeout of minutes.
            config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
            config["OPTIONS"]["options"] = _without_jit(config["OPTIONS"])
            config.setdefault("TEST", {})
            if os.environ.get("DATABASE_TEST_NAME"):
                config["TEST"]["NAME"] = os.environ["DATABASE_TEST_NAME"]
        return config
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "kyndig.sqlite3")),
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so parallel writers
            # queue on the busy timeout instead of failing mid-transaction
            # with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": _database()}

# Throttle counters and the like live in the database, not in process memory,
# so every gunicorn worker and machine shares them. ``migrate`` makes the table
# (api migration 0002); ``manage.py check`` warns when it is missing.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "kyndig_cache",
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "sso.backends.PasswordBackend",
    "sso.backends.SingleSignOnBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers as each language writes them ("27. dec. 2026"); money and
# percentages go through Babel (employees/templatetags/kyndig_pages.py).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Domain settings -------------------------------------------------------
# An assessment older than this no longer counts towards the current level.
COMPETENCE_VALIDITY_DAYS = int(os.environ.get("COMPETENCE_VALIDITY_DAYS", "1095"))
# Employees whose employment ended longer ago than this are anonymised.
RETENTION_DAYS_AFTER_EMPLOYMENT = int(
    os.environ.get("RETENTION_DAYS_AFTER_EMPLOYMENT", "730")
)
# Reports over more employees than this are generated by a background worker.
REPORT_SYNC_MAX_EMPLOYEES = int(os.environ.get("REPORT_SYNC_MAX_EMPLOYEES", "50000"))
REPORT_JOB_TTL_HOURS = int(os.environ.get("REPORT_JOB_TTL_HOURS", "24"))
# The figures' counting queries are kept this long at most; any write to what
# they count replaces them sooner (reports.figures.cache). 0 switches it off.
FIGURES_CACHE_SECONDS = int(os.environ.get("FIGURES_CACHE_SECONDS", "600"))
# Viewers see no figures of a group smaller than this (DESIGN §4).
PRIVACY_MIN_GROUP = int(os.environ.get("PRIVACY_MIN_GROUP", "5"))
# Sign-in and lockout logs (usernames, addresses, browsers) are kept this long.
SIGN_IN_LOG_DAYS = int(os.environ.get("SIGN_IN_LOG_DAYS", "90"))
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "100000"))
# Columns an import sheet may declare; 256 was the old .xls limit, and the
# layout needs 8. Cells right of the header's columns are never read.
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "256"))
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "90"))
# A badge expires this many days after it is awarded; 0: never (DESIGN §11).
CREDENTIALS_VALID_DAYS = int(os.environ.get("CREDENTIALS_VALID_DAYS", "0"))

# --- Single sign-on (DESIGN §10) ---------------------------------------------
# One OpenID Connect provider from the environment; several municipalities'
# providers are kept in the database (admin: identity providers) instead.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid email")
OIDC_CLAIM_EMAIL = os.environ.get("OIDC_CLAIM_EMAIL", "email")
OIDC_CLAIM_EMPLOYEE_NUMBER = os.environ.get("OIDC_CLAIM_EMPLOYEE_NUMBER", "")
# A claim listing groups; only groups mapped in the admin give access.
OIDC_CLAIM_GROUPS = os.environ.get("OIDC_CLAIM_GROUPS", "")
# The code of the municipality the provider serves; empty: every municipality
# of the installation (an employee must still match exactly one record).
OIDC_MUNICIPALITY = os.environ.get("OIDC_MUNICIPALITY", "")
# Seconds to wait for the provider, and to keep its discovery document and keys.
OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT", "10"))
OIDC_METADATA_SECONDS = int(os.environ.get("OIDC_METADATA_SECONDS", "300"))
# SAML 2.0 (OIOSAML): the IdP's metadata from a file or an address, Kyndig's
# signing key and certificate (PEM files), and the attribute names.
SAML_IDP_METADATA_FILE = os.environ.get("SAML_IDP_METADATA_FILE", "")
SAML_IDP_METADATA_URL = os.environ.get("SAML_IDP_METADATA_URL", "")
SAML_KEY_FILE = os.environ.get("SAML_KEY_FILE", "")
SAML_CERT_FILE = os.environ.get("SAML_CERT_FILE", "")
SAML_ATTRIBUTE_EMAIL = os.environ.get(
    "SAML_ATTRIBUTE_EMAIL", "urn:oid:0.9.2342.19200300.100.1.3"
)
SAML_ATTRIBUTE_EMPLOYEE_NUMBER = os.environ.get("SAML_ATTRIBUTE_EMPLOYEE_NUMBER", "")
SAML_MUNICIPALITY = os.environ.get("SAML_MUNICIPALITY", "")
SAML_XMLSEC_BINARY = os.environ.get("SAML_XMLSEC_BINARY", "/usr/bin/xmlsec1")
# The key pair IdPs encrypt assertions to (its certificate is in Kyndig's
# metadata); by default the signing pair.
SAML_ENCRYPTION_KEY_FILE = os.environ.get("SAML_ENCRYPTION_KEY_FILE", "")
SAML_ENCRYPTION_CERT_FILE = os.environ.get("SAML_ENCRYPTION_CERT_FILE", "")
# Metadata of the municipalities' SAML IdPs from an address: kept in their row
# and fetched again after this many seconds (a failed fetch keeps the copy).
SAML_METADATA_SECONDS = int(os.environ.get("SAML_METADATA_SECONDS", "86400"))
SAML_METADATA_TIMEOUT = int(os.environ.get("SAML_METADATA_TIMEOUT", "10"))
# Fernet keys (comma-separated, the first encrypts) for the secrets in sso's
# rows; empty: one key derived from SECRET_KEY.
SSO_SECRET_KEYS = os.environ.get("SSO_SECRET_KEYS", "")
# djangosaml2: configuration per request from sso.saml, redirect binding for
# the (signed) AuthnRequest.
SAML_CONFIG_LOADER = "sso.saml.sp_config"
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_IGNORE_AUTHENTICATED_USERS_ON_LOGIN = False
# off: only superusers sign in with a password (the identity provider signs in
# everyone else). The demo and local installs keep it on.
PASSWORD_LOGIN = _env_bool("PASSWORD_LOGIN", True)
# The admin asks for a TOTP code (django-otp; `manage.py totp_device_add`).
ADMIN_OTP = _env_bool("ADMIN_OTP", PRODUCTION)
OTP_TOTP_ISSUER = "Kyndig"

# --- Mail and notifications (DESIGN §8) ---------------------------------------
# Django's own mail settings. Without EMAIL_HOST, local mode writes each mail as
# a file under var/mail/ so the demo shows real mails; production always talks
# SMTP (to localhost unless EMAIL_HOST names the relay).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
# Without a timeout a hanging relay would hold a worker forever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kyndig <kyndig@localhost>")
if PRODUCTION or os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
# Reminders go this many days before a session and an enrollment deadline.
REMINDER_DAYS_BEFORE = int(os.environ.get("REMINDER_DAYS_BEFORE", "3"))

# --- REST API ---------------------------------------------------------------
# Tried in order; the first one's scheme goes into WWW-Authenticate on a 401.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "employees.authentication.BearerTokenAuthentication",
        "courses.authentication.PartnerKeyAuthentication",
        "api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.IsStaffUser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "api.filters.FilterBackend",
        "api.filters.SearchFilter",
        "api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ProblemAutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "DEFAULT_PAGINATION_CLASS": "api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttles.PartnerRateThrottle",
        "api.throttles.AnonymousRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "partner": os.environ.get("PARTNER_THROTTLE_RATE", "600/min"),
    },
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kyndig API",
    "DESCRIPTION": (
        "Competence development for Danish municipalities. Staff sign in with the "
        "browser session or send `Authorization: Bearer <token>` (from `manage.py "
        "create_api_token <username>`); education partners send `Authorization: "
        "Api-Key <key>` (from `manage.py create_partner_key <provider-code>`). "
        "Errors are RFC 9457 `application/problem+json` with a stable `code`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.partial_components",
    ],
    "ENUM_NAME_OVERRIDES": {
        "EnrollmentStatusEnum": "courses.models.EnrollmentStatus",
        "FundSignatureRoleEnum": "funding.models.Role",
        "FundApplicationStateEnum": "funding.models.State",
        "RequirementKindEnum": "obligations.models.Requirement.Kind",
        "ReviewStatusEnum": "courses.models.PracticeTaskSubmission.Review",
    },
}
# Callers who are not signed in, per client address; refused credentials count.
ANON_THROTTLE_RATE = os.environ.get("ANON_THROTTLE_RATE", "120/min")
# The object that answers "may this user…" and "which rows may this user…"
# (DESIGN §7); the API toolkit reaches it through this name, not an import.
ACCESS_POLICY = "employees.access.access_for"
# Retries with the same Idempotency-Key are replayed for this long.
IDEMPOTENCY_KEY_HOURS = int(os.environ.get("IDEMPOTENCY_KEY_HOURS", "24"))

# --- Background tasks ---------------------------------------------------------
# Local mode runs report jobs in-process so the demo needs no worker; production
# stores them in the database for ``manage.py db_worker``.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if _env_bool("KYNDIG_TASKS_DB", PRODUCTION)
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# --- Security -----------------------------------------------------------------
# Reverse proxies in front of Kyndig (addresses or CIDR ranges). Only their
# X-Forwarded-For is believed when the client address is worked out for the
# sign-in lockout and the anonymous API rate (api.client_ip); with none,
# REMOTE_ADDR is the client.
TRUSTED_PROXIES = _env_list("DJANGO_TRUSTED_PROXIES")
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ENABLED = _env_bool("AXES_ENABLED", True)
AXES_RESET_ON_SUCCESS = True
# 429 (Too Many Requests) tells scripts to back off rather than retry.
AXES_HTTP_RESPONSE_CODE = 429
# A page (or a problem for scripts) with Retry-After: when the cool-off ends.
AXES_LOCKOUT_CALLABLE = "api.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "api.client_ip.client_ip"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = _env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler would print every line twice.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Request logs carry URLs and form data only at DEBUG; keep them at
        # WARNING so personal data never reaches the log.
        "django.request": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "kyndig.sso": {"level": "INFO"},
        # Their messages may quote assertions (names, e-mail addresses); the
        # refusal's reason is logged by kyndig.sso instead.
        "djangosaml2": {"level": "CRITICAL"},
        "saml2": {"level": "CRITICAL"},
        # pysaml2 loads XML schemas at import and says so at INFO.
        "xmlschema": {"level": "WARNING"},
    },
}
