"""The evidence log's storage (docs/adr/0023).

* `LogHead`: one row, the tree size; appends lock it (`SELECT … FOR UPDATE`) so sequencing is one writer
  at a time and every append is one transaction: no gap, no fork.
* `LogEntry`: one row per leaf, its bytes exactly as served in `tile/entries` and its leaf hash.
* `LogTile`: the Merkle tree as C2SP tlog-tiles of height 8: `(level, index)` -> up to 256 concatenated
  hashes. Full tiles never change; the rightmost tile of each level grows until full. Any tree size's
  partial tile `.p/<W>` is the first W hashes of the stored tile, so nothing is kept per size.
* `Checkpoint`: each signed tree head, as the signed-note text; witnesses' cosignature lines are added to
  `note` (`note.add_signature_lines`), the text before the blank line never changes.

Nothing here is personal data, ever: the log is public (see `services.ledger_append`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LogHead(models.Model):
    """The log's size: the single row every append locks."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.BigIntegerField(_("tree size"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("log head")
        verbose_name_plural = _("log heads")

    def __str__(self) -> str:
        return f"log head {self.size}"


class LogEntry(models.Model):
    """A leaf. `body` is the entry as served in the entry bundles: `kind || 0x0A || data`."""

    index = models.BigIntegerField(_("index"), primary_key=True)
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    body = models.BinaryField(_("entry bytes"))
    leaf_hash = models.BinaryField(_("leaf hash"), max_length=32)
    created_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")

    def __str__(self) -> str:
        return f"entry {self.index} ({self.kind})"

    @property
    def data(self) -> bytes:
        """What the module entered (the body after the kind line)."""
        return bytes(self.body)[len(self.kind) + 1 :]


class LogTile(models.Model):
    """Hashes of the tree at tile `level` (subtrees of height 8 * level), tile `index`: 1 to 256 hashes."""

    level = models.PositiveSmallIntegerField(_("level"))
    index = models.BigIntegerField(_("index"))
    hashes = models.BinaryField(_("hashes"))

    class Meta:
        verbose_name = _("log tile")
        verbose_name_plural = _("log tiles")
        constraints = [models.UniqueConstraint(fields=["level", "index"], name="ledger_tile_level_index")]

    def __str__(self) -> str:
        return f"tile {self.level}/{self.index}"

    @property
    def width(self) -> int:
        return len(self.hashes) // 32


class Checkpoint(models.Model):
    """A signed tree head: C2SP tlog-checkpoint text signed by the log, with any cosignatures added later."""

    size = models.BigIntegerField(_("tree size"), unique=True)
    root_hash = models.BinaryField(_("root hash"), max_length=32)
    note = models.TextField(_("signed note"))
    created_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")

    def __str__(self) -> str:
        return f"checkpoint {self.size}"
