"""Django settings, read from the environment through :mod:`fardplan.config`.

Defaults give the embedded demo (SQLite under ``./var``). Production sets ``DATABASE_URL``
(PostgreSQL), ``DJANGO_SECRET_KEY``, ``DJANGO_DEBUG=0`` and ``DJANGO_ALLOWED_HOSTS``.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from fardplan import config

WEB_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir()

DEBUG = config.env_bool("DJANGO_DEBUG", False)
DEMO_SECRET_KEY = "insecure-demo-key-set-DJANGO_SECRET_KEY-in-production"
SECRET_KEY = config.env_str("DJANGO_SECRET_KEY", DEMO_SECRET_KEY)
ALLOWED_HOSTS = config.env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = config.env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
if SECRET_KEY == DEMO_SECRET_KEY and not DEBUG and not all(map(config.is_loopback, ALLOWED_HOSTS)):
    # The demo key is published in this file: sessions and password-reset links signed with
    # it can be forged by anyone. Only a site that nobody else can reach may use it.
    raise config.ConfigError(
        "DJANGO_SECRET_KEY is unset or the published demo key, which may only serve this machine "
        f"(DJANGO_ALLOWED_HOSTS={','.join(ALLOWED_HOSTS)}). Set DJANGO_SECRET_KEY to a long "
        "random value, e.g. from: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

INSTALLED_APPS = [
    # First, so that its templates (registration/, error pages) and translations win over the
    # admin's.
    "fardplan.web.site",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "fardplan.web.organisations",
    "fardplan.web.strategies",
    "fardplan.web.access",
    "fardplan.web.plans",
    "fardplan.web.followup",
    "fardplan.web.decisions",
    "fardplan.web.reports",
    "fardplan.web.uploads",
    "fardplan.web.refresh",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fardplan.web.urls"
WSGI_APPLICATION = "fardplan.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

DATABASES = {"default": dj_database_url.parse(config.database_url(), conn_max_age=60)}
# Background tasks (the refresh page's "Run now"), kept in the database and run by
# `fardplan manage db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests may write at once. WAL lets pages read while another request writes;
    # IMMEDIATE takes the write lock when a transaction starts, so a second save waits (up to
    # the timeout) and then sees the first one's version, instead of failing with "database
    # is locked" when its read lock cannot be upgraded.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before the password
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: after FARDPLAN_LOGIN_FAILURE_LIMIT failed logins with one username from
# one address, that pair is locked out for FARDPLAN_LOGIN_LOCKOUT_MINUTES; a success resets.
AXES_FAILURE_LIMIT = config.env_int("FARDPLAN_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(
    minutes=config.env_int("FARDPLAN_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "fardplan.web.site.lockout.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # keep failed attempts only, not a log of every login
AXES_VERBOSE = False  # no usernames in the server log
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "site:home"
# Password-reset mail: printed on the console unless a mail server is configured.
EMAIL_BACKEND = config.env_str(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = config.env_str("DJANGO_EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = config.env_str("DJANGO_DEFAULT_FROM_EMAIL", "fardplan@localhost")

# Swedish first; English available through the language switcher.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS: list[Path] = []  # each app keeps its own locale/ folder
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve assets straight from the apps' static folders, so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# HTTPS only, unless the site opted out explicitly (FARDPLAN_PLAIN_HTTP, the loopback demo).
_HTTPS = config.https()
SECURE_SSL_REDIRECT = _HTTPS.ssl_redirect
SECURE_HSTS_SECONDS = _HTTPS.hsts_seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HTTPS.hsts_include_subdomains
SECURE_HSTS_PRELOAD = _HTTPS.hsts_preload
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = _HTTPS.secure_cookies
if config.env_bool("DJANGO_TRUST_X_FORWARDED_PROTO", False):
    # Only behind a proxy that terminates TLS and always sets (never passes on) this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Whether to ask browsers to preload HSTS is the site owner's decision (it binds the domain
# for months); the check that asks for it is silenced unless preloading is on.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

SESSION_COOKIE_AGE = config.session_age()
SESSION_COOKIE_HTTPONLY = True
# No script of the site reads the CSRF cookie: forms carry the token in a hidden field.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts, styles and everything else from the site
# itself only; no inline script or style, no plug-ins, no framing, forms post here only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": config.env_str("FARDPLAN_LOG_LEVEL", "INFO")},
}
