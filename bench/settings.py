"""Settings for the benchmark database: the test settings (fixed keys, in-process tasks), quiet logs."""

from config.settings.test import *  # noqa: F403

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"handlers": [], "level": "WARNING"},
}
