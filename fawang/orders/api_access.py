"""Who is calling and which order they may act on: the load-check every module's single-order API
endpoint shares (review finding on issues 11 and 13, moved here from legal aid's `api_common` and
consultation's own copy so that each new module's API starts from the engine's seam, ADR 0011).

`api_actor` is the signed-in caller (401 otherwise). `api_order` loads an order of one workflow by
tracking number, scoped to the caller, and checks the action: 403 when the caller's role never holds
it, 404 (as for a missing order, so an order outside the jurisdiction cannot be told from one that
does not exist) when it does not reach this order. `IDEMPOTENCY_OPENAPI` documents the
`Idempotency-Key` header every POST honours (fawang/api/idempotency.py, ADR 0010)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.accounts.models import User
from fawang.core.errors import DomainError, NotFound

from .models import ServiceOrder
from .selectors import order_get_for_actor

IDEMPOTENCY_OPENAPI = {
    "parameters": [
        {
            "in": "header",
            "name": "Idempotency-Key",
            "required": False,
            "schema": {"type": "string", "maxLength": 255},
            "description": "Any unique string per request (a UUID). A retry with the same key and body "
            "within 24 hours gets the first response with `Idempotent-Replayed: true`.",
        }
    ]
}


class NotAuthenticated(DomainError):
    status = 401


def request_actor(request: HttpRequest) -> User | None:
    """The User the endpoint's auth recognised (token, or session with CSRF), or None."""
    auth = getattr(request, "auth", None)
    auth = getattr(auth, "user", auth)  # an ApiToken carries its user
    # Not request.user: the auth classes refuse a session without its CSRF token on purpose.
    if isinstance(auth, User) and auth.is_active:
        return auth
    return None


def require_signed_in(actor: User | None) -> User:
    if actor is None:
        raise NotAuthenticated("not_authenticated", _("Sign in or send a valid bearer token."), None)
    return actor


def api_actor(request: HttpRequest) -> User:
    """The user the endpoint's auth recognised; 401 without one."""
    return require_signed_in(request_actor(request))


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
