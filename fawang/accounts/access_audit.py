"""Every change of what an account may do is in the audit trail, with before and after, however it is
made: roles, jurisdiction, service point, the staff / superuser / active flags, groups and permissions
(and the name it signs with).

Two layers (docs/adr/0005):
1. Whoever changes an account on purpose (the user admin, `services.staff_create`) wraps the change in
   `access_change_audited(actor=..., user=...)`: one entry naming the actor, with exactly the keys that
   changed, before and after, in the same transaction.
2. Everything else (a management command, `manage.py shell`, `user.roles.create(...)`,
   `user.groups.add(...)`) is caught by the model signals connected in `AccountsConfig.ready()`: an
   entry per change, the actor being "system" with the channel of the context. Signals are the
   exception CONVENTIONS 15 allows here: the point is to catch the writes that bypass the services.
   What bypasses model signals too (`QuerySet.update()`, `bulk_create()`, raw SQL) is not caught; the
   code does neither on these fields (the demo seed and the test factories bulk-create the roles of
   accounts they have just created)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django.db import transaction

from .models import User, UserRole

# The account's own columns whose change is audited (attribute names: foreign keys by id).
ACCESS_FIELDS = (
    "username",
    "display_name",
    "kind",
    "is_active",
    "is_staff",
    "is_superuser",
    "jurisdiction_region_id",
    "jurisdiction_institution_id",
    "service_point_id",
)
# How the audit entry names them: the field's name ("jurisdiction_region", not "..._id").
_KEY = {f: f.removesuffix("_id") for f in ACCESS_FIELDS}
_FIELD_NAMES = frozenset(_KEY.values()) | frozenset(ACCESS_FIELDS)

# True inside a block whose caller writes its own audit entry: the signals stay quiet there.
_audited_by_caller: ContextVar[bool] = ContextVar("fawang_access_audited_by_caller", default=False)


def _fields_of(user_pk: Any) -> dict[str, Any]:
    row = User.objects.filter(pk=user_pk).values(*ACCESS_FIELDS).first() or {}
    return {_KEY[f]: row.get(f) for f in ACCESS_FIELDS}


def _roles_of(user_pk: Any) -> list[str]:
    return sorted(UserRole.objects.filter(user_id=user_pk).values_list("role", flat=True))


def _groups_of(user_pk: Any) -> list[str]:
    return sorted(User.groups.through.objects.filter(user_id=user_pk).values_list("group__name", flat=True))


def _permissions_of(user_pk: Any) -> list[str]:
    rows = User.user_permissions.through.objects.filter(user_id=user_pk).values_list(
        "permission__content_type__app_label", "permission__codename"
    )
    return sorted(f"{app}.{codename}" for app, codename in rows)


def access_snapshot(user_pk: Any) -> dict[str, Any]:
    """What the account may do, as stored now: its access fields, roles, groups and permissions."""
    return {
        **_fields_of(user_pk),
        "roles": _roles_of(user_pk),
        "groups": _groups_of(user_pk),
        "permissions": _permissions_of(user_pk),
    }


def _changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def _record(
    *, actor: Any, action: str, user: Any, before: dict[str, Any] | None, after: dict[str, Any]
) -> None:
    from fawang.audit.services import audit_record

    entity = user if isinstance(user, User) else User(pk=user)
    audit_record(actor=actor, action=action, entity=entity, before=before, after=after)


@contextlib.contextmanager
def access_change_audited(*, actor: Any, user: User, action: str = "user.change") -> Iterator[None]:
    """Run the block in one transaction and append one audit entry for what it changed of `user`'s
    access (only the keys that changed, before and after; none when nothing did). The signals' per-change
    entries are suppressed inside, so a change is recorded once, with its actor."""
    with transaction.atomic():
        before = access_snapshot(user.pk)
        token = _audited_by_caller.set(True)
        try:
            yield
        finally:
            _audited_by_caller.reset(token)
        old, new = _changed(before, access_snapshot(user.pk))
        if new:
            _record(actor=actor, action=action, user=user, before=old, after=new)


@contextlib.contextmanager
def audited_by_caller() -> Iterator[None]:
    """For a service that writes its own complete entry (`staff_create`): the signals stay quiet."""
    token = _audited_by_caller.set(True)
    try:
        yield
    finally:
        _audited_by_caller.reset(token)


# ---- the signals: changes made outside the services -----------------------------------------------


def user_pre_save(sender: type[User], instance: User, raw: bool = False, **kwargs: Any) -> None:
    if raw or _audited_by_caller.get() or instance._state.adding or instance.pk is None:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not _FIELD_NAMES.intersection(update_fields):
        return  # last_login, a verified phone ...: nothing that grants anything
    instance._access_before = _fields_of(instance.pk)  # type: ignore[attr-defined]


def user_post_save(
    sender: type[User], instance: User, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or _audited_by_caller.get():
        return
    after = {_KEY[f]: getattr(instance, f) for f in ACCESS_FIELDS}
    if created:
        # An account made outside staff_create (createsuperuser, the shell, the demo seed) is worth an
        # entry when it can enter the back office; citizens' and factories' plain accounts are not.
        if instance.is_superuser or instance.is_staff:
            _record(actor=None, action="user.create", user=instance, before=None, after=after)
        return
    before = instance.__dict__.pop("_access_before", None)
    if before is None:
        return
    old, new = _changed(before, after)
    if new:
        _record(actor=None, action="user.change", user=instance, before=old, after=new)


def role_pre_change(sender: type[UserRole], instance: UserRole, raw: bool = False, **kwargs: Any) -> None:
    if raw or _audited_by_caller.get() or instance.user_id is None:
        return
    instance._roles_before = _roles_of(instance.user_id)  # type: ignore[attr-defined]


def role_post_change(sender: type[UserRole], instance: UserRole, raw: bool = False, **kwargs: Any) -> None:
    if raw or _audited_by_caller.get():
        return
    before = instance.__dict__.pop("_roles_before", None)
    if before is None:
        return
    after = _roles_of(instance.user_id)
    if before != after:
        _record(
            actor=None,
            action="user.change",
            user=instance.user_id,
            before={"roles": before},
            after={"roles": after},
        )


def _m2m_users(instance: Any, reverse: bool, pk_set: Iterable[Any] | None) -> list[Any]:
    if not reverse:  # user.groups.add(group): the instance is the account
        return [instance.pk]
    if pk_set is not None:  # group.user_set.add(user): the accounts are in pk_set
        return sorted(pk_set)
    return sorted(instance.user_set.values_list("pk", flat=True))  # group.user_set.clear()


def m2m_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[Any] | None, **kwargs: Any
) -> None:
    """`user.groups` and `user.user_permissions`, from either side."""
    if _audited_by_caller.get():
        return
    key, read = ("groups", _groups_of) if sender is User.groups.through else ("permissions", _permissions_of)
    if action.startswith("pre_"):
        instance._access_m2m_before = {pk: read(pk) for pk in _m2m_users(instance, reverse, pk_set)}
        return
    before_by_user = instance.__dict__.pop("_access_m2m_before", None)
    if before_by_user is None:
        return
    for user_pk, before in before_by_user.items():
        after = read(user_pk)
        if before != after:
            _record(actor=None, action="user.change", user=user_pk, before={key: before}, after={key: after})
