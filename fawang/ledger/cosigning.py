"""Witnessing our checkpoints (the database side of witnessing.py): submit, keep the verified
cosignatures, serve the checkpoint with them, and say whether the quorum is reached.

`checkpoint_cosign` runs outside any transaction (it waits on the network): after a new checkpoint is
committed (`tasks.ledger_witness_latest`, or `manage.py ledger_cosign`). A witness that refuses or does
not answer is logged with the protocol's reason; a 422 (the witness saw another tree: a fork, or we
rolled back) is logged as an error, since it means someone holds proof that the log misbehaved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db.models import Max

from . import note, tlog
from .models import Checkpoint
from .services import checkpoint_add_signature_lines
from .witness_models import WitnessCosignature
from .witnessing import (
    HttpTransport,
    Outcome,
    WitnessConfig,
    WitnessTransport,
    configured_quorum,
    configured_witnesses,
    count_quorum,
    submit,
)

logger = logging.getLogger(__name__)


def last_cosigned_size(witness: note.Verifier) -> int:
    found = WitnessCosignature.objects.filter(
        witness_name=witness.name, witness_key_id=witness.key_id
    ).aggregate(size=Max("tree_size"))["size"]
    return int(found or 0)


def checkpoint_cosign(
    checkpoint: Checkpoint,
    *,
    consistency_proof: Callable[[int, int], list[bytes]],
    witnesses: list[WitnessConfig] | None = None,
    transport: WitnessTransport | None = None,
) -> list[Outcome]:
    """Ask every configured witness to cosign the stored checkpoint; keep each cosignature that verifies
    under that witness's key, and add it to the checkpoint's note (what /log/checkpoint and receipts
    serve)."""
    witnesses = configured_witnesses() if witnesses is None else witnesses
    transport = transport or HttpTransport()
    # The log's own signature only: witnesses see the checkpoint as the log signed it.
    parsed = note.parse(checkpoint.note)
    log_origin = tlog.Checkpoint.parse(parsed.text).origin
    checkpoint_note = parsed.text + "\n" + "".join(s.line for s in parsed.signatures if s.name == log_origin)
    outcomes = []
    lines = []
    for witness in witnesses:
        outcome = submit(
            checkpoint_note,
            witness,
            old_size=last_cosigned_size(witness.verifier),
            consistency_proof=consistency_proof,
            transport=transport,
        )
        outcomes.append(outcome)
        if outcome.outcome == "cosigned":
            lines.append(outcome.line)
            WitnessCosignature.objects.get_or_create(
                tree_size=checkpoint.size,
                witness_name=witness.verifier.name,
                witness_key_id=witness.verifier.key_id,
                defaults={
                    "root_hash": tlog.b64(bytes(checkpoint.root_hash)),
                    "line": outcome.line,
                    "timestamp": outcome.timestamp,
                },
            )
        elif outcome.outcome in ("inconsistent", "witness_ahead"):
            logger.error(
                "witness %s refused checkpoint %s: %s (%s)",
                outcome.witness,
                checkpoint.size,
                outcome.outcome,
                outcome.detail,
            )
        else:
            logger.warning(
                "witness %s did not cosign checkpoint %s: %s %s",
                outcome.witness,
                checkpoint.size,
                outcome.outcome,
                outcome.detail,
            )
    if lines:
        checkpoint_add_signature_lines(checkpoint, lines)
    return outcomes


def is_witnessed(checkpoint_note: str) -> bool:
    """A checkpoint counts as witnessed once LEDGER_WITNESS_QUORUM distinct configured witness keys have
    a verifying cosignature on it (a quorum of 0: every checkpoint)."""
    quorum = configured_quorum()
    keys = [w.verifier for w in configured_witnesses()]
    return count_quorum(checkpoint_note, keys) >= quorum
