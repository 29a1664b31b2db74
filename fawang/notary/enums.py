"""Notary's names: the workflow code, its stages, event kinds and actions, how a matter is done
(fully online, one visit, in person), payments and the certificate's second language."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

WORKFLOW = "notary"


class Stage(models.TextChoices):
    MATERIALS_REQUESTED = "materials_requested", pgettext_lazy("notary stage", "Materials requested")
    PAYMENT_DUE = "payment_due", pgettext_lazy("notary stage", "Accepted, fee due")
    PAID = "paid", pgettext_lazy("notary stage", "Fee paid")
    REVIEW = "review", pgettext_lazy("notary stage", "Under review by the notary")
    SUPPLEMENT = "supplement", pgettext_lazy("notary stage", "Supplementary materials requested")
    VERIFYING = "verifying", pgettext_lazy("notary stage", "Facts being verified")
    COMMITMENT_CONFIRMED = (
        "commitment_confirmed",
        pgettext_lazy("notary stage", "Debtor's commitment to enforcement confirmed"),
    )
    ISSUED = "issued", pgettext_lazy("notary stage", "Certificate issued")
    ENFORCEMENT_CERTIFIED = (
        "enforcement_certified",
        pgettext_lazy("notary stage", "Enforcement certificate issued"),
    )
    REFUSED = "refused", pgettext_lazy("notary stage", "Refused")


class EventKind(models.TextChoices):
    PAID = "notary_paid", pgettext_lazy("order event", "Notarial fee paid")
    VERIFICATION_STARTED = (
        "notary_verification_started",
        pgettext_lazy("order event", "Verification of the facts started"),
    )
    ISSUED = "notary_issued", pgettext_lazy("order event", "Notarial certificate issued")
    REFUSED = "notary_refused", pgettext_lazy("order event", "Notarisation refused")
    COMMITMENT_CONFIRMED = (
        "notary_commitment_confirmed",
        pgettext_lazy("order event", "Debtor's commitment to accept enforcement confirmed"),
    )
    ENFORCEMENT_CERTIFIED = (
        "notary_enforcement_certified",
        pgettext_lazy("order event", "Enforcement certificate issued"),
    )


class Action(models.TextChoices):
    PAY = "notary_pay", pgettext_lazy("order action", "Pay the notarial fee")
    VERIFY = "notary_verify", pgettext_lazy("order action", "Verify the facts")
    ISSUE = "notary_issue", pgettext_lazy("order action", "Issue the certificate")
    CONFIRM_COMMITMENT = (
        "notary_confirm_commitment",
        pgettext_lazy("order action", "Confirm the debtor's commitment to accept enforcement"),
    )
    CERTIFY_ENFORCEMENT = (
        "notary_certify_enforcement",
        pgettext_lazy("order action", "Issue the enforcement certificate"),
    )


class Mode(models.TextChoices):
    """How far a matter can be done online (附件1: 全程网办, 最多跑一次)."""

    ONLINE = "online", _("Fully online")
    ONE_VISIT = "one_visit", _("At most one visit")
    PRESENCE = "presence", _("In person")


class SecondLanguage(models.TextChoices):
    """A bilingual certificate's second language (Chinese is always there)."""

    NONE = "", _("Chinese only")
    BO = "bo", _("Chinese and Tibetan")
    II = "ii", _("Chinese and Yi")


class SlotKind(models.TextChoices):
    VISIT = "visit", _("At the office")
    VIDEO = "video", _("Remote video session")


class PaymentKind(models.TextChoices):
    CHARGE = "charge", _("Payment")
    REFUND = "refund", _("Refund")


class PaymentState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")


class ErrorCode(models.TextChoices):
    SLOT_TAKEN = "slot_taken", "slot_taken"
    SLOT_UNKNOWN = "slot_unknown", "slot_unknown"
    MATTER_UNKNOWN = "matter_unknown", "matter_unknown"
    OFFICE_UNKNOWN = "office_unknown", "office_unknown"
    NO_FEE = "no_fee", "no_fee"
    FEE_OVERLAP = "fee_overlap", "fee_overlap"
    ALREADY_PAID = "already_paid", "already_paid"
    NOT_REVOCABLE = "not_revocable", "not_revocable"


class IdentityStep(models.TextChoices):
    """The identity checks of a remote video session, each recorded by the notary (附件1: 远程视频公证)."""

    ID_DOCUMENT = "id_document", _("Identity document shown and checked")
    FACE_MATCH = "face_match", _("Face compared with the identity document")
    INTENT = "intent", _("The applicant stated the matter and their true intent")
