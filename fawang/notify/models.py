from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fawang.core.fields import EncryptedTextField
from fawang.core.identity import mask_mobile


class SmsStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded (not sent)")  # the recording backend: nothing left the machine
    SENT = "sent", _("Sent")  # handed to a real gateway (a later adapter)
    FAILED = "failed", _("Failed")  # the gateway refused it


class SmsMessage(models.Model):
    """One text message, as handed to the SMS backend. The phone is personal data: encrypted, with a
    blind index so "what did we send to this number" still works."""

    phone = EncryptedTextField(_("mobile number"))
    phone_index = models.CharField(_("mobile number index"), max_length=64, db_index=True)
    text = models.TextField(_("text"))
    template = models.CharField(_("template"), max_length=64)  # e.g. "order.accepted", "login.code"
    order = models.ForeignKey(
        "orders.ServiceOrder",
        verbose_name=_("service order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SmsStatus.choices, default=SmsStatus.RECORDED
    )
    backend = models.CharField(_("SMS backend"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")

    def __str__(self) -> str:
        return f"{mask_mobile(self.phone)} {self.template}"


class InboxMessage(models.Model):
    """A message in the applicant's inbox on the site. Anonymous applicants have no account yet, so
    the message waits under the blind index of their phone and shows once they verify that phone."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="inbox",
    )
    recipient_phone_index = models.CharField(
        _("recipient mobile number index"), max_length=64, blank=True, default="", db_index=True
    )
    order = models.ForeignKey(
        "orders.ServiceOrder",
        verbose_name=_("service order"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("inbox message")
        verbose_name_plural = _("inbox messages")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(recipient_phone_index=""),
                name="inbox_message_has_recipient",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PendingNotice(models.Model):
    """A notice to the applicant not yet delivered: the transactional outbox of order notices
    (docs/adr/0017). Written in the transaction of the change it reports, so it exists if and only if
    the change committed; deleted in the transaction that writes its inbox message and text, so it is
    delivered exactly once. `status` is the order's status as of the change: a delivery running late
    never reports a newer one."""

    # A plain integer, not a foreign key: the event table is partitioned by month (issue 9),
    # and nothing may point into it.
    event_id = models.BigIntegerField(_("order event"))
    order = models.ForeignKey(
        "orders.ServiceOrder",
        verbose_name=_("service order"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # read by id only; one index fewer to write per change
    )
    status = models.CharField(_("status"), max_length=16)  # orders.enums.OrderStatus as of the change
    # Deliveries of this notice that failed on their own (not with a whole batch): at
    # MAX_DELIVERY_ATTEMPTS it is left here for an operator, with the last error, and not tried again.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True, default="")
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("notice to deliver")
        verbose_name_plural = _("notices to deliver")

    def __str__(self) -> str:
        return f"{self.order_id}:{self.event_id}"
