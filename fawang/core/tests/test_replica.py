"""With a read replica configured, only reads marked by `reading_replica()` go there (the analyst's
figures); writes, unmarked reads and reads inside a transaction stay on the primary; without one,
everything uses the primary. The test settings' `replica` alias is a mirror of the test database, so the
queries each connection ran show where they went (docs/adr/0015)."""

from __future__ import annotations

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fawang.accounts.enums import Role
from fawang.accounts.tests.factories import StaffFactory
from fawang.accounts.tests.minimal_rows import service_order
from fawang.audit.models import AuditEntry
from fawang.core.replica import reading_replica
from fawang.regions.models import Region

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


class Queries:
    """The SQL each alias ran inside the block."""

    def __enter__(self) -> Queries:
        self._contexts = {
            alias: CaptureQueriesContext(connections[alias]) for alias in ("default", "replica")
        }
        for context in self._contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        for context in self._contexts.values():
            context.__exit__(None, None, None)

    def on(self, alias: str) -> list[str]:
        return [q["sql"] for q in self._contexts[alias].captured_queries]


@pytest.fixture
def replica(settings):
    settings.FAWANG_READ_REPLICA = "replica"


def test_without_a_replica_marked_reads_use_the_primary(sichuan):
    with Queries() as queries, reading_replica():
        assert Region.objects.filter(code="510107").exists()
    assert queries.on("replica") == []
    assert any("regions_region" in sql for sql in queries.on("default"))


def test_marked_reads_go_to_the_replica_and_nothing_else_does(sichuan, replica):
    with Queries() as queries:
        assert Region.objects.filter(code="510000").exists()  # unmarked
        with reading_replica():
            assert Region.objects.filter(code="510107").exists()
            entry = AuditEntry.objects.create(action="x.y", entity_type="t", entity_id="1")  # a write
            with transaction.atomic():  # a read inside a transaction may need its own writes
                assert AuditEntry.objects.filter(pk=entry.pk).exists()
                assert Region.objects.filter(code="513334").exists()

    on_replica, on_default = queries.on("replica"), queries.on("default")
    assert len(on_replica) == 1 and "510107" in on_replica[0]
    assert sum("regions_region" in sql for sql in on_default) == 2 and "510000" in on_default[0]
    assert any(sql.startswith("INSERT") and "audit_auditentry" in sql for sql in on_default)
    assert any(sql.startswith("SELECT") and "audit_auditentry" in sql for sql in on_default)


def test_the_analysts_figures_are_counted_on_the_replica(client, sichuan, replica):
    for code in ("510107", "510107", "513334"):
        service_order(code)
    analyst = StaffFactory(jurisdiction_region_id="510000", roles=[Role.ANALYST])
    client.force_login(analyst)

    with Queries() as queries:
        page = client.get(reverse("orders:figures"))

    assert page.status_code == 200 and page.context["figures"].total == 3
    on_replica, on_default = queries.on("replica"), queries.on("default")
    assert any("COUNT" in sql.upper() and "orders_serviceorder" in sql for sql in on_replica)
    assert not any("COUNT" in sql.upper() and "orders_serviceorder" in sql for sql in on_default)
    # The session and the account are the primary's: a sign-in a moment ago is there.
    assert any("django_session" in sql for sql in on_default)
    assert not any("django_session" in sql or "accounts_user" in sql for sql in on_replica)
