"""What a receipt's `extra` line holds: the entry's bytes exactly as the log hashed them,
`<kind> 0x0A <data>` (services.entry_body). For the entries that record a file or a document, `data` is
the lower-case hex SHA-256 of it (`evidence\\n<64 hex digits>`), so someone holding a receipt reads what it
records without this code, and a verifier compares it with the original's hash.

The log is public: an entry is a kind and a hash, nothing else (no name, no file name, no personal data)."""

from __future__ import annotations

import re
from dataclasses import dataclass

KIND = re.compile(r"[a-z0-9][a-z0-9._/-]{0,63}")  # as the log's services accept it
_SHA256 = re.compile(rb"[0-9a-f]{64}")


@dataclass(frozen=True)
class EntryData:
    kind: str
    data: bytes

    @property
    def sha256(self) -> str | None:
        """The hex SHA-256 the entry records, when its data is one."""
        return self.data.decode("ascii") if _SHA256.fullmatch(self.data) else None


def hash_data(sha256: str) -> bytes:
    """An entry's data for a file or document: its lower-case hex SHA-256."""
    if not _SHA256.fullmatch(sha256.encode("ascii", "replace")):
        raise ValueError("a SHA-256 is 64 lower-case hex digits")
    return sha256.encode("ascii")


def entry_data(kind: str, sha256: str) -> bytes:
    """The whole entry (the leaf's bytes) for `kind` recording `sha256`."""
    if not KIND.fullmatch(kind):
        raise ValueError("not a kind of this log")
    return kind.encode("ascii") + b"\n" + hash_data(sha256)


def parse_entry_data(body: bytes) -> EntryData:
    kind, sep, data = body.partition(b"\n")
    try:
        kind_text = kind.decode("ascii")
    except UnicodeDecodeError as exc:
        raise ValueError("not an entry of this log") from exc
    if not sep or not KIND.fullmatch(kind_text):
        raise ValueError("not an entry of this log")
    return EntryData(kind_text, data)
