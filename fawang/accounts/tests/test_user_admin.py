"""The user admin answers like the policy: scoped lists, no jurisdiction outside one's own, personal
numbers masked; new staff are made by services.staff_create, its errors shown on the form's fields."""

import pytest
from django.urls import reverse

from fawang.accounts.enums import Role, UserKind
from fawang.accounts.models import User
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


def test_ganzi_admin_lists_ganzi_staff_not_chengdus(client, ganzi_admin, ganzi_clerk, wuhou_clerk):
    client.force_login(ganzi_admin)
    page = client.get(reverse("admin:accounts_user_changelist"))
    assert page.status_code == 200
    assert "ganzi_clerk" in page.text and "wuhou_clerk" not in page.text
    # Guessing the id of a Chengdu account answers like a missing one.
    response = client.get(reverse("admin:accounts_user_change", args=[wuhou_clerk.pk]))
    assert response.status_code == 302 and response.url == reverse("admin:index")
    assert (
        client.post(reverse("admin:accounts_user_delete", args=[wuhou_clerk.pk]), {"post": "yes"}).status_code
        == 302
    )
    assert User.objects.filter(pk=wuhou_clerk.pk).exists()


def test_clerk_without_user_manage_gets_no_user_admin(client, ganzi_clerk):
    ganzi_clerk.is_staff = True
    ganzi_clerk.save()
    client.force_login(ganzi_clerk)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403


def test_admin_cannot_move_an_account_outside_own_jurisdiction(client, ganzi_admin, ganzi_clerk):
    client.force_login(ganzi_admin)
    url = reverse("admin:accounts_user_change", args=[ganzi_clerk.pk])
    form = {
        "username": "ganzi_clerk",
        "display_name": "甘孜州 泽仁",
        "kind": "staff",
        "jurisdiction_region": "510107",  # Wuhou, Chengdu
        "is_active": "on",
        "is_staff": "on",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, form)
    assert response.status_code == 200  # the form comes back with an error
    ganzi_clerk.refresh_from_db()
    assert ganzi_clerk.jurisdiction_region_id == "513300"


def test_personal_numbers_are_masked_on_the_change_page(client, ganzi_admin, ganzi_clerk):
    ganzi_clerk.phone = "13612345678"
    ganzi_clerk.save()
    client.force_login(ganzi_admin)
    page = client.get(reverse("admin:accounts_user_change", args=[ganzi_clerk.pk]))
    assert "136****5678" in page.text and "13612345678" not in page.text


def _add_staff(client, **fields):
    form = {
        "username": "kangding_clerk",
        "display_name": "康定窗口 卓玛",
        "password1": "Kangding-2024-window",
        "password2": "Kangding-2024-window",
        "roles": [Role.COUNTY_STAFF, Role.WINDOW_CLERK],
        "jurisdiction_region": "513301",
        "jurisdiction_institution": "",
        "service_point": "",
        **fields,
    }
    return client.post(reverse("admin:accounts_user_add"), form)


def _field_errors(response) -> dict[str, list[str]]:
    assert response.status_code == 200  # the form comes back
    return {field: list(messages) for field, messages in response.context["adminform"].form.errors.items()}


def test_admin_adding_staff_without_a_jurisdiction_gets_the_services_error_on_the_field(client, ganzi_admin):
    client.force_login(ganzi_admin)
    errors = _field_errors(_add_staff(client, jurisdiction_region=""))
    assert errors == {"jurisdiction_region": ["请为该账号指定一个辖区（行政区划或机构）。"]}
    assert not User.objects.filter(username="kangding_clerk").exists()
    assert not AuditEntry.objects.filter(action="user.create").exists()


def test_admin_adding_staff_outside_own_jurisdiction_or_without_roles_is_refused(client, ganzi_admin):
    client.force_login(ganzi_admin)
    errors = _field_errors(_add_staff(client, jurisdiction_region="510107", roles=[]))  # Wuhou, Chengdu
    assert set(errors) == {"jurisdiction_region", "roles"}
    assert errors["roles"] == ["请为该账号至少指定一个角色。"]
    assert not User.objects.filter(username="kangding_clerk").exists()


def test_admin_adds_staff_through_the_service_with_roles_and_one_audit_entry(client, ganzi_admin):
    client.force_login(ganzi_admin)
    page = client.get(reverse("admin:accounts_user_add"))
    assert page.status_code == 200 and 'name="roles"' in page.text
    response = _add_staff(client)
    user = User.objects.get(username="kangding_clerk")
    assert response.status_code == 302
    assert user.kind == UserKind.STAFF and user.jurisdiction_region_id == "513301"
    assert user.role_set == {Role.COUNTY_STAFF, Role.WINDOW_CLERK}
    assert user.check_password("Kangding-2024-window")
    entry = AuditEntry.objects.get(action="user.create")
    assert entry.actor == ganzi_admin and entry.entity_id == str(user.pk)
    assert entry.after["roles"] == [Role.COUNTY_STAFF, Role.WINDOW_CLERK]
