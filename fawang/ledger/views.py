"""The log as C2SP tlog-tiles under /log/: checkpoint, tiles, entry bundles and the verifier key. Public,
no sign-in; thin views over the selectors (docs/adr/0023)."""

from __future__ import annotations

import gzip

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from . import merkle, selectors

# Full tiles and bundles never change: a year, immutable. A partial tile's bytes never change either, but
# it is dropped once the full one exists, so caches keep it briefly; the checkpoint moves.
IMMUTABLE = "public, max-age=31536000, immutable"
PARTIAL = "public, max-age=60"
MUTABLE = "no-cache"
TEXT = "text/plain; charset=utf-8"
BINARY = "application/octet-stream"


def _level(text: str) -> int:
    if text != str(int(text)) or not 0 <= int(text) <= 63:
        raise Http404
    return int(text)


def _index(text: str) -> int:
    try:
        index = merkle.parse_tile_path_index(text)
    except ValueError:
        raise Http404 from None
    if index >= 2**55:  # past any tree of 2**63 entries, and past a 64-bit column
        raise Http404
    return index


def _width(text: str | None) -> int | None:
    if text is None:
        return None
    if text != str(int(text)) or not 1 <= int(text) <= merkle.TILE_WIDTH - 1:
        raise Http404
    return int(text)


def _binary(body: bytes, width: int | None, request: HttpRequest | None = None) -> HttpResponse:
    response = HttpResponse(content_type=BINARY)
    if request is not None and "gzip" in request.headers.get("Accept-Encoding", ""):
        body = gzip.compress(body, mtime=0)
        response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding"
    response.content = body
    response["Cache-Control"] = IMMUTABLE if width is None else PARTIAL
    return response


@require_safe
def checkpoint(request: HttpRequest) -> HttpResponse:
    """The latest signed checkpoint, with every cosignature it has gathered."""
    latest = selectors.latest_checkpoint()
    if latest is None:
        raise Http404
    response = HttpResponse(latest.note, content_type=TEXT)
    response["Cache-Control"] = MUTABLE
    return response


@require_safe
def tile(request: HttpRequest, level: str, index: str, width: str | None = None) -> HttpResponse:
    body = selectors.tile_bytes(_level(level), _index(index), _width(width))
    if body is None:
        raise Http404
    return _binary(body, _width(width))


@require_safe
def entries(request: HttpRequest, index: str, width: str | None = None) -> HttpResponse:
    body = selectors.entry_bundle(_index(index), _width(width))
    if body is None:
        raise Http404
    return _binary(body, _width(width), request)


@require_safe
def verifier_key(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(selectors.log_verifier_key() + "\n", content_type=TEXT)
    response["Cache-Control"] = "public, max-age=3600"
    return response
