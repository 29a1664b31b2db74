"""The setup commands: a second run changes nothing (make setup runs them every time)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_importing_the_statutes_twice_creates_nothing_the_second_time(db):
    out = StringIO()
    call_command("knowledge_import_statutes", "--law", "中华人民共和国劳动合同法", stdout=out)
    assert "1 laws, 98 articles created" in out.getvalue()
    out = StringIO()
    call_command("knowledge_import_statutes", "--law", "中华人民共和国劳动合同法", stdout=out)
    assert "0 articles created, 0 updated, 98 unchanged" in out.getvalue()


def test_publishing_moves_the_index_generation_so_every_process_rebuilds(small_qa):
    from fawang.knowledge.index import current_index
    from fawang.knowledge.services import knowledge_index_bump

    first = current_index()
    assert current_index() is first  # nothing changed: the same index
    knowledge_index_bump()
    assert current_index() is not first
