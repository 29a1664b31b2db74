"""The demo: a believable service network for the whole province (`network_generate_demo`) and one
account per persona on it (`demo_users_ensure`), all with the same published password. Both are
deterministic and idempotent, for `make run`, `seed_demo` and the benchmarks. Never run this against a
production database (seed_demo refuses when DEBUG is off unless forced)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from fawang.accounts.enums import Role, UserKind
from fawang.accounts.models import User, UserRole
from fawang.core.identity import mobile_index, normalise_mobile
from fawang.regions.models import LEVEL_DEPTH, Region, RegionLevel

from . import demo_data as words
from .enums import (
    AppraisalCategory,
    InstitutionKind,
    Language,
    PractitionerKind,
    PractitionerStatus,
    RosterDuty,
    ServicePointKind,
    Shift,
)
from .models import Institution, Practitioner, RosterShift, ServicePoint

PROVINCIAL_CENTRE_NAME = "四川省公共法律服务中心"
ROSTER_DAYS = 14
ROSTER_SHIFTS = (Shift.MORNING, Shift.AFTERNOON)


# ---- the demo network --------------------------------------------------------------------------------


@dataclass
class DemoNetworkReport:
    """What one run created (zero everywhere on a second run with the same seed and day)."""

    service_points: int = 0
    institutions: int = 0
    practitioners: int = 0
    offerings: int = 0
    roster_shifts: int = 0
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def created_total(self) -> int:
        return (
            self.service_points + self.institutions + self.practitioners + self.offerings + self.roster_shifts
        )


@dataclass
class _PlannedPractitioner:
    name: str
    kind: str
    licence_no: str
    institution_code: str
    region_code: str
    languages: list[str]
    specialties: list[str]


class _Planner:
    """Builds the whole demo network in memory from the seed alone (never from what is in the
    database), so two runs with one seed plan exactly the same rows and a rerun adds nothing."""

    def __init__(self, seed: int, regions: list[Region]) -> None:
        self.rng = random.Random(seed)
        self.regions = regions
        self.by_code = {r.code: r for r in regions}
        self.children: dict[str, list[Region]] = defaultdict(list)
        for r in regions:
            if r.parent_id:
                self.children[r.parent_id].append(r)
        self.points: list[ServicePoint] = []
        self.institutions: list[tuple[Institution, str | None]] = []  # (institution, service point code)
        self.practitioners: list[_PlannedPractitioner] = []
        self.serials: dict[str, int] = defaultdict(int)
        county_names = [r.name for r in regions if r.level == RegionLevel.COUNTY]
        self.ambiguous_county_names = {n for n in county_names if county_names.count(n) > 1}

    # names -------------------------------------------------------------------------------------------
    def han_name(self) -> str:
        given = self.rng.choice(words.HAN_GIVEN)
        if self.rng.random() < 0.6:
            given += self.rng.choice(words.HAN_GIVEN)
        return self.rng.choice(words.HAN_SURNAMES) + given

    def tibetan_name(self) -> str:
        first = self.rng.choice(words.TIBETAN_PARTS_FIRST)
        second = self.rng.choice([p for p in words.TIBETAN_PARTS_SECOND if p != first])
        return first + second

    def yi_name(self) -> str:
        return self.rng.choice(words.YI_CLANS) + self.rng.choice(words.YI_GIVEN)

    def person(self, language: str | None) -> tuple[str, list[str]]:
        """A name and the languages its bearer speaks; `language` asks for a minority-language speaker."""
        if language == Language.TIBETAN:
            return self.tibetan_name(), [Language.CHINESE, Language.TIBETAN]
        if language == Language.YI:
            return self.yi_name(), [Language.CHINESE, Language.YI]
        langs = [Language.CHINESE]
        if self.rng.random() < 0.08:
            langs.append(Language.ENGLISH)
        return self.han_name(), langs

    def licence(self, kind: str, region_code: str) -> str:
        """Licence numbers shaped like the real ones: a lawyer's is 1 + region + year of first licence
        + type + gender + serial (17 digits); other kinds get a short prefix and a serial."""
        self.serials[kind] += 1
        serial = self.serials[kind]
        year = self.rng.randint(1998, 2024)
        if kind == PractitionerKind.LAWYER:
            return f"1{region_code[:4]}{year}1{self.rng.randint(0, 1)}{serial:06d}"
        prefix = {
            PractitionerKind.NOTARY: "2",
            PractitionerKind.APPRAISER: "JD",
            PractitionerKind.ARBITRATOR: "ZC",
            PractitionerKind.MEDIATOR: "TJ",
            PractitionerKind.LEGAL_AID_WORKER: "FY",
        }[kind]
        return f"{prefix}{region_code[:4]}{year}{serial:06d}"

    def specialties(self) -> list[str]:
        return sorted(self.rng.sample(words.SPECIALTIES, self.rng.randint(1, 3)))

    # helpers -------------------------------------------------------------------------------------------
    @staticmethod
    def short_prefecture(region: Region) -> str:
        if region.name.endswith("自治州"):
            return region.name[:2]
        return region.name.removesuffix("市")

    def county_label(self, county: Region) -> str:
        if county.name in self.ambiguous_county_names:
            return self.by_code[county.parent_id].name + county.name
        return county.name

    def language_of(self, region: Region) -> str | None:
        for code in [*region.ancestor_codes(), region.code]:
            if code in words.LANGUAGE_BY_PREFECTURE:
                return words.LANGUAGE_BY_PREFECTURE[code]
        for marker, language in words.LANGUAGE_BY_COUNTY_NAME.items():
            if marker in region.name:
                return language
        return None

    def point(self, code: str, name: str, kind: str, region: Region) -> None:
        self.points.append(
            ServicePoint(code=code, name=name, kind=kind, level=region.level, region=region, phone="12348")
        )

    def institution(
        self,
        code: str,
        name: str,
        kind: str,
        region: Region,
        *,
        serves: Region | None = None,
        point_code: str | None = None,
        categories: list[str] | None = None,
    ) -> None:
        self.institutions.append(
            (
                Institution(
                    code=code,
                    name=name,
                    kind=kind,
                    region=region,
                    serves_region=serves,
                    appraisal_categories=categories or [],
                    licence_no=f"{code}-{region.code}" if kind != InstitutionKind.MEDIATION_COMMITTEE else "",
                ),
                point_code,
            )
        )

    def staff(
        self, institution_code: str, region: Region, kind: str, count: int, language: str | None
    ) -> None:
        """`count` practitioners; when the place has a minority language, the first one speaks it."""
        for n in range(count):
            name, langs = self.person(language if n == 0 else None)
            self.practitioners.append(
                _PlannedPractitioner(
                    name=name,
                    kind=kind,
                    licence_no=self.licence(kind, region.code),
                    institution_code=institution_code,
                    region_code=region.code,
                    languages=langs,
                    specialties=self.specialties() if kind == PractitionerKind.LAWYER else [],
                )
            )

    # the plan ------------------------------------------------------------------------------------------
    def plan(self) -> None:
        province = next(r for r in self.regions if r.level == RegionLevel.PROVINCE)
        self.point(f"SP-{province.code}", PROVINCIAL_CENTRE_NAME, ServicePointKind.CENTRE, province)
        self.institution(
            f"LA-{province.code}",
            "四川省法律援助中心",
            InstitutionKind.LEGAL_AID_CENTRE,
            province,
            point_code=f"SP-{province.code}",
        )
        # The provincial hotline answers in Tibetan and Yi too.
        for language in (Language.TIBETAN, Language.YI):
            name, langs = self.person(language)
            self.practitioners.append(
                _PlannedPractitioner(
                    name,
                    PractitionerKind.LEGAL_AID_WORKER,
                    self.licence(PractitionerKind.LEGAL_AID_WORKER, province.code),
                    f"LA-{province.code}",
                    province.code,
                    langs,
                    [],
                )
            )
        self.staff(f"LA-{province.code}", province, PractitionerKind.LEGAL_AID_WORKER, 2, None)

        for prefecture in self.children[province.code]:
            self.plan_prefecture(prefecture)

    def plan_prefecture(self, pref: Region) -> None:
        language = self.language_of(pref)
        centre = f"SP-{pref.code}"
        self.point(centre, f"{pref.name}公共法律服务中心", ServicePointKind.CENTRE, pref)
        self.institution(
            f"LA-{pref.code}",
            f"{pref.name}法律援助中心",
            InstitutionKind.LEGAL_AID_CENTRE,
            pref,
            point_code=centre,
        )
        self.staff(f"LA-{pref.code}", pref, PractitionerKind.LEGAL_AID_WORKER, 2, language)

        # A notary office serves its whole prefecture; Chengdu has several.
        notary_names = (
            [f"四川省成都市{w}公证处" for w in ("蜀都", "天府", "锦城", "蓉城")]
            if pref.code == "510100"
            else [f"{pref.name}公证处"]
        )
        for n, name in enumerate(notary_names, start=1):
            code = f"NO-{pref.code}-{n}"
            self.institution(code, name, InstitutionKind.NOTARY_OFFICE, pref, serves=pref)
            self.staff(code, pref, PractitionerKind.NOTARY, 3, language)

        code = f"AC-{pref.code}"
        self.institution(
            code, f"{pref.name}劳动人事争议仲裁委员会", InstitutionKind.ARBITRATION_COMMISSION, pref
        )
        self.staff(code, pref, PractitionerKind.ARBITRATOR, 3, language)

        categories = list(AppraisalCategory.values)
        for n in range(1, words.APPRAISAL_PREFECTURES.get(pref.code, 0) + 1):
            code = f"AI-{pref.code}-{n}"
            word = words.APPRAISAL_WORDS[(int(pref.code[2:4]) + n) % len(words.APPRAISAL_WORDS)]
            chosen = sorted(self.rng.sample(categories, self.rng.randint(1, 3)), key=categories.index)
            self.institution(
                code,
                f"{self.short_prefecture(pref)}{word}司法鉴定所",
                InstitutionKind.APPRAISAL_INSTITUTION,
                pref,
                serves=pref,
                categories=chosen,
            )
            self.staff(code, pref, PractitionerKind.APPRAISER, 3, None)

        for county in self.children[pref.code]:
            self.plan_county(pref, county)

    def plan_county(self, pref: Region, county: Region) -> None:
        language = self.language_of(county)
        label = self.county_label(county)
        centre = f"SP-{county.code}"
        self.point(centre, f"{label}公共法律服务中心", ServicePointKind.CENTRE, county)
        self.institution(
            f"LA-{county.code}",
            f"{label}法律援助中心",
            InstitutionKind.LEGAL_AID_CENTRE,
            county,
            point_code=centre,
        )
        self.staff(f"LA-{county.code}", county, PractitionerKind.LEGAL_AID_WORKER, 2, language)
        self.institution(
            f"MC-{county.code}",
            f"{label}人民调解委员会",
            InstitutionKind.MEDIATION_COMMITTEE,
            county,
            point_code=centre,
        )
        self.staff(f"MC-{county.code}", county, PractitionerKind.MEDIATOR, 2, language)
        if county.type == "县级市":  # the bigger county-level cities keep their own notary office
            code = f"NO-{county.code}"
            self.institution(code, f"{pref.name}{county.name}公证处", InstitutionKind.NOTARY_OFFICE, county)
            self.staff(code, county, PractitionerKind.NOTARY, 2, language)

        if pref.code == "510100" and county.type == "市辖区":
            firms, lawyers = 3, (5, 8)
        elif county.type in ("市辖区", "县级市"):
            firms, lawyers = 2, (3, 5)
        else:
            firms, lawyers = 1, (2, 3)
        short = self.short_prefecture(pref)
        for n in range(1, firms + 1):
            code = f"LF-{county.code}-{n}"
            word = self.rng.choice(words.LAW_FIRM_WORDS)
            firm_name = f"四川{word}律师事务所" if pref.code == "510100" else f"{short}{word}律师事务所"
            self.institution(code, f"{firm_name}（{county.name}）", InstitutionKind.LAW_FIRM, county)
            self.staff(code, county, PractitionerKind.LAWYER, self.rng.randint(*lawyers), language)

        for township in self.children[county.code]:
            self.point(
                f"SP-{township.code}",
                f"{label}{township.name}公共法律服务工作站",
                ServicePointKind.STATION,
                township,
            )
            # Every township has its people's mediation committee, housed in the station.
            self.institution(
                f"MC-{township.code}",
                f"{township.name}人民调解委员会",
                InstitutionKind.MEDIATION_COMMITTEE,
                township,
                point_code=f"SP-{township.code}",
            )


def _offered_items(handler_kind: str, level: str) -> set[int]:
    """Ids of the items that routing rules send to this kind of place at this level ("from the
    township up" means the township and every level above it)."""
    from fawang.catalog.models import RoutingRule

    depth = LEVEL_DEPTH[RegionLevel(level)]
    return {
        r.service_item_id
        for r in RoutingRule.objects.filter(handler_kind=handler_kind, service_item__is_active=True)
        if depth <= LEVEL_DEPTH[RegionLevel(r.lowest_level)]
    }


def network_generate_demo(*, seed: int = 2020, today: dt.date | None = None) -> DemoNetworkReport:
    """A believable network for the whole province, deterministic from `seed` and idempotent: rows are
    keyed by code or licence number, so a second run creates nothing. Needs the regions loaded; the
    service items each place offers come from the catalog's routing rules (load the catalog first)."""
    regions = list(
        Region.objects.filter(
            level__in=[RegionLevel.PROVINCE, RegionLevel.PREFECTURE, RegionLevel.COUNTY, RegionLevel.TOWNSHIP]
        ).order_by("code")
    )
    planner = _Planner(seed, regions)
    planner.plan()
    report = DemoNetworkReport()
    today = today or timezone.localdate()

    with transaction.atomic():
        # Service points and institutions, keyed by code.
        have = set(
            ServicePoint.objects.filter(code__in=[p.code for p in planner.points]).values_list(
                "code", flat=True
            )
        )
        new_points = [p for p in planner.points if p.code not in have]
        ServicePoint.objects.bulk_create(new_points, batch_size=1000)
        report.service_points = len(new_points)
        point_ids = dict(ServicePoint.objects.filter(code__startswith="SP-").values_list("code", "id"))

        have = set(
            Institution.objects.filter(code__in=[i.code for i, _p in planner.institutions]).values_list(
                "code", flat=True
            )
        )
        new_institutions = []
        for inst, point_code in planner.institutions:
            if inst.code in have:
                continue
            inst.service_point_id = point_ids.get(point_code) if point_code else None
            new_institutions.append(inst)
        Institution.objects.bulk_create(new_institutions, batch_size=1000)
        report.institutions = len(new_institutions)
        planned_codes = [i.code for i, _p in planner.institutions]
        institutions = {
            i.code: i
            for i in Institution.objects.filter(code__in=planned_codes)
            .select_related("region")
            .only("id", "code", "kind", "region__level", "region__code")
        }

        report.offerings = _ensure_offerings(planner, point_ids, institutions)

        # Practitioners, keyed by licence number.
        licences = [p.licence_no for p in planner.practitioners]
        have = set(Practitioner.objects.filter(licence_no__in=licences).values_list("licence_no", flat=True))
        new_people = [
            Practitioner(
                name=p.name,
                kind=p.kind,
                licence_no=p.licence_no,
                institution_id=institutions[p.institution_code].id,
                region_id=p.region_code,
                languages=p.languages,
                specialties=p.specialties,
                status=PractitionerStatus.ACTIVE,
            )
            for p in planner.practitioners
            if p.licence_no not in have
        ]
        Practitioner.objects.bulk_create(new_people, batch_size=1000)
        report.practitioners = len(new_people)

        report.roster_shifts = _ensure_roster(planner, point_ids, today)

    report.totals = {
        "service_points": ServicePoint.objects.count(),
        "institutions": Institution.objects.count(),
        "practitioners": Practitioner.objects.count(),
        "roster_shifts": RosterShift.objects.count(),
    }
    return report


def _ensure_offerings(
    planner: _Planner, point_ids: dict[str, int], institutions: dict[str, Institution]
) -> int:
    """Which items each point and institution offers, from the routing rules; missing rows only."""
    from fawang.catalog.enums import HandlerKind

    point_items = {
        lvl: _offered_items(HandlerKind.SERVICE_POINT, lvl) for lvl in RegionLevel.values if lvl != "village"
    }
    inst_items: dict[tuple[str, str], set[int]] = {}
    created = 0

    PointThrough = ServicePoint.service_items.through
    wanted = {
        (point_ids[p.code], item_id) for p in planner.points for item_id in point_items.get(p.level, set())
    }
    have = set(
        PointThrough.objects.filter(servicepoint_id__in=point_ids.values()).values_list(
            "servicepoint_id", "serviceitem_id"
        )
    )
    missing = sorted(wanted - have)
    PointThrough.objects.bulk_create(
        [PointThrough(servicepoint_id=p, serviceitem_id=i) for p, i in missing], batch_size=2000
    )
    created += len(missing)

    InstThrough = Institution.service_items.through
    wanted = set()
    for inst in institutions.values():
        key = (inst.kind, inst.region.level)
        if key not in inst_items:
            handler = inst.kind if inst.kind in HandlerKind.values else None
            inst_items[key] = _offered_items(handler, inst.region.level) if handler else set()
        wanted.update((inst.id, item_id) for item_id in inst_items[key])
    have = set(
        InstThrough.objects.filter(institution_id__in=[i.id for i in institutions.values()]).values_list(
            "institution_id", "serviceitem_id"
        )
    )
    missing = sorted(wanted - have)
    InstThrough.objects.bulk_create(
        [InstThrough(institution_id=i, serviceitem_id=s) for i, s in missing], batch_size=2000
    )
    return created + len(missing)


class _Person(NamedTuple):
    id: int
    kind: str
    languages: tuple[str, ...]
    path: str


def _ensure_roster(planner: _Planner, point_ids: dict[str, int], today: dt.date) -> int:
    """Hotline seats at the provincial and prefecture centres and duty lawyers at county centres for
    the next ROSTER_DAYS days, two shifts a day, rotating through the local people in licence order.
    Where a minority language is spoken, every shift also has someone who speaks it."""
    # Plain tuples, not model instances: this reads a couple of thousand rows on every run.
    people = [
        _Person(pk, kind, tuple(languages), path)
        for pk, kind, languages, path in Practitioner.objects.filter(
            licence_no__in=[p.licence_no for p in planner.practitioners]
        )
        .order_by("licence_no")
        .values_list("id", "kind", "languages", "region__path")
    ]
    speakers = [p for p in people if p.kind in (PractitionerKind.LAWYER, PractitionerKind.LEGAL_AID_WORKER)]
    by_county: dict[str, list[_Person]] = defaultdict(list)
    by_prefecture: dict[str, list[_Person]] = defaultdict(list)
    for p in speakers:
        codes = p.path.rstrip("/").split("/")
        if len(codes) >= 2:
            by_prefecture[codes[1]].append(p)
        if len(codes) >= 3:
            by_county[codes[2]].append(p)
    province_pool = [p for p in speakers if p.path.count("/") == 1] + by_prefecture.get("510100", [])

    days = [today + dt.timedelta(days=n) for n in range(ROSTER_DAYS)]
    planned: list[tuple[int, str, dt.date, str, int]] = []

    def assign(point_code: str, duty: str, pool: list[_Person], language: str | None, seats: int = 1) -> None:
        if not pool:
            return
        lawyers = [p for p in pool if p.kind == PractitionerKind.LAWYER] or pool
        local_speakers = [p for p in pool if language in p.languages] if language else []
        for d, day in enumerate(days):
            for s, shift in enumerate(ROSTER_SHIFTS):
                turn = d * len(ROSTER_SHIFTS) + s
                on_duty = {lawyers[(turn * seats + k) % len(lawyers)] for k in range(seats)}
                if local_speakers and not any(language in p.languages for p in on_duty):
                    on_duty.add(local_speakers[turn % len(local_speakers)])
                planned.extend((point_ids[point_code], duty, day, shift, p.id) for p in on_duty)

    province = next(r for r in planner.regions if r.level == RegionLevel.PROVINCE)
    assign(f"SP-{province.code}", RosterDuty.HOTLINE_SEAT, province_pool, None, seats=2)
    # The provincial seats also cover Tibetan and Yi callers.
    for language in (Language.TIBETAN, Language.YI):
        pool = [p for p in speakers if p.path == province.path and language in p.languages]
        assign(f"SP-{province.code}", RosterDuty.HOTLINE_SEAT, pool, None)
    for r in planner.regions:
        if r.level == RegionLevel.PREFECTURE:
            assign(
                f"SP-{r.code}", RosterDuty.HOTLINE_SEAT, by_prefecture.get(r.code, []), planner.language_of(r)
            )
        elif r.level == RegionLevel.COUNTY:
            assign(f"SP-{r.code}", RosterDuty.DUTY_LAWYER, by_county.get(r.code, []), planner.language_of(r))

    have = set(
        RosterShift.objects.filter(
            date__gte=days[0], date__lte=days[-1], practitioner__isnull=False
        ).values_list("service_point_id", "duty", "date", "shift", "practitioner_id")
    )
    missing = sorted(set(planned) - have)
    RosterShift.objects.bulk_create(
        [
            RosterShift(service_point_id=sp, duty=duty, date=day, shift=shift, practitioner_id=pid)
            for sp, duty, day, shift, pid in missing
        ],
        batch_size=2000,
    )
    return len(missing)


# ---- the demo accounts --------------------------------------------------------------------------------

DEMO_PASSWORD = "fawang-demo-2026"
DEMO_CITIZEN_PHONE = "13800000000"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    display_name: str
    roles: tuple[str, ...]
    region_code: str | None
    point_code: str | None = None  # the service point the account works at
    superuser: bool = False
    admin_site: bool = False  # may open /admin/ (network back office)
    practitioner: str | None = None  # how to find the practitioner record this account logs in as
    note: str = ""


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        "admin",
        "省厅管理员",
        (Role.PROVINCIAL_ADMIN,),
        "510000",
        "SP-510000",
        superuser=True,
        admin_site=True,
    ),
    DemoLogin("hotline", "12348 坐席 王芳", (Role.HOTLINE_AGENT,), "510000", "SP-510000"),
    DemoLogin(
        "wuhou",
        "武侯区窗口 李娜",
        (Role.COUNTY_STAFF, Role.WINDOW_CLERK),
        "510107",
        "SP-510107",
        admin_site=True,
    ),
    DemoLogin(
        "litang",
        "",  # takes the name of the Tibetan-speaking legal aid worker it logs in as
        (Role.COUNTY_STAFF, Role.WINDOW_CLERK),
        "513334",
        "SP-513334",
        admin_site=True,
        practitioner="bo@LA-513334",
        note="speaks Tibetan",
    ),
    DemoLogin("ganzi", "甘孜州中心 格桑", (Role.PREFECTURE_STAFF,), "513300", "SP-513300", admin_site=True),
    DemoLogin("chengdu_sup", "成都市督办 张强", (Role.SUPERVISOR,), "510100"),
    DemoLogin("ganzi_sup", "甘孜州督办 扎西", (Role.SUPERVISOR,), "513300"),
    DemoLogin("analyst", "数据分析 刘洋", (Role.ANALYST,), "510000"),
    DemoLogin("lawyer_wuhou", "", (Role.PRACTITIONER,), None, practitioner="lawyer@510107"),
)
DEMO_CITIZEN = DemoLogin("citizen", "陈小明", (), "510107", note=f"phone {DEMO_CITIZEN_PHONE}")


