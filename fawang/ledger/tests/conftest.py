import pytest

from fawang.ledger.tiles import clear_caches


@pytest.fixture(autouse=True)
def _fresh_log_caches():
    """Each test's log starts empty: forget tiles a previous test's log left in this process."""
    clear_caches()
    yield
    clear_caches()
