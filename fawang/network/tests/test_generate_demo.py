"""The demo network: a believable set of places and people for every prefecture and county,
the same every time for one seed, and nothing new on a second run."""

import datetime as dt
from collections import Counter

import pytest

from fawang.catalog.models import ServiceItem
from fawang.catalog.services import catalog_load
from fawang.network.demo import ROSTER_DAYS, _Planner, network_generate_demo
from fawang.network.enums import InstitutionKind, PractitionerKind, RosterDuty, ServicePointKind
from fawang.network.models import Institution, Practitioner, RosterShift, ServicePoint
from fawang.regions.models import Region

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 2)


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """Generating the province takes seconds, so it is done once for this module, outside the
    per-test transactions (each test still rolls back what it changes), and removed afterwards so
    other modules start from an empty network."""
    with django_db_blocker.unblock():
        catalog_load()
        report = network_generate_demo(seed=2020, today=TODAY)
    yield report
    with django_db_blocker.unblock():
        RosterShift.objects.all().delete()
        Practitioner.objects.all().delete()
        Institution.objects.all().delete()
        ServicePoint.objects.all().delete()
        ServiceItem.objects.all().delete()


@pytest.fixture
def demo(generated, db):
    return generated


def _prefecture_of(region_path: str) -> str:
    return region_path.split("/")[1]


def test_every_level_has_its_service_points(demo):
    kinds = Counter(ServicePoint.objects.values_list("level", "kind"))
    assert kinds == {
        ("province", ServicePointKind.CENTRE): 1,
        ("prefecture", ServicePointKind.CENTRE): 21,
        ("county", ServicePointKind.CENTRE): 183,
        ("township", ServicePointKind.STATION): 3111,
    }
    assert ServicePoint.objects.get(region_id="510000").name == "四川省公共法律服务中心"
    assert demo.service_points == 3316


def test_every_prefecture_and_county_has_its_institutions(demo):
    prefectures = list(Region.objects.filter(level="prefecture"))
    counties = list(Region.objects.filter(level="county").select_related("parent"))
    by_region = Counter(Institution.objects.values_list("region_id", "kind"))
    for pref in prefectures:
        assert by_region[(pref.code, InstitutionKind.LEGAL_AID_CENTRE)] == 1, pref.name
        assert by_region[(pref.code, InstitutionKind.ARBITRATION_COMMISSION)] == 1, pref.name
        notary = Institution.objects.filter(kind=InstitutionKind.NOTARY_OFFICE, serves_region=pref)
        assert notary.exists(), f"{pref.name} has no notary office serving it"
    for county in counties:
        for kind in (
            InstitutionKind.LEGAL_AID_CENTRE,
            InstitutionKind.MEDIATION_COMMITTEE,
            InstitutionKind.LAW_FIRM,
        ):
            assert by_region[(county.code, kind)] >= 1, (county.name, kind)
    # Chengdu is the legal capital: more firms and lawyers than any other prefecture.
    lawyers = Counter(
        _prefecture_of(path)
        for path in Practitioner.objects.filter(kind=PractitionerKind.LAWYER).values_list(
            "region__path", flat=True
        )
    )
    assert lawyers.most_common(1)[0][0] == "510100"
    assert set(lawyers) == {p.code for p in prefectures}
    appraisal = Institution.objects.filter(kind=InstitutionKind.APPRAISAL_INSTITUTION)
    assert appraisal.filter(region_id="510100").count() >= 2
    assert all(i.appraisal_categories for i in appraisal)


def test_tibetan_speakers_in_every_ganzi_and_aba_county_and_yi_speakers_in_liangshan(demo):
    for prefecture, language in (("513300", "bo"), ("513200", "bo"), ("513400", "ii")):
        counties = Region.objects.filter(parent_id=prefecture)
        assert counties.count() in (18, 13, 17)
        for county in counties:
            speakers = [
                p
                for p in Practitioner.objects.filter(region=county, kind__in=["lawyer", "legal_aid_worker"])
                if language in p.languages
            ]
            assert speakers, f"nobody speaks {language} in {county.name}"
            assert all("zh" in p.languages for p in speakers)
    # Everyone speaks Chinese; nobody in Chengdu was given Tibetan or Yi by accident.
    assert all("zh" in langs for langs in Practitioner.objects.values_list("languages", flat=True))
    assert not any(
        {"bo", "ii"} & set(p.languages)
        for p in Practitioner.objects.filter(region__path__startswith="510000/510100/")
    )


def _planned_people(seed: int) -> list[tuple[str, str, str]]:
    planner = _Planner(seed, list(Region.objects.exclude(level="village").order_by("code")))
    planner.plan()
    return [(p.licence_no, p.name, p.institution_code) for p in planner.practitioners]


def test_the_same_seed_gives_the_same_people_and_another_seed_does_not(demo):
    stored = set(Practitioner.objects.values_list("licence_no", "name", "institution__code"))
    # A fresh plan from the same seed names exactly the people the database holds ...
    assert set(_planned_people(2020)) == stored
    # ... and another seed gives other names (the places stay the same).
    other = _planned_people(7)
    assert len(other) > 1000
    assert [name for _lic, name, _inst in other] != [name for _lic, name, _inst in _planned_people(2020)]
    lawyers = Practitioner.objects.filter(kind=PractitionerKind.LAWYER)
    assert all(len(lic) == 17 and lic.isdigit() for lic in lawyers.values_list("licence_no", flat=True))
    wuhou = lawyers.filter(region_id="510107").values_list("licence_no", flat=True)
    assert wuhou and all(lic.startswith("15101") for lic in wuhou)


