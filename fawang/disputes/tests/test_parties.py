"""Parties and their representatives: validated with the shared identity rules, encrypted at rest with
blind indexes, each bad field named, nothing saved."""

from __future__ import annotations

import pytest
from django.db import connection

from fawang.core.errors import ValidationFailed
from fawang.core.identity import mobile_index, resident_id_index
from fawang.disputes.models import Party, Representative
from fawang.disputes.services import party_add, representative_add

from .conftest import CREDIT_CODE, RESPONDENT_ID

pytestmark = pytest.mark.django_db


def _fields(caught) -> list[str]:
    return [e.field for e in caught.value.errors]


def test_a_party_is_encrypted_at_rest_and_found_by_its_blind_indexes(dispute):
    party = dispute.respondent
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone, id_number FROM disputes_party WHERE id = %s", [party.pk])
        raw = cursor.fetchone()
    assert "李小河" not in raw[0] and "13800002222" not in raw[1] and RESPONDENT_ID not in raw[2]
    found = Party.objects.get(phone_index=mobile_index("13800002222"))
    assert found.name == "李小河" and found.id_number == RESPONDENT_ID
    assert Party.objects.filter(id_number_index=resident_id_index(RESPONDENT_ID)).count() == 1
    assert found.masked_phone == "138****2222" and found.masked_name == "李**"


def test_an_invalid_id_number_is_refused_naming_the_field_and_nothing_is_saved(dispute, world):
    before = Party.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        party_add(
            actor=world.clerk,
            order=dispute.order,
            side="respondent",
            kind="person",
            name="张三",
            id_number="510107198001010014",  # wrong check digit
            phone="12345",
        )
    assert _fields(caught) == ["phone", "id_number"]
    assert caught.value.errors[1].code == "id_number_check_digit"
    assert Party.objects.count() == before


def test_an_organisation_needs_a_valid_unified_social_credit_code(dispute, world):
    with pytest.raises(ValidationFailed) as caught:
        party_add(
            actor=world.clerk,
            order=dispute.order,
            side="respondent",
            kind="organisation",
            name="某某建筑公司",
            credit_code="91510100MA61R8XK2Y",
        )
    assert _fields(caught) == ["credit_code"] and caught.value.errors[0].code == "credit_code_invalid"
    with pytest.raises(ValidationFailed) as caught:
        party_add(
            actor=world.clerk, order=dispute.order, side="respondent", kind="organisation", name="某某公司"
        )
    assert _fields(caught) == ["credit_code"]
    company = party_add(
        actor=world.clerk,
        order=dispute.order,
        side="respondent",
        kind="organisation",
        name="某某建筑公司",
        credit_code=CREDIT_CODE.lower(),
    )
    assert company.credit_code == CREDIT_CODE


def test_nul_bytes_and_unknown_choices_are_named_not_crashed_on(dispute, world):
    with pytest.raises(ValidationFailed) as caught:
        party_add(actor=world.clerk, order=dispute.order, side="judge", kind="alien", name="\x00\x00")
    assert _fields(caught) == ["side", "kind", "name"]


def test_staff_of_another_place_cannot_add_a_party(dispute, world):
    from fawang.core.errors import NotFound

    with pytest.raises(NotFound):
        party_add(actor=world.ganzi, order=dispute.order, side="respondent", kind="person", name="张三")


def test_a_special_authority_says_what_it_covers(dispute, world):
    with pytest.raises(ValidationFailed) as caught:
        representative_add(
            actor=world.clerk, party=dispute.applicant, kind="lawyer", name="周律师", authority="special"
        )
    assert _fields(caught) == ["authority_scope"]
    rep = representative_add(
        actor=world.clerk,
        party=dispute.applicant,
        kind="lawyer",
        name="周律师",
        authority="special",
        authority_scope="代为承认、放弃、变更请求，进行和解",
        phone="13900009999",
    )
    assert Representative.objects.get(pk=rep.pk).phone == "13900009999"
    assert rep.phone_index == mobile_index("13900009999")
