"""The evidence log's proofs over the JSON API (public, no sign-in): inclusion, consistency, one entry.
Hashes are base64 (standard alphabet, as in checkpoints). Sizes and indices come in as query text and are
checked here, so a non-number, a number past 64 bits or one out of range is a 422 naming the parameter."""

from __future__ import annotations

import base64
from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from fawang.api.schemas import ErrorOut
from fawang.core.errors import FieldError, NotFound, ValidationFailed

from . import merkle, selectors

router = Router(tags=["ledger"])

_MAX = 2**63 - 1


def _b64(value: bytes) -> str:
    return base64.b64encode(bytes(value)).decode()


def _number(value: str, field: str) -> int:
    if not (value.isascii() and value.isdigit()) or len(value) > 19 or int(value) > _MAX:
        raise ValidationFailed(
            [FieldError("invalid_number", _("Give a whole number from 0 to 2^63-1."), field)]
        )
    return int(value)


def _refusal(exc: merkle.ProofError) -> ValidationFailed:
    field, message = {
        "size_too_small": ("size", _("A tree size is at least 1.")),
        "size_too_large": ("size", _("The log does not have that many entries yet.")),
        "old_too_small": ("old", _("A tree size is at least 1.")),
        "old_too_large": ("old", _("The log does not have that many entries yet.")),
        "new_too_small": ("new", _("A tree size is at least 1.")),
        "new_too_large": ("new", _("The log does not have that many entries yet.")),
        "index_out_of_range": ("index", _("The index must be below the tree size.")),
        "old_after_new": ("old", _("The old size must not exceed the new size.")),
    }.get(exc.code, (None, str(exc)))
    return ValidationFailed([FieldError(exc.code, message, field)])


class InclusionOut(Schema):
    index: int
    tree_size: int
    leaf_hash: str = Field(..., description="base64 of SHA-256(0x00 || entry)")
    root_hash: str = Field(..., description="base64 root of the tree of `tree_size` entries")
    hashes: list[str] = Field(..., description="The audit path, leaf side first (RFC 9162 §2.1.3), base64")
    checkpoint: str | None = Field(None, description="The signed checkpoint of that size, if one was signed")


class ConsistencyOut(Schema):
    old_size: int
    new_size: int
    old_root_hash: str
    new_root_hash: str
    hashes: list[str] = Field(..., description="The consistency proof (RFC 9162 §2.1.4), base64")


class EntryOut(Schema):
    index: int
    kind: str
    body: str = Field(..., description="base64 of the entry bytes as served in the entry bundles")
    leaf_hash: str
    entered_at: datetime


@router.get(
    "/proofs/inclusion",
    response={200: InclusionOut, 422: ErrorOut},
    summary="Inclusion proof of an entry in a tree size",
    auth=None,
)
def inclusion(request: HttpRequest, index: str, size: str) -> InclusionOut:
    at, tree_size = _number(index, "index"), _number(size, "size")
    try:
        proof = selectors.inclusion_proof_for(at, tree_size)
        root = selectors.root_at(tree_size)
    except merkle.ProofError as exc:
        raise _refusal(exc) from None
    found = selectors.entry(at)
    if found is None:  # below the head, so stored: only a damaged log lacks it (ledger_verify names it)
        raise NotFound("ledger_entry_not_found", _("The log has no entry at this index."), "index")
    checkpoint = selectors.checkpoint_at(tree_size)
    return InclusionOut(
        index=at,
        tree_size=tree_size,
        leaf_hash=_b64(found.leaf_hash),
        root_hash=_b64(root),
        hashes=[_b64(h) for h in proof],
        checkpoint=checkpoint.note if checkpoint else None,
    )


@router.get(
    "/proofs/consistency",
    response={200: ConsistencyOut, 422: ErrorOut},
    summary="Consistency proof between two tree sizes",
    auth=None,
)
def consistency(request: HttpRequest, old: str, new: str) -> ConsistencyOut:
    old_size, new_size = _number(old, "old"), _number(new, "new")
    try:
        proof = selectors.consistency_proof_between(old_size, new_size)
        old_root, new_root = selectors.root_at(old_size), selectors.root_at(new_size)
    except merkle.ProofError as exc:
        raise _refusal(exc) from None
    return ConsistencyOut(
        old_size=old_size,
        new_size=new_size,
        old_root_hash=_b64(old_root),
        new_root_hash=_b64(new_root),
        hashes=[_b64(h) for h in proof],
    )


@router.get(
    "/entries/{index}",
    response={200: EntryOut, 404: ErrorOut, 422: ErrorOut},
    summary="One log entry",
    auth=None,
)
def entry_detail(request: HttpRequest, index: str) -> EntryOut:
    found = selectors.entry(_number(index, "index"))
    if found is None:
        raise NotFound("ledger_entry_not_found", _("The log has no entry at this index."), "index")
    return EntryOut(
        index=found.index,
        kind=found.kind,
        body=_b64(found.body),
        leaf_hash=_b64(found.leaf_hash),
        entered_at=found.created_at,
    )
