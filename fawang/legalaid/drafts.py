"""Drafts of the web application (issue 11, item 1): a signed-in citizen saves a half-filled
application and resumes it later. The draft holds the form's fields as posted (encrypted at rest,
fawang.core.fields), one per citizen, for DRAFT_DAYS; sending the application deletes it. Files are
not kept in a draft (the page says so): they are kept only while a form is corrected (24 hours)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.audit.services import audit_record
from fawang.core.errors import FieldError, ValidationFailed

from .models import ApplicationDraft

DRAFT_DAYS = 30
DRAFT_MAX_CHARS = 20_000  # the form's text fields together; beyond it, not a half-filled form


def _citizen_only(citizen: Any) -> None:
    if citizen is None or getattr(citizen, "kind", "") != "citizen" or not citizen.is_active:
        raise ValidationFailed(
            [FieldError("draft_needs_citizen", _("Sign in with your mobile number to save a draft."), None)]
        )


def draft_save(
    *, citizen: Any, fields: dict[str, list[str]], now: dt.datetime | None = None
) -> ApplicationDraft:
    """Keep the form's fields (name → values) as the citizen's draft, replacing an earlier one. Audited
    without the values (they are personal data)."""
    _citizen_only(citizen)
    data = json.dumps({k: [str(v) for v in vs] for k, vs in fields.items()}, ensure_ascii=False)
    if len(data) > DRAFT_MAX_CHARS:
        raise ValidationFailed(
            [
                FieldError(
                    "draft_too_long",
                    _("The draft is longer than %(n)d characters: shorten the description.")
                    % {"n": DRAFT_MAX_CHARS},
                    "description",
                )
            ]
        )
    now = now or timezone.now()
    with transaction.atomic():
        draft, created = ApplicationDraft.objects.update_or_create(
            citizen=citizen, defaults={"data": data, "expires_at": now + dt.timedelta(days=DRAFT_DAYS)}
        )
        audit_record(
            actor=citizen,
            action="application_draft.save",
            entity=draft,
            before=None if created else {"saved": True},
            after={"fields": sorted(fields), "expires_at": draft.expires_at.isoformat()},
        )
    return draft


def draft_get(
    *, citizen: Any, now: dt.datetime | None = None
) -> tuple[dict[str, list[str]], ApplicationDraft] | None:
    """The citizen's draft in force (fields and row), or None; an expired one is deleted."""
    if citizen is None or getattr(citizen, "kind", "") != "citizen":
        return None
    draft = ApplicationDraft.objects.filter(citizen=citizen).first()
    if draft is None:
        return None
    if draft.expires_at <= (now or timezone.now()):
        draft.delete()
        return None
    return json.loads(draft.data), draft


def draft_discard(*, citizen: Any) -> bool:
    """Delete the citizen's draft (sent, or thrown away); True when there was one."""
    if citizen is None or getattr(citizen, "kind", "") != "citizen":
        return False
    with transaction.atomic():
        draft = ApplicationDraft.objects.filter(citizen=citizen).first()
        if draft is None:
            return False
        audit_record(
            actor=citizen,
            action="application_draft.discard",
            entity=draft,
            before={"saved": True},
            after=None,
        )
        draft.delete()
    return True


def drafts_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete expired drafts; how many."""
    deleted, _rows = ApplicationDraft.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
