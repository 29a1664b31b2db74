"""Arbitration's rows of the exhaustive reach test (fawang/accounts/tests/test_policy_reach.py): every
page and API operation of fawang.arbitration, with what each role may do there. Kept beside the app and
merged into `ENDPOINTS` there (one import line), as consultation's are."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

ORDER_PAGE = ("order.view",)
MANAGE = ("arbitration.manage",)
FIGURES = ("insight.view", "arbitration.roster")


def _roster_keeper(role: str, place: str) -> bool:
    """Holds `arbitration.roster` and is not institution staff of another kind of institution."""
    from fawang.accounts import policy
    from fawang.accounts.enums import Role

    return role != Role.INSTITUTION_STAFF and "arbitration.roster" in policy.ROLE_TABLE[role].actions


def _not_institution_staff(role: str, place: str) -> bool:
    """`arbitration.roster` is held by institution staff of an arbitration commission only
    (policy.INSTITUTION_KIND_ONLY); the reach test's institution staff belong to no commission."""
    from fawang.accounts import policy
    from fawang.accounts.enums import Role

    line = policy.ROLE_TABLE[role].actions
    return role != Role.INSTITUTION_STAFF and any(a in line for a in FIGURES)


HEARING_AT = "2027-03-03T09:30:00+08:00"  # a Wednesday


def _commission(world: dict[str, Any]) -> Any:
    from fawang.accounts.tests.minimal_rows import institution

    if "commission" not in world:
        world["commission"] = institution("510107", "成都仲裁委员会武侯庭", kind="arbitration_commission")
    return world["commission"]


def _case(order: Any, world: dict[str, Any], actor: Any, *, stage: str = "") -> None:
    """The order as a commercial arbitration case of a Wuhou commission, with a fee table in force."""
    import datetime as dt

    from fawang.arbitration.models import ArbitrationCase, AwardDocument
    from fawang.arbitration.services import fee_table_create

    commission = _commission(world)
    fee_table_create(
        actor=None,
        commission=commission,
        effective_from=dt.date(2025, 1, 1),
        effective_to=None,
        minimum_fen=10_000,
        rates_bp=[450, 350, 250, 150, 75, 40],
        basis="DEMO",
    )
    order.workflow, order.stage = "arbitration", stage
    order.save(update_fields=["workflow", "stage"])
    case = ArbitrationCase.objects.create(
        order=order,
        kind="arbitration",
        commission=commission,
        agreement="提交仲裁委员会仲裁",
    )
    from fawang.accounts.tests.factories import StaffFactory
    from fawang.disputes.models import Document, Outcome

    clerk = StaffFactory()
    number = "SCZC-2026-0001-000001"
    pdf = Document.objects.create(
        order=order, kind="arbitration_award", title="裁决书", file_b64="JVBERi0=", sha256="0" * 64
    )
    outcome = Outcome.objects.create(
        order=order,
        kind="arbitration_award",
        title="裁决书",
        number=number,
        issuer_name=commission.name,
        body="裁决",
        document=pdf,
        sha256="0" * 64,
        signed_at=timezone.now(),
        signed_by=clerk,
        log_index=0,
    )
    world["document"] = AwardDocument.objects.create(
        case=case,
        kind="award",
        number=number,
        outcome=outcome,
        issued_at=timezone.now(),
        served_at=timezone.now(),
        issued_by=clerk,
    )


def _formed(order: Any, world: dict[str, Any], actor: Any) -> None:
    _case(order, world, actor, stage="tribunal_formed")


def _commission_only(order: Any, world: dict[str, Any], actor: Any) -> None:
    _commission(world)


def _page(name: str, *, with_order: bool = True, extra: tuple = ()) -> Any:
    def call(client, order, world):
        args = [order.tracking_no, *extra] if with_order else []
        return client.get(reverse(name, args=args))

    return call


def _pdf(client, order, world):
    return client.get(reverse("arbitration:document_pdf", args=[order.tracking_no, world["document"].number]))


def _answers(response, order, world) -> bool:
    return response.status_code == 200


def _take(client, order, world):
    return client.post(reverse("arbitration:manage", args=[order.tracking_no]), {"op": "secretary"})


def _taken(response, order, world) -> bool:
    from fawang.arbitration.models import ArbitrationCase

    return ArbitrationCase.objects.filter(order=order, secretary__isnull=False).exists()


