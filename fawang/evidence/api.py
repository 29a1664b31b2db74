"""Evidence preservation in the API (issue 12, part B item 5): `POST /api/v1/evidence/files` streams a
file to disk while hashing it (the same upload handler as the page, installed before the body is read:
fawang/api/uploads.py) and enters it in the log, honouring `Idempotency-Key` with the file's SHA-256
standing for the body; `GET /api/v1/evidence/files` lists the caller's preserved files; the receipt
(C2SP tlog-proof) is public per log index; `POST /api/v1/evidence/verify` checks a receipt, and
optionally the original file, with nothing but the log's public key, as the public page does."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from fawang.accounts import policy
from fawang.api.auth import OptionalCitizenAuth
from fawang.api.idempotency import idempotent
from fawang.api.schemas import BODY_ERROR_RESPONSES, ERROR_RESPONSES, ErrorOut
from fawang.api.uploads import StreamedUpload, streamed_upload_register
from fawang.core.context import client_ip
from fawang.core.errors import DomainError, FieldError, Forbidden, NotFound, ValidationFailed
from fawang.core.ratelimit import attempt_exceeds_limit
from fawang.ledger import receipt_issue
from fawang.ledger.receipts import verify_receipt
from fawang.ledger.tlog import RECEIPT_MAX_BYTES

from . import selectors, services
from .enums import ErrorCode
from .uploads import EvidenceUploadHandler, HashedUpload

router = Router(tags=["evidence preservation"])

# As fawang/orders/api_access (this app sits below orders, so it says it again).
IDEMPOTENCY_OPENAPI = {
    "parameters": [
        {
            "in": "header",
            "name": "Idempotency-Key",
            "required": False,
            "schema": {"type": "string", "maxLength": 255},
            "description": "Any unique string per request (a UUID). A retry with the same key and the same "
            "file within 24 hours gets the first response with `Idempotent-Replayed: true`.",
        }
    ]
}


class _NotAuthenticated(DomainError):
    status = 401


def _signed_in(request: HttpRequest) -> Any:
    """The account the endpoint's auth recognised (token, or session with CSRF); 401 without one."""
    auth = getattr(request, "auth", None)
    user = getattr(auth, "user", auth)
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        raise _NotAuthenticated("not_authenticated", _("Sign in or send a valid bearer token."), None)
    return user


CHECK_LIMIT, CHECK_WINDOW_SECONDS = 30, 10 * 60  # as the public page


def _handlers(request: HttpRequest) -> list[Any]:
    return [EvidenceUploadHandler(request)]


for _path in ("/api/v1/evidence/files", "/api/v1/evidence/verify"):
    streamed_upload_register(
        _path, StreamedUpload(handlers=_handlers, max_bytes=lambda: int(settings.FAWANG_EVIDENCE_MAX_BYTES))
    )


def _too_large(request: HttpRequest) -> bool:
    return any(getattr(h, "too_large", None) for h in getattr(request, "upload_handlers", []))


def _file_hash(request: HttpRequest) -> bytes:
    """What stands for the body in the Idempotency-Key fingerprint: the file's SHA-256."""
    upload = request.FILES.get("file")
    return upload.sha256.encode() if isinstance(upload, HashedUpload) else b""


