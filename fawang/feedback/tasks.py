from __future__ import annotations

from django_tasks import task

from .sweep import feedback_close_unrated


@task()
def feedback_sweep() -> dict[str, int]:
    """Periodic: close unrated orders whose window passed, flag overdue reviews."""
    return feedback_close_unrated()
