"""Judicial appraisal's rows of the exhaustive reach test (fawang/accounts/tests/test_policy_reach.py):
every page and API operation of fawang.appraisal, with what each role may do there. Kept beside the app
and merged into `ENDPOINTS` there (one import line)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from fawang.accounts.enums import Role


def _world(order: Any, world: dict[str, Any], actor: Any) -> None:
    """An appraisal institution in Wuhou registered for forensic medicine with two appraisers, the order
    made an entrustment of a Wuhou court handled there; the actor is the court's officer when they hold
    that role, staff of the institution when institution staff."""
    from fawang.accounts.tests.minimal_rows import institution, practitioner
    from fawang.appraisal.models import AppraiserRegistration, EntrustingBody, EntrustingOfficer, Entrustment
    from fawang.catalog.models import ServiceItem

    inst = institution("510107", "武侯司法鉴定所", kind="appraisal_institution")
    inst.appraisal_categories = ["forensic_medicine"]
    inst.save()
    for name in ("李明", "王芳"):
        AppraiserRegistration.objects.create(
            practitioner=practitioner(inst, name=name, kind="appraiser"), categories=["forensic_medicine"]
        )
    court = EntrustingBody.objects.create(kind="court", name="武侯区人民法院", region_id="510107")
    if Role.ENTRUSTING_OFFICER in actor.role_set:
        EntrustingOfficer.objects.create(user=actor, body=court)
    item, _made = ServiceItem.objects.get_or_create(
        code="appraisal_entrustment",
        defaults={
            "name": "司法鉴定委托（办案机关）",
            "category": "appraisal",
            "time_limit": 7,
            "time_limit_unit": "working_days",
            "legal_basis": "《司法鉴定程序通则》第十三条",
            "workflow": "appraisal",
            "offered_to_citizens": False,
        },
    )
    order.workflow, order.service_item = "appraisal", item
    order.save(update_fields=["workflow", "service_item"])
    world["entrustment"] = Entrustment.objects.create(
        order=order,
        body=court,
        institution=inst,
        category="forensic_medicine",
        case_reference="X1",
        matter="伤残等级鉴定",
    )
    world["institution"] = inst


def _answers(response, order, world) -> bool:
    return response.status_code == 200


def _get(name: str, *, with_order: bool = False) -> Any:
    def call(client, order, world):
        return client.get(reverse(f"appraisal:{name}", args=[order.tracking_no] if with_order else []))

    return call


def _entrust_post(client, order, world):
    return client.post(
        reverse("appraisal:entrust"),
        {
            "institution": world["institution"].pk,
            "category": "forensic_medicine",
            "case_reference": "Y2",
            "matter": "物证鉴定一宗",
        },
    )


def _entrusted(response, order, world) -> bool:
    from fawang.appraisal.models import Entrustment

    return Entrustment.objects.filter(case_reference="Y2").exists()


def _accept_post(client, order, world):
    ids = [p.pk for p in world["institution"].practitioners.all()]
    return client.post(
        reverse("appraisal:entrustment", args=[order.tracking_no]), {"action": "accept", "appraisers": ids}
    )


def _accepted(response, order, world) -> bool:
    order.refresh_from_db()
    return order.status == "accepted"


def _entrust_api(client, order, world):
    return client.post(
        "/api/v1/appraisal/entrustments",
        {
            "institution": world["institution"].pk,
            "category": "forensic_medicine",
            "case_reference": "Y2",
            "matter": "物证鉴定一宗",
        },
        content_type="application/json",
    )


def _decision_api(client, order, world):
    ids = [p.pk for p in world["institution"].practitioners.all()]
    return client.post(
        f"/api/v1/appraisal/entrustments/{order.tracking_no}/decision",
        {"accept": True, "appraisers": ids},
        content_type="application/json",
    )


def _report_post(client, order, world):
    return client.post(
        reverse("appraisal:conduct"),
        {
            "kind": "interference",
            "item": "interference",
            "institution": world["institution"].pk,
            "account": "有人打招呼说情",
        },
    )


def _reported(response, order, world) -> bool:
    from fawang.appraisal.models import ConductReport

    return ConductReport.objects.exists()


def _complaint_world(order, world, actor) -> None:
    from fawang.accounts.tests.minimal_rows import institution
    from fawang.appraisal.models import Complaint
    from fawang.catalog.models import ServiceItem

    _world(order, world, actor)
    ServiceItem.objects.get_or_create(
        code="mediation",
        defaults={
            "name": "人民调解",
            "category": "mediation",
            "time_limit": 30,
            "time_limit_unit": "calendar_days",
            "legal_basis": "人民调解法",
        },
    )
    # The referral goes to people's mediation proper (APPRAISAL_COMPLAINT_MEDIATION_ITEM).
    ServiceItem.objects.get_or_create(
        code="mediation_dispute",
        defaults={
            "name": "人民调解申请（纠纷登记）",
            "category": "mediation",
            "workflow": "mediation",
            "time_limit": 30,
            "time_limit_unit": "calendar_days",
            "legal_basis": "人民调解法",
        },
    )
    world["committee"] = institution("510107", "武侯区人民调解委员会", kind="mediation_committee")
    world["complaint"] = Complaint.objects.create(
        institution=world["institution"],
        complainant_name="张某",
        account="收费不透明",
        recorded_by=actor,
        region_path=world["institution"].region.path,
    )


def _refer_post(client, order, world):
    return client.post(
        reverse("appraisal:complaint_refer", args=[world["complaint"].pk]),
        {"committee": world["committee"].pk},
    )


def _referred(response, order, world) -> bool:
    world["complaint"].refresh_from_db()
    return world["complaint"].status == "referred"


def _in_home(role: str, place: str) -> bool:
    from fawang.accounts.tests.test_policy_reach import HOME, PLACES
    from fawang.regions.models import Region

    home = Region.objects.get(code=HOME[role]).path
    return Region.objects.get(code=PLACES[place]).path.startswith(home)


def _sees_entrustment(role: str, place: str) -> bool:
    """The court's officer reads its body's entrustment wherever it sits; other staff as the engine lets
    them see the order (`order.view` over the place)."""
    from fawang.accounts import policy

    if role == Role.ENTRUSTING_OFFICER:
        return True
    return "order.view" in policy.ROLE_TABLE[role].actions and _in_home(role, place)


def _handles_entrustment(role: str, place: str) -> bool:
    from fawang.accounts import policy

    line = policy.ROLE_TABLE[role].actions
    return "order.handle" in line and "order.view" in line and _in_home(role, place)


def _entrusts(role: str, place: str) -> bool:
    return role == Role.ENTRUSTING_OFFICER


def cases(Case: Any) -> dict[str, list[Any]]:
    ENTRUST, REPORT, COMPLAINTS, FIGURES = (
        ("appraisal.entrust",),
        ("appraisal.report",),
        ("appraisal.complaints",),
        ("insight.view",),
    )
    return {
        "appraisal:registry": [Case(_get("registry"), _answers, (), about_order=False)],
        "appraisal:entrust": [
            Case(_get("entrust"), _answers, ENTRUST, about_order=False, prepare=_world),
            Case(
                _entrust_post,
                _entrusted,
                ENTRUST,
                about_order=False,
                prepare=_world,
                expect=_entrusts,
                refused_with=(400, 403),
            ),
        ],
        "appraisal:entrustments": [
            Case(
                _get("entrustments"),
                _answers,
                (),
                about_order=False,
                prepare=_world,
                expect=lambda role, place: True,
                refused_with=(403,),
            )
        ],
        "appraisal:entrustment": [
            Case(
                _get("entrustment", with_order=True),
                _answers,
                ("order.view",),
                prepare=_world,
                expect=_sees_entrustment,
                refused_with=(404,),
            ),
            Case(
                _accept_post,
                _accepted,
                ("order.handle",),
                prepare=_world,
                expect=_handles_entrustment,
                refused_with=(400, 403, 404),
            ),
        ],
        "appraisal:opinion_pdf": [
            Case(
                _get("opinion_pdf", with_order=True),
                lambda r, o, w: r.status_code == 200,
                ("order.view",),
                prepare=_world,
                expect=lambda role, place: False,
                refused_with=(404,),
            )
        ],
        "appraisal:conduct": [
            Case(_get("conduct"), _answers, REPORT, about_order=False, prepare=_world),
            Case(_report_post, _reported, REPORT, about_order=False, prepare=_world),
        ],
        "appraisal:complaints": [Case(_get("complaints"), _answers, COMPLAINTS, about_order=False)],
        "appraisal:complaint_refer": [
            Case(
                _refer_post,
                _referred,
                COMPLAINTS,
                about_order=False,
                prepare=_complaint_world,
                refused_with=(302, 403, 404),
            )
        ],
        "appraisal:figures": [Case(_get("figures"), _answers, FIGURES, about_order=False)],
        "appraisal:figures_xlsx": [Case(_get("figures_xlsx"), _answers, FIGURES, about_order=False)],
        "GET /api/v1/appraisal/institutions": [
            Case(
                lambda c, o, w: c.get("/api/v1/appraisal/institutions"),
                _answers,
                (),
                about_order=False,
                api=True,
            )
        ],
        "POST /api/v1/appraisal/entrustments": [
            Case(
                _entrust_api,
                _entrusted,
                ENTRUST,
                about_order=False,
                api=True,
                prepare=_world,
                expect=_entrusts,
                refused_with=(403, 422),
            )
        ],
        "GET /api/v1/appraisal/entrustments/{tracking_no}": [
            Case(
                lambda c, o, w: c.get(f"/api/v1/appraisal/entrustments/{o.tracking_no}"),
                _answers,
                ("order.view",),
                api=True,
                prepare=_world,
                expect=_sees_entrustment,
                refused_with=(404,),
            )
        ],
        "POST /api/v1/appraisal/entrustments/{tracking_no}/decision": [
            Case(
                _decision_api,
                _accepted,
                ("order.handle",),
                api=True,
                prepare=_world,
                expect=_handles_entrustment,
                refused_with=(403, 404, 422),
            )
        ],
        "GET /api/v1/appraisal/figures": [
            Case(
                lambda c, o, w: c.get("/api/v1/appraisal/figures"),
                _answers,
                FIGURES,
                about_order=False,
                api=True,
            )
        ],
    }
