"""Consultation's rows: the thread of a message consultation (one-to-one with its order) and its
messages, and the expert panel's requests (not orders: they are confidential to a small circle, see
`fawang.accounts.policy.can_see_expert_request`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.fields import EncryptedTextField
from fawang.core.models import BaseModel

from .enums import ExpertField, ExpertRequestStatus, MessageKind, PublicationStatus


class Consultation(BaseModel):
    """留言咨询 / 热线咨询: one question and its thread. The order's description holds the question
    with personal details masked (what staff see); the asker's own words are here, encrypted, for
    the asker and the lawyer who took it (docs/adr/0026)."""

    order = models.OneToOneField(
        "orders.ServiceOrder", on_delete=models.CASCADE, related_name="consultation", primary_key=True
    )
    question = EncryptedTextField(_("question"))  # as the asker wrote it
    lawyer = models.ForeignKey(
        "network.Practitioner",
        verbose_name=_("answering lawyer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    publication = models.CharField(
        _("publication"), max_length=16, choices=PublicationStatus.choices, blank=True, default=""
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    knowledge_entry_id = models.BigIntegerField(_("knowledge base entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return str(self.order_id)


class ConsultationMessage(models.Model):
    """One message of a thread: the question, an answer, a follow-up. `body` is what was written
    (encrypted); `masked` the same with personal details masked, what everyone else reads."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=16, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author_label = models.CharField(_("author"), max_length=128, blank=True)
    body = EncryptedTextField(_("message"))
    masked = models.TextField(_("message, personal details masked"))
    # Statute articles and knowledge-base entries the answer cites: [{"kind", "id", "label"}]
    citations = models.JSONField(_("citations"), default=list, blank=True)
    created_at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("consultation message")
        verbose_name_plural = _("consultation messages")

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.kind}"


class Expert(BaseModel):
    """A member of the expert advisor panel (依法治省专家团), with the fields they give opinions in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert")
    name = models.CharField(_("name"), max_length=64)
    title = models.CharField(_("title"), max_length=128, blank=True)
    fields = models.JSONField(_("fields"), default=list)  # ExpertField values
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")

    def __str__(self) -> str:
        return self.name


class ExpertRequest(BaseModel):
    """A government body asks the panel for a legal opinion by a deadline. Confidential: only the
    requester, the assigned experts and the panel's administrators see it."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requester")
    )
    body_name = models.CharField(_("government body"), max_length=128)
    field = models.CharField(_("field"), max_length=32, choices=ExpertField.choices)
    subject = models.CharField(_("subject"), max_length=200)
    question = EncryptedTextField(_("question"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=ExpertRequestStatus.choices, default=ExpertRequestStatus.SUBMITTED
    )
    experts = models.ManyToManyField(Expert, related_name="requests", blank=True, verbose_name=_("experts"))
    opinion = EncryptedTextField(_("written opinion"), blank=True, default="")
    opinion_by = models.ForeignKey(
        Expert,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opinion by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("expert request")
        verbose_name_plural = _("expert requests")

    def __str__(self) -> str:
        return self.reference
