import pytest

from fawang.accounts.enums import Role, UserKind
from fawang.accounts.models import User
from fawang.accounts.services import staff_create
from fawang.accounts.tests.factories import StaffFactory
from fawang.audit.models import AuditEntry
from fawang.core.errors import Forbidden, ValidationFailed


@pytest.fixture
def ganzi_admin(sichuan):
    return StaffFactory(
        username="ganzi_admin", jurisdiction_region_id="513300", roles=[Role.PROVINCIAL_ADMIN]
    )


def test_admin_creates_staff_inside_own_jurisdiction_and_it_is_audited(ganzi_admin):
    user = staff_create(
        actor=ganzi_admin,
        username="kangding_clerk",
        password="Kangding-2024-window",
        display_name="康定窗口 卓玛",
        roles=[Role.WINDOW_CLERK],
        jurisdiction_region="513301",
    )
    assert user.kind == UserKind.STAFF and user.has_role(Role.WINDOW_CLERK)
    assert user.check_password("Kangding-2024-window")
    entry = AuditEntry.objects.get(action="user.create", entity_id=str(user.pk))
    assert entry.actor == ganzi_admin and entry.after["jurisdiction_region"] == "513301"


def test_jurisdiction_outside_the_admins_own_is_refused_and_nothing_saved(ganzi_admin):
    with pytest.raises(ValidationFailed) as exc:
        staff_create(
            actor=ganzi_admin,
            username="wuhou_spy",
            password="Kangding-2024-window",
            display_name="x",
            roles=[Role.WINDOW_CLERK],
            jurisdiction_region="510107",
        )
    assert exc.value.errors[0].field == "jurisdiction_region"
    assert exc.value.errors[0].code == "jurisdiction_outside"
    assert not User.objects.filter(username="wuhou_spy").exists()


def test_every_bad_field_is_reported_at_once(ganzi_admin):
    with pytest.raises(ValidationFailed) as exc:
        staff_create(
            actor=ganzi_admin,
            username="ganzi_admin",
            password="123",
            display_name="",
            roles=["king"],
            jurisdiction_region="999999",
        )
    codes = {(e.field, e.code) for e in exc.value.errors}
    assert codes == {
        ("username", "username_taken"),
        ("password", "password_weak"),
        ("display_name", "required"),
        ("roles", "role_unknown"),
        ("jurisdiction_region", "not_found"),
    }


def test_clerk_without_user_manage_cannot_create_staff(ganzi_clerk):
    with pytest.raises(Forbidden):
        staff_create(
            actor=ganzi_clerk,
            username="x",
            password="Kangding-2024-window",
            display_name="x",
            roles=[Role.WINDOW_CLERK],
            jurisdiction_region="513301",
        )
