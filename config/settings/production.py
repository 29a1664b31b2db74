"""Production: PostgreSQL, a real task worker, HTTPS. Refuses to start without its secrets."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
FAWANG_SMS_SHOW_CODES = False  # a shown sign-in code would let anyone sign in as any phone
for _name in (
    "SECRET_KEY",
    "FAWANG_DATA_KEY",
    "DATABASE_URL",
    "FAWANG_LEDGER_ORIGIN",
    "FAWANG_LEDGER_SIGNING_KEY",
    "FAWANG_PUBLIC_URL",
):
    if not os.environ.get(_name):
        raise ImproperlyConfigured(f"{_name} must be set in production")

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        # No ENQUEUE_ON_COMMIT: django-tasks 0.12 ignores it. Order notices go through
        # the outbox, their delivery enqueued per backend (fawang/notify/tasks.py, docs/adr/0017).
    }
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
