from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _partitions_ahead(using: str, **kwargs: Any) -> None:
    """Every `migrate` creates the coming months' partitions of the audit trail and the order timeline
    (PostgreSQL; fawang/audit/partitions.py), as the role that migrates."""
    from . import partitions

    partitions.ensure(connections[using])


class AuditConfig(AppConfig):
    name = "fawang.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the checks)

        post_migrate.connect(_partitions_ahead, sender=self, dispatch_uid="fawang.audit.partitions_ahead")
