"""JSON for the columns every intake and sweep writes (event details, audit snapshots, routing facts).

Django's JSONField dumps with `ensure_ascii`, so each Chinese character becomes a six-character
`\\uXXXX` escape, and PostgreSQL's bulk INSERT (UNNEST of arrays, Django 5.2) then escapes every one of
those backslashes again, character by character in psycopg's Python array dumper. The sweep writes
hundreds of such rows per batch and intake two per order: writing the characters themselves is smaller
and about a third cheaper to send. PostgreSQL stores jsonb the same either way."""

from __future__ import annotations

from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder (dates, decimals, UUIDs) that writes non-ASCII characters as they are."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)
