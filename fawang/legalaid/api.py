"""Legal aid's API, mounted by the engine at /api/v1/legal_aid/ (docs/adr/0011)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["legal aid"])
