"""The dispute base's rows of the exhaustive reach test (fawang/accounts/tests/test_policy_reach.py):
the public verification page, the party's pages (staff are sent to the order page) and the outcome's
PDF (staff who see the order). Merged into `ENDPOINTS` there with one import line."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

NUMBER = "SCTJ-2026-0000-000001"


def _outcome(order, world, actor) -> None:
    from fawang.disputes.models import Document, Outcome

    document = Document.objects.create(
        order=order,
        kind="agreement",
        title="人民调解协议书",
        file_b64="JVBERi10ZXN0",
        content_type="application/pdf",
    )
    Outcome.objects.create(
        order=order,
        kind="agreement",
        title="人民调解协议书",
        number=NUMBER,
        issuer_name="测试人民调解委员会",
        body="协议内容",
        document=document,
        sha256="0" * 64,
        signed_at=timezone.now(),
        signed_by=actor,
    )


def _get(name: str, arg: str):
    def call(client, order, world):
        return client.get(reverse(name, args=[NUMBER if arg == "number" else order.tracking_no]))

    return call


def _answers(response, order, world) -> bool:
    return response.status_code == 200


def cases(Case: Any) -> dict[str, list[Any]]:
    return {
        "disputes:verify": [
            Case(_get("disputes:verify", "number"), _answers, (), about_order=False, prepare=_outcome)
        ],
        # A party's own pages: staff are sent to the staff home / the order page.
        "disputes:my_disputes": [
            Case(
                lambda client, order, world: client.get(reverse("disputes:my_disputes")),
                _answers,
                ("order.view",),
                about_order=False,
                expect=lambda role, place: False,
                refused_with=(302,),
            )
        ],
        "disputes:my_dispute": [
            Case(
                _get("disputes:my_dispute", "order"),
                _answers,
                ("order.view",),
                expect=lambda role, place: False,
                refused_with=(302,),
            )
        ],
        "disputes:outcome_download": [
            Case(_get("disputes:outcome_download", "number"), _answers, ("order.view",), prepare=_outcome)
        ],
        # The dispute workflows' monthly figures (moved here from fawang/appraisal): aggregate figures.
        "disputes:figures": [
            Case(lambda c, o, w: c.get(reverse("disputes:figures")), _answers, FIGURES, about_order=False)
        ],
        "disputes:figures_xlsx": [
            Case(
                lambda c, o, w: c.get(reverse("disputes:figures_xlsx")), _answers, FIGURES, about_order=False
            )
        ],
        "GET /api/v1/disputes/figures": [
            Case(
                lambda c, o, w: c.get("/api/v1/disputes/figures"),
                _answers,
                FIGURES,
                about_order=False,
                api=True,
            )
        ],
    }


FIGURES = ("insight.view",)
