"""Writes on service orders, by concern: `intake` (one request from any channel becomes one order),
`attachments` (files sent with it), `lifecycle` (the shared loop's actions, run as steps by
`fawang.orders.engine`) and `supervision` (督办). Callers import the services from here."""

from .attachments import order_materials_send
from .intake import order_make, order_submit
from .lifecycle import (
    order_accept,
    order_close,
    order_reject,
    order_reopen,
    order_resolve,
    order_resolve_by_workflow,
    order_resume,
    order_start,
    order_suspend,
    order_transfer,
    order_transition,
)
from .supervision import (
    SupervisionSpec,
    supervision_answer,
    supervision_create,
    supervision_issue,
    supervision_region_above,
    supervisions_create,
)

__all__ = [
    "SupervisionSpec",
    "order_accept",
    "order_close",
    "order_make",
    "order_materials_send",
    "order_reject",
    "order_reopen",
    "order_resolve",
    "order_resolve_by_workflow",
    "order_resume",
    "order_start",
    "order_submit",
    "order_suspend",
    "order_transfer",
    "order_transition",
    "supervision_answer",
    "supervision_create",
    "supervision_issue",
    "supervision_region_above",
    "supervisions_create",
]
