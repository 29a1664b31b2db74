"""A small appraisal world on Sichuan's regions: the bundled catalog (its `appraisal_entrustment` item
carries 《司法鉴定程序通则》's two clocks), an institution in Chengdu registered for forensic medicine and
physical evidence with three appraisers, the institution's clerk, a Wuhou court with its officer, a
legal aid centre's staff, the Chengdu supervisor and a mediation committee."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from fawang.core.calendar import TZ


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


@pytest.fixture
def appraisal(sichuan):
    from fawang.accounts.enums import Role
    from fawang.accounts.tests.factories import StaffFactory
    from fawang.accounts.tests.minimal_rows import institution, practitioner
    from fawang.appraisal.models import AppraiserRegistration, EntrustingBody, EntrustingOfficer
    from fawang.catalog.services import catalog_load

    catalog_load()
    inst = institution("510100", "四川华西法医学鉴定中心", kind="appraisal_institution")
    inst.appraisal_categories = ["forensic_medicine", "physical_evidence"]
    inst.licence_no = "510012345"
    inst.save()
    appraisers = []
    for name in ("李明", "王芳", "张伟"):
        p = practitioner(inst, name=name, kind="appraiser")
        AppraiserRegistration.objects.create(practitioner=p, categories=["forensic_medicine"])
        appraisers.append(p)
    clerk = StaffFactory(
        username="appraisal_desk", jurisdiction_institution=inst, roles=[Role.INSTITUTION_STAFF]
    )
    clerk.set_password("correct horse battery")
    clerk.save()
    court = EntrustingBody.objects.create(kind="court", name="成都市武侯区人民法院", region_id="510107")
    judge = StaffFactory(
        username="wuhou_court", jurisdiction_region_id="510107", roles=[Role.ENTRUSTING_OFFICER]
    )
    judge.set_password("correct horse battery")
    judge.save()
    EntrustingOfficer.objects.create(user=judge, body=court)
    centre = institution("510107", "武侯区法律援助中心", kind="legal_aid_centre")
    aid_clerk = StaffFactory(jurisdiction_institution=centre, roles=[Role.INSTITUTION_STAFF])
    supervisor = StaffFactory(
        username="chengdu_supervisor", jurisdiction_region_id="510100", roles=[Role.SUPERVISOR]
    )
    supervisor.set_password("correct horse battery")
    supervisor.save()
    committee = institution("510107", "武侯区人民调解委员会", kind="mediation_committee")
    return SimpleNamespace(
        institution=inst,
        appraisers=appraisers,
        clerk=clerk,
        court=court,
        judge=judge,
        centre=centre,
        aid_clerk=aid_clerk,
        supervisor=supervisor,
        committee=committee,
    )


@pytest.fixture
def entrust(appraisal):
    from fawang.appraisal.services import appraisal_entrust

    def _entrust(*, actor=None, now=None, **kw):
        fields = {
            "institution": appraisal.institution.pk,
            "category": "forensic_medicine",
            "case_reference": "（2026）川0107民初1234号",
            "matter": "原告张某交通事故伤残等级鉴定",
        }
        fields.update(kw)
        return appraisal_entrust(actor=actor or appraisal.judge, now=now, **fields)

    return _entrust
