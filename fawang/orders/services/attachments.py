"""Files sent with an order: checked by their first bytes, stored outside the database by SHA-256."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
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
