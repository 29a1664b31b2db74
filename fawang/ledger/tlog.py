"""Text formats around a checkpoint: the C2SP `tlog-checkpoint` body, the `tlog-witness` add-checkpoint
request, and the `tlog-proof@v1` receipt.

Written from `docs/specs/` (c2sp-tlog-checkpoint.md, c2sp-tlog-witness.md, c2sp-tlog-proof.md). Pure
functions over strings and bytes, no database: the witness command, the offline receipt check and the
public verification page all use them, and so can anyone who copies this one file and `note.py`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()  # RFC 6962 §2.1: the hash of the empty tree
MAX_PROOF_LINES = 63  # tlog-witness: "The client MUST NOT send more than 63 consistency proof lines"
PROOF_HEADER = "c2sp.org/tlog-proof@v1"
RECEIPT_MAX_BYTES = 128 * 1024


class FormatError(ValueError):
    """Text that breaks one of the formats; `code` is stable, the message names the rule."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _decimal(text: str, what: str) -> int:
    # "ASCII decimal with no leading zeroes (unless the size is zero)"
    if not text.isascii() or not text.isdigit() or (len(text) > 1 and text[0] == "0"):
        raise FormatError("bad_number", f"The {what} must be a decimal number without leading zeroes.")
    value = int(text)
    if value >= 2**63:
        raise FormatError("bad_number", f"The {what} is too large.")
    return value


def _hash_line(line: str, what: str) -> bytes:
    try:
        value = base64.b64decode(line, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise FormatError("bad_hash", f"A {what} line must be one base64 SHA-256 hash.") from exc
    if len(value) != HASH_SIZE:
        raise FormatError("bad_hash", f"A {what} line must be one base64 SHA-256 hash (32 bytes).")
    if b64(value) != line:  # base64's unused low bits: one hash has one spelling
        raise FormatError("bad_hash", f"A {what} line must be canonical base64.")
    return value


def b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


@dataclass(frozen=True)
class Checkpoint:
    """The body of a checkpoint note: origin, tree size, root hash, and any extension lines."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        if not text.endswith("\n"):
            raise FormatError("bad_checkpoint", "A checkpoint's text ends in a newline.")
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise FormatError("bad_checkpoint", "A checkpoint has an origin, a tree size and a root hash.")
        origin, size, root, *extensions = lines
        if not origin:
            raise FormatError("bad_checkpoint", "A checkpoint's origin line must not be empty.")
        if any(not line for line in extensions):
            raise FormatError("bad_checkpoint", "A checkpoint's extension lines must not be empty.")
        return cls(origin, _decimal(size, "tree size"), _hash_line(root, "root hash"), tuple(extensions))

    def to_text(self) -> str:
        return "".join(
            f"{line}\n" for line in (self.origin, str(self.size), b64(self.root_hash), *self.extensions)
        )


# ---- tlog-witness: the add-checkpoint request ------------------------------------------------------


@dataclass(frozen=True)
class AddCheckpoint:
    old_size: int
    proof: tuple[bytes, ...]
    checkpoint_note: str  # the signed checkpoint, verbatim


def add_checkpoint_body(old_size: int, proof: list[bytes] | tuple[bytes, ...], checkpoint_note: str) -> bytes:
    if len(proof) > MAX_PROOF_LINES:
        raise FormatError("proof_too_long", f"At most {MAX_PROOF_LINES} consistency proof lines.")
    lines = [f"old {old_size}\n", *(b64(h) + "\n" for h in proof), "\n"]
    return ("".join(lines) + checkpoint_note).encode()


def parse_add_checkpoint(body: bytes) -> AddCheckpoint:
    """The request body: `old N`, up to 63 base64 proof lines, an empty line, the signed checkpoint."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError("bad_request", "The request must be UTF-8 text.") from exc
    head, sep, note_text = text.partition("\n\n")
    if not sep:
        raise FormatError("bad_request", "The old size and proof end with an empty line.")
    lines = head.split("\n")
    if not lines[0].startswith("old "):
        raise FormatError("bad_request", "The first line is 'old' and the previous tree size.")
    old_size = _decimal(lines[0][4:], "old size")
    if len(lines) - 1 > MAX_PROOF_LINES:
        raise FormatError("proof_too_long", f"At most {MAX_PROOF_LINES} consistency proof lines.")
    proof = tuple(_hash_line(line, "consistency proof") for line in lines[1:])
    return AddCheckpoint(old_size, proof, note_text)


# ---- tlog-proof@v1: the receipt --------------------------------------------------------------------


@dataclass(frozen=True)
class TlogProof:
    index: int
    proof: tuple[bytes, ...]
    checkpoint_note: str
    extra: bytes | None = None

    def to_text(self) -> str:
        lines = [PROOF_HEADER]
        if self.extra is not None:
            lines.append(f"extra {b64(self.extra)}")
        lines.append(f"index {self.index}")
        lines.extend(b64(h) for h in self.proof)
        return "\n".join(lines) + "\n\n" + self.checkpoint_note

    @classmethod
    def parse(cls, data: bytes | str) -> TlogProof:
        if isinstance(data, bytes):
            if len(data) > RECEIPT_MAX_BYTES:
                raise FormatError("too_large", "A receipt is at most 128 KB.")
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise FormatError("bad_receipt", "A receipt is UTF-8 text.") from exc
        head, sep, note_text = data.partition("\n\n")
        if not sep:
            raise FormatError("bad_receipt", "The inclusion proof ends with an empty line.")
        lines = head.split("\n")
        if lines[0] != PROOF_HEADER:
            raise FormatError("bad_receipt", f"A receipt's first line is {PROOF_HEADER}.")
        rest = lines[1:]
        extra = None
        if rest and rest[0].startswith("extra "):
            try:
                extra = base64.b64decode(rest[0][6:], validate=True)
            except (binascii.Error, ValueError) as exc:
                raise FormatError("bad_receipt", "The extra line must be base64.") from exc
            if b64(extra) != rest[0][6:]:
                raise FormatError("bad_receipt", "The extra line must be canonical base64.")
            rest = rest[1:]
        if not rest or not rest[0].startswith("index "):
            raise FormatError("bad_receipt", "A receipt names the entry's index.")
        index = _decimal(rest[0][6:], "index")
        if len(rest) - 1 > MAX_PROOF_LINES:
            raise FormatError("bad_receipt", f"An inclusion proof has at most {MAX_PROOF_LINES} hashes.")
        proof = tuple(_hash_line(line, "inclusion proof") for line in rest[1:])
        return cls(index=index, proof=proof, checkpoint_note=note_text, extra=extra)
