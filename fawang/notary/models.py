"""Notary's rows: the matters list (证明事项清单) with its dated fee table and the offices offering each
matter; appointment slots; the application beside its service order (one-to-one); payments recorded
through the payment adapter; electronic certificates with their entries in the evidence log.
Money in integer fen."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.fields import EncryptedTextField
from fawang.core.models import BaseModel

from .enums import Mode, PaymentKind, PaymentState, SecondLanguage, SlotKind


class NotaryMatter(BaseModel):
    """One matter of the list: what it proves, what to bring, how far it is done online, under which
    catalog item its applications are filed, and which offices offer it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=128)  # Chinese, as published
    name_en = models.CharField(_("English name"), max_length=128)
    item_code = models.CharField(_("service item"), max_length=32)  # catalog.ServiceItem.code
    mode = models.CharField(_("how it is done"), max_length=16, choices=Mode.choices)
    materials = models.JSONField(_("required materials"), default=list)  # Chinese lines
    basis = models.CharField(_("legal basis"), max_length=255)
    enforceable = models.BooleanField(_("debt instrument given enforceable effect"), default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)
    offices = models.ManyToManyField("network.Institution", related_name="+", blank=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("notary matter")
        verbose_name_plural = _("notary matters")

    def __str__(self) -> str:
        return self.name


class MatterFee(BaseModel):
    """A version of a matter's fee, from `effective_from` to `effective_to` inclusive (None: open). Two
    versions of one matter never overlap (`matter_fee_create`). `basis` names the document that sets
    it, or says DEMO."""

    matter = models.ForeignKey(NotaryMatter, on_delete=models.CASCADE, related_name="fees")
    amount_fen = models.BigIntegerField()
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    basis = models.CharField(max_length=255)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["matter_id", "effective_from"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_fen__gte=0), name="notary_fee_not_negative"),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="notary_fee_dates_in_order",
            ),
        ]


class Slot(BaseModel):
    """An appointment time at an office with a notary, at the office or by video. Booked by at most
    one application: `order` is set by one conditional UPDATE (`slot_book`), so two bookings of the
    same slot cannot both win."""

    office = models.ForeignKey("network.Institution", on_delete=models.CASCADE, related_name="+")
    notary = models.ForeignKey(
        "network.Practitioner", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    kind = models.CharField(max_length=8, choices=SlotKind.choices, default=SlotKind.VISIT)
    order = models.OneToOneField(
        "orders.ServiceOrder", on_delete=models.SET_NULL, null=True, blank=True, related_name="notary_slot"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["notary", "starts_at"], name="notary_slot_one_per_notary_time"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="notary_slot_ends"
            ),
        ]


class NotaryApplication(BaseModel):
    """The application's facts beside its order: the matter, the office the applicant chose (公证法第
    二十五条), the fee as computed from the table on the day of application, the certificate's second
    language, and the visits to the office recorded so far ("at most one visit")."""

    order = models.OneToOneField(
        "orders.ServiceOrder", on_delete=models.CASCADE, related_name="notary_application", primary_key=True
    )
    matter = models.ForeignKey(NotaryMatter, on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey("network.Institution", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("purpose of use"), max_length=200, blank=True)
    second_language = models.CharField(max_length=4, choices=SecondLanguage.choices, blank=True, default="")
    fee_fen = models.BigIntegerField()
    fee = models.ForeignKey(MatterFee, on_delete=models.PROTECT, related_name="+")
    visits = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"notary {self.order_id}"


class Payment(BaseModel):
    """A request to the payment backend and its confirmation (a charge, or a refund on refusal). The
    local backend records what it would send (`record`) and says so; a real gateway plugs in later."""

    application = models.ForeignKey(NotaryApplication, on_delete=models.CASCADE, related_name="payments")
    kind = models.CharField(max_length=8, choices=PaymentKind.choices)
    amount_fen = models.BigIntegerField()
    backend = models.CharField(max_length=32)
    reference = models.CharField(max_length=40, unique=True)
    state = models.CharField(max_length=12, choices=PaymentState.choices, default=PaymentState.REQUESTED)
    record = models.JSONField(default=dict)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_fen__gt=0), name="notary_payment_positive"),
        ]


class Certificate(BaseModel):
    """An electronic notarial certificate. The PDF (it names the applicant) is stored encrypted; its
    SHA-256, the matter, the office and the number are public and entered in the evidence log, as is a
    revocation (公证法第三十九条)."""

    number = models.CharField(max_length=40, unique=True)
    application = models.OneToOneField(
        NotaryApplication, on_delete=models.PROTECT, related_name="certificate"
    )
    pdf_b64 = EncryptedTextField()
    sha256 = models.CharField(max_length=64)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    log_index = models.BigIntegerField(null=True, blank=True)
    log_leaf_hash = models.CharField(max_length=64, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    revocation_log_index = models.BigIntegerField(null=True, blank=True)
    revocation_leaf_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-issued_at"]


class CertificateRegister(BaseModel):
    """An office's certificate register of one year (fawang/notary/numbering.py): its abbreviation in
    numbers (川成蜀) and the last serial given, raised inside each issuing transaction (no gaps)."""

    office = models.ForeignKey("network.Institution", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    abbreviation = models.CharField(max_length=16)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "year"], name="notary_register_once")]

    def __str__(self) -> str:
        return f"{self.abbreviation} {self.year}: {self.last}"


class EnforcementCertificate(BaseModel):
    """The enforcement certificate (执行证书) of a debt instrument given enforceable effect (公证法第三十七
    条): issued on the creditor's application once the office verified the default; with it the creditor
    applies to the court. Like the notarial certificate: the PDF (it names the parties) stored
    encrypted, its SHA-256 entered in the evidence log, verifiable on the public page by its number."""

    number = models.CharField(max_length=40, unique=True)
    application = models.OneToOneField(
        NotaryApplication, on_delete=models.PROTECT, related_name="enforcement_certificate"
    )
    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="+")
    pdf_b64 = EncryptedTextField()
    sha256 = models.CharField(max_length=64)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    log_index = models.BigIntegerField(null=True, blank=True)
    log_leaf_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-issued_at"]


class Inspection(BaseModel):
    """A "double random, one public" (双随机、一公开) inspection of one office's certificates issued in a
    period: the certificates and the inspector of each are drawn at random, reproducibly from `seed`
    (anyone holding the population, the share and the seed draws the same), and the results are
    published per office."""

    office = models.ForeignKey("network.Institution", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    share_percent = models.PositiveSmallIntegerField()
    minimum = models.PositiveSmallIntegerField()
    seed = models.CharField(max_length=64)
    population = models.JSONField(default=list)  # certificate ids, ascending
    sampled = models.JSONField(default=list)  # [[certificate id, inspector user id], ...]
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_end", "office_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "period_start", "period_end"], name="notary_inspection_once"
            )
        ]


class InspectionResult(BaseModel):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="+")
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    conforms = models.BooleanField()
    findings = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "certificate"], name="notary_inspection_result_once"
            )
        ]


class VideoSession(BaseModel):
    """A remote video session of a video slot: the room as the video backend made it (the local backend
    records what it would ask for and says so) and the identity checks the notary recorded, in order."""

    slot = models.OneToOneField(Slot, on_delete=models.PROTECT, related_name="video_session")
    backend = models.CharField(max_length=32)
    room = models.JSONField(default=dict)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checks = models.JSONField(default=list)  # [{"step", "passed", "by", "at", "note"}]
