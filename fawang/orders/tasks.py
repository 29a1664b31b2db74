"""Background work of the orders app through Django's tasks API (django-tasks backport)."""

from __future__ import annotations

from django_tasks import task

from .sweep import sweep_deadlines


@task()
def sweep_deadlines_task() -> dict[str, int]:
    """Periodic: warnings, overdue supervision and escalation (see fawang/orders/sweep.py)."""
    return sweep_deadlines().as_dict()
