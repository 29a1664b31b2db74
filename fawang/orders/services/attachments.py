"""Files sent with an order: checked by their first bytes, stored outside the database by SHA-256."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import secrets
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.core.errors import ErrorCollector, FieldError, ValidationFailed

from ..enums import ErrorCode

MAX_ATTACHMENTS = 10
# bytes are the file's.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
# GB 32100-2015 unified social credit code: 18 characters from this alphabet, last one a check char.


def sniff(head: bytes) -> str | None:
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def check_attachments(attachments: Sequence[Any], errors: ErrorCollector) -> list[tuple[Any, str]]:
    """Size and sniffed type of each file; returns (file, content type) for the good ones."""
    if len(attachments) > MAX_ATTACHMENTS:
        errors.add(
            "attachments",
            ErrorCode.ATTACHMENT_TOO_MANY,
            _("At most %(n)d files can be attached. Put several pages into one PDF, or bring the rest later.")
            % {"n": MAX_ATTACHMENTS},
        )
        return []
    allowed = settings.FAWANG_ATTACHMENT_TYPES
    limit = settings.FAWANG_ATTACHMENT_MAX_BYTES
    good: list[tuple[Any, str]] = []
    for upload in attachments:
        name = getattr(upload, "name", "") or "file"
        if upload.size > limit:
            errors.add(
                "attachments",
                ErrorCode.ATTACHMENT_TOO_LARGE,
                _(
                    "%(name)s is larger than %(mb)d MB. Scan it at a lower resolution or split it into smaller files, then attach it again."
                )
                % {"name": name, "mb": limit // (1024 * 1024)},
            )
            continue
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        content_type = sniff(head)
        if content_type not in allowed:
            errors.add(
                "attachments",
                ErrorCode.ATTACHMENT_TYPE,
                _(
                    "%(name)s is not a PDF, JPEG or PNG file. Save or scan it as one of these, then attach it again."
                )
                % {"name": name},
            )
            continue
        good.append((upload, content_type))
    return good


def store_attachment(upload: Any, content_type: str, written: list[Path]) -> tuple[str, str, int]:
    """Write the file under MEDIA_ROOT by its SHA-256 (identical files are stored once). Paths this call
    created are appended to `written` so a failed intake can delete them again."""
    root = Path(settings.MEDIA_ROOT) / "attachments"
    root.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=root, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            upload.seek(0)
            for chunk in (
                upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b"")
            ):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        if size > settings.FAWANG_ATTACHMENT_MAX_BYTES:  # the declared size lied
            raise ValidationFailed(
                [
                    FieldError(
                        ErrorCode.ATTACHMENT_TOO_LARGE,
                        _(
                            "%(name)s is larger than %(mb)d MB. Scan it at a lower resolution or split it into smaller files, then attach it again."
                        )
                        % {"name": upload.name, "mb": settings.FAWANG_ATTACHMENT_MAX_BYTES // (1024 * 1024)},
                        "attachments",
                    )
                ]
            )
        sha = digest.hexdigest()
        storage_name = f"attachments/{sha[:2]}/{sha}{settings.FAWANG_ATTACHMENT_TYPES[content_type]}"
        target = Path(settings.MEDIA_ROOT) / storage_name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp_name, target)
            written.append(target)
        return sha, storage_name, size
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)


# ---- files kept while a form is corrected ----------------------------------------------------------
# A browser never sends a file input's content twice: when a form comes back with an error, what was
# uploaded is gone unless we keep it. The good files of a failed submission are kept under
# MEDIA_ROOT/pending/ with a random name, and the form carries a signed token naming them (a browser can
# neither forge one for files it did not upload nor alter the names and sizes shown). The next
# submission hands them to the service with the new uploads; `purge_pending_attachments` deletes what
# was never sent (docs/deploy.md).

PENDING_SALT = "fawang.orders.pending-attachments"
PENDING_MAX_AGE = dt.timedelta(hours=24)


@dataclass(frozen=True)
class PendingAttachment:
    """A checked upload waiting for its form to be corrected."""

    key: str  # random, the stored file's name
    name: str
    content_type: str
    size: int

    @property
    def path(self) -> Path:
        return _pending_root() / self.key


def _pending_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "pending"


def pending_attachments_keep(uploads: Sequence[Any], errors: ErrorCollector) -> list[PendingAttachment]:
    """Check `uploads` (size, sniffed type; problems into `errors`) and keep the good ones."""
    kept: list[PendingAttachment] = []
    root = _pending_root()
    for upload, content_type in check_attachments(list(uploads), errors):
        root.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(16)
        size = 0
        with open(root / key, "wb") as out:
            upload.seek(0)
            for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
                size += len(chunk)
                out.write(chunk)
        kept.append(PendingAttachment(key, (upload.name or "file")[:255], content_type, size))
    return kept


def pending_attachments_token(kept: Sequence[PendingAttachment]) -> str:
    return signing.dumps([[p.key, p.name, p.content_type, p.size] for p in kept], salt=PENDING_SALT)


def pending_attachments_from_token(token: str) -> list[PendingAttachment]:
    """The files a token names that are still kept; nothing for a forged, altered or expired token."""
    if not token:
        return []
    try:
        rows = signing.loads(token, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return []
    kept = []
    for key, name, content_type, size in rows:
        item = PendingAttachment(str(key), str(name), str(content_type), int(size))
        if item.path.is_file():
            kept.append(item)
    return kept


def pending_attachments_open(kept: Sequence[PendingAttachment]) -> list[File]:
    """The kept files as uploads the intake can check and store like new ones (close them after)."""
    return [File(open(item.path, "rb"), name=item.name) for item in kept]


def pending_attachments_discard(kept: Sequence[PendingAttachment]) -> None:
    for item in kept:
        with contextlib.suppress(FileNotFoundError):
            item.path.unlink()


def pending_attachments_purge(*, now: dt.datetime | None = None) -> int:
    """Delete kept files older than PENDING_MAX_AGE (their tokens have expired); returns how many."""
    cutoff = (now or timezone.now()).timestamp() - PENDING_MAX_AGE.total_seconds()
    root = _pending_root()
    removed = 0
    if root.is_dir():
        for path in root.iterdir():
            if path.is_file() and path.stat().st_mtime < cutoff:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed += 1
    return removed


# ---- materials sent by the applicant (补正) ----------------------------------------------------------

NOTE_MAX = 2000


def order_materials_send(*, actor: Any, order: Any, files: Sequence[Any], note: str = "") -> Any:
    """The applicant sends the materials a handler asked for while the order awaits them. The files
    are stored like intake's, one public "materials sent" event names them, and the handler owes the
    next step (check them and resume). Only the applicant's own orders (policy.can_see_order of a
    citizen); another order is "not found". Returns the event."""
    from fawang.accounts import policy
    from fawang.core.errors import Conflict, NotFound

    from ..engine import order_event_add
    from ..enums import EventKind, OrderStatus
    from ..models import Attachment, ServiceOrder

    if not (getattr(actor, "is_citizen", False) and policy.can_see_order(actor, order)):
        raise NotFound(ErrorCode.ORDER_NOT_FOUND, _("No such service order."), "tracking_no")
    errors = ErrorCollector()
    text = (note or "").strip()
    if len(text) > NOTE_MAX:
        errors.add("note", ErrorCode.DESCRIPTION_TOO_LONG, _("At most %(n)d characters.") % {"n": NOTE_MAX})
    if not files:
        errors.add("attachments", ErrorCode.REQUIRED, _("Choose at least one file to send."))
    good = check_attachments(list(files), errors)
    errors.raise_if_any()
    written: list[Path] = []
    try:
        with transaction.atomic():
            # The lock orders this after a handler's resume: materials reach an order still waiting.
            order = ServiceOrder.objects.select_for_update().get(pk=order.pk)
            if order.status != OrderStatus.SUSPENDED:
                raise Conflict(
                    ErrorCode.MATERIALS_NOT_REQUESTED,
                    _("No materials are requested for this order now."),
                    "attachments",
                )
            names = []
            for upload, content_type in good:
                sha, storage_name, size = store_attachment(upload, content_type, written)
                Attachment.objects.create(
                    order=order,
                    original_name=(upload.name or "file")[:255],
                    content_type=content_type,
                    size=size,
                    sha256=sha,
                    storage_name=storage_name,
                    uploaded_by=actor,
                )
                names.append((upload.name or "file")[:255])
            return order_event_add(
                order,
                EventKind.MATERIALS_SENT,
                actor=actor,
                reason=text,
                data={"attachments": names},
                channel="web",
            )
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
