"""Evidence preservation's pages: the citizen's preserved files with the upload form, the public receipt
downloads (the log is public, and an entry names no one), and the public verification page where anyone
checks a receipt, and optionally the original file, with nothing but the log's public key."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fawang.accounts import policy
from fawang.core.context import client_ip
from fawang.core.errors import DomainError
from fawang.core.ratelimit import attempt_exceeds_limit
from fawang.ledger import receipt_issue
from fawang.ledger.receipts import verify_receipt
from fawang.ledger.tlog import RECEIPT_MAX_BYTES
from fawang.ui.forms import add_domain_error

from . import selectors, services
from .forms import PreserveForm, VerifyForm
from .receipt_pdf import render_receipt_pdf
from .uploads import EvidenceUploadHandler, HashedUpload

# Enough for anyone checking their receipts; too few to use the page as a free hashing service.
CHECK_LIMIT = 30
CHECK_WINDOW_SECONDS = 10 * 60


def _streaming_uploads(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Name the view's upload handlers (InputGuardMiddleware installs them before the body is read), and
    delete what they wrote to disk once the response is made, whatever the view did (a redirect to sign
    in included): the service has moved away the file it keeps."""

    def handlers(request: HttpRequest) -> list[FileUploadHandler]:
        return [EvidenceUploadHandler(request)]

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        finally:
            if request.method == "POST":
                _discard(request)

    wrapped.upload_handlers = handlers  # type: ignore[attr-defined]
    return wrapped


def _uploads_too_large(request: HttpRequest) -> bool:
    return any(getattr(h, "too_large", None) for h in request.upload_handlers)


def _discard(request: HttpRequest) -> None:
    for uploads in request.FILES.lists():
        for upload in uploads[1]:
            if isinstance(upload, HashedUpload):
                upload.discard()


@_streaming_uploads
@login_required
@require_http_methods(["GET", "POST"])
def preserve(request: HttpRequest) -> HttpResponse:
    """存证: upload a file to preserve; the list of the account's preserved files with their receipts."""
    actor = request.user
    if not policy.may_preserve_evidence(actor):
        return redirect("web:staff_home")
    form = PreserveForm()
    status = 200
    if request.method == "POST":
        form = PreserveForm(request.POST, request.FILES)
        if _uploads_too_large(request):
            form.is_valid()
            form.errors.pop("file", None)
            form.add_error("file", services.too_large_error().message)
        elif form.is_valid():
            try:
                row = services.evidence_preserve(actor=actor, upload=form.cleaned_data["file"])
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                return redirect(f"{reverse('evidence:preserve')}?preserved={row.pk}#file-{row.pk}")
        status = 422
    files = list(selectors.preserved_files_of(actor=actor)[:200])
    preserved = request.GET.get("preserved", "")
    return render(
        request,
        "evidence/preserve.html",
        {
            "form": form,
            "files": files,
            "preserved": preserved,
            "max_bytes": settings.FAWANG_EVIDENCE_MAX_BYTES,
        },
        status=status,
    )


def _receipt_or_404(index: int) -> str:
    receipt = receipt_issue.receipt_for(index)
    if receipt is None:
        raise Http404
    return receipt


@require_GET
def receipt_download(request: HttpRequest, index: int) -> HttpResponse:
    """The entry's receipt, a C2SP tlog-proof@v1 file, with the newest witnessed checkpoint."""
    response = HttpResponse(_receipt_or_404(index), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fawang-log-entry-{index}.tlog-proof"'
    return response


@require_GET
def receipt_pdf(request: HttpRequest, index: int) -> HttpResponse:
    """The same receipt on one printable page, with a QR code to the verification page."""
    receipt = _receipt_or_404(index)
    verify_url = request.build_absolute_uri(reverse("evidence:verify"))
    response = HttpResponse(
        render_receipt_pdf(receipt, verify_url=verify_url), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="fawang-log-entry-{index}.pdf"'
    return response


@_streaming_uploads
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone, signed in or not: upload a receipt (and the original) and see whether it verifies and why."""
    context: dict[str, Any] = {"log_vkey": receipt_issue.log_key().vkey}
    if request.method != "POST":
        return render(request, "evidence/verify.html", {**context, "form": VerifyForm()})
    if attempt_exceeds_limit(
        "receipt-check", client_ip(request), limit=CHECK_LIMIT, window_seconds=CHECK_WINDOW_SECONDS
    ):
        response = render(
            request,
            "evidence/verify.html",
            {**context, "form": VerifyForm(), "rate_limited": True},
            status=429,
        )
        response["Retry-After"] = str(CHECK_WINDOW_SECONDS)
        return response
    form = VerifyForm(request.POST, request.FILES)
    if _uploads_too_large(request):
        form.is_valid()
        form.add_error(None, services.too_large_error().message)
        return render(request, "evidence/verify.html", {**context, "form": form}, status=422)
    if not form.is_valid():
        return render(request, "evidence/verify.html", {**context, "form": form}, status=422)
    receipt_file = form.cleaned_data["receipt"]
    if receipt_file.size > RECEIPT_MAX_BYTES:
        form.add_error("receipt", _("A receipt is a small text file; this one is too large to be one."))
        return render(request, "evidence/verify.html", {**context, "form": form}, status=422)
    receipt_file.seek(0)
    original = form.cleaned_data.get("original")
    check = verify_receipt(
        receipt_file.read(),
        log_key=receipt_issue.log_key(),
        witness_keys=receipt_issue.witness_keys(),
        quorum=receipt_issue.witness_quorum(),
        original_sha256=original.sha256 if original else None,
    )
    return render(request, "evidence/verify.html", {**context, "form": VerifyForm(), "check": check})
