"""What legal aid's API modules share (review finding on issue 11): every endpoint that works on one
order loads it, checks it and answers it the same way. `api_actor` is the signed-in caller (401
otherwise); `api_order` loads an order of a given workflow by tracking number, scoped to the caller,
and checks the action: 403 when the caller's role never holds it, 404 (as for a missing order, so an
order outside the jurisdiction cannot be told from one that does not exist) when it does not reach
this order. The endpoints then answer from the row they act on, reloaded after the write."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.accounts.models import User
from fawang.core.errors import NotFound
from fawang.orders.models import ServiceOrder
from fawang.orders.selectors import order_get_for_actor


def api_actor(request: HttpRequest) -> User:
    """The user the endpoint's auth recognised; 401 without one."""
    from fawang.orders.api import _require_signed_in, request_actor

    return _require_signed_in(request_actor(request))


def api_order(actor: User, tracking_no: str, *, workflow: str, action: str | None = None) -> ServiceOrder:
    """The `workflow` order with `tracking_no` that `actor` may see and, when `action` is given, act on
    with it (the load-check of every single-order endpoint)."""
    if action is not None:
        policy.require_action(actor, action)
    order = order_get_for_actor(actor=actor, tracking_no=tracking_no or "")
    if order.workflow != workflow or (
        action is not None and not policy.can_act_on_order(actor, action, order)
    ):
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    return order
