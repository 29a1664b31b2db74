"""The log's signing key, from settings (docs/adr/0023): `FAWANG_LEDGER_ORIGIN` names the log (checkpoint
origin line and key name), `FAWANG_LEDGER_SIGNING_KEY` is base64 of the Ed25519 private seed."""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import note


@lru_cache(maxsize=4)
def _signer(origin: str, seed_b64: str) -> note.Signer:
    if not origin or not seed_b64:
        raise ImproperlyConfigured("FAWANG_LEDGER_ORIGIN and FAWANG_LEDGER_SIGNING_KEY must be set.")
    try:
        seed = base64.b64decode(seed_b64, validate=True)
    except binascii.Error as exc:
        raise ImproperlyConfigured("FAWANG_LEDGER_SIGNING_KEY must be base64.") from exc
    if len(seed) != 32:
        raise ImproperlyConfigured("FAWANG_LEDGER_SIGNING_KEY must be a 32-byte Ed25519 seed.")
    try:
        return note.Signer(origin, Ed25519PrivateKey.from_private_bytes(seed))
    except note.NoteError as exc:
        raise ImproperlyConfigured(f"FAWANG_LEDGER_ORIGIN: {exc}") from exc


def log_signer() -> note.Signer:
    return _signer(settings.FAWANG_LEDGER_ORIGIN, settings.FAWANG_LEDGER_SIGNING_KEY)


def log_origin() -> str:
    return log_signer().name
