"""Streamed uploads through the API (issue 12: evidence preservation). The API refuses bodies over
FAWANG_API_MAX_BODY_BYTES before reading them, and Django would parse a multipart body with its own
handlers (in memory up to 2.5 MB) as soon as anything reads it — the session auth's CSRF check
included. An operation that takes large files registers its path here, from its app's `api` module:
`ApiErrorBodyMiddleware` then allows that path its own limit and installs the operation's upload
handlers before anything reads the body (as `InputGuardMiddleware` does for a page that names its
`upload_handlers`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest


@dataclass(frozen=True)
class StreamedUpload:
    handlers: Callable[[HttpRequest], list[FileUploadHandler]]
    max_bytes: Callable[[], int]  # the body limit of this path (a setting read per request)


_BY_PATH: dict[str, StreamedUpload] = {}


def streamed_upload_register(path: str, upload: StreamedUpload) -> None:
    """`path`: the operation's full path (/api/v1/evidence/files), POST only."""
    _BY_PATH[path.rstrip("/")] = upload


def streamed_upload_for(request: HttpRequest) -> StreamedUpload | None:
    if request.method != "POST":
        return None
    return _BY_PATH.get(request.path_info.rstrip("/"))