def _hearing_api(client, order, world):
    return client.post(
        f"/api/v1/arbitration/cases/{order.tracking_no}/hearings",
        {"starts_at": HEARING_AT, "kind": "in_person"},
        content_type="application/json",
    )


def _heard(response, order, world) -> bool:
    return order.dispute_sessions.filter(kind="hearing").exists()


def _add_fee_table(client, order, world):
    return client.post(
        reverse("arbitration:keep") + f"?commission={world['commission'].pk}",
        {
            "op": "fee_table",
            "fee_table-effective_from": "2030-01-01",
            "fee_table-minimum_fen": "10000",
            "fee_table-rates_bp": "450,350,250,150,75,40",
            "fee_table-basis": "成仲〔2030〕1号",
        },
    )


def _fee_table_added(response, order, world) -> bool:
    from fawang.arbitration.models import FeeTable

    return FeeTable.objects.filter(commission=world["commission"], effective_from="2030-01-01").exists()


def _api(path: str) -> Any:
    def call(client, order, world):
        return client.get(
            path.format(
                no=order.tracking_no, commission=world.get("commission").pk if world.get("commission") else 0
            )
        )

    return call


def cases(Case: Any) -> dict[str, list[Any]]:
    return {
        # A citizen's page: staff are sent to the citizen's sign-in.
        "arbitration:file": [
            Case(
                _page("arbitration:file", with_order=False),
                _answers,
                ORDER_PAGE,
                about_order=False,
                expect=lambda role, place: False,
                refused_with=(302,),
            )
        ],
        # The party's page and the award, read-only for staff who see the order.
        "arbitration:case": [Case(_page("arbitration:case"), _answers, ORDER_PAGE, prepare=_case)],
        "arbitration:document_pdf": [Case(_pdf, _answers, ORDER_PAGE, prepare=_case)],
        "arbitration:manage": [
            Case(_page("arbitration:manage"), _answers, MANAGE, prepare=_case),
            Case(_take, _taken, MANAGE, prepare=_case),
        ],
        "arbitration:commission": [
            Case(
                _page("arbitration:commission", with_order=False),
                _answers,
                ("arbitration.roster",),
                about_order=False,
                prepare=_commission_only,
                expect=_roster_keeper,
            )
        ],
        # The commission keeps its fee-table versions and roster entries, reads conflicts and secretaries.
        "arbitration:keep": [
            Case(
                _page("arbitration:keep", with_order=False),
                _answers,
                ("arbitration.roster",),
                about_order=False,
                prepare=_commission_only,
                expect=_roster_keeper,
            ),
            Case(
                _add_fee_table,
                _fee_table_added,
                ("arbitration.roster",),
                about_order=False,
                prepare=_commission_only,
                expect=_roster_keeper,
            ),
        ],
        "arbitration:statistics": [
            Case(
                _page("arbitration:statistics", with_order=False),
                _answers,
                FIGURES,
                about_order=False,
                prepare=_commission_only,
                expect=_not_institution_staff,
            )
        ],
        "arbitration:statistics_xlsx": [
            Case(
                _page("arbitration:statistics_xlsx", with_order=False),
                _answers,
                FIGURES,
                about_order=False,
                prepare=_commission_only,
                expect=_not_institution_staff,
            )
        ],
        "GET /api/v1/arbitration/fees/quote": [
            Case(
                _api("/api/v1/arbitration/fees/quote?commission={commission}&amount_fen=8000000"),
                _answers,
                (),
                about_order=False,
                api=True,
                prepare=_case,
            )
        ],
        "GET /api/v1/arbitration/cases/{tracking_no}": [
            Case(_api("/api/v1/arbitration/cases/{no}"), _answers, ORDER_PAGE, api=True, prepare=_case)
        ],
        "POST /api/v1/arbitration/cases/{tracking_no}/hearings": [
            Case(_hearing_api, _heard, MANAGE, api=True, status="in_progress", prepare=_formed)
        ],
        "GET /api/v1/arbitration/statistics": [
            Case(
                _api("/api/v1/arbitration/statistics"),
                _answers,
                FIGURES,
                about_order=False,
                api=True,
                prepare=_commission_only,
                expect=_not_institution_staff,
            )
        ],
    }
