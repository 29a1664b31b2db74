import hashlib

import pytest

from fawang.ledger.tiles import clear_caches


@pytest.fixture(autouse=True)
def _fresh_log_caches():
    """Each test's log starts empty: forget tiles a previous test's log left in this process."""
    clear_caches()
    yield
    clear_caches()


def append_entries(count: int, *, kind: str = "test.entry", start: int = 0) -> list:
    """`count` test entries (the SHA-256 of their numbers from `start`), appended in batches of 5,000
    so that a 70,000-leaf tree is not one statement."""
    from fawang.ledger import services

    entries: list = []
    while len(entries) < count:
        batch = min(5000, count - len(entries))
        first = start + len(entries)
        entries += services.ledger_append_many(
            [(kind, hashlib.sha256(str(first + n).encode()).digest()) for n in range(batch)]
        )
    return entries
