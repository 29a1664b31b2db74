"""C2SP signed notes (c2sp.org/signed-note) and Ed25519 checkpoint cosignatures (c2sp.org/tlog-cosignature).

Written from the specifications in `docs/specs/` (copied from C2SP/C2SP @ 5ba5ee8, CC BY 4.0), not from another
project's code, so that independent verifiers (Go's `golang.org/x/mod/sumdb/note`, Sigsum, Tessera clients and
witnesses) read what we sign unchanged. Two signature types are supported, the two the evidence log needs:

* `0x01` Ed25519 over the note text: the log's own checkpoint signature;
* `0x04` timestamped Ed25519 cosignatures (`cosignature/v1`): what witnesses add to a checkpoint.

Everything here is pure (no database, no settings): keys come in as `cryptography` objects or vkey strings.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519 = 0x01
COSIGNATURE_V1 = 0x04  # timestamped Ed25519 cosignature (c2sp.org/tlog-cosignature)
SIGNATURE_TYPES = (ED25519, COSIGNATURE_V1)

# The spec asks verifiers to accept at least 16 signatures and to bound a note's size; a checkpoint with a
# log signature and a dozen witnesses is about 1.5 KB.
MAX_SIGNATURES = 64
MAX_NOTE_BYTES = 64 * 1024
_MAX_TIMESTAMP = 2**63 - 1
_DASH = "\u2014 "


class NoteError(ValueError):
    """A note, signature line or verifier key that breaks the format, or no trusted signature verified.
    `code` is stable (for API errors and logs); the message says which rule."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def key_id(name: str, signature_type: int, public_key: bytes) -> int:
    """`SHA-256(key name || 0x0A || signature type || public key)[:4]` as a big-endian uint32."""
    digest = hashlib.sha256(name.encode() + b"\n" + bytes([signature_type]) + public_key).digest()
    return int.from_bytes(digest[:4], "big")


def check_key_name(name: str) -> None:
    if not name or any(ch.isspace() for ch in name) or "+" in name or any(ord(ch) < 0x20 for ch in name):
        raise NoteError(
            "bad_key_name", "A key name must be non-empty, without spaces, '+' or control characters."
        )


