"""Preserving a file (存证): store it by its SHA-256, enter the hash in the evidence log, keep the row.

The file arrives already on disk and hashed (uploads.EvidenceUploadHandler). It is moved into the
content-addressed store (MEDIA_ROOT/evidence/<2>/<sha256>: the same bytes are kept once), then one
transaction appends the log entry (kind and hash only: the log is public), creates the row with the
file's name encrypted, and writes the audit entry. A file moved in by a transaction that then failed is
an orphan named by its hash alone, never a half-saved preservation.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.audit.services import audit_record
from fawang.core.errors import FieldError, Forbidden, ValidationFailed
from fawang.core.types import Actor
from fawang.ledger.entries import hash_data
from fawang.ledger.services import ledger_append
from fawang.ledger.witness_tasks import ledger_checkpoint_and_witness

from .enums import ENTRY_KIND, ErrorCode
from .models import PreservedFile
from .uploads import HashedUpload, evidence_root


def _clean_name(name: str) -> str:
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if ch.isprintable()).strip()
    return Path(name).name[:255] or "file"


def evidence_preserve(*, actor: Actor, upload: HashedUpload) -> PreservedFile:
    """Preserve one uploaded file for `actor` and enter it in the log. The same file preserved again by
    the same account is the preservation it already has (its receipt already proves the earlier time)."""
    if not policy.may_preserve_evidence(actor):
        raise Forbidden(
            ErrorCode.NOT_ALLOWED, _("Only a signed-in citizen or enterprise account can preserve files.")
        )
    if upload.size == 0:
        raise ValidationFailed([FieldError(ErrorCode.EMPTY_FILE, _("The file is empty."), "file")])
    if upload.size > settings.FAWANG_EVIDENCE_MAX_BYTES:
        raise ValidationFailed([too_large_error()])
    existing = PreservedFile.objects.filter(
        owner=actor, sha256=upload.sha256, file_deleted_at__isnull=True
    ).first()
    if existing is not None:
        upload.discard()
        return existing
    storage_name = f"evidence/{upload.sha256[:2]}/{upload.sha256}"
    target = Path(settings.MEDIA_ROOT) / storage_name
    evidence_root()
    if target.exists():
        upload.discard()
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        upload.file.close()
        os.replace(upload.path, target)
    with transaction.atomic():
        entry = ledger_append(kind=ENTRY_KIND, data=hash_data(upload.sha256))
        row = PreservedFile.objects.create(
            owner=actor,
            name=_clean_name(upload.name or ""),
            content_type=(upload.content_type or "application/octet-stream")[:100],
            size=upload.size,
            sha256=upload.sha256,
            storage_name=storage_name,
            entry_index=entry.index,
            kept_until=retention_end(timezone.localdate()),
        )
        audit_record(
            actor=actor,
            action="evidence.preserve",
            entity=row,
            before=None,
            after={"sha256": row.sha256, "size": row.size, "entry_index": row.entry_index},
        )
        # The receipt needs a checkpoint that covers the entry; witnesses are asked outside the transaction.
        transaction.on_commit(ledger_checkpoint_and_witness.enqueue)
    return row


def too_large_error() -> FieldError:
    limit = filesizeformat(settings.FAWANG_EVIDENCE_MAX_BYTES)
    return FieldError(
        ErrorCode.TOO_LARGE,
        _("The file is larger than %(limit)s, the most that can be preserved at once.") % {"limit": limit},
        "file",
    )


def retention_end(preserved_on: dt.date) -> dt.date | None:
    """The last day the stored copy is kept (FAWANG_EVIDENCE_RETENTION_DAYS; 0: None, without end)."""
    days = int(settings.FAWANG_EVIDENCE_RETENTION_DAYS)
    return preserved_on + dt.timedelta(days=days) if days > 0 else None


def evidence_retention_sweep(*, today: dt.date | None = None) -> int:
    """Delete the stored copies whose retention ended before `today` (manage.py evidence_retention,
    daily). A copy still named by another preservation that is kept (the same bytes preserved by
    another account) stays on disk. The row and the log entry are never removed: the receipt still
    proves the hash and the time. Returns how many preservations lost their copy."""
    today = today or timezone.localdate()
    done = 0
    due = PreservedFile.objects.filter(kept_until__lt=today, file_deleted_at__isnull=True).order_by("id")
    for row in due.iterator():
        with transaction.atomic():
            won = PreservedFile.objects.filter(pk=row.pk, file_deleted_at__isnull=True).update(
                file_deleted_at=timezone.now()
            )
            if not won:
                continue
            still_kept = (
                PreservedFile.objects.filter(storage_name=row.storage_name, file_deleted_at__isnull=True)
                .exclude(pk=row.pk)
                .exists()
            )
            if not still_kept:
                path = Path(settings.MEDIA_ROOT) / row.storage_name
                transaction.on_commit(lambda path=path: path.unlink(missing_ok=True))
            audit_record(
                actor=None,
                action="evidence.retention_end",
                entity=row,
                before={"kept_until": row.kept_until.isoformat()},
                after={"file_deleted": not still_kept, "entry_index": row.entry_index},
            )
            done += 1
    return done
