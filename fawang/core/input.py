"""Input that no database column can hold, recognised in one place (issue 8, item 15).

PostgreSQL refuses NUL (0x00) in text and cannot encode a lone UTF-16 surrogate (JSON's "\\ud800")
as UTF-8; both raised a DataError, a 500, from wherever the value first reached a query. Integers past
the signed 64-bit range (`bigint`, SQLite's INTEGER) overflow in OFFSET and in integer columns. SQLite
stores NUL silently, so the same input behaved differently on the two databases. Rather than guard
each view, the values are refused where they enter: `InputGuardMiddleware` (path, query string, form
fields and file names of every page and API call) and the API's JSON parser (`fawang.api.parser`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


def is_storable_text(value: str) -> bool:
    """False for text a database refuses: a NUL character, or a lone surrogate (no UTF-8 encoding)."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def fits_bigint(value: int) -> bool:
    return INT64_MIN <= value <= INT64_MAX


def unstorable_fields(items: Iterable[tuple[str, Any]]) -> Iterator[str]:
    """Names of the fields (query or form parameters, path parts) whose name or text value cannot be
    stored. Values that are lists (a multi-valued parameter) are checked item by item."""
    for name, value in items:
        values = value if isinstance(value, list | tuple) else [value]
        if not is_storable_text(str(name)) or any(
            isinstance(v, str) and not is_storable_text(v) for v in values
        ):
            yield name if is_storable_text(str(name)) else repr(name)