def _discarding(view: Callable[..., Any]) -> Callable[..., Any]:
    """Delete what the upload handler wrote to disk once the answer is made (the service has moved away
    the file it keeps; a replayed or refused request keeps nothing)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return view(request, *args, **kwargs)
        finally:
            for _name, uploads in request.FILES.lists():
                for upload in uploads:
                    if isinstance(upload, HashedUpload):
                        upload.discard()

    return wrapped


class PreservedOut(Schema):
    id: int
    name: str
    size: int = Field(description="Bytes")
    sha256: str
    entry_index: int = Field(description="The entry's index in the evidence log")
    preserved_at: dt.datetime
    kept_until: dt.date | None = Field(description="The stored copy is deleted after this day (retention)")
    file_deleted_at: dt.datetime | None = Field(
        description="When the stored copy was deleted; the log entry stays"
    )
    receipt_url: str = Field(description="The C2SP tlog-proof receipt (public)")
    receipt_pdf_url: str


def _out(row: Any) -> dict[str, Any]:
    return {
        "id": row.pk,
        "name": row.name,
        "size": row.size,
        "sha256": row.sha256,
        "entry_index": row.entry_index,
        "preserved_at": row.created_at,
        "kept_until": row.kept_until,
        "file_deleted_at": row.file_deleted_at,
        "receipt_url": reverse("api-v1:evidence_receipt", args=[row.entry_index]),
        "receipt_pdf_url": reverse("evidence:receipt_pdf", args=[row.entry_index]),
    }


@router.post(
    "/files",
    response={201: PreservedOut, **BODY_ERROR_RESPONSES},
    auth=[OptionalCitizenAuth()],
    summary="Preserve a file (存证): streamed, hashed, entered in the evidence log",
    description="`multipart/form-data` with one part `file`, at most FAWANG_EVIDENCE_MAX_BYTES. A signed-in "
    "citizen or enterprise account (bearer token, or the session with its CSRF token). The same file "
    "preserved again by the same account answers with the preservation it already has.",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@_discarding
@idempotent(body=_file_hash)
def evidence_file_create(request: HttpRequest) -> Any:
    actor = _signed_in(request)
    if not policy.may_preserve_evidence(actor):
        raise Forbidden(
            ErrorCode.NOT_ALLOWED, _("Only a signed-in citizen or enterprise account can preserve files.")
        )
    if _too_large(request):
        raise ValidationFailed([services.too_large_error()])
    upload = request.FILES.get("file")
    if not isinstance(upload, HashedUpload):
        raise ValidationFailed([FieldError(ErrorCode.NO_FILE, _("Choose a file to preserve."), "file")])
    row = services.evidence_preserve(actor=actor, upload=upload)
    return Status(201, _out(row))


@router.get(
    "/files",
    response={200: list[PreservedOut], **ERROR_RESPONSES},
    auth=[OptionalCitizenAuth()],
    summary="The caller's preserved files, newest first (at most 200)",
)
def evidence_file_list(request: HttpRequest) -> Any:
    actor = _signed_in(request)
    return [_out(row) for row in selectors.preserved_files_of(actor=actor)[:200]]


@router.get(
    "/receipts/{index}",
    response={200: None, **ERROR_RESPONSES},
    auth=None,
    url_name="evidence_receipt",
    summary="An entry's receipt: a C2SP tlog-proof@v1 file (text), public",
)
def evidence_receipt(request: HttpRequest, index: int) -> HttpResponse:
    receipt = receipt_issue.receipt_for(index) if 0 <= index < 2**62 else None
    if receipt is None:
        raise NotFound(ErrorCode.NOT_FOUND, _("No log entry has this index yet."), "index")
    response = HttpResponse(receipt, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fawang-log-entry-{index}.tlog-proof"'
    return response


class ProblemOut(Schema):
    code: str
    message: str


class CheckOut(Schema):
    ok: bool
    problems: list[ProblemOut]
    index: int | None
    tree_size: int | None
    witnesses: list[str]
    quorum: int
    original_checked: bool = Field(description="The original file was compared with the hash in the entry")


@router.post(
    "/verify",
    response={200: CheckOut, 429: ErrorOut, **BODY_ERROR_RESPONSES},
    auth=None,
    summary="Check a receipt, and optionally the original file, against the log's public key",
    description="`multipart/form-data`: `receipt` (the .tlog-proof file) and optionally `original`. "
    f"At most {CHECK_LIMIT} checks per connection in 10 minutes. Nothing is kept.",
)
@_discarding
def evidence_verify(request: HttpRequest) -> Any:
    if attempt_exceeds_limit(
        "receipt-check", client_ip(request), limit=CHECK_LIMIT, window_seconds=CHECK_WINDOW_SECONDS
    ):
        raise _TooMany("rate_limited", _("Too many checks from this connection; try again later."), None)
    if _too_large(request):
        raise ValidationFailed([services.too_large_error()])
    receipt = request.FILES.get("receipt")
    if receipt is None:
        raise ValidationFailed([FieldError("receipt_required", _("Choose the receipt file."), "receipt")])
    if receipt.size > RECEIPT_MAX_BYTES:
        raise ValidationFailed(
            [
                FieldError(
                    "receipt_too_large",
                    _("A receipt is a small text file; this one is too large to be one."),
                    "receipt",
                )
            ]
        )
    original = request.FILES.get("original")
    receipt.seek(0)
    check = verify_receipt(
        receipt.read(),
        log_key=receipt_issue.log_key(),
        witness_keys=receipt_issue.witness_keys(),
        quorum=receipt_issue.witness_quorum(),
        original_sha256=original.sha256 if isinstance(original, HashedUpload) else None,
    )
    return {
        "ok": check.ok,
        "problems": [{"code": p.code, "message": str(p.message)} for p in check.problems],
        "index": check.index,
        "tree_size": check.tree_size,
        "witnesses": list(check.witnesses),
        "quorum": check.quorum,
        "original_checked": check.original_checked,
    }


class _TooMany(DomainError):
    status = 429
