"""人民调解+仲裁 (the Deyang and Mianyang pilot): a failed or unperformed mediation of a contract or
property dispute moves into arbitration with its case file, through the engine (`order_make` of the
arbitration item, never importing the arbitration module). Here the arbitration item follows a
stand-in workflow whose intake does what the arbitration module's does (the base's file copy)."""

from __future__ import annotations

import pytest
from django import forms

from fawang.core.errors import ValidationFailed
from fawang.disputes.models import Party
from fawang.mediation.enums import Action
from fawang.mediation.models import Mediation
from fawang.mediation.services import mediation_to_arbitration
from fawang.orders.engine import order_act

pytestmark = pytest.mark.django_db

STUB = "arb_stub_mediation_tests"


class _StubIntake(forms.Form):
    from_mediation = forms.CharField(max_length=32)
    commission = forms.IntegerField()
    respondent = forms.CharField(max_length=100)
    claim_amount_fen = forms.IntegerField(required=False)
    agreement = forms.CharField(max_length=4000)


def _stub_on_intake(*, order, data, actor):
    from fawang.disputes.services import case_file_copy
    from fawang.orders.models import ServiceOrder

    source = ServiceOrder.objects.get(tracking_no=data["from_mediation"])
    case_file_copy(actor=actor, source=source, target=order)


@pytest.fixture
def arbitration_stub(mediation_world):
    from fawang.catalog.models import ServiceItem
    from fawang.orders import workflow

    workflow.register(
        workflow.Workflow(code=STUB, label="stub", intake_form=_StubIntake, on_intake=_stub_on_intake)
    )
    ServiceItem.objects.filter(code="arbitration").update(workflow=STUB)
    yield
    workflow.unregister(STUB)


def _failed(mediation_world, mediating, category):
    order = mediating(category)
    order_act(
        actor=mediation_world.clerk, order=order, action=Action.FAIL, reason="双方就违约金分歧较大，调解不成"
    )
    order.refresh_from_db()
    return order


def test_a_failed_contract_mediation_moves_into_arbitration_with_its_file(
    mediation_world, mediating, arbitration_stub
):
    order = _failed(mediation_world, mediating, "contract")
    made = mediation_to_arbitration(
        actor=mediation_world.clerk,
        order=order,
        commission=mediation_world.commission.pk,
        agreement="双方同意将本合同纠纷提交成都仲裁委员会仲裁，仲裁裁决是终局的。",
        claim_amount_fen=1_200_000,
    )
    assert made.assigned_institution_id == mediation_world.commission.pk
    copied = Party.objects.filter(order=made).order_by("side")
    assert [p.name for p in copied] == ["王大山", "李小河"]
    assert all(p.copied_from_id for p in copied)
    order.refresh_from_db()
    assert (order.status, order.stage) == ("resolved", "to_arbitration")
    assert Mediation.objects.get(order=order).handed_to == made.tracking_no
    assert order.events.get(kind="mediation_to_arbitration").data["arbitration_order"] == made.tracking_no
    assert made.events.filter(kind="dispute_file_received").exists()


def test_only_contract_property_or_labour_disputes_move_and_only_when_failed(
    mediation_world, mediating, arbitration_stub
):
    from fawang.orders.models import ServiceOrder

    neighbours = _failed(mediation_world, mediating, "neighbours")
    still = mediating("contract")
    before = ServiceOrder.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        mediation_to_arbitration(
            actor=mediation_world.clerk, order=neighbours, commission=mediation_world.commission.pk
        )
    assert [e.field for e in caught.value.errors] == ["category"]
    with pytest.raises(ValidationFailed) as caught:
        mediation_to_arbitration(
            actor=mediation_world.clerk, order=still, commission=mediation_world.committee.pk
        )
    assert [e.field for e in caught.value.errors] == [None, "commission"]
    assert ServiceOrder.objects.count() == before
