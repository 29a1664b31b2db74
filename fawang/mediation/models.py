"""People's mediation's rows: a committee's profile beside its network institution (type and field:
village, township, industry, professional), the dispute's facts beside its order (one-to-one), and the
follow-up visits on performance. Parties, sessions, documents and the agreement are the disputes base's
rows (fawang.disputes). No fee is recorded anywhere: mediation is free (人民调解法第四条)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.fields import EncryptedTextField
from fawang.core.models import BaseModel

from .enums import Category, CommitteeType, Performance, Source


class CommitteeProfile(BaseModel):
    """What the network does not say about a mediation committee (an institution of kind
    mediation_committee): its type and, for an industry or professional committee, its field."""

    committee = models.OneToOneField(
        "network.Institution", on_delete=models.CASCADE, related_name="mediation_profile", primary_key=True
    )
    type = models.CharField(_("committee type"), max_length=16, choices=CommitteeType.choices)
    field = models.CharField(_("field"), max_length=64, blank=True, default="")  # 医疗纠纷, 交通事故 …


class Mediation(BaseModel):
    """The dispute beside its order: the committee handling it, what it is about, where it came from
    (a party, the committee itself, a court, the police, the hotline, a legal aid centre: 人民调解法第十七条、
    第十八条), the mediator (第十九条), the agreement's effective date (第二十九条、第三十条) and the
    judicial confirmation (第三十三条), the arbitration order it moved into."""

    order = models.OneToOneField(
        "orders.ServiceOrder", on_delete=models.CASCADE, related_name="mediation", primary_key=True
    )
    committee = models.ForeignKey("network.Institution", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("what the dispute is about"), max_length=16, choices=Category.choices)
    source = models.CharField(_("how it came"), max_length=16, choices=Source.choices, default=Source.PARTY)
    referred_by = models.CharField(_("referred by"), max_length=128, blank=True, default="")
    mediator = models.ForeignKey(
        "network.Practitioner", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agreement_effective_on = models.DateField(null=True, blank=True)
    confirmation_court = models.CharField(max_length=128, blank=True, default="")
    handed_to = models.CharField(max_length=32, blank=True, default="")  # the arbitration order's tracking no

    def __str__(self) -> str:
        return f"mediation {self.order_id}"


class FollowUp(BaseModel):
    """A follow-up visit on the agreement's performance (人民调解法第三十一条第二款: the committee
    supervises performance)."""

    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="follow_ups")
    visited_on = models.DateField()
    performance = models.CharField(max_length=16, choices=Performance.choices)
    note = EncryptedTextField(blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["visited_on", "pk"]
