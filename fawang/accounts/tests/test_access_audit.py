"""Every change of an account's roles, jurisdiction, flags, groups or permissions is in the audit trail
with before and after, however it is made: the user admin, the staff services, a management command,
the shell, many-to-many changes from either side."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from fawang.accounts.enums import Role
from fawang.accounts.models import User, UserRole
from fawang.accounts.services import staff_create
from fawang.accounts.tests.factories import StaffFactory
from fawang.audit.models import AuditEntry


@pytest.fixture
def ganzi_admin(sichuan):
    user = StaffFactory(
        username="ganzi_admin", jurisdiction_region_id="513300", roles=[Role.PROVINCIAL_ADMIN]
    )
    user.is_staff = True
    user.save()
    return user


def _entries(user):
    return list(AuditEntry.objects.filter(entity_type="accounts.user", entity_id=str(user.pk)).order_by("id"))


def _admin_form(user, roles, **fields):
    """The user admin's change form as the browser posts it: the account's fields and its role rows."""
    form = {
        "username": user.username,
        "display_name": user.display_name,
        "kind": user.kind,
        "jurisdiction_region": user.jurisdiction_region_id or "",
        "jurisdiction_institution": "",
        "service_point": "",
        "is_active": "on",
        "roles-TOTAL_FORMS": str(len(roles)),
        "roles-INITIAL_FORMS": str(sum(1 for pk, _role, _delete in roles if pk)),
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    for n, (pk, role, delete) in enumerate(roles):
        form |= {f"roles-{n}-id": pk or "", f"roles-{n}-user": user.pk, f"roles-{n}-role": role}
        if delete:
            form[f"roles-{n}-DELETE"] = "on"
    return {k: v for k, v in (form | fields).items() if v is not None}


def test_a_role_granted_in_the_admin_is_in_the_trail_with_before_and_after(client, ganzi_admin, ganzi_clerk):
    client.force_login(ganzi_admin)
    existing = [(r.pk, r.role, False) for r in ganzi_clerk.roles.order_by("role")]
    response = client.post(
        reverse("admin:accounts_user_change", args=[ganzi_clerk.pk]),
        _admin_form(ganzi_clerk, [*existing, (None, Role.HOTLINE_AGENT, False)]),
    )
    assert response.status_code == 302
    assert UserRole.objects.filter(user=ganzi_clerk, role=Role.HOTLINE_AGENT).exists()
    [entry] = _entries(ganzi_clerk)
    assert entry.action == "user.change" and entry.actor == ganzi_admin
    assert entry.before == {"roles": sorted([Role.PREFECTURE_STAFF, Role.WINDOW_CLERK])}
    assert entry.after == {"roles": sorted([Role.PREFECTURE_STAFF, Role.WINDOW_CLERK, Role.HOTLINE_AGENT])}


def test_one_admin_save_of_jurisdiction_active_state_and_a_removed_role_is_one_entry(
    client, ganzi_admin, ganzi_clerk
):
    client.force_login(ganzi_admin)
    roles = [(r.pk, r.role, r.role == Role.WINDOW_CLERK) for r in ganzi_clerk.roles.order_by("role")]
    form = _admin_form(ganzi_clerk, roles, jurisdiction_region="513334", is_active=None)  # Litang, off
    assert client.post(reverse("admin:accounts_user_change", args=[ganzi_clerk.pk]), form).status_code == 302
    [entry] = _entries(ganzi_clerk)
    assert entry.before == {
        "is_active": True,
        "jurisdiction_region": "513300",
        "roles": sorted([Role.PREFECTURE_STAFF, Role.WINDOW_CLERK]),
    }
    assert entry.after == {
        "is_active": False,
        "jurisdiction_region": "513334",
        "roles": [Role.PREFECTURE_STAFF],
    }


def test_an_admin_save_that_changes_nothing_writes_no_empty_entry(client, ganzi_admin, ganzi_clerk):
    client.force_login(ganzi_admin)
    roles = [(r.pk, r.role, False) for r in ganzi_clerk.roles.order_by("role")]
    response = client.post(
        reverse("admin:accounts_user_change", args=[ganzi_clerk.pk]), _admin_form(ganzi_clerk, roles)
    )
    assert response.status_code == 302
    assert _entries(ganzi_clerk) == []


def test_a_refused_admin_change_writes_nothing(client, ganzi_admin, ganzi_clerk):
    client.force_login(ganzi_admin)
    roles = [(r.pk, r.role, False) for r in ganzi_clerk.roles.order_by("role")]
    form = _admin_form(ganzi_clerk, [*roles, (None, Role.HOTLINE_AGENT, False)], jurisdiction_region="510107")
    assert client.post(reverse("admin:accounts_user_change", args=[ganzi_clerk.pk]), form).status_code == 200
    assert _entries(ganzi_clerk) == []
    assert not UserRole.objects.filter(user=ganzi_clerk, role=Role.HOTLINE_AGENT).exists()


def test_staff_create_writes_exactly_one_entry(provincial_admin):
    user = staff_create(
        actor=provincial_admin,
        username="kangding_clerk",
        password="Kangding-2024-window",
        display_name="康定窗口 卓玛",
        roles=[Role.COUNTY_STAFF],
        jurisdiction_region="513301",
    )
    [entry] = _entries(user)
    assert entry.action == "user.create" and entry.actor == provincial_admin
    assert entry.after["roles"] == [Role.COUNTY_STAFF] and entry.after["jurisdiction_region"] == "513301"


def test_roles_changed_in_the_shell_are_in_the_trail(ganzi_clerk):
    role = UserRole.objects.create(user=ganzi_clerk, role=Role.SUPERVISOR)
    role.role = Role.HOTLINE_AGENT
    role.save()
    role.delete()
    before, after = sorted([Role.PREFECTURE_STAFF, Role.WINDOW_CLERK]), Role.PREFECTURE_STAFF
    assert [(e.actor, e.before["roles"], e.after["roles"]) for e in _entries(ganzi_clerk)] == [
        (None, before, sorted([after, Role.WINDOW_CLERK, Role.SUPERVISOR])),
        (
            None,
            sorted([after, Role.WINDOW_CLERK, Role.SUPERVISOR]),
            sorted([after, Role.WINDOW_CLERK, Role.HOTLINE_AGENT]),
        ),
        (None, sorted([after, Role.WINDOW_CLERK, Role.HOTLINE_AGENT]), before),
    ]


def test_flags_and_jurisdiction_saved_in_the_shell_are_in_the_trail(ganzi_clerk):
    ganzi_clerk.is_superuser = True
    ganzi_clerk.jurisdiction_region_id = "510000"
    ganzi_clerk.save()
    [entry] = _entries(ganzi_clerk)
    assert entry.action == "user.change" and entry.actor is None
    assert entry.before == {"is_superuser": False, "jurisdiction_region": "513300"}
    assert entry.after == {"is_superuser": True, "jurisdiction_region": "510000"}
    # Saving what does not grant anything (a login's timestamp) writes nothing.
    ganzi_clerk.save(update_fields=["last_login"])
    ganzi_clerk.save()
    assert len(_entries(ganzi_clerk)) == 1


def test_groups_and_permissions_from_either_side_are_in_the_trail(ganzi_clerk, wuhou_clerk):
    group = Group.objects.create(name="审核组")
    permission = Permission.objects.get(codename="view_user")
    ganzi_clerk.groups.add(group)
    group.user_set.add(wuhou_clerk)
    ganzi_clerk.user_permissions.add(permission)
    group.user_set.clear()
    assert [(e.before, e.after) for e in _entries(ganzi_clerk)] == [
        ({"groups": []}, {"groups": ["审核组"]}),
        ({"permissions": []}, {"permissions": ["accounts.view_user"]}),
        ({"groups": ["审核组"]}, {"groups": []}),
    ]
    assert [(e.before, e.after) for e in _entries(wuhou_clerk)] == [
        ({"groups": []}, {"groups": ["审核组"]}),
        ({"groups": ["审核组"]}, {"groups": []}),
    ]


def test_createsuperuser_is_in_the_trail(db):
    call_command(
        "createsuperuser", username="root2", email="root@example.org", interactive=False, verbosity=0
    )
    user = User.objects.get(username="root2")
    [entry] = _entries(user)
    assert entry.action == "user.create" and entry.after["is_superuser"] is True and entry.after["is_staff"]
