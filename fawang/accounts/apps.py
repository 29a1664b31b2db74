from django.apps import AppConfig
from django.db.models import signals
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "fawang.accounts"
    label = "accounts"
    verbose_name = _("People and access")

    def ready(self) -> None:
        # Changes of access made outside the services still reach the audit trail (access_audit.py).
        from . import access_audit
        from .models import User, UserRole

        uid = "fawang.accounts.access_audit"
        signals.pre_save.connect(access_audit.user_pre_save, sender=User, dispatch_uid=f"{uid}.user_pre")
        signals.post_save.connect(access_audit.user_post_save, sender=User, dispatch_uid=f"{uid}.user_post")
        for signal, handler, name in (
            (signals.pre_save, access_audit.role_pre_change, "role_pre_save"),
            (signals.pre_delete, access_audit.role_pre_change, "role_pre_delete"),
            (signals.post_save, access_audit.role_post_change, "role_post_save"),
            (signals.post_delete, access_audit.role_post_change, "role_post_delete"),
        ):
            signal.connect(handler, sender=UserRole, dispatch_uid=f"{uid}.{name}")
        for through in (User.groups.through, User.user_permissions.through):
            signals.m2m_changed.connect(
                access_audit.m2m_changed, sender=through, dispatch_uid=f"{uid}.m2m.{through.__name__}"
            )
