"""Types shared by every app's services.

`Actor` is who a service acts for, the explicit `actor` argument of every service and selector
(CONVENTIONS 2 and 4): a staff user (`kind == "staff"`, with roles and a jurisdiction), a citizen
user (`kind == "citizen"`, known by a verified mobile number), both `fawang.accounts.models.User`,
or `None` for the platform itself (the deadline and feedback sweeps, an operator's management
command such as `api_token_create`). A signed-out visitor is no actor: narrow `request.user` first
(`user if user.is_authenticated else None`). What an actor may see and do is decided by
`accounts.policy` (and, for `None`, by each service: `allow_system` in orders' transitions), never
from this type.

User is named for the type checker only: core imports no other app at run time (the one
`ignore_imports` line for this module in pyproject's import-linter contract says so)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from fawang.accounts.models import User

Actor: TypeAlias = "User | None"
