"""Network reads are scoped to the actor's jurisdiction: a Ganzi clerk sees Ganzi, not Chengdu."""

import datetime as dt

import pytest

from fawang.network.enums import InstitutionKind, PractitionerKind, Shift
from fawang.network.selectors import (
    institutions_for_actor,
    practitioners_for_actor,
    roster_on_duty,
    service_points_for_actor,
)

from .factories import InstitutionFactory, PractitionerFactory, RosterShiftFactory, ServicePointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_places(sichuan):
    wuhou = ServicePointFactory(region_code="510107")
    litang = ServicePointFactory(region_code="513334")
    wuhou_aid = InstitutionFactory(region_code="510107")
    litang_aid = InstitutionFactory(region_code="513334")
    return wuhou, litang, wuhou_aid, litang_aid


def test_a_ganzi_clerk_sees_ganzi_points_and_institutions_only(ganzi_clerk, two_places):
    _wuhou, litang, _wuhou_aid, litang_aid = two_places
    assert list(service_points_for_actor(ganzi_clerk)) == [litang]
    assert list(institutions_for_actor(ganzi_clerk)) == [litang_aid]


def test_the_hotline_agent_sees_the_whole_province(hotline_agent, two_places):
    wuhou, litang, *_ = two_places
    assert set(service_points_for_actor(hotline_agent)) == {wuhou, litang}


def test_a_citizen_and_an_anonymous_caller_see_no_staff_directory(citizen, two_places):
    assert not service_points_for_actor(citizen).exists()
    assert not service_points_for_actor(None).exists()


def test_practitioners_filtered_by_language_and_kind_within_jurisdiction(ganzi_clerk, sichuan):
    litang_firm = InstitutionFactory(region_code="513334", kind=InstitutionKind.LAW_FIRM)
    tibetan = PractitionerFactory(name="泽仁多吉", institution=litang_firm, languages=["zh", "bo"])
    PractitionerFactory(name="王强", institution=litang_firm, languages=["zh"])
    worker = PractitionerFactory(
        name="次仁卓玛",
        kind=PractitionerKind.LEGAL_AID_WORKER,
        institution=InstitutionFactory(region_code="513334"),
        languages=["zh", "bo"],
    )
    chengdu_speaker = PractitionerFactory(
        name="格桑拉姆", institution=InstitutionFactory(region_code="510107"), languages=["zh", "bo"]
    )

    speakers = set(practitioners_for_actor(ganzi_clerk, language="bo"))
    assert speakers == {tibetan, worker}
    assert chengdu_speaker not in speakers
    assert list(practitioners_for_actor(ganzi_clerk, language="bo", kind=PractitionerKind.LAWYER)) == [
        tibetan
    ]
    assert not practitioners_for_actor(ganzi_clerk, language="ii").exists()


def test_roster_on_duty_lists_who_works_a_shift(sichuan):
    point = ServicePointFactory(region_code="513334")
    day = dt.date(2026, 11, 2)
    morning = RosterShiftFactory(service_point=point, date=day, shift=Shift.MORNING)
    afternoon = RosterShiftFactory(service_point=point, date=day, shift=Shift.AFTERNOON)
    RosterShiftFactory(service_point=point, date=day + dt.timedelta(days=1))
    RosterShiftFactory(date=day)  # another point

    assert list(roster_on_duty(service_point=point, date=day)) == [afternoon, morning]
    assert list(roster_on_duty(service_point=point, date=day, shift=Shift.MORNING)) == [morning]
