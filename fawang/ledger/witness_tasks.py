"""After entries are committed: a new checkpoint, then the witnesses' cosignatures on it (network I/O,
outside any transaction). Enqueued on commit by the services that append (fawang.evidence)."""

from __future__ import annotations

from django_tasks import task

from . import selectors, services
from .cosigning import checkpoint_cosign
from .witnessing import configured_witnesses


def checkpoint_and_witness() -> int:
    """Checkpoint what is committed and ask the configured witnesses to cosign it; the new tree size."""
    checkpoint = services.ledger_checkpoint()
    if configured_witnesses():
        checkpoint_cosign(checkpoint, consistency_proof=selectors.consistency_proof_between)
    return int(checkpoint.size)


@task()
def ledger_checkpoint_and_witness() -> int:
    return checkpoint_and_witness()
