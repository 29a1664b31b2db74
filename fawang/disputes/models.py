"""The rows the dispute-resolution modules share (docs/adr/0029), keyed by the service order (one to
many), whatever the order's workflow: the parties on both sides and their representatives, scheduled
sessions with the notices sent for them, documents with their record of service, and signed outcome
documents whose SHA-256 is entered in the evidence log. Names, phones, ID numbers and addresses are
encrypted at rest; phones and ID numbers carry blind indexes (as the order's applicant fields), so a
party signed in as a citizen finds their case without anyone decrypting a column."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.fields import EncryptedTextField
from fawang.core.identity import mask_mobile, mask_resident_id
from fawang.core.models import BaseModel

from .enums import (
    Authority,
    OutcomeForm,
    PartyKind,
    RepresentativeKind,
    ServiceMethod,
    SessionMode,
    SessionState,
    Side,
)


class Party(BaseModel):
    """A party of the dispute: a natural person (resident ID number) or an organisation (unified
    social credit code, public register data, stored plain). `account`: the citizen account that
    filed as this party, when one did."""

    order = models.ForeignKey("orders.ServiceOrder", on_delete=models.CASCADE, related_name="dispute_parties")
    side = models.CharField(_("side"), max_length=12, choices=Side.choices)
    kind = models.CharField(_("party type"), max_length=12, choices=PartyKind.choices)
    name = EncryptedTextField(_("name"))
    phone = EncryptedTextField(_("mobile number"), blank=True, default="")
    phone_index = models.CharField(max_length=64, blank=True, default="", db_index=True)
    id_number = EncryptedTextField(_("ID number"), blank=True, default="")
    id_number_index = models.CharField(max_length=64, blank=True, default="", db_index=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True, default="")
    address = EncryptedTextField(_("address"), blank=True, default="")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["order_id", "side", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return f"party {self.pk} of order {self.order_id}"

    @property
    def masked_phone(self) -> str:
        return mask_mobile(self.phone)

    @property
    def masked_id_number(self) -> str:
        return mask_resident_id(self.id_number)

    @property
    def masked_name(self) -> str:
        """The first character and stars: a party's name on a list seen by staff of other places."""
        name = self.name or ""
        if self.kind == PartyKind.ORGANISATION or len(name) < 2:
            return name
        return name[0] + "*" * (len(name) - 1)


class Representative(BaseModel):
    """Someone acting for a party: an agent, a lawyer (the practitioner when they are in the network)
    or the legal representative; `authority` general or special (to admit, settle, withdraw), with
    what the power of attorney says."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="representatives")
    kind = models.CharField(_("representative type"), max_length=24, choices=RepresentativeKind.choices)
    name = EncryptedTextField(_("name"))
    phone = EncryptedTextField(_("mobile number"), blank=True, default="")
    phone_index = models.CharField(max_length=64, blank=True, default="", db_index=True)
    id_number = EncryptedTextField(_("ID number"), blank=True, default="")
    id_number_index = models.CharField(max_length=64, blank=True, default="", db_index=True)
    practitioner = models.ForeignKey(
        "network.Practitioner", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    authority = models.CharField(_("authority"), max_length=8, choices=Authority.choices)
    authority_scope = models.CharField(_("scope of the authority"), max_length=300, blank=True, default="")
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["party_id", "pk"]
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")

    @property
    def masked_phone(self) -> str:
        return mask_mobile(self.phone)

    @property
    def masked_name(self) -> str:
        """As a party's: the first character and stars. A lawyer of the network is named in full, as the
        public directory of practitioners names them."""
        name = self.name or ""
        if self.practitioner_id is not None or len(name) < 2:
            return name
        return name[0] + "*" * (len(name) - 1)


class Session(BaseModel):
    """A scheduled session (a mediation session, a hearing ...): when, where or by video (the room as
    the video backend made it; the local backend records what it would ask for and says so), and
    what happened (held with minutes, or cancelled with a reason). `kind` is the module's word."""

    order = models.ForeignKey(
        "orders.ServiceOrder", on_delete=models.CASCADE, related_name="dispute_sessions"
    )
    kind = models.CharField(_("session type"), max_length=32)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("how it is held"), max_length=12, choices=SessionMode.choices)
    place = models.CharField(_("place"), max_length=200, blank=True, default="")
    video_backend = models.CharField(max_length=32, blank=True, default="")
    video_room = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=12, choices=SessionState.choices, default=SessionState.SCHEDULED)
    minutes = EncryptedTextField(_("minutes of the session"), blank=True, default="")
    held_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.CharField(max_length=300, blank=True, default="")
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["order_id", "starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="dispute_session_ends"
            )
        ]


