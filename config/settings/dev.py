"""`make run`: the embedded SQLite database and a per-checkout development key under var/."""

import base64
import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DJANGO_DEBUG", False)  # `make run` asks for it with DJANGO_DEBUG=1
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _dev_secret(name: str) -> str:
    # A development machine keeps its own random keys so nothing secret is committed.
    path = VAR_DIR / f"{name}.key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()


SECRET_KEY = SECRET_KEY or _dev_secret("secret")  # noqa: F405
FAWANG_DATA_KEY = FAWANG_DATA_KEY or _dev_secret("data")  # noqa: F405

if DEBUG:
    # Django's debug error pages style themselves inline: while debugging, the policy reports (in the
    # browser console) instead of blocking. Tests and production enforce it.
    CONTENT_SECURITY_POLICY_REPORT_ONLY = CONTENT_SECURITY_POLICY  # noqa: F405
    CONTENT_SECURITY_POLICY = None


def _dev_ledger_key() -> str:
    # The evidence log's Ed25519 seed for this checkout only: checkpoints signed with it mean nothing elsewhere.
    path = VAR_DIR / "ledger.key"
    if not path.exists():
        path.write_text(base64.b64encode(secrets.token_bytes(32)).decode())
    return path.read_text().strip()


FAWANG_LEDGER_ORIGIN = FAWANG_LEDGER_ORIGIN or "localhost/log"  # noqa: F405
FAWANG_LEDGER_SIGNING_KEY = FAWANG_LEDGER_SIGNING_KEY or _dev_ledger_key()  # noqa: F405
