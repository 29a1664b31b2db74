"""Arbitration migration 0002 moves an award document made before it (its PDF, hash and evidence-log
entry in arbitration's own columns) into the disputes base's outcome, so the award made before the
change verifies on the public page too, and its correction names the award it corrects."""

from __future__ import annotations

import base64
import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("arbitration", "0001_initial"), ("disputes", "0001_initial")]
AFTER = [("arbitration", "0003_award_outcome_required"), ("disputes", "0002_outcome_corrects")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_awards_made_before_become_the_bases_outcomes(arb, file_case, client):
    from fawang.accounts.tests.factories import StaffFactory

    order = file_case()
    clerk = StaffFactory()
    pdf = b"%PDF-1.7 an award made before the change"
    digest = hashlib.sha256(pdf).hexdigest()
    try:
        old = _migrate(BEFORE)
        case = old.get_model("arbitration", "ArbitrationCase").objects.get(order_id=order.pk)
        documents = old.get_model("arbitration", "AwardDocument").objects
        for kind, number in (("award", "SCZC-2026-0001-000001"), ("correction", "SCZC-2026-0001-000001-B1")):
            documents.create(
                case=case,
                kind=kind,
                number=number,
                pdf_b64=base64.b64encode(pdf).decode(),
                sha256=digest,
                issued_at=timezone.now(),
                served_at=timezone.now(),
                issued_by_id=clerk.pk,
                log_index=7,
                log_leaf_hash="ab" * 32,
            )
    finally:
        _migrate(AFTER)
    from fawang.arbitration.awards import pdf_bytes
    from fawang.arbitration.models import AwardDocument

    award = AwardDocument.objects.get(kind="award")
    correction = AwardDocument.objects.get(kind="correction")
    assert pdf_bytes(award) == pdf and award.sha256 == digest and award.log_index == 7
    assert correction.outcome.corrects_id == award.outcome_id
    page = client.get(reverse("disputes:verify", args=[award.number])).content.decode()
    assert digest in page and correction.number in page
