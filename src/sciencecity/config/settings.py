"""Science City settings: one module, every value from the environment (see README, Configuration)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from sciencecity.config.env import env_bool, env_csp, env_int, env_list, env_str
from sciencecity.config.orcid import orcid_config
from sciencecity.core.startup import DEVELOPMENT_SECRET_KEY

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(env_str("SCIENCECITY_HOME", str(Path.cwd())))

DEBUG = env_bool("SCIENCECITY_DEBUG", False)
# With debug off, the site refuses to start on this key (core/startup.py: wsgi, asgi, serve).
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Log in with ORCID: on only when ORCID_CLIENT_ID and ORCID_CLIENT_SECRET are set (README, Log in with ORCID).
ORCID = orcid_config(os.environ)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "sciencecity.registry.cli",  # before import_export: its `sciencecity import` replaces theirs
    "import_export",
    "ninja",
    "sciencecity.core",
    "sciencecity.accounts",
    "sciencecity.registry",
    "sciencecity.proposals",
    "sciencecity.review",
    "sciencecity.showcase",
    "sciencecity.demo",
    "sciencecity.notifications",
    "sciencecity.scheduling",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "sciencecity.booking",
    "sciencecity.visits",
    "sciencecity.accounting",
    "sciencecity.vouchers",
    "sciencecity.sitevisits",
    "axes",
    "allauth",
    "allauth.account",
    "django_countries",
    *ORCID.apps,  # allauth's social accounts and its ORCID provider, only when configured (config/orcid.py)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost: anonymous registry pages from the cache, until the registry changes (registry/pagecache.py).
    "sciencecity.registry.pagecache.RegistryPageCacheMiddleware",
]

ROOT_URLCONF = "sciencecity.config.urls"
WSGI_APPLICATION = "sciencecity.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

_SQLITE_PATH = BASE_DIR / "sciencecity.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{_SQLITE_PATH}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN,
    # so two writers queue instead of failing half-way with "database is locked". Connections are kept
    # (60 s, as on PostgreSQL): opening one reads the schema (400 tables, triggers and indexes) and runs
    # the pragmas, 3 ms of CPU per request, more than a cached page costs (registry/pagecache.py).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    }
    # Tests use a file too, not Django's shared-cache in-memory database: there, concurrent writers get
    # "database table is locked" at once instead of waiting (busy_timeout does not apply), so concurrency
    # tests would prove nothing about the real database. The file is the test process's own, so two test
    # runs at once in one checkout do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-sciencecity-{os.getpid()}.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A web request's query is short, and the server's cores are serving the other requests: parallel
    # workers only make queries fight the site's own workers for them (a Chinese name filter over 150,000
    # instruments on 2 cores under load: 44 ms with two workers, 15 ms without). Off unless asked for.
    _parallel = env_int("DATABASE_PARALLEL_WORKERS", 0)
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c max_parallel_workers_per_gather={_parallel}"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"

# Login throttling (django-axes). Axes' backend comes first and watches every authenticate() call, the
# admin's login and any later site login (allauth) alike. A username is locked out from one address after
# AXES_FAILURE_LIMIT failures, for AXES_COOLOFF_MINUTES; a successful login resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sciencecity.accounts.lockout.lockout_response"
# The client address is REMOTE_ADDR, which a client cannot forge; behind N reverse proxies, set
# TRUSTED_PROXY_COUNT=N to read it from X-Forwarded-For instead (accounts/lockout.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "sciencecity.accounts.lockout.client_ip_address"
# The account name from `username`, or `email`/`login` as a site login by e-mail (allauth) sends it.
AXES_USERNAME_CALLABLE = "sciencecity.accounts.lockout.login_name"

# Site accounts (django-allauth, templates in templates/account and templates/allauth): sign up with a
# username and an e-mail address that must be verified before the first login; log in by username or e-mail.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Science City] "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# allauth's own rate limits (per address and per account, in the cache) on top of axes' lockout: axes locks
# one account from one address; these slow one address trying many accounts, sign-ups and reset e-mails.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "20/m/ip,10/15m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,3/15m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SOCIALACCOUNT_PROVIDERS = ORCID.providers
SOCIALACCOUNT_ADAPTER = "sciencecity.accounts.orcid.OrcidAccountAdapter"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# The language a visitor chose outlives the browser session: a year, renewed by each choice.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
# Uploaded files (proposal PDFs) are never served from MEDIA_URL: a view checks who may read each one.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
PROPOSAL_ATTACHMENT_MAX_BYTES = env_int("PROPOSAL_ATTACHMENT_MAX_BYTES", 10_000_000)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Local memory per process by default; it holds the registry's cached pages and reads (registry/pagecache.py,
# readcache.py): room for every facility of a national registry (Django's default is 300 entries).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 10_000)},
    }
}
_REDIS_URL = env_str("REDIS_URL", "")
if _REDIS_URL:
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _REDIS_URL}

# Background tasks (Django's Tasks API, django-tasks backport): the database backend and `sciencecity worker`
# by default; RQ on Redis when REDIS_URL is set; TASKS_BACKEND (database | rq | immediate | a dotted path)
# overrides. The tests run tasks in process (conftest.py). See docs/how-to/run-workers.md.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_TASKS_BACKEND = env_str("TASKS_BACKEND", "rq" if _REDIS_URL else "database")
TASKS_QUEUE = env_str("TASKS_QUEUE", "default")
# Tasks are sent to TASKS_QUEUE (sciencecity.scheduling.runs); QUEUES [] accepts any queue name.
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(_TASKS_BACKEND, _TASKS_BACKEND), "QUEUES": []}}
# An allocation run's job may take as long as its time limit (at most SCHEDULING_MAX_TIME_LIMIT_S) and more.
_RQ_QUEUE = {"URL": _REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 4 * 3600}
RQ_QUEUES = {"default": _RQ_QUEUE, TASKS_QUEUE: _RQ_QUEUE}
SCHEDULING_MAX_TIME_LIMIT_S = env_int("SCHEDULING_MAX_TIME_LIMIT_S", 3600)
# GET /api/me tells the caller the address of their private calendar feed.
CALENDAR_URL_CALLABLE = "sciencecity.scheduling.feeds.calendar_url_for"
# A running allocation run whose worker has not written a heartbeat for this long is marked failed.
SCHEDULING_STALE_AFTER_S = env_int("SCHEDULING_STALE_AFTER_S", 60)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env_str("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "science-city@localhost")
# The site's address, for links in notification e-mails (notifications/services.py).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS in production (README, Production): redirect http to https and send HSTS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and drops it from clients):
# SECURE_PROXY_SSL_HEADER=1.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): only this site's own scripts, styles, images and connections; no
# inline script or style elements. CONTENT_SECURITY_POLICY replaces the whole policy ("directive value ...;
# ..."); CSP_REPORT_ONLY=1 sends it as Content-Security-Policy-Report-Only instead, the default in debug mode
# (Django's debug pages use inline styles and scripts).
_CSP_DEFAULT = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    # django-import-export's export page has one event handler and two style attributes; only those exact
    # values are allowed ("onSelectToggleChange(event)", "padding: 0;", "font-weight: bold;").
    "script-src-attr": ["'unsafe-hashes'", "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='"],
    "style-src-attr": [
        "'unsafe-hashes'",
        "'sha256-mHgUAqxc8GPXM/QhzkHrHujcrQTU9fd6ZjWz+icxKcA='",
        "'sha256-+YWRMZ88jMyO7jVlBA52tZADiPobPIUA8LAWee68Fvs='",
    ],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}
_CSP = {"DIRECTIVES": env_csp("CONTENT_SECURITY_POLICY", _CSP_DEFAULT)}
if env_bool("CSP_REPORT_ONLY", DEBUG):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

IMPORT_EXPORT_USE_TRANSACTIONS = True
# Importing needs the model's change permission; rows are then checked against the editor's scope.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

NINJA_PAGINATION_PER_PAGE = 20
NINJA_PAGINATION_MAX_LIMIT = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