def raw_public_key(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def cosignature_message(text: str, timestamp: int) -> bytes:
    """The bytes a `cosignature/v1` signs: header line, time line, then the whole checkpoint text."""
    return f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode()


@dataclass(frozen=True)
class Verifier:
    """A public key as signed-note clients know it: name, key ID, signature type and key bytes."""

    name: str
    signature_type: int
    public_key: bytes

    @property
    def key_id(self) -> int:
        return key_id(self.name, self.signature_type, self.public_key)

    @property
    def vkey(self) -> str:
        """`<name>+hex(key ID)+base64(signature type || public key)`."""
        material = base64.b64encode(bytes([self.signature_type]) + self.public_key).decode()
        return f"{self.name}+{self.key_id:08x}+{material}"

    @classmethod
    def from_vkey(cls, vkey: str) -> Verifier:
        parts = vkey.strip().split("+", 2)  # the key is base64, which may itself hold "+"
        if len(parts) != 3:
            raise NoteError("bad_vkey", "A verifier key has three parts separated by '+': name, key ID, key.")
        name, hex_id, material_b64 = parts
        check_key_name(name)
        try:
            wanted_id = int(hex_id, 16)
            material = base64.b64decode(material_b64, validate=True)
        except (ValueError, binascii.Error) as exc:
            raise NoteError("bad_vkey", "A verifier key's ID must be hex and its key base64.") from exc
        if len(hex_id) != 8 or not material:
            raise NoteError("bad_vkey", "A verifier key's ID is 8 hex digits.")
        signature_type, public_key = material[0], material[1:]
        if signature_type not in SIGNATURE_TYPES:
            raise NoteError(
                "unsupported_key_type", f"Signature type 0x{signature_type:02x} is not supported."
            )
        if len(public_key) != 32:
            raise NoteError("bad_vkey", "An Ed25519 public key is 32 bytes.")
        verifier = cls(name=name, signature_type=signature_type, public_key=public_key)
        if verifier.key_id != wanted_id:
            raise NoteError("bad_vkey", "The verifier key's ID does not match its name and key.")
        return verifier

    def verify(self, text: str, signature: bytes) -> int | None:
        """True signature of `text` (without the 4-byte key ID): for a cosignature returns its timestamp,
        for a plain signature 0; None when it does not verify."""
        key = Ed25519PublicKey.from_public_bytes(self.public_key)
        try:
            if self.signature_type == COSIGNATURE_V1:
                if len(signature) != 8 + 64:
                    return None
                (timestamp,) = struct.unpack(">Q", signature[:8])
                if timestamp > _MAX_TIMESTAMP:
                    return None
                key.verify(signature[8:], cosignature_message(text, timestamp))
                return timestamp
            if len(signature) != 64:
                return None
            key.verify(signature, text.encode())
            return 0
        except InvalidSignature:
            return None


@dataclass(frozen=True)
class Signer:
    """A private key that signs notes (`ED25519`) or cosigns checkpoints (`COSIGNATURE_V1`)."""

    name: str
    private_key: Ed25519PrivateKey
    signature_type: int = ED25519

    def __post_init__(self) -> None:
        check_key_name(self.name)
        if self.signature_type not in SIGNATURE_TYPES:
            raise NoteError(
                "unsupported_key_type", f"Signature type 0x{self.signature_type:02x} is not supported."
            )

    @property
    def verifier(self) -> Verifier:
        return Verifier(self.name, self.signature_type, raw_public_key(self.private_key.public_key()))

    def signature_line(self, text: str, *, timestamp: int | None = None) -> str:
        """One `— name base64(key ID || signature)` line over `text`. A cosigner needs `timestamp`
        (POSIX seconds); a plain signer must not be given one."""
        if self.signature_type == COSIGNATURE_V1:
            if timestamp is None or not 0 <= timestamp <= _MAX_TIMESTAMP:
                raise NoteError("bad_timestamp", "A cosignature needs a timestamp between 0 and 2^63-1.")
            raw = struct.pack(">Q", timestamp) + self.private_key.sign(cosignature_message(text, timestamp))
        else:
            if timestamp is not None:
                raise NoteError("bad_timestamp", "Only cosignatures carry a timestamp.")
            raw = self.private_key.sign(text.encode())
        blob = struct.pack(">I", self.verifier.key_id) + raw
        return f"{_DASH}{self.name} {base64.b64encode(blob).decode()}\n"


@dataclass(frozen=True)
class SignatureLine:
    name: str
    key_id: int
    signature: bytes  # without the key ID
    line: str


@dataclass(frozen=True)
class Note:
    text: str
    signatures: tuple[SignatureLine, ...]

    def to_str(self) -> str:
        return self.text + "\n" + "".join(sig.line for sig in self.signatures)


@dataclass(frozen=True)
class VerifiedSignature:
    verifier: Verifier
    timestamp: int  # 0 for a plain signature


@dataclass(frozen=True)
class OpenedNote:
    text: str
    verified: tuple[VerifiedSignature, ...]
    note: Note

    def signed_by(self, verifier: Verifier) -> bool:
        return any(v.verifier == verifier for v in self.verified)


def check_text(text: str) -> None:
    if not text.endswith("\n"):
        raise NoteError("bad_text", "A note's text must end in a newline.")
    if any(ord(ch) < 0x20 and ch != "\n" for ch in text):
        raise NoteError("bad_text", "A note must not contain control characters other than newline.")


def parse(note: str | bytes) -> Note:
    """Split a signed note into its text and signature lines, checking the format (not the signatures)."""
    if isinstance(note, bytes):
        if len(note) > MAX_NOTE_BYTES:
            raise NoteError("too_large", f"A note is at most {MAX_NOTE_BYTES} bytes.")
        try:
            note = note.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NoteError("bad_text", "A note must be valid UTF-8.") from exc
    if len(note.encode()) > MAX_NOTE_BYTES:
        raise NoteError("too_large", f"A note is at most {MAX_NOTE_BYTES} bytes.")
    if any(ord(ch) < 0x20 and ch != "\n" for ch in note):
        raise NoteError("bad_text", "A note must not contain control characters other than newline.")
    split = note.rfind("\n\n")
    if split < 0:
        raise NoteError("no_signatures", "A signed note needs a blank line before its signatures.")
    text, block = note[: split + 1], note[split + 2 :]
    if not block.endswith("\n"):
        raise NoteError("bad_signature_line", "Every signature line ends in a newline.")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise NoteError("too_many_signatures", f"A note carries at most {MAX_SIGNATURES} signatures.")
    signatures = []
    for raw_line in lines:
        if not raw_line.startswith(_DASH):
            raise NoteError("bad_signature_line", "A signature line starts with an em dash and a space.")
        name, _, b64 = raw_line[len(_DASH) :].partition(" ")
        check_key_name(name)
        try:
            blob = base64.b64decode(b64, validate=True)
        except (binascii.Error, ValueError) as exc:  # ValueError: a non-ASCII character
            raise NoteError("bad_signature_line", "A signature must be base64.") from exc
        if len(blob) < 5:
            raise NoteError("bad_signature_line", "A signature holds a 4-byte key ID and the signature.")
        signatures.append(SignatureLine(name, int.from_bytes(blob[:4], "big"), blob[4:], raw_line + "\n"))
    if not signatures:
        raise NoteError("no_signatures", "A signed note has at least one signature.")
    return Note(text=text, signatures=tuple(signatures))


def open_note(note: str | bytes, verifiers: Iterable[Verifier]) -> OpenedNote:
    """Verify a note against trusted keys, as the spec asks: signatures from unknown keys are ignored, a
    known key whose signature fails rejects the whole note, and at least one known key must verify."""
    parsed = parse(note)
    known = {(v.name, v.key_id): v for v in verifiers}
    verified: list[VerifiedSignature] = []
    for sig in parsed.signatures:
        verifier = known.get((sig.name, sig.key_id))
        if verifier is None:
            continue
        timestamp = verifier.verify(parsed.text, sig.signature)
        if timestamp is None:
            raise NoteError("bad_signature", f"The signature of {sig.name} does not verify.")
        verified.append(VerifiedSignature(verifier, timestamp))
    if not verified:
        raise NoteError("unverified", "No signature from a trusted key.")
    return OpenedNote(text=parsed.text, verified=tuple(verified), note=parsed)


def sign(text: str, signers: Sequence[Signer], *, timestamp: int | None = None) -> str:
    """A signed note of `text` with one line per signer (cosigners use `timestamp`)."""
    check_text(text)
    if not signers:
        raise NoteError("no_signatures", "A signed note has at least one signature.")
    lines = [
        signer.signature_line(text, timestamp=timestamp if signer.signature_type == COSIGNATURE_V1 else None)
        for signer in signers
    ]
    return text + "\n" + "".join(lines)


def add_signature_lines(note: str, lines: Iterable[str]) -> str:
    """`note` with more signature lines (a witness's cosignatures); a line it already carries is not repeated."""
    parsed = parse(note)
    signatures = list(parsed.signatures)
    for line in lines:
        (signature,) = parse(parsed.text + "\n" + (line if line.endswith("\n") else line + "\n")).signatures
        if all(existing.line != signature.line for existing in signatures):
            signatures.append(signature)
    return Note(parsed.text, tuple(signatures)).to_str()
