"""`manage.py ledger_cosign`: checkpoint what is committed and ask the configured witnesses
(LEDGER_WITNESSES) to cosign it; prints each witness's outcome and whether the quorum is reached. For
cron, or by hand after a witness was down (appending services already do this on commit)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fawang.ledger import selectors, services
from fawang.ledger.cosigning import checkpoint_cosign, is_witnessed
from fawang.ledger.witnessing import configured_quorum, configured_witnesses


class Command(BaseCommand):
    help = "Checkpoint the evidence log and collect the configured witnesses' cosignatures."

    def handle(self, *args: Any, **options: Any) -> None:
        if not configured_witnesses():
            raise CommandError("no witnesses configured (FAWANG_LEDGER_WITNESSES)")
        checkpoint = services.ledger_checkpoint()
        for outcome in checkpoint_cosign(checkpoint, consistency_proof=selectors.consistency_proof_between):
            self.stdout.write(
                f"{outcome.witness}: {outcome.outcome} ({outcome.status}) {outcome.detail}".rstrip()
            )
        latest = selectors.checkpoint_at(checkpoint.size) or checkpoint
        witnessed = is_witnessed(latest.note)
        self.stdout.write(
            f"checkpoint {checkpoint.size}: {'witnessed' if witnessed else 'NOT witnessed'} (quorum {configured_quorum()})"
        )
        if not witnessed:
            raise CommandError("the quorum of witnesses was not reached")
