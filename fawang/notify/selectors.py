from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .models import InboxMessage


def inbox_for_user(user: Any) -> QuerySet[InboxMessage]:
    """A user's messages, newest first: addressed to the account, or to the verified phone (messages
    from orders placed before the account existed)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return InboxMessage.objects.none()
    q = Q(recipient=user)
    if user.phone_index and user.phone_verified_at is not None:
        q |= Q(recipient__isnull=True, recipient_phone_index=user.phone_index)
    return InboxMessage.objects.filter(q).select_related("order")


def inbox_unread_count(user: Any) -> int:
    return inbox_for_user(user).filter(read_at__isnull=True).count()
