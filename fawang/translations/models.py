from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import TranslationLanguage, TranslationState


class ContentTranslation(models.Model):
    """One field of one piece of content in one language, with how far it may be trusted
    (docs/adr/0014-content-translations.md).

    Content is named, not foreign-keyed: `content` is a kind registered in `fawang.translations.registry`
    ("catalog.serviceitem", "orders.event", "notify.notice" ...) and `object_key` its natural key (an
    item's code, "legal_aid/decide" for a time limit, an event kind), so the same rows load into every
    database from a data file and declared content (event kinds, notices) that has no table is
    translated the same way as rows. `source_text` is the Chinese the translation was made from: when
    the Chinese changes later the translation is reported as outdated."""

    content = models.CharField(_("content type"), max_length=64)
    object_key = models.CharField(_("object"), max_length=128)
    field = models.CharField(_("field"), max_length=32)
    language = models.CharField(_("language"), max_length=8, choices=TranslationLanguage.choices)
    text = models.TextField(_("translation"))
    source_text = models.TextField(_("Chinese source"), blank=True)
    state = models.CharField(
        _("review state"), max_length=16, choices=TranslationState.choices, default=TranslationState.MACHINE
    )
    # the person who last wrote the text (blank: a loaded machine draft, which a later load may refresh)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["content", "object_key", "field", "language"]
        verbose_name = _("content translation")
        verbose_name_plural = _("content translations")
        constraints = [
            models.UniqueConstraint(
                fields=["content", "object_key", "field", "language"], name="content_translation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="reviewed")
                | models.Q(reviewer__isnull=False, reviewed_at__isnull=False),
                name="content_translation_reviewed_by_someone",
            ),
        ]
        indexes = [models.Index(fields=["language", "state"], name="content_translation_state")]

    def __str__(self) -> str:
        return f"{self.content}:{self.object_key}.{self.field} [{self.language}]"
