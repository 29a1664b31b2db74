import pytest


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run the callbacks a request queued for its commit (the checkpoint that makes the receipt), as a
    real commit would: the test's own transaction never commits."""

    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run
