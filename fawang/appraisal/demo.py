"""Judicial appraisal's part of the demo (`seed_demo`, `make run`): every demo appraiser registered for
their institution's categories; three entrusting bodies in Chengdu; the logins `court_wuhou` (officer of
成都市武侯区人民法院) and `appraisal_chengdu` (staff of the first Chengdu appraisal institution), password
as every demo account; and four entrustments of the court to that institution: one waiting for the
acceptance decision, one being examined, one accepted six weeks ago and not finished (past the art. 28
limit: the sweep supervises it), and one on the green channel from the Wuhou legal aid centre.
Idempotent; demo databases only."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from fawang.accounts.enums import Role, UserKind
from fawang.accounts.models import User, UserRole
from fawang.network.demo import DEMO_PASSWORD
from fawang.network.enums import InstitutionKind, PractitionerKind
from fawang.network.models import Institution, Practitioner

from .enums import Action, BodyKind
from .models import AppraiserRegistration, EntrustingBody, EntrustingOfficer, Entrustment

DEMO_INSTITUTION = "AI-510100-1"
COURT_LOGIN, INSTITUTION_LOGIN = "court_wuhou", "appraisal_chengdu"
BODIES = (
    (BodyKind.COURT, "成都市武侯区人民法院", "510107"),
    (BodyKind.PROCURATORATE, "成都市人民检察院", "510100"),
    (BodyKind.POLICE, "成都市公安局武侯区分局", "510107"),
)


def _login(username: str, name: str, role: str, **jurisdiction: object) -> tuple[User, bool]:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user, False
    user = User(username=username, display_name=name, kind=UserKind.STAFF, **jurisdiction)
    user.set_password(DEMO_PASSWORD)
    user.save()
    UserRole.objects.create(user=user, role=role)
    return user, True


def appraisal_demo_ensure(*, now: dt.datetime | None = None) -> dict[str, int]:
    from .services import appraisal_accept, appraisal_entrust, appraisal_step

    now = now or timezone.now()
    made = {"registrations": 0, "bodies": 0, "users": 0, "entrustments": 0}
    with transaction.atomic():
        valid = timezone.localdate(now) + dt.timedelta(days=3 * 365)
        for p in Practitioner.objects.filter(kind=PractitionerKind.APPRAISER).select_related("institution"):
            _row, created = AppraiserRegistration.objects.get_or_create(
                practitioner=p,
                defaults={
                    "categories": list(p.institution.appraisal_categories or []),
                    "licence_valid_until": valid,
                },
            )
            made["registrations"] += int(created)
        bodies = {}
        for kind, name, region in BODIES:
            body, created = EntrustingBody.objects.get_or_create(
                name=name, defaults={"kind": kind, "region_id": region}
            )
            bodies[kind] = body
            made["bodies"] += int(created)
        institution = Institution.objects.filter(code=DEMO_INSTITUTION).first()
        if institution is None:
            return made
        judge, created = _login(
            COURT_LOGIN, "武侯区法院 刘洋", Role.ENTRUSTING_OFFICER, jurisdiction_region_id="510107"
        )
        made["users"] += int(created)
        EntrustingOfficer.objects.get_or_create(user=judge, defaults={"body": bodies[BodyKind.COURT]})
        clerk, created = _login(
            INSTITUTION_LOGIN,
            f"{institution.name} 受理室",
            Role.INSTITUTION_STAFF,
            jurisdiction_institution=institution,
        )
        made["users"] += int(created)
        if Entrustment.objects.filter(institution=institution).exists():
            return made
        category = (institution.appraisal_categories or ["forensic_medicine"])[0]
        appraisers = list(
            Practitioner.objects.filter(institution=institution, kind=PractitionerKind.APPRAISER)[:2]
        )

        def entrust(actor: User, days_ago: int, matter: str, **kw: object) -> Entrustment:
            return appraisal_entrust(
                actor=actor,
                institution=institution.pk,
                category=category,
                case_reference=f"（{timezone.localdate(now).year}）川0107民初{100 + made['entrustments']}号",
                matter=matter,
                now=now - dt.timedelta(days=days_ago),
                **kw,  # type: ignore[arg-type]
            )

        # The litigants follow the appraisal on /track/ with their phones and rate the opinion.
        entrust(
            judge,
            1,
            "原告交通事故致残，申请伤残等级鉴定",
            litigants=[
                {
                    "side": "applicant",
                    "name": "张某",
                    "phone": "13800005555",
                    "id_number": "510107198001010013",
                },
                {
                    "side": "respondent",
                    "name": "刘某",
                    "phone": "13800006666",
                    "id_number": "510107198502020017",
                },
            ],
        )
        made["entrustments"] += 1
        examined = entrust(judge, 10, "医疗损害责任纠纷，申请过错及因果关系鉴定")
        made["entrustments"] += 1
        late = entrust(judge, 45, "人身损害赔偿纠纷，申请误工期、护理期鉴定")
        made["entrustments"] += 1
        for row, days_ago in ((examined, 8), (late, 43)):
            at = now - dt.timedelta(days=days_ago)
            appraisal_accept(
                actor=clerk, order=row.order, appraisers=[p.pk for p in appraisers], fee_fen=180000, now=at
            )
            appraisal_step(actor=clerk, order=row.order, action=Action.RECEIVE_MATERIALS, now=at)
            appraisal_step(actor=clerk, order=row.order, action=Action.EXAMINE, note="活体检查", now=at)
        centre = Institution.objects.filter(code="LA-510107", kind=InstitutionKind.LEGAL_AID_CENTRE).first()
        if centre is not None:
            aid_clerk, created = _login(
                "legal_aid_wuhou_appraisal",
                "武侯区法律援助中心",
                Role.INSTITUTION_STAFF,
                jurisdiction_institution=centre,
            )
            made["users"] += int(created)
            entrust(
                aid_clerk,
                2,
                "受援人工伤致残，申请伤残等级鉴定（法律援助案件）",
                legal_aid_reference="武法援〔2026〕88号",
            )
            made["entrustments"] += 1
    return made
