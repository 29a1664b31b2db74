from django.apps import AppConfig
from django.core.checks import CheckMessage, Error, register
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
        register(check_signing_key)


def check_signing_key(**_kwargs: object) -> list[CheckMessage]:
    """A key that cannot sign is found at start (`manage.py check`), not at the first checkpoint."""
    from django.core.exceptions import ImproperlyConfigured

    from .keys import log_signer

    try:
        log_signer()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="fawang.E023")]
    return []
