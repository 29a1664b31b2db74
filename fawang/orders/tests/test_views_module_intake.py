"""A service module's own intake fields (its workflow's `intake_form`, docs/adr/0011) on the three
intake pages: the window, the hotline console and the citizen's application. The pages show them for
the chosen service, send them to `order_submit(details=...)`, and put the module's refusals on them."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse
from django.utils.translation import override

from fawang.orders import workflow
from fawang.orders.models import ServiceOrder

pytestmark = pytest.mark.django_db


class HouseholdForm(forms.Form):
    household_size = forms.IntegerField(label="家庭人口", min_value=1, max_value=30)
    monthly_income = forms.IntegerField(label="家庭月收入（元）", min_value=0)

    def clean(self):
        data = super().clean()
        if data.get("household_size") == 1 and (data.get("monthly_income") or 0) > 100_000:
            raise forms.ValidationError("收入与人口不符。", code="inconsistent")
        return data


@pytest.fixture
def household_module(network):
    """A throw-away module with two intake fields on the consultation item; what its intake wrote."""
    written: list[tuple[str, dict]] = []
    workflow.register(
        workflow.Workflow(
            code="test_household",
            label="Test household",
            intake_form=HouseholdForm,
            on_intake=lambda *, order, data, actor: written.append((order.tracking_no, data)),
        )
    )
    network.consult.workflow = "test_household"
    network.consult.save()
    yield written
    workflow.unregister("test_household")


def _en(name: str, *args: str) -> str:
    with override("en"):
        return reverse(name, args=args)


def _intake(network, **overrides) -> dict:
    data = {
        "applicant_phone": "13800138000",
        "applicant_name": "陈明",
        "applicant_kind": "citizen",
        "service_item": network.consult.pk,
        "region": "510107",
        "township": "510107001",
        "language": "zh",
        "description": "家里三口人，想申请法律援助打工资官司。",
    }
    data.update(overrides)
    return data


def test_the_window_shows_the_module_fields_and_sends_them_with_the_order(
    client, wuhou_clerk, network, household_module
):
    client.force_login(wuhou_clerk)
    page = client.get(_en("orders:window_intake"), {"service_item": network.consult.pk})
    assert "details.household_size" not in page.content.decode()  # nothing chosen yet on a fresh form

    sent = _intake(network, **{"details.household_size": "3", "details.monthly_income": "4200"})
    response = client.post(_en("orders:window_intake"), sent)

    order = ServiceOrder.objects.get()
    assert response.status_code == 302
    assert household_module == [(order.tracking_no, {"household_size": 3, "monthly_income": 4200})]


def test_switching_to_a_service_with_its_own_fields_asks_for_them_and_saves_nothing(
    client, wuhou_clerk, network, household_module
):
    client.force_login(wuhou_clerk)
    response = client.post(_en("orders:window_intake"), _intake(network))
    assert response.status_code == 422
    html = response.content.decode()
    assert 'data-testid="module-fields"' in html and 'name="details.household_size"' in html
    assert response.context["form"].errors["details.household_size"]  # required, on its own input
    assert not ServiceOrder.objects.exists() and household_module == []


def test_the_module_s_own_rule_lands_on_the_page(client, hotline_agent, network, household_module):
    client.force_login(hotline_agent)
    sent = _intake(
        network, outcome="dispatch", **{"details.household_size": "1", "details.monthly_income": "200000"}
    )
    response = client.post(_en("orders:hotline"), sent)
    assert response.status_code == 422
    assert "收入与人口不符。" in response.content.decode()
    assert not ServiceOrder.objects.exists()

    sent.update({"details.monthly_income": "3000"})
    assert client.post(_en("orders:hotline"), sent).status_code == 302
    assert household_module[0][1] == {"household_size": 1, "monthly_income": 3000}


def test_the_citizen_application_shows_the_fields_of_the_service_picked_from_the_catalog(
    client, network, household_module
):
    page = client.get(_en("web:apply"), {"item": network.consult.code})
    html = page.content.decode()
    assert 'name="details.household_size"' in html and "家庭月收入（元）" in html
    sent = {
        "service_item": network.consult.code,
        "prefecture": "510100",
        "county": "510107",
        "township": "510107001",
        "description": "家里三口人，想申请法律援助打工资官司。",
        "applicant_phone": "13800138000",
        "language": "zh",
        "action": "submit",
        "details.household_size": "3",
        "details.monthly_income": "abc",
    }
    refused = client.post(_en("web:apply"), sent)
    assert refused.status_code in (200, 422)
    assert refused.context["form"].errors["details.monthly_income"]
    assert not ServiceOrder.objects.exists()

    sent["details.monthly_income"] = "4200"
    assert client.post(_en("web:apply"), sent).status_code == 302
    assert household_module[0][1] == {"household_size": 3, "monthly_income": 4200}


def test_a_service_without_a_module_shows_no_extra_fields(client, wuhou_clerk, network):
    client.force_login(wuhou_clerk)
    response = client.post(_en("orders:window_intake"), _intake(network))
    assert response.status_code == 302
    assert "module-fields" not in client.get(_en("orders:window_intake")).content.decode()
