"""Waypoint's one settings module. Installations differ only by environment values (config/env.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import unquote, urlsplit

import dj_database_url
import django.conf.locale as django_locales
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config import env as environment

ENV = environment.load()
BASE_DIR = environment.BASE_DIR
DATA_DIR = ENV.data_dir
DATA_DIR.mkdir(parents=True, exist_ok=True)

WAYPOINT_ENV = ENV.env
DEBUG = ENV.debug
SECRET_KEY = ENV.secret_key
ALLOWED_HOSTS = list(ENV.allowed_hosts)
WAYPOINT_DATA_KEYS = ENV.data_keys
WAYPOINT_COUNTRY = ENV.country
# The address people use to reach Waypoint: links in e-mails (reminders, notifications) start with it.
WAYPOINT_BASE_URL = ENV.base_url
# Statistics: first day of the TIP reporting period (MM-DD; empty: the country's, 1 April), and
# disclosure control of every published figure (counts 1..threshold-1 withheld).
WAYPOINT_TIP_PERIOD_START = ENV.tip_period_start
WAYPOINT_DISCLOSURE_THRESHOLD = ENV.disclosure_threshold
WAYPOINT_DISCLOSURE_SUPPRESS_ZEROS = ENV.disclosure_suppress_zeros
WAYPOINT_DOCUMENTS_DIR = DATA_DIR / "documents"
WAYPOINT_EXPORTS_DIR = DATA_DIR / "exports"
WAYPOINT_IMPORTS_DIR = DATA_DIR / "imports"
WAYPOINT_MAX_UPLOAD_BYTES = ENV.max_upload_megabytes * 1024 * 1024
WAYPOINT_VERSION = "0.1.0"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "waypoint.common",
    "waypoint.access",
    "waypoint.audit",
    "waypoint.accounts",
    "waypoint.notifications",
    "waypoint.people",
    "waypoint.cases",
    "waypoint.retention",
    "waypoint.referrals",
    "waypoint.directory",
    "waypoint.screening",
    "waypoint.enforcement",
    "waypoint.exchange",
    "waypoint.api",
    "waypoint.operations",
    "waypoint.reporting",
    "waypoint.action_plans",
]
if ENV.is_test:
    INSTALLED_APPS.append("waypoint.testing")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "waypoint.access.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "waypoint.access.context_processors.actor",
                "waypoint.notifications.context_processors.notifications",
            ],
        },
    },
]

# Database: an embedded SQLite file by default, PostgreSQL for real deployments.
DATABASES: dict[str, dict[str, Any]] = {
    "default": dict(dj_database_url.parse(ENV.database_url, conn_max_age=0 if ENV.is_test else 60))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets pages read while a write is in progress; IMMEDIATE takes the write lock at the
        # start of a transaction so two writers queue instead of failing half-way.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    DATABASES["default"]["TEST"] = {"NAME": ""}
else:
    # No JIT compilation: the scopes' EXISTS conditions inflate the planner's cost estimates past
    # PostgreSQL's JIT threshold, and a case list that takes 20 ms to run spent over a second
    # compiling itself at 100,000 cases (found by the load test; see benchmarks/README.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "waypoint.accounts.passwords.CharacterVarietyValidator"},
]
if ENV.is_test:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout: five failed passwords for one user name lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_IPWARE_PROXY_COUNT = 1 if ENV.trusted_proxy else 0
# Locking by address too would lock a whole office behind one NAT address; per-address attempts are
# rate-limited instead (see docs/security.md).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Sessions end after a period of inactivity: every request moves the expiry forward.
SESSION_COOKIE_AGE = ENV.session_idle_minutes * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = ENV.is_production
CSRF_COOKIE_SECURE = ENV.is_production
LANGUAGE_COOKIE_SECURE = ENV.is_production
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if ENV.is_production:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if ENV.trusted_proxy:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = False
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith(".")]

# Content-Security-Policy: no inline scripts or styles anywhere; everything from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Internationalisation: English is complete; Arabic is laid out right to left.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("mt", _("Maltese")),
    ("ms", _("Malay")),
]
LANGUAGES_BIDI = ["ar"]
# Django ships no language information for Maltese.
django_locales.LANG_INFO.setdefault(
    "mt", {"bidi": False, "code": "mt", "name": "Maltese", "name_local": "Malti"}
)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = ENV.time_zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
FILE_UPLOAD_TEMP_DIR = None
FILE_UPLOAD_PERMISSIONS = 0o600

# Background tasks: the database backend in development and production, inline in tests.
TASKS: dict[str, dict[str, Any]] = {
    "default": (
        {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        if ENV.is_test
        else {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    )
}


def _email_settings(url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "locmem" or ENV.is_test:
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if parts.scheme in {"smtp", "smtps", "submission"}:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": parts.scheme == "smtps",
            "EMAIL_USE_TLS": parts.scheme == "submission",
        }
    raise environment.ConfigurationError(
        "WAYPOINT_EMAIL_URL must start with console://, smtp://, smtps:// or submission://."
    )


globals().update(_email_settings("locmem://" if ENV.is_test else ENV.email_url))
DEFAULT_FROM_EMAIL = ENV.default_from_email
SERVER_EMAIL = ENV.default_from_email

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "waypoint.api.authentication.ApiTokenAuthentication",
        "waypoint.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["waypoint.api.permissions.IsAuthenticatedActor"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "waypoint.api.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "waypoint.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "waypoint.api.throttling.UserThrottle",
        "waypoint.api.throttling.ScopedThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": "10000/hour" if ENV.is_test else "2000/hour",
        "anon": "10000/hour" if ENV.is_test else "60/hour",
        "exports": "1000/hour" if ENV.is_test else "30/hour",
    },
    "UNAUTHENTICATED_USER": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Waypoint API",
    "DESCRIPTION": (
        "The Waypoint API, version 1. Authenticate with `Authorization: Token <token>` "
        "(issue a token from your profile page or with `manage.py issue_api_token`). "
        "Choose the organisation you act for with the `X-Waypoint-Organisation` header "
        "(an organisation id) when you belong to several. Every error has the shape "
        '`{"error": {"code", "message", "fields"}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "waypoint.access.roles.Role",
        "SupportPlanTypeEnum": "waypoint.cases.choices.SupportPlanType",
        "GenderEnum": "waypoint.people.choices.Gender",
        "ConsentPurposeEnum": "waypoint.people.choices.ConsentPurpose",
        "NrmConsentPurposeEnum": [("referral", "referral"), ("sharing", "sharing")],
        "CellStatusEnum": "waypoint.reporting.tables.CellStatus",
        "NrmStateEnum": "waypoint.referrals.choices.NrmState",
        "TimerKindEnum": "waypoint.referrals.choices.TimerKind",
        "TimerStatusEnum": "waypoint.referrals.choices.TimerStatus",
        "TrackKindEnum": "waypoint.referrals.choices.TrackKind",
        "ServiceReferralStatusEnum": "waypoint.directory.choices.ServiceReferralStatus",
        "OrgTypeEnum": "waypoint.accounts.choices.OrganisationType",
        "PlanKindEnum": "waypoint.action_plans.choices.PlanKind",
        "PlanStatusEnum": "waypoint.action_plans.choices.PlanStatus",
        "ActionStatusEnum": "waypoint.action_plans.choices.ActionStatus",
        "IndicatorKindEnum": "waypoint.action_plans.choices.IndicatorKind",
        "SubmissionStatusEnum": "waypoint.action_plans.choices.SubmissionStatus",
        "CriterionStatusEnum": "waypoint.action_plans.choices.CriterionStatus",
        # Criminal cases: several code lists share the field names status, outcome and roles.
        "InvestigationStatusEnum": "waypoint.enforcement.choices.InvestigationStatus",
        "ProsecutionStatusEnum": "waypoint.enforcement.choices.ProsecutionStatus",
        "VerdictOutcomeEnum": "waypoint.enforcement.choices.VerdictOutcome",
        "AppealOutcomeEnum": "waypoint.enforcement.choices.AppealOutcome",
        "HearingOutcomeEnum": "waypoint.enforcement.choices.HearingOutcome",
        "RoleInProcessEnum": "waypoint.cases.choices.RoleInProcess",
        "CompensationKindEnum": "waypoint.enforcement.choices.CompensationKind",
        "ExploitationTypesEnum": "waypoint.cases.choices.TypeOfExploitation",
        "OutcomeEnum": "waypoint.referrals.choices.DecisionOutcome",
        "JobStatusEnum": "waypoint.exchange.choices.JobStatus",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "DISABLE_ERRORS_AND_WARNINGS": False,
}

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "waypoint"}
        if ENV.is_test
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    )
}
# Rate limits (per address unless stated): see waypoint/access/ratelimit.py.
WAYPOINT_RATE_LIMITS = {
    "login_ip": (30, 15 * 60),
    "password_reset_ip": (5, 60 * 60),
    "password_reset_account": (3, 60 * 60),
    "token_failure_ip": (30, 10 * 60),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "waypoint.common.logging.RedactingFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING" if ENV.is_test else "INFO"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # PDF rendering reports every layout step at INFO.
        "weasyprint": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "fontTools": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
