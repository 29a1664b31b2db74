"""Settings for the benchmark database: the test settings (fixed keys) with production's task backend
(`django_tasks_db.DatabaseBackend`, as config/settings/production.py), quiet logs."""

from config.settings.test import *  # noqa: F403

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"handlers": [], "level": "WARNING"},
}

# Production's backend: a job is a row written in the transaction that enqueues it, run by a worker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
