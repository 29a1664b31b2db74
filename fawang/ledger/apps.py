from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "fawang.ledger"
    label = "ledger"
    verbose_name = _("Evidence log")

    def ready(self) -> None:
        # The kept tiles and subtrees (fawang/ledger/tiles.py) belong to one database's log: a flush or
        # migration (transactional tests) starts them afresh.
        from django.db.models.signals import post_migrate

        from .tiles import clear_caches

        post_migrate.connect(clear_caches, dispatch_uid="ledger-clear-caches")
