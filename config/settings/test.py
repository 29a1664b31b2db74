"""The test suite: SQLite in memory unless DATABASE_URL points at PostgreSQL."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-" + "x" * 20
FAWANG_DATA_KEY = "test-data-key-not-for-production-0123456789abcdef"
# The evidence log's fixed test key (public here, so it signs nothing that counts).
FAWANG_LEDGER_ORIGIN = "test.fawang.invalid/log"
FAWANG_LEDGER_SIGNING_KEY = "Fn1disz8wB4vJQZrsAWI8DUPCJI05+EZRE5Ro794ODA="
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="fawang-test-media-"))
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        # No ENQUEUE_ON_COMMIT: django-tasks 0.12 ignores it. Order notices go through
        # the outbox, their delivery enqueued per backend (fawang/notify/tasks.py, docs/adr/0017).
    }
}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Transactional tests empty the database with `flush`; let it lift the audit table's append-only
# triggers for that (fawang/audit/management/commands/flush.py). Never set outside tests.
FAWANG_AUDIT_FLUSH_ALLOWED = True
# Test databases are created and migrated by the role of DATABASE_URL, whatever the shell exports.
FAWANG_MIGRATION_DATABASE = None
# A second alias on the same test database, as a read replica would be (fawang/core/replica.py). Reads
# go there only in tests that set FAWANG_READ_REPLICA = "replica" and allow both databases.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
FAWANG_READ_REPLICA = None