class PartyNotice(BaseModel):
    """A notice sent to a party (of a session, a served document): the channel, the masked phone, the
    text and what the SMS backend answered (the recording backend records and says it sent nothing)."""

    order = models.ForeignKey("orders.ServiceOrder", on_delete=models.CASCADE, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="notices")
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    channel = models.CharField(max_length=8)  # "sms" / "inbox"
    phone_masked = models.CharField(max_length=16, blank=True, default="")
    text = models.TextField()
    backend = models.CharField(max_length=64, blank=True, default="")
    reference = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["pk"]


class Document(BaseModel):
    """A document of the case file: an application, a notice, evidence, an outcome's PDF. The content
    (text or file bytes) is encrypted; its SHA-256 is kept beside it."""

    order = models.ForeignKey(
        "orders.ServiceOrder", on_delete=models.CASCADE, related_name="dispute_documents"
    )
    kind = models.CharField(_("document type"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    text = EncryptedTextField(_("text"), blank=True, default="")
    file_b64 = EncryptedTextField(blank=True, default="")
    content_type = models.CharField(max_length=64, blank=True, default="")
    sha256 = models.CharField(max_length=64, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["order_id", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class ServiceRecord(BaseModel):
    """The record of service (送达回证) of a document to one party (or their representative): how,
    when, and the receipt: who signed, the postal tracking number, the read receipt, where and when
    the announcement was published."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="service_records")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    representative = models.ForeignKey(
        Representative, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    method = models.CharField(_("method of service"), max_length=16, choices=ServiceMethod.choices)
    served_at = models.DateTimeField(_("served at"))
    receipt = models.CharField(_("receipt"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["document_id", "served_at", "pk"]


class Outcome(BaseModel):
    """A signed outcome (a mediation agreement, an arbitral award, an appraisal opinion ...): its
    number, the PDF (it names the parties: encrypted), the SHA-256 of the PDF entered in the evidence
    log (public: kind, number, hash, no personal data), who signed and which parties signed it. An
    oral agreement (人民调解法第二十八条) is recorded by the mediator and rendered the same way."""

    order = models.ForeignKey(
        "orders.ServiceOrder", on_delete=models.PROTECT, related_name="dispute_outcomes"
    )
    kind = models.CharField(_("outcome type"), max_length=32)
    title = models.CharField(_("title"), max_length=120)  # public: "人民调解协议书"
    form = models.CharField(max_length=8, choices=OutcomeForm.choices, default=OutcomeForm.WRITTEN)
    number = models.CharField(max_length=40, unique=True)
    issuer_name = models.CharField(max_length=128)  # the committee, commission, institution (public)
    body = EncryptedTextField(_("text"))
    signatories = models.JSONField(default=list)  # [party id, ...]
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="outcome")
    sha256 = models.CharField(max_length=64)
    signed_at = models.DateTimeField()
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    log_index = models.BigIntegerField(null=True, blank=True)
    log_leaf_hash = models.CharField(max_length=64, blank=True, default="")
    # A correction of an earlier outcome of the same case (an award's 补正, 仲裁法第六十九条).
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("outcome document")
        verbose_name_plural = _("outcome documents")
