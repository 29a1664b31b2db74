"""Settings shared by every environment. Everything that differs between machines comes from the
environment: DATABASE_URL, SECRET_KEY, FAWANG_DATA_KEY, DJANGO_DEBUG, ALLOWED_HOSTS."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("FAWANG_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
FAWANG_DATA_KEY = os.environ.get("FAWANG_DATA_KEY", "")
# The evidence log (docs/adr/0023): its checkpoint origin line (the scheme-less URL of /log, also the key
# name) and its Ed25519 signing key, base64 of the 32-byte private seed. Production refuses to start
# without them; `make run` makes a key under var/, tests use a fixed one.
FAWANG_LEDGER_ORIGIN = os.environ.get("FAWANG_LEDGER_ORIGIN", "")
FAWANG_LEDGER_SIGNING_KEY = os.environ.get("FAWANG_LEDGER_SIGNING_KEY", "")
# The platform's public address (https://…, no trailing slash): what a printed document's QR code points at
# (notarial certificates, docs/adr/0025), as no request is at hand when it is drawn. Required in production.
FAWANG_PUBLIC_URL = os.environ.get("FAWANG_PUBLIC_URL", "").rstrip("/")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
# The reverse proxies in front of the app (addresses or networks, comma-separated): only they may tell us
# the client's address in X-Forwarded-For (fawang.core.context.client_ip). Empty: the header is ignored
# and the connecting address is the client. See docs/deploy.md.
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "fawang.core.tasks_app.TasksDatabaseConfig",  # django_tasks_db, named in Chinese in the back office
    "ninja",  # serves /api/v1/docs from our static files instead of a CDN (and within the CSP)
    "fawang.core",
    "fawang.ui",
    "fawang.regions",
    "fawang.ledger",  # the evidence log (docs/adr/0023): public, append-only
    "fawang.accounts",
    "fawang.audit",
    "fawang.translations",
    "fawang.network",
    "fawang.catalog",
    "fawang.orders",
    "fawang.feedback",
    "fawang.notify",
    "fawang.evidence",  # evidence preservation (存证): files hashed into the evidence log (docs/adr/0024)
    "fawang.knowledge",  # statutes and answered questions, search, reading a question (docs/adr/0027)
    "fawang.disputes",  # what mediation, arbitration and appraisal share (docs/adr/0029): below the modules
    "fawang.legalaid",  # the legal aid module (docs/adr/0011): above orders and feedback
    "fawang.consult",  # consultation and the expert panel (docs/adr/0026): beside legal aid
    "fawang.notary",  # notarisation online (docs/adr/0025): beside legal aid, on the workflow engine
    "fawang.mediation",  # people's mediation (docs/adr/0029): beside legal aid, on the disputes base
    "fawang.arbitration",  # commercial and labour arbitration (docs/adr/0030): beside notary
    "fawang.appraisal",  # judicial appraisal (docs/adr/0031): beside notary, on the workflow engine
    "fawang.api",
    "fawang.web",
    "django.forms",  # its widget templates, after ours (fawang/ui/templates/django/forms): FORM_RENDERER
]

# Widgets render through TEMPLATES, so fawang/ui's lighter select and radio templates take the place of
# Django's (same markup, no include per option).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "fawang.api.middleware.ApiLanguageMiddleware",  # API: Accept-Language, not the URL prefix
    "fawang.api.middleware.ApiErrorBodyMiddleware",  # API: 413 before reading a body; errors in JSON
    "fawang.core.middleware.InputGuardMiddleware",  # NUL, numbers past 64 bits: 400/404, never a 500
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fawang.web.middleware.PreferredLanguageMiddleware",  # unprefixed page: account, cookie, header
    "fawang.core.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Security headers and the lifetime of a sign-in (after messages: an expired sign-in says why).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "fawang.accounts.middleware.SessionLifetimeMiddleware",
    "fawang.core.middleware.PrivateResponsesMiddleware",  # no-store when signed in; 503 when limits can't count
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Before the apps' templates: our admin/base_site.html (fonts, the Yi note) over Django's own.
        "DIRS": [BASE_DIR / "fawang" / "ui" / "admin_templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fawang.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'fawang.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
# PostgreSQL's JIT compiles any query its planner costs above 100,000 (a scan of a large table the
# index then cuts short, a count over a partition): 50-70 ms of compiling on a page that reads in
# 10 ms at 10,000,000 orders (docs/adr/0016). Pages read small results; no query here gains from it.
POSTGRES_SESSION_OPTIONS = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = POSTGRES_SESSION_OPTIONS
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the in-process task runner and the web server read while a request writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
# Two PostgreSQL roles in production (docs/deploy.md section 2, ADR 0005): DATABASE_URL is the runtime
# role every process serves with; MIGRATE_DATABASE_URL, the same database as the role that owns the
# tables, is what `manage.py migrate` and `manage.py db_roles` connect as. Unset: one role for both.
FAWANG_MIGRATION_DATABASE = (
    dj_database_url.parse(os.environ["MIGRATE_DATABASE_URL"])
    if os.environ.get("MIGRATE_DATABASE_URL")
    else None
)
# A read replica of the primary (docs/adr/0015): figures, analytics and exports read there, inside
# fawang.core.replica.reading_replica(); every other read and every write goes to the primary.
FAWANG_READ_REPLICA: str | None = None
if os.environ.get("REPLICA_DATABASE_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["REPLICA_DATABASE_URL"], conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60"))
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"].setdefault("OPTIONS", {})["options"] = POSTGRES_SESSION_OPTIONS
    FAWANG_READ_REPLICA = "replica"
DATABASE_ROUTERS = ["fawang.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["fawang.accounts.backends.ThrottledModelBackend"]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (fawang/accounts/throttle.py, ADR 0012). Counted over a window of this length:
FAWANG_LOGIN_WINDOW_MINUTES = 15
# wrong passwords for one account from one browser or address, then that pair waits LOCKOUT_MINUTES;
FAWANG_LOGIN_MAX_FAILURES = 5
FAWANG_LOGIN_LOCKOUT_MINUTES = 15
# wrong passwords from one address whatever the accounts, then the address waits LOCKOUT_MINUTES;
FAWANG_LOGIN_ADDRESS_MAX_FAILURES = 20
# wrong passwords for one account from browsers it never signed in from, then such browsers get one
# try every SLOWDOWN_SECONDS for that account (its own browsers are not slowed).
FAWANG_LOGIN_ACCOUNT_SLOWDOWN_FAILURES = 10
FAWANG_LOGIN_SLOWDOWN_SECONDS = 30

# Four languages (ADR 0013): Simplified Chinese (the default, unprefixed URLs), Tibetan (bo, Tibetan
# script), Nuosu, the Liangshan standard Yi (ii, Yi syllabary) and English. Each is named in its own
# script: that is how the switcher shows it. Django knows neither bo nor ii, so they are added to its
# LANG_INFO (what {% get_language_info %} and the admin read).
LANG_INFO.update(
    {
        "bo": {"bidi": False, "code": "bo", "name": "Tibetan", "name_local": "བོད་ཡིག"},
        "ii": {"bidi": False, "code": "ii", "name": "Nuosu (Yi)", "name_local": "ꆈꌠꉙ"},
    }
)
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("bo", "བོད་ཡིག"),
    ("ii", "ꆈꌠꉙ"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "fawang" / "locale"]
# Numeric dates for bo and ii, which Django has no format module for (fawang/ui/formats).
FORMAT_MODULE_PATH = ["fawang.ui.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(os.environ.get("FAWANG_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"
# The largest JSON body the API reads (an order is a few KB); larger ones get 413 unread. Keep it
# below DATA_UPLOAD_MAX_MEMORY_SIZE (Django's 2.5 MB). The reverse proxy's limit: docs/deploy.md.
FAWANG_API_MAX_BODY_BYTES = 1024 * 1024
# Attachments: what a citizen may upload with an order.
FAWANG_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
FAWANG_ATTACHMENT_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}

# Evidence preservation (docs/adr/0024): the largest file one upload may preserve. It is streamed to
# disk and hashed as it arrives, so the limit is about disk and time, not memory; the reverse proxy's
# body limit must be at least this (docs/deploy.md).
FAWANG_EVIDENCE_MAX_BYTES = int(os.environ.get("FAWANG_EVIDENCE_MAX_BYTES", 512 * 1024 * 1024))
# How long a preserved file's stored copy is kept (days from preservation; 0: without end). At the end
# `manage.py evidence_retention` deletes the copy; the row (name, size, hash) and the log entry stay, so
# the receipt still proves what was preserved and when (docs/adr/0032).
FAWANG_EVIDENCE_RETENTION_DAYS = int(os.environ.get("FAWANG_EVIDENCE_RETENTION_DAYS", 10 * 365))
# Witnesses of the evidence log (C2SP tlog-witness, docs/adr/0024): one per line, "<vkey> <url>", the
# URL being the witness's submission prefix; a checkpoint is witnessed once LEDGER_WITNESS_QUORUM of them
# have cosigned it. None by default (a development machine has no witness to ask).
LEDGER_WITNESSES = [
    {"vkey": vkey, "url": url}
    for vkey, _, url in (
        line.strip().partition(" ") for line in os.environ.get("FAWANG_LEDGER_WITNESSES", "").splitlines()
    )
    if vkey and url
]
LEDGER_WITNESS_QUORUM = int(os.environ.get("FAWANG_LEDGER_WITNESS_QUORUM", "0"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("FAWANG_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
        # No ENQUEUE_ON_COMMIT: django-tasks 0.12 ignores it. Order notices go through
        # the outbox, their delivery enqueued per backend (fawang/notify/tasks.py, docs/adr/0017).
    }
}

# A cache shared by every process, so rate limits (the public tracking page) count across workers:
# REDIS_URL (e.g. redis://127.0.0.1:6379/1) selects Django's Redis backend; unset, each process keeps
# its own local-memory cache, which is right for `make run` and the tests. See docs/deploy.md.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "fawang",
            # Unreachable Redis: the limits answer 503 within seconds instead of hanging the worker.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }

# Outside-world adapters. The defaults record what would be sent; real gateways are later adapters.
FAWANG_SMS_BACKEND = os.environ.get("FAWANG_SMS_BACKEND", "fawang.notify.sms.RecordingSmsBackend")
# A backend that sends nothing (the recording one) lets the citizen sign-in page show the code it
# "sent", so a demo can be used; never on production settings (fawang.notify.services.demo_login_code).
FAWANG_SMS_SHOW_CODES = True

SESSION_COOKIE_HTTPONLY = True
# A sign-in lasts a working day at most and ends after an idle spell (fawang/accounts/middleware.py).
FAWANG_SESSION_MAX_HOURS = 10
FAWANG_SESSION_IDLE_MINUTES = 60
SESSION_COOKIE_AGE = FAWANG_SESSION_MAX_HOURS * 3600

# Content-Security-Policy (django-csp): scripts, styles and images from our own origin only; no inline
# script, style element or style attribute, no event-handler attributes (a page that needs an inline
# script uses {{ request.csp_nonce }}). Nothing may frame the site or post forms elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): no page uses the camera, microphone, location,
# payment or USB; an injected script or a framed page cannot ask for them either.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "browsing-topics": [],
}
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "fawang.core.logging.MaskPersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

_ = _  # translations of setting labels are collected from here by makemessages

# The workflows whose clocks the dispute-resolution monthly figures count (fawang/disputes/figures.py,
# docs/adr/0031): by code, so a module merged later appears without an edit.
FAWANG_DISPUTE_WORKFLOWS = ("mediation", "arbitration", "labour_arbitration", "appraisal")
# The catalog item a complaint about an appraisal institution is referred to (三调联动, order_make).
APPRAISAL_COMPLAINT_MEDIATION_ITEM = "mediation_dispute"
