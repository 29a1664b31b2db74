"""The user admin answers like the policy: scoped lists, no jurisdiction outside one's own, personal
numbers masked."""

import pytest
from django.urls import reverse

from fawang.accounts.enums import Role
from fawang.accounts.models import User
from fawang.accounts.tests.factories import StaffFactory


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
