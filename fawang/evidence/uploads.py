"""Streaming an evidence file to disk while hashing it (issue 12 part B item 5: any size up to a limit).

`EvidenceUploadHandler` replaces Django's two default handlers for the evidence upload page only (the
view names it, `InputGuardMiddleware` installs it before anything reads the body): every chunk the
multipart parser hands over is added to a SHA-256 and written to a temporary file under
MEDIA_ROOT/evidence/, so neither a small nor a large file is ever held whole in memory. A file past
`FAWANG_EVIDENCE_MAX_BYTES` is dropped at the chunk that crosses the limit (its part of the body is read
and discarded, the temporary file deleted) and the view says so in the user's language."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest


def evidence_root() -> Path:
    root = Path(settings.MEDIA_ROOT) / "evidence"
    root.mkdir(parents=True, exist_ok=True)
    return root


class HashedUpload(UploadedFile):
    """An uploaded file already on disk, with its SHA-256 and size counted while it arrived."""

    def __init__(self, *, path: str, name: str, content_type: str, size: int, sha256: str) -> None:
        super().__init__(open(path, "rb"), name=name, content_type=content_type, size=size)  # noqa: SIM115
        self.path = path
        self.sha256 = sha256

    def temporary_file_path(self) -> str:
        return self.path

    def discard(self) -> None:
        """Close and delete the temporary file (the service has moved it away when it kept it)."""
        self.file.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)


class EvidenceUploadHandler(FileUploadHandler):
    chunk_size = 256 * 1024

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = int(settings.FAWANG_EVIDENCE_MAX_BYTES)
        self.too_large: list[str] = []  # names of files dropped over the limit, for the view
        self._out: Any = None
        self._tmp = ""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self._digest = hashlib.sha256()
        self._size = 0
        fd, self._tmp = tempfile.mkstemp(dir=evidence_root(), prefix=".upload-")
        self._out = os.fdopen(fd, "wb")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self._size += len(raw_data)
        if self._size > self.limit:
            self.too_large.append(self.file_name or "")
            self._drop()
            raise SkipFile
        self._digest.update(raw_data)
        self._out.write(raw_data)
        return None  # nothing for later handlers: this one keeps the file

    def file_complete(self, file_size: int) -> HashedUpload | None:
        self._out.close()
        self._out = None
        return HashedUpload(
            path=self._tmp,
            name=self.file_name or "",
            content_type=self.content_type or "application/octet-stream",
            size=self._size,
            sha256=self._digest.hexdigest(),
        )

    def upload_interrupted(self) -> None:
        self._drop()

    def _drop(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
        if self._tmp:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._tmp)
