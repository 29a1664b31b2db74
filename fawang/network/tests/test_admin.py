"""The network admin is scoped like everything else: a Ganzi clerk with admin access neither sees
nor changes Chengdu's service points, and what they may change is audited."""

import pytest
from django.urls import reverse

from fawang.audit.models import AuditEntry
from fawang.network.models import Practitioner, ServicePoint

from .factories import InstitutionFactory, PractitionerFactory, ServicePointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ganzi_admin_client(client, ganzi_clerk):
    ganzi_clerk.is_staff = True
    ganzi_clerk.save(update_fields=["is_staff"])
    client.force_login(ganzi_clerk)
    return client


@pytest.fixture
def points(sichuan):
    wuhou = ServicePointFactory(region_code="510107", name="武侯区公共法律服务中心")
    litang = ServicePointFactory(region_code="513334", name="理塘县公共法律服务中心")
    return wuhou, litang


def _form(point: ServicePoint, **changes) -> dict:
    data = {
        "code": point.code,
        "name": point.name,
        "kind": point.kind,
        "level": point.level,
        "region": point.region_id,
        "address": "",
        "phone": "",
        "is_active": "on",
    }
    return {**data, **changes}


def test_the_changelist_shows_ganzi_points_and_not_chengdu_ones(ganzi_admin_client, points):
    response = ganzi_admin_client.get(reverse("admin:network_servicepoint_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "理塘县公共法律服务中心" in page
    assert "武侯区公共法律服务中心" not in page


def test_a_chengdu_point_cannot_be_opened_changed_or_deleted_from_ganzi(ganzi_admin_client, points):
    wuhou, _litang = points
    change_url = reverse("admin:network_servicepoint_change", args=[wuhou.pk])

    opened = ganzi_admin_client.get(change_url)
    assert opened.status_code == 302  # the admin answers "does not exist" and sends them back
    assert "武侯区" not in ganzi_admin_client.get(opened.url, follow=True).content.decode()

    ganzi_admin_client.post(change_url, _form(wuhou, name="被改掉的名字"))
    ganzi_admin_client.post(reverse("admin:network_servicepoint_delete", args=[wuhou.pk]), {"post": "yes"})
    wuhou.refresh_from_db()
    assert wuhou.name == "武侯区公共法律服务中心"
    assert not AuditEntry.objects.filter(
        entity_id=str(wuhou.pk), entity_type__contains="servicepoint"
    ).exists()


def test_a_ganzi_clerk_cannot_create_a_point_in_chengdu(ganzi_admin_client, points):
    wuhou, _ = points
    response = ganzi_admin_client.post(
        reverse("admin:network_servicepoint_add"), _form(wuhou, code="NEW-1", name="冒名中心")
    )
    assert response.status_code == 200  # the form comes back with the region field refused
    assert "region" in response.context["adminform"].form.errors
    assert not ServicePoint.objects.filter(code="NEW-1").exists()


def test_a_ganzi_clerk_can_change_a_ganzi_point_and_the_change_is_audited(
    ganzi_admin_client, ganzi_clerk, points
):
    _, litang = points
    response = ganzi_admin_client.post(
        reverse("admin:network_servicepoint_change", args=[litang.pk]),
        _form(litang, address="理塘县高城镇团结路1号"),
    )
    assert response.status_code == 302
    litang.refresh_from_db()
    assert litang.address == "理塘县高城镇团结路1号"
    entry = AuditEntry.objects.get(action="servicepoint.update", entity_id=str(litang.pk))
    assert entry.actor_id == ganzi_clerk.pk
    assert entry.after == {"address": "理塘县高城镇团结路1号"}
    assert entry.before == {"address": ""}


def test_practitioners_and_institutions_lists_are_scoped_too(ganzi_admin_client, sichuan):
    PractitionerFactory(name="成都律师甲", institution=InstitutionFactory(region_code="510107"))
    tibetan = PractitionerFactory(name="泽仁多吉", institution=InstitutionFactory(region_code="513334"))
    page = ganzi_admin_client.get(reverse("admin:network_practitioner_changelist")).content.decode()
    assert "泽仁多吉" in page and "成都律师甲" not in page
    chengdu_lawyer = Practitioner.objects.get(name="成都律师甲")
    assert (
        ganzi_admin_client.get(
            reverse("admin:network_practitioner_change", args=[chengdu_lawyer.pk])
        ).status_code
        == 302
    )
    assert (
        ganzi_admin_client.get(reverse("admin:network_practitioner_change", args=[tibetan.pk])).status_code
        == 200
    )


def test_a_supervisor_may_read_but_not_change_the_network(client, chengdu_supervisor, points):
    chengdu_supervisor.is_staff = True
    chengdu_supervisor.save(update_fields=["is_staff"])
    client.force_login(chengdu_supervisor)
    wuhou, _ = points
    url = reverse("admin:network_servicepoint_change", args=[wuhou.pk])
    assert client.get(url).status_code == 200
    client.post(url, _form(wuhou, name="督办改名"))
    wuhou.refresh_from_db()
    assert wuhou.name == "武侯区公共法律服务中心"
