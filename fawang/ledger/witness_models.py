"""The cosignatures witnesses returned for our checkpoints (imported into models.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WitnessCosignature(models.Model):
    """One witness's verified `cosignature/v1` line on the checkpoint of `tree_size` (and `root_hash`).
    The served checkpoint is the log's signed note with these lines appended; the largest `tree_size` a
    witness cosigned is the old size we submit to it next (a 409 corrects us when it is wrong)."""

    tree_size = models.BigIntegerField(_("tree size"))
    root_hash = models.CharField(_("root hash"), max_length=44)  # base64, as in the checkpoint
    witness_name = models.CharField(_("witness"), max_length=255)
    witness_key_id = models.BigIntegerField(_("witness key ID"))
    line = models.TextField(_("cosignature line"))
    timestamp = models.BigIntegerField(_("cosigned at (POSIX seconds)"))
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("witness cosignature")
        verbose_name_plural = _("witness cosignatures")
        constraints = [
            models.UniqueConstraint(
                fields=["tree_size", "witness_name", "witness_key_id"],
                name="ledger_one_cosignature_per_witness",
            )
        ]
        indexes = [models.Index(fields=["witness_name", "witness_key_id", "tree_size"])]

    def __str__(self) -> str:
        return f"{self.witness_name} @ {self.tree_size}"
