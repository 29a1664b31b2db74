"""Evidence preservation (存证, issue 12 part B item 5): a file a citizen or an enterprise keeps with
the platform, its SHA-256 entered in the evidence log (fawang.ledger) so that anyone can later check the
file against its receipt. The log holds only the kind and the hash; the file's name, which may name a
person, stays here, encrypted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.fields import EncryptedTextField
from fawang.core.models import BaseModel


class PreservedFile(BaseModel):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    name = EncryptedTextField(_("file name"))  # as uploaded: may name a person, so never in the log
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.BigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256 digest"), max_length=64, db_index=True)
    storage_name = models.CharField(_("stored file name"), max_length=255)  # MEDIA_ROOT/evidence/<sha>
    entry_index = models.BigIntegerField(_("log entry"), unique=True)  # its index in the evidence log
    # Retention (FAWANG_EVIDENCE_RETENTION_DAYS, fixed when preserved; None: kept without end). After it the
    # stored copy is deleted (manage.py evidence_retention); this row and the log entry stay for good.
    kept_until = models.DateField(_("kept until"), null=True, blank=True)
    file_deleted_at = models.DateTimeField(_("stored copy deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("preserved file")
        verbose_name_plural = _("preserved files")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.sha256[:12]} #{self.entry_index}"
