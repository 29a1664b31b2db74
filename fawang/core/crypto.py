"""Encryption of personal data at rest (AES-256-GCM) and blind indexes (HMAC-SHA256) for lookups.

Both keys are derived with HKDF from FAWANG_DATA_KEY, so one secret is configured and the two uses
never share key material. Ciphertexts carry a version prefix so the key can be rotated later."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_PREFIX = "v1:"


def _derive(purpose: bytes) -> bytes:
    secret = settings.FAWANG_DATA_KEY
    if not secret or len(secret) < 32:
        raise ImproperlyConfigured("FAWANG_DATA_KEY must be set to at least 32 characters")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"fawang-personal-data", info=purpose).derive(
        secret.encode()
    )


@lru_cache(maxsize=4)
def _keys(secret: str) -> tuple[AESGCM, bytes]:
    del secret  # part of the cache key only, so a changed setting (tests) derives new keys
    return AESGCM(_derive(b"encryption")), _derive(b"blind-index")


def encrypt(plaintext: str) -> str:
    aead, _ = _keys(settings.FAWANG_DATA_KEY)
    nonce = os.urandom(12)
    sealed = aead.encrypt(nonce, plaintext.encode(), None)
    return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt(token: str) -> str:
    if not token.startswith(_PREFIX):
        raise ValueError("not a Fawang ciphertext")
    aead, _ = _keys(settings.FAWANG_DATA_KEY)
    raw = base64.urlsafe_b64decode(token[len(_PREFIX) :])
    return aead.decrypt(raw[:12], raw[12:], None).decode()


def blind_index(normalised: str) -> str:
    """A keyed hash of a normalised value: equal inputs match, the value cannot be read back."""
    _, key = _keys(settings.FAWANG_DATA_KEY)
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()