def _find_practitioner(spec: str) -> Practitioner | None:
    """'bo@LA-513334': first Tibetan speaker of that institution; 'lawyer@510107': first lawyer there."""
    what, where = spec.split("@")
    qs = Practitioner.objects.order_by("licence_no")
    if what == PractitionerKind.LAWYER:
        return qs.filter(kind=PractitionerKind.LAWYER, region_id=where).first()
    return next((p for p in qs.filter(institution__code=where) if what in p.languages), None)


@transaction.atomic
def demo_users_ensure(*, password: str = DEMO_PASSWORD) -> dict[str, int]:
    """Create the demo accounts that are missing (run network_generate_demo first). Existing accounts
    keep their password, so a rerun is cheap and changes nothing."""
    created = 0
    points = dict(ServicePoint.objects.filter(code__startswith="SP-").values_list("code", "id"))
    for login in (*DEMO_LOGINS, DEMO_CITIZEN):
        if User.objects.filter(username=login.username).exists():
            continue
        practitioner = _find_practitioner(login.practitioner) if login.practitioner else None
        user = User(
            username=login.username,
            display_name=login.display_name or (practitioner.name if practitioner else login.username),
            kind=UserKind.CITIZEN if login is DEMO_CITIZEN else UserKind.STAFF,
            jurisdiction_region_id=login.region_code if login is not DEMO_CITIZEN else None,
            service_point_id=points.get(login.point_code) if login.point_code else None,
            is_superuser=login.superuser,
            is_staff=login.admin_site,
        )
        if login is DEMO_CITIZEN:
            phone = normalise_mobile(DEMO_CITIZEN_PHONE)
            user.phone = phone  # encrypted at rest by EncryptedTextField
            user.phone_index = mobile_index(phone)
            user.phone_verified_at = timezone.now()
        if practitioner is not None and login.region_code is None:
            # A lawyer sees the work of their own firm, not the whole district.
            user.jurisdiction_institution = Institution.objects.get(pk=practitioner.institution_id)
        user.set_password(password)
        user.save()
        UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in login.roles])
        if practitioner is not None:
            practitioner.user = user
            practitioner.save(update_fields=["user", "updated_at"])
        created += 1
    _ensure_hotline_shifts()
    return {"users_created": created}


def _ensure_hotline_shifts() -> None:
    """The demo hotline agent holds a seat at the provincial centre every morning of the roster."""
    user = User.objects.filter(username="hotline").first()
    point = ServicePoint.objects.filter(code="SP-510000").first()
    if user is None or point is None:
        return
    today = timezone.localdate()
    for n in range(ROSTER_DAYS):
        RosterShift.objects.get_or_create(
            service_point=point,
            duty=RosterDuty.HOTLINE_SEAT,
            date=today + dt.timedelta(days=n),
            shift=ROSTER_SHIFTS[0],
            staff=user,
        )
