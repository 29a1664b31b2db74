"""Routing: nearest place offering the item, walking up the levels; language; load; the reason."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from fawang.core.errors import DomainError
from fawang.orders import routing
from fawang.orders.enums import ErrorCode
from fawang.orders.reasons import reason_text
from fawang.regions.models import Region

from .factories import (
    InstitutionFactory,
    PractitionerFactory,
    RosterShiftFactory,
    ServiceItemFactory,
    ServicePointFactory,
)

pytestmark = pytest.mark.django_db


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def test_township_applicant_goes_to_the_county_centre_when_the_township_has_none(network):
    decision = routing.route(service_item=network.consult, region=region("513334100"), language="zh")
    assert decision.point_id == network.litang_centre.pk
    assert decision.handler_region_path == "510000/513300/513334/"
    assert (
        decision.reason
        == "理塘县公共法律服务中心：离申请人最近的提供法律咨询的服务点（所在乡镇（街道）无此服务，由区县级办理）"
    )


def test_a_township_station_offering_the_item_is_nearer_than_the_county(network):
    station = ServicePointFactory(
        name="高城镇公共法律服务工作站", kind="station", region_id="513334100", items=[network.consult]
    )
    decision = routing.route(service_item=network.consult, region=region("513334100"))
    assert decision.point_id == station.pk
    assert decision.reason == "高城镇公共法律服务工作站：离申请人最近的提供法律咨询的服务点"


def test_county_without_a_place_falls_back_to_the_prefecture(network):
    # 康定市 (513301) has no centre in this network; the Ganzi prefecture centre takes it.
    decision = routing.route(service_item=network.consult, region=region("513301101"))
    assert decision.point_id == network.ganzi_centre.pk
    assert "由市州级办理" in decision.reason


def test_legal_aid_goes_to_the_legal_aid_centre_with_a_tibetan_speaker(network):
    decision = routing.route(service_item=network.legal_aid, region=region("513334100"), language="bo")
    assert decision.institution_id == network.litang_legal_aid.pk
    assert decision.practitioner_id == network.litang_tibetan_worker.pk
    assert decision.reason == "理塘县法律援助中心：离申请人最近的提供法律援助的机构；有藏语工作人员值班"
    # The same decision read by an English-speaking clerk.
    with translation.override("en"):
        assert reason_text(decision.facts) == (
            "理塘县法律援助中心: nearest institution offering Legal aid; Tibetan-speaking staff on duty"
        )


def test_language_prefers_the_place_with_a_speaker_at_the_same_level(network):
    # A second legal aid centre serving Litang, without a Tibetan speaker and with no load: the
    # speaker's centre still wins for a Tibetan-speaking applicant, the idle one for Chinese.
    other = InstitutionFactory(name="理塘县第二法律援助工作站", region_id="513334", items=[network.legal_aid])
    routing.invalidate_routing_index()
    index = routing.get_routing_index()
    index.load[f"i:{network.litang_legal_aid.pk}"] = 5
    tibetan = routing.route(
        service_item=network.legal_aid, region=region("513334100"), language="bo", index=index
    )
    assert tibetan.institution_id == network.litang_legal_aid.pk
    chinese = routing.route(
        service_item=network.legal_aid, region=region("513334100"), language="zh", index=index
    )
    assert chinese.institution_id == other.pk
    assert "同级2处中在办工单最少（0件）" in chinese.reason


def test_no_speaker_anywhere_near_is_said_in_the_reason(network):
    decision = routing.route(service_item=network.legal_aid, region=region("510107001"), language="bo")
    assert decision.institution_id == network.wuhou_legal_aid.pk
    assert decision.reason.endswith("无藏语工作人员，需安排翻译")


def test_a_township_without_a_speaker_yields_to_the_county_place_with_one(network):
    # 高城镇's own station speaks only Chinese; the county centre has a Tibetan-speaking lawyer on
    # duty today. A Tibetan speaker goes to the county; a Chinese speaker stays in the township.
    station = ServicePointFactory(
        name="高城镇公共法律服务工作站", kind="station", region_id="513334100", items=[network.consult]
    )
    lawyer = PractitionerFactory(kind="lawyer", institution=network.litang_legal_aid, languages=["zh", "bo"])
    RosterShiftFactory(service_point=network.litang_centre, practitioner=lawyer, date=timezone.localdate())
    tibetan = routing.route(service_item=network.consult, region=region("513334100"), language="bo")
    assert tibetan.point_id == network.litang_centre.pk and tibetan.practitioner_id == lawyer.pk
    assert tibetan.reason == (
        "理塘县公共法律服务中心：离申请人最近的有藏语工作人员、提供法律咨询的服务点；乡镇（街道）级无藏语工作人员"
    )
    with translation.override("en"):
        assert reason_text(tibetan.facts) == (
            "理塘县公共法律服务中心: nearest service point offering 法律咨询 with Tibetan-speaking staff;"
            " none at township level speaks Tibetan"
        )
    chinese = routing.route(service_item=network.consult, region=region("513334100"), language="zh")
    assert chinese.point_id == station.pk


def test_the_search_for_a_speaker_stops_at_the_county(network):
    # Only the prefecture centre has a Tibetan speaker: Litang's county centre keeps the order and
    # arranges an interpreter rather than sending a herder's request to Kangding.
    lawyer = PractitionerFactory(kind="lawyer", institution=network.litang_legal_aid, languages=["zh", "bo"])
    RosterShiftFactory(service_point=network.ganzi_centre, practitioner=lawyer, date=timezone.localdate())
    decision = routing.route(service_item=network.consult, region=region("513334100"), language="bo")
    assert decision.point_id == network.litang_centre.pk
    assert decision.reason.endswith("无藏语工作人员，需安排翻译")


def test_a_duty_practitioner_on_todays_roster_makes_a_point_speak_the_language(network):
    yi_lawyer = PractitionerFactory(
        kind="lawyer", institution=network.wuhou_legal_aid, languages=["zh", "ii"]
    )
    second = ServicePointFactory(name="武侯区第二中心", region_id="510107", items=[network.consult])
    RosterShiftFactory(service_point=second, practitioner=yi_lawyer, date=timezone.localdate())
    decision = routing.route(service_item=network.consult, region=region("510107001"), language="ii")
    assert decision.point_id == second.pk and decision.practitioner_id == yi_lawyer.pk
    assert "有彝语工作人员值班" in decision.reason
    # Yesterday's roster does not count.
    routing.invalidate_routing_index()
    from fawang.network.models import RosterShift

    RosterShift.objects.update(date=timezone.localdate() - timezone.timedelta(days=1))
    routing.invalidate_routing_index()
    decision = routing.route(service_item=network.consult, region=region("510107001"), language="ii")
    assert "无彝语工作人员" in decision.reason


def test_load_picks_the_least_busy_and_assignment_updates_the_count(
    network, submit, django_capture_on_commit_callbacks
):
    second = ServicePointFactory(name="武侯区第二中心", region_id="510107", items=[network.consult])
    # The count moves when the intake commits.
    with django_capture_on_commit_callbacks(execute=True):
        first_order = submit()
    with django_capture_on_commit_callbacks(execute=True):
        second_order = submit()
    # Two equal centres: the orders are spread over both, from the cached counts.
    assert {first_order.assigned_point_id, second_order.assigned_point_id} == {
        network.wuhou_centre.pk,
        second.pk,
    }
    index = routing.get_routing_index()
    assert index.load[f"p:{network.wuhou_centre.pk}"] == 1 and index.load[f"p:{second.pk}"] == 1


def test_an_institution_serving_the_whole_prefecture_counts_at_prefecture_level(network):
    notary_item = ServiceItemFactory(code="notary", name="公证", category="notary")
    from .factories import RoutingRuleFactory

    RoutingRuleFactory(service_item=notary_item, handler_kind="notary_office", lowest_level="county")
    office = InstitutionFactory(
        name="甘孜州康定公证处",
        kind="notary_office",
        region_id="513301",
        serves_region_id="513300",
        items=[notary_item],
    )
    decision = routing.route(service_item=notary_item, region=region("513334100"))
    assert decision.institution_id == office.pk
    assert decision.handler_region_path == "510000/513300/513301/"  # where it sits
    assert "由市州级办理" in decision.reason


def test_an_item_nobody_offers_is_a_clear_error(network):
    lonely = ServiceItemFactory(code="lonely", name="仲裁")
    with pytest.raises(DomainError) as caught:
        routing.route(service_item=lonely, region=region("510107001"))
    assert caught.value.code == ErrorCode.NO_HANDLER


def test_inactive_places_are_not_chosen(network):
    network.litang_centre.is_active = False
    network.litang_centre.save()
    decision = routing.route(service_item=network.consult, region=region("513334100"))
    assert decision.point_id == network.ganzi_centre.pk


def test_index_is_rebuilt_when_another_process_changed_the_network(network, settings):
    settings.FAWANG_ROUTING_INDEX_TTL = 0
    index = routing.get_routing_index()
    assert routing.get_routing_index() is index  # nothing changed: same index
    from fawang.network.models import ServicePoint

    # A change made elsewhere (no signal here): the version check notices it.
    ServicePoint.objects.filter(pk=network.litang_centre.pk).update(
        is_active=False, updated_at=timezone.now() + timezone.timedelta(seconds=1)
    )
    assert routing.get_routing_index() is not index
