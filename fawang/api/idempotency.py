"""`Idempotency-Key` for the API's POST endpoints (ADR 0010).

A mobile app on a weak rural link, or a partner system behind a flaky gateway, retries a POST it never
saw the answer to. With the same key and the same body the retry gets the first response again (same
tracking number, no second order) and the header `Idempotent-Replayed: true`. The key is remembered
for 24 hours per caller.

How it stays correct when two retries race: the record row is inserted (and committed) *before* the
handler runs; the unique (scope, key) constraint lets exactly one request claim a key. The other sees
the row still in flight and gets 409 `idempotency_in_progress`. The handler's work and the stored
response are then committed in one transaction, so a crash leaves neither an order without its record
nor a record without its order; an in-flight row whose request died is taken over after a minute.
Only successful (2xx) responses are kept: a refused request changed nothing, so the client may fix it
and send it again under the same key.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Status
from pydantic import BaseModel

from fawang.core.errors import Conflict, FieldError, ValidationFailed

from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
RETENTION = timedelta(hours=24)
# A claimed key whose request has not finished after this long belongs to a request that died.
ABANDONED_AFTER = timedelta(minutes=1)
MAX_KEY_LENGTH = 255


def request_fingerprint(method: str, path: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def caller_scope(request: HttpRequest) -> str:
    """Keys are per caller, so two partner systems choosing the same key never see each other's
    responses. Anonymous callers (a rating by phone) share one scope; their body names the order."""
    actor = getattr(request, "auth", None)
    actor = getattr(actor, "user", actor)  # an ApiToken or a User, whichever the auth returned
    pk = getattr(actor, "pk", None)
    if pk is not None and getattr(actor, "is_authenticated", False):
        return f"user:{pk}"
    return "anonymous"


def _render(request: HttpRequest, result: Any) -> HttpResponse:
    """The handler's result as the exact JSON response, so the first answer and a replay are the same
    bytes. Handlers return `Status(code, schema_instance)`."""
    from fawang.api.api import api  # the NinjaAPI imports this module's users

    if isinstance(result, HttpResponse):
        return result
    status = 200
    if isinstance(result, Status):
        status, result = result.status_code, result.value
    if isinstance(result, BaseModel):
        result = result.model_dump(by_alias=True)
    return api.create_response(request, result, status=status)


def _invalid_key(message: str) -> ValidationFailed:
    return ValidationFailed([FieldError("idempotency_key_invalid", message, HEADER)])


def _replay(request: HttpRequest, record: IdempotencyRecord) -> HttpResponse:
    from fawang.api.api import api

    response = api.create_response(request, record.response_body, status=record.response_status)
    response[REPLAYED_HEADER] = "true"
    return response


def _claim(*, scope: str, key: str, method: str, path: str, fingerprint: str) -> IdempotencyRecord:
    """Insert the in-flight row, or answer from the row already there. Returns the record: in flight
    when this request now owns the key, completed when it should be replayed; raises otherwise."""
    now = timezone.now()
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(
                scope=scope, key=key, method=method, path=path, request_hash=fingerprint, created_at=now
            )
    except IntegrityError:
        pass  # someone holds this key: decide below from what they stored

    existing = IdempotencyRecord.objects.get(scope=scope, key=key)
    expired = existing.created_at <= now - RETENTION
    abandoned = existing.in_flight and existing.created_at <= now - ABANDONED_AFTER
    if expired or (abandoned and existing.request_hash == fingerprint):
        # Take the key over with a conditional update so only one of several racing retries wins.
        taken = IdempotencyRecord.objects.filter(pk=existing.pk, created_at=existing.created_at).update(
            method=method,
            path=path,
            request_hash=fingerprint,
            response_status=None,
            response_body=None,
            created_at=now,
            completed_at=None,
        )
        if taken == 1:
            existing.refresh_from_db()
            return existing
        raise Conflict(
            "idempotency_in_progress",
            _("A request with this Idempotency-Key is still being processed; retry in a moment."),
            HEADER,
        )
    if existing.request_hash != fingerprint:
        raise ValidationFailed(
            [
                FieldError(
                    "idempotency_key_reused",
                    _(
                        "This Idempotency-Key was already used for a different request; "
                        "use a new key for a new request."
                    ),
                    HEADER,
                )
            ]
        )
    if existing.in_flight:
        raise Conflict(
            "idempotency_in_progress",
            _("A request with this Idempotency-Key is still being processed; retry in a moment."),
            HEADER,
        )
    return existing


def idempotent(
    view: Callable[..., Any] | None = None, *, body: Callable[[HttpRequest], bytes] | None = None
) -> Any:
    """Honour `Idempotency-Key` on a POST handler. Put it under the router decorator:

    @router.post("", response={201: OrderOut})
    @idempotent
    def order_create(request, payload: OrderIn): ...

    `body(request)`: what stands for the body in the request's fingerprint, for a streamed upload
    whose body is never held whole (the file's SHA-256, counted while it arrived)."""
    if view is None:
        return functools.partial(idempotent, body=body)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = (request.headers.get(HEADER) or "").strip()
        if not key:
            return _render(request, view(request, *args, **kwargs))
        if len(key) > MAX_KEY_LENGTH or not key.isprintable():
            raise _invalid_key(
                _("Idempotency-Key must be at most %(n)s printable characters.") % {"n": MAX_KEY_LENGTH}
            )

        record = _claim(
            scope=caller_scope(request),
            key=key,
            method=request.method or "POST",
            path=request.path,
            fingerprint=request_fingerprint(
                request.method or "POST", request.path, body(request) if body else request.body
            ),
        )
        if not record.in_flight:
            return _replay(request, record)

        try:
            with transaction.atomic():
                response = _render(request, view(request, *args, **kwargs))
                if 200 <= response.status_code < 300:
                    IdempotencyRecord.objects.filter(pk=record.pk).update(
                        response_status=response.status_code,
                        response_body=json.loads(response.content or b"null"),
                        completed_at=timezone.now(),
                    )
                    return response
        except BaseException:
            # Nothing was done (the transaction rolled back): free the key for a corrected retry.
            IdempotencyRecord.objects.filter(pk=record.pk, response_status__isnull=True).delete()
            raise
        IdempotencyRecord.objects.filter(pk=record.pk, response_status__isnull=True).delete()
        return response

    return wrapper


def idempotency_records_purge(*, older_than: timedelta = RETENTION) -> int:
    """Delete keys past their 24 hours. Returns how many were deleted."""
    deleted, _by_model = IdempotencyRecord.objects.filter(
        created_at__lte=timezone.now() - older_than
    ).delete()
    return deleted
