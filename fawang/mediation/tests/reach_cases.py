"""People's mediation's rows of the exhaustive reach test (fawang/accounts/tests/test_policy_reach.py):
every page and API operation of fawang.mediation with what each role may do there. Merged into
`ENDPOINTS` there with one import line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone


def _mediation(stage: str, status: str = "in_progress"):
    def prepare(order, world, actor) -> None:
        from fawang.accounts.tests.minimal_rows import institution
        from fawang.disputes.models import Party
        from fawang.mediation.models import Mediation

        order.workflow, order.status, order.stage = "mediation", status, stage
        order.save(update_fields=["workflow", "status", "stage"])
        committee = institution(order.region_id, "测试人民调解委员会", kind="mediation_committee")
        Mediation.objects.create(order=order, committee=committee, category="contract")
        for side, name in (("applicant", "王大山"), ("respondent", "李小河")):
            Party.objects.create(order=order, side=side, kind="person", name=name)
        world["commission"] = institution("510100", "成都仲裁委员会", kind="arbitration_commission")

    return prepare


def _next_working_day_at_ten() -> dt.datetime:
    from fawang.core.calendar import add_working_days

    day, _provisional = add_working_days(timezone.localdate(), 5)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _api(path: str, *, method: str = "get", body: Any = None):
    def call(client, order, world):
        url = "/api/v1/mediation" + path.format(no=order.tracking_no)
        if method == "post":
            payload = body(world) if callable(body) else (body or {})
            return client.post(url, payload, content_type="application/json")
        return client.get(url)

    return call


def _session_body(world) -> dict[str, Any]:
    starts = _next_working_day_at_ten()
    return {
        "starts_at": starts.isoformat(),
        "ends_at": (starts + dt.timedelta(hours=2)).isoformat(),
        "mode": "in_person",
        "place": "调解室",
    }


def _agreement_body(world) -> dict[str, Any]:
    return {"form": "oral", "facts": "双方就货款发生争议", "terms": "被申请人于月底前付清货款"}


def _handoff_body(world) -> dict[str, Any]:
    return {"commission": world["commission"].pk, "agreement": "双方同意提交成都仲裁委员会仲裁"}


def _answers(response, order, world) -> bool:
    return response.status_code == 200


def _created(response, order, world) -> bool:
    return response.status_code == 201


def _processed(response, order, world) -> bool:
    # The access check passed (the arbitration item's own intake decides the rest).
    return response.status_code not in (401, 403, 404)


def _party_posted(client, order, world):
    return client.post(
        reverse("mediation:panel_post", args=[order.tracking_no, "party"]),
        {"party-side": "respondent", "party-kind": "person", "party-name": "张三"},
    )


def _party_added(response, order, world) -> bool:
    from fawang.disputes.models import Party

    # Names are encrypted (not searchable): the third party is the one posted.
    return Party.objects.filter(order=order).count() == 3


def cases(Case: Any) -> dict[str, list[Any]]:
    mediate = ("mediation.mediate",)
    return {
        # The villager's page: staff are sent to the citizen's sign-in.
        "mediation:apply": [
            Case(
                lambda client, order, world: client.get(reverse("mediation:apply")),
                _answers,
                ("order.view",),
                about_order=False,
                expect=lambda role, place: False,
                refused_with=(302,),
            )
        ],
        "mediation:cases": [
            Case(
                lambda client, order, world: client.get(reverse("mediation:cases")),
                _answers,
                mediate,
                about_order=False,
            )
        ],
        # The county's statistics of its committees (人民调解法第十条): aggregate, never one case.
        "mediation:statistics": [
            Case(
                lambda client, order, world: client.get(reverse("mediation:statistics")),
                _answers,
                ("mediation.statistics",),
                about_order=False,
            )
        ],
        "mediation:statistics_xlsx": [
            Case(
                lambda client, order, world: client.get(reverse("mediation:statistics_xlsx")),
                _answers,
                ("mediation.statistics",),
                about_order=False,
            )
        ],
        "mediation:panel_post": [
            Case(
                _party_posted, _party_added, mediate, prepare=_mediation("mediating"), refused_with=(403, 404)
            )
        ],
        "GET /api/v1/mediation/cases/{tracking_no}": [
            Case(_api("/cases/{no}"), _answers, ("order.view",), api=True, prepare=_mediation("mediating"))
        ],
        "POST /api/v1/mediation/cases/{tracking_no}/sessions": [
            Case(
                _api("/cases/{no}/sessions", method="post", body=_session_body),
                _created,
                mediate,
                api=True,
                prepare=_mediation("mediating"),
            )
        ],
        "POST /api/v1/mediation/cases/{tracking_no}/agreement": [
            Case(
                _api("/cases/{no}/agreement", method="post", body=_agreement_body),
                _created,
                mediate,
                api=True,
                prepare=_mediation("mediating"),
            )
        ],
        "POST /api/v1/mediation/cases/{tracking_no}/follow-ups": [
            Case(
                _api(
                    "/cases/{no}/follow-ups",
                    method="post",
                    body=lambda world: {
                        "visited_on": timezone.localdate().isoformat(),
                        "performance": "partly",
                    },
                ),
                _created,
                mediate,
                api=True,
                prepare=_mediation("agreed"),
            )
        ],
        "POST /api/v1/mediation/cases/{tracking_no}/arbitration": [
            Case(
                _api("/cases/{no}/arbitration", method="post", body=_handoff_body),
                _processed,
                mediate,
                api=True,
                status="resolved",
                prepare=_mediation("failed", status="resolved"),
            )
        ],
    }
