"""Reads of preserved files, scoped by accounts.policy (the owner alone)."""

from __future__ import annotations

from django.db.models import QuerySet

from fawang.accounts import policy
from fawang.core.errors import NotFound
from fawang.core.types import Actor

from .enums import ErrorCode
from .models import PreservedFile


def preserved_files_of(*, actor: Actor) -> QuerySet[PreservedFile]:
    return policy.scope_preserved_files(actor, PreservedFile.objects.all())


def access_preserved_file(*, actor: Actor, file_id: int) -> PreservedFile:
    """One of the actor's preserved files; "not found" alike for missing and someone else's."""
    found = preserved_files_of(actor=actor).filter(pk=file_id).first()
    if found is None:
        from django.utils.translation import gettext as _

        raise NotFound(ErrorCode.NOT_FOUND, _("No such preserved file."), "file")
    return found
