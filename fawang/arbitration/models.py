"""Arbitration's rows: the case beside its service order (one-to-one), the commission's fee tables
(dated versions, integer fen), the arbitrator roster with qualifications, conflict declarations, the
tribunal's members, arbitrators' fees paid (办案报酬) and the award documents entered in the evidence
log. Parties, sessions and served documents belong to the disputes base (see `seam.py`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fawang.core.fields import EncryptedTextField
from fawang.core.models import BaseModel

from .enums import ChosenBy, ConflictGround, DocumentKind, Kind, MemberRole, Qualification, TribunalMode


class FeeTable(BaseModel):
    """A version of one commission's case acceptance fee table (仲裁委员会仲裁收费办法 附件: the
    commission fixes its rates inside the national ranges). `minimum_fen` is the fee for the part up to
    1,000 yuan; `rates_bp` the rate of each further band in basis points (1/10,000), in the order of
    `fees.BANDS`. Versions of one commission never overlap (`fee_table_create`)."""

    commission = models.ForeignKey("network.Institution", on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    minimum_fen = models.BigIntegerField()
    rates_bp = models.JSONField(default=list)
    basis = models.CharField(max_length=255)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["commission_id", "effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_fen__gte=0), name="arbitration_fee_min_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="arbitration_fee_dates_in_order",
            ),
        ]


class ArbitrationCase(BaseModel):
    """A case's own facts beside its order: which kind, the commission chosen, the arbitration
    agreement (仲裁法第三十三条; none for labour), the claim and the fee assessed from the table, the
    secretary, the tribunal's make-up, the mediation order it came from. The agreement is personal
    data: encrypted. The parties are the disputes base's rows."""

    order = models.OneToOneField(
        "orders.ServiceOrder", on_delete=models.CASCADE, related_name="arbitration_case", primary_key=True
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    commission = models.ForeignKey("network.Institution", on_delete=models.PROTECT, related_name="+")
    agreement = EncryptedTextField(blank=True)
    claim_amount_fen = models.BigIntegerField(null=True, blank=True)
    fee_fen = models.BigIntegerField(null=True, blank=True)
    fee_table = models.ForeignKey(FeeTable, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tribunal_mode = models.CharField(max_length=8, choices=TribunalMode.choices, blank=True)
    from_mediation = models.CharField(max_length=32, blank=True, db_index=True)
    # 仲裁委员会仲裁收费办法第四条 (paid within 15 days of the notice of acceptance) and 第六条 (deferral).
    fee_paid_at = models.DateTimeField(null=True, blank=True)
    fee_receipt = models.CharField(max_length=64, blank=True, default="")
    fee_deferred_reason = models.CharField(max_length=500, blank=True, default="")
    # 仲裁法（2025）第六十二条: the parties' settlement agreement (names the parties: encrypted).
    settlement = EncryptedTextField(blank=True, default="")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(claim_amount_fen__isnull=True) | models.Q(claim_amount_fen__gte=0),
                name="arbitration_claim_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(fee_fen__isnull=True) | models.Q(fee_fen__gte=0),
                name="arbitration_fee_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"arbitration {self.order_id}"


class Counterclaim(BaseModel):
    """The respondent's counterclaim (反请求, 仲裁法（2025）第三十八条), heard in the same case, with its
    own acceptance fee from the commission's table, paid in advance as it is filed (仲裁委员会仲裁收费办法
    第四条第一款; labour arbitration: free, 劳动争议调解仲裁法第五十三条)."""

    case = models.ForeignKey(ArbitrationCase, on_delete=models.CASCADE, related_name="counterclaims")
    text = EncryptedTextField()
    claim_amount_fen = models.BigIntegerField()
    fee_fen = models.BigIntegerField()
    fee_table = models.ForeignKey(FeeTable, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    filed_at = models.DateTimeField()
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["filed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(claim_amount_fen__gte=0) & models.Q(fee_fen__gte=0),
                name="arbitration_counterclaim_not_negative",
            )
        ]


class RosterEntry(BaseModel):
    """An arbitrator on a commission's roster (仲裁法第二十三条: by speciality) with the head of
    第二十二条 they qualify under. The practitioner (kind arbitrator) is the network's row."""

    practitioner = models.OneToOneField(
        "network.Practitioner", on_delete=models.CASCADE, related_name="arbitration_roster"
    )
    commission = models.ForeignKey("network.Institution", on_delete=models.PROTECT, related_name="+")
    qualification = models.CharField(max_length=20, choices=Qualification.choices)
    fields = models.JSONField(default=list)  # specialities: 合同, 劳动, 建设工程 ...
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["commission_id", "practitioner__name"]


class ConflictDeclaration(BaseModel):
    """An arbitrator's declared conflict with a case (仲裁法第四十五条 disclosure, 第四十六条 回避): while
    it stands they cannot be appointed to it."""

    case = models.ForeignKey(ArbitrationCase, on_delete=models.CASCADE, related_name="conflicts")
    practitioner = models.ForeignKey("network.Practitioner", on_delete=models.PROTECT, related_name="+")
    ground = models.CharField(max_length=16, choices=ConflictGround.choices)
    note = models.TextField(blank=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "practitioner"], name="arbitration_conflict_once")
        ]


class TribunalMember(BaseModel):
    case = models.ForeignKey(ArbitrationCase, on_delete=models.CASCADE, related_name="members")
    practitioner = models.ForeignKey("network.Practitioner", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=12, choices=MemberRole.choices)
    chosen_by = models.CharField(max_length=12, choices=ChosenBy.choices)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "practitioner"], name="arbitration_member_once")
        ]


class ArbitratorPayment(BaseModel):
    """An arbitrator's fee for a case (办案报酬, paid from the acceptance fee, 收费办法第三条), integer fen."""

    case = models.ForeignKey(ArbitrationCase, on_delete=models.PROTECT, related_name="payments")
    practitioner = models.ForeignKey("network.Practitioner", on_delete=models.PROTECT, related_name="+")
    amount_fen = models.BigIntegerField()
    paid_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_fen__gt=0), name="arbitration_payment_positive")
        ]


class AwardDocument(BaseModel):
    """The award (or a correction of it, 仲裁法第六十九条): arbitration's number and kind, and when it
    was served on the parties (electronically on their case page at issue), from which the 30 days of
    art. 69 run. The PDF, its SHA-256 and evidence-log entry are the disputes base's signed outcome
    (public verification page `/disputes/verify/<number>/`); a correction's outcome `corrects` the
    award's."""

    case = models.ForeignKey(ArbitrationCase, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=12, choices=DocumentKind.choices)
    number = models.CharField(max_length=40, unique=True)
    outcome = models.OneToOneField(
        "disputes.Outcome", on_delete=models.PROTECT, related_name="arbitration_document"
    )
    issued_at = models.DateTimeField()
    served_at = models.DateTimeField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["issued_at", "pk"]

    @property
    def sha256(self) -> str:
        return self.outcome.sha256

    @property
    def log_index(self) -> int | None:
        return self.outcome.log_index

    @property
    def log_leaf_hash(self) -> str:
        return self.outcome.log_leaf_hash