def test_a_second_run_creates_nothing(demo):
    assert demo.created_total > 0
    counts = (ServicePoint.objects.count(), Institution.objects.count(), Practitioner.objects.count())

    again = network_generate_demo(seed=2020, today=TODAY)

    assert again.created_total == 0
    assert (ServicePoint.objects.count(), Institution.objects.count(), Practitioner.objects.count()) == counts


def test_places_offer_the_items_their_routing_rules_send_them(demo):
    station = ServicePoint.objects.get(code="SP-510107001")
    county = ServicePoint.objects.get(code="SP-510107")
    # A township station also hosts its people's mediation committee's disputes (docs/adr/0029).
    assert set(station.service_items.values_list("code", flat=True)) == {
        "consultation",
        "mediation",
        "mediation_dispute",
    }
    assert set(county.service_items.values_list("code", flat=True)) == {
        "consultation",
        "mediation",
        "mediation_dispute",
        "complaint",
        "lawyer_service",  # the county centre refers to lawyers, to counselling, and runs the
        "counselling_referral",  # enterprises' legal health check (catalog: service_point, county)
        "legal_health_check",
    }
    aid = Institution.objects.get(code="LA-513334")
    assert list(aid.service_items.values_list("code", flat=True)) == ["legal_aid"]
    arbitration = Institution.objects.get(code="AC-513300")
    # The prefecture's commission takes labour disputes and, from prefecture level, commercial arbitration.
    assert set(arbitration.service_items.values_list("code", flat=True)) == {
        "labour_arbitration",
        "arbitration",
    }
    assert not Institution.objects.get(code="LF-510107-1").service_items.exists()


def test_rosters_cover_the_next_two_weeks_with_local_language_speakers(demo):
    days = {TODAY + dt.timedelta(days=n) for n in range(ROSTER_DAYS)}
    for code in ("SP-510107", "SP-513334", "SP-513431"):
        shifts = RosterShift.objects.filter(service_point__code=code, duty=RosterDuty.DUTY_LAWYER)
        assert {(s.date, s.shift) for s in shifts} == {(d, s) for d in days for s in ("morning", "afternoon")}
    # In Litang every shift has a Tibetan speaker on duty.
    for day in days:
        for shift in ("morning", "afternoon"):
            on_duty = RosterShift.objects.filter(service_point__code="SP-513334", date=day, shift=shift)
            assert any("bo" in r.practitioner.languages for r in on_duty), (day, shift)
    seats = RosterShift.objects.filter(duty=RosterDuty.HOTLINE_SEAT)
    assert set(seats.values_list("service_point__level", flat=True)) == {"province", "prefecture"}
    assert seats.filter(service_point__code="SP-510000", date=TODAY).count() >= 4


# ---- demo accounts and the two commands `make run` calls (they reuse the generated network) --------


def test_demo_accounts_log_in_with_their_roles_and_places(demo):
    from django.contrib.auth import authenticate

    from fawang.accounts.models import User
    from fawang.core.identity import mobile_index
    from fawang.network.demo import DEMO_PASSWORD, demo_users_ensure

    assert demo_users_ensure() == {"users_created": 10}

    wuhou = authenticate(username="wuhou", password=DEMO_PASSWORD)
    assert wuhou is not None and wuhou.role_set == {"county_staff", "window_clerk"}
    assert wuhou.jurisdiction_region_id == "510107"
    assert wuhou.service_point.code == "SP-510107"
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.has_role("provincial_admin")

    litang = User.objects.get(username="litang")
    assert "bo" in litang.practitioner.languages
    assert litang.practitioner.institution.code == "LA-513334"
    assert litang.display_name == litang.practitioner.name

    lawyer = User.objects.get(username="lawyer_wuhou")
    assert lawyer.practitioner.kind == "lawyer" and lawyer.practitioner.region_id == "510107"
    assert lawyer.jurisdiction_institution_id == lawyer.practitioner.institution_id

    citizen = User.objects.get(username="citizen")
    assert citizen.kind == "citizen" and citizen.phone == "13800000000"
    assert citizen.phone_index == mobile_index("13800000000")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accounts_user WHERE id = %s", [citizen.pk])
        raw = cursor.fetchone()[0]
    assert "13800000000" not in raw  # encrypted at rest

    assert demo_users_ensure() == {"users_created": 0}


def test_seed_demo_is_idempotent_and_demo_logins_prints_the_table(demo):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())  # today's roster may be new; the places are not
    out = StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    assert "regions: 0 created, 0 updated, 3316 unchanged" in text
    assert "0 service points, 0 institutions, 0 practitioners, 0 offerings, 0 roster shifts created" in text
    assert "demo accounts: 0 created" in text

    out = StringIO()
    call_command("demo_logins", stdout=out)
    table = out.getvalue()
    assert "http://127.0.0.1:8000/" in table and "fawang-demo-2026" in table
    for username in ("admin", "hotline", "wuhou", "litang", "ganzi", "chengdu_sup", "ganzi_sup", "analyst"):
        assert f"\n{username} " in table
    assert "513334 理塘县" in table and "13800000000" in table
