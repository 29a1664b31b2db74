import pytest

from fawang.accounts.enums import Role
from fawang.accounts.services import personal_data_reveal
from fawang.accounts.tests.factories import StaffFactory
from fawang.accounts.tests.minimal_rows import service_order
from fawang.audit.models import AuditEntry
from fawang.core.errors import DomainError, Forbidden
from fawang.core.identity import id_check_digit

ID_NUMBER = "51010719900307123" + id_check_digit("51010719900307123")


@pytest.fixture
def wuhou_order(sichuan):
    return service_order("510107", phone="13912345678", id_number=ID_NUMBER)


def test_clerk_reveals_inside_jurisdiction_and_the_reveal_is_audited(wuhou_clerk, wuhou_order):
    assert personal_data_reveal(actor=wuhou_clerk, obj=wuhou_order, field="applicant_id_number") == ID_NUMBER
    entry = AuditEntry.objects.get(action="personal_data.reveal")
    assert entry.actor == wuhou_clerk
    assert (entry.entity_type, entry.entity_id) == ("orders.serviceorder", str(wuhou_order.pk))
    assert entry.after == {"field": "applicant_id_number"}


def test_role_without_reveal_is_refused_and_the_attempt_recorded(chengdu_supervisor, wuhou_order):
    # A supervisor oversees time limits; it needs no full numbers.
    with pytest.raises(Forbidden) as exc:
        personal_data_reveal(actor=chengdu_supervisor, obj=wuhou_order, field="applicant_phone")
    assert exc.value.code == "personal_data_reveal_denied"
    assert not AuditEntry.objects.filter(action="personal_data.reveal").exists()
    assert AuditEntry.objects.filter(action="personal_data.reveal_refused", actor=chengdu_supervisor).exists()


def test_ganzi_clerk_cannot_reveal_a_chengdu_applicants_number(ganzi_clerk, wuhou_order):
    with pytest.raises(Forbidden):
        personal_data_reveal(actor=ganzi_clerk, obj=wuhou_order, field="applicant_phone")


def test_only_personal_fields_can_be_revealed(wuhou_clerk, wuhou_order):
    with pytest.raises(DomainError) as exc:
        personal_data_reveal(actor=wuhou_clerk, obj=wuhou_order, field="description")
    assert exc.value.code == "field_not_personal"


def test_staff_account_numbers_only_for_user_managers_in_jurisdiction(wuhou_clerk, sichuan):
    province = StaffFactory(jurisdiction_region_id="510000", roles=[Role.PROVINCIAL_ADMIN])
    wuhou_clerk.phone = "13600001234"
    wuhou_clerk.save()
    assert personal_data_reveal(actor=province, obj=wuhou_clerk, field="phone") == "13600001234"
    hotline = StaffFactory(jurisdiction_region_id="510000", roles=[Role.HOTLINE_AGENT])
    with pytest.raises(Forbidden):
        personal_data_reveal(actor=hotline, obj=wuhou_clerk, field="phone")
