"""The feedback sweep: closes orders nobody rated within their window and flags overdue reviews.
Safe to run from two workers at once: each window is claimed by a conditional update and acted on only
by the worker whose update changed the row."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.core.errors import DomainError
from fawang.orders.enums import OrderStatus
from fawang.orders.models import ServiceOrder

from .enums import REVIEW_ACTIVE_STATUSES, InvitationStatus
from .models import EvaluationInvitation, Review

logger = logging.getLogger(__name__)

BATCH = 500


def feedback_close_unrated(now: dt.datetime | None = None) -> dict[str, int]:
    """Close resolved orders whose rating window passed without a rating; flag reviews past their
    deadline. Returns how many orders were closed and how many reviews were flagged."""
    from fawang.orders.services import order_close

    now = now or timezone.now()
    closed = 0
    while True:
        # The partial index `invitation_open_due` makes this read only the windows that passed.
        due = list(
            EvaluationInvitation.objects.filter(status=InvitationStatus.OPEN, closes_at__lte=now)
            .order_by("closes_at")
            .values_list("pk", "order_id")[:BATCH]
        )
        if not due:
            break
        for invitation_id, order_id in due:
            with transaction.atomic():
                claimed = EvaluationInvitation.objects.filter(
                    pk=invitation_id, status=InvitationStatus.OPEN
                ).update(status=InvitationStatus.EXPIRED, finished_at=now)
                if claimed != 1:
                    continue  # another worker, or a rating, got there first
                order = ServiceOrder.objects.select_for_update().get(pk=order_id)
                if order.status != OrderStatus.RESOLVED:
                    continue
                try:
                    with transaction.atomic():
                        order_close(
                            actor=None,
                            order=order,
                            reason=_("Closed without a rating: the rating window has passed."),
                        )
                except DomainError:
                    # The order moved on meanwhile; the window is spent either way.
                    logger.info("feedback sweep: order %s no longer closable", order.tracking_no)
                    continue
                closed += 1
        if len(due) < BATCH:
            break
    # One conditional update: a second worker finds nothing left to flag.
    flagged = Review.objects.filter(
        status__in=REVIEW_ACTIVE_STATUSES, overdue_at__isnull=True, deadline_at__lte=now
    ).update(overdue_at=now)
    return {"closed": closed, "reviews_overdue": flagged}
