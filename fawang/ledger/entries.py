"""What a receipt's `extra` line holds: the entry's leaf data, "<kind>\\n<sha256 hex>\\n".

The log is public, so an entry is a kind (`evidence`, `notarial_certificate`, ...) and the SHA-256 of the
record it stands for, nothing else: no name, no file name, no personal data. Readable on purpose, so that
someone holding a receipt sees what it records without this code."""

from __future__ import annotations

import re
from dataclasses import dataclass

_KIND = re.compile(r"[a-z][a-z0-9_.]{0,63}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class EntryData:
    kind: str
    sha256: str  # hex, lower case

    def to_bytes(self) -> bytes:
        return f"{self.kind}\n{self.sha256}\n".encode()


def entry_data(kind: str, sha256: str) -> bytes:
    if not _KIND.fullmatch(kind) or not _SHA256.fullmatch(sha256):
        raise ValueError("an entry is a kind (a-z, 0-9, _ .) and a lower-case hex SHA-256")
    return EntryData(kind, sha256).to_bytes()


def parse_entry_data(data: bytes) -> EntryData:
    try:
        kind, sha256, end = data.decode("ascii").split("\n")
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValueError("not an entry of this log") from exc
    if end or not _KIND.fullmatch(kind) or not _SHA256.fullmatch(sha256):
        raise ValueError("not an entry of this log")
    return EntryData(kind, sha256)
