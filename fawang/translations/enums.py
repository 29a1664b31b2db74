from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The language content is written in: the source every translation translates, and the fallback.
SOURCE_LANGUAGE = "zh"


class TranslationState(models.TextChoices):
    """How far a reader may trust a translation."""

    MACHINE = "machine", pgettext_lazy("translation state", "Machine draft")  # nobody has checked it
    REVIEWED = "reviewed", pgettext_lazy("translation state", "Reviewed")  # a named person, on a date


class TranslationLanguage(models.TextChoices):
    """The languages content is translated into (network.enums.Language without the source)."""

    TIBETAN = "bo", _("Tibetan")
    YI = "ii", _("Yi")
    ENGLISH = "en", _("English")


class ErrorCode(models.TextChoices):
    TRANSLATION_NOT_FOUND = "translation_not_found", "translation_not_found"
    TEXT_REQUIRED = "translation_text_required", "translation_text_required"
    PLACEHOLDERS = "translation_placeholders", "translation_placeholders"
    CONTENT_UNKNOWN = "translation_content_unknown", "translation_content_unknown"
    FIELD_UNKNOWN = "translation_field_unknown", "translation_field_unknown"
    LANGUAGE_UNKNOWN = "translation_language_unknown", "translation_language_unknown"
    FORBIDDEN = "translation_forbidden", "translation_forbidden"
