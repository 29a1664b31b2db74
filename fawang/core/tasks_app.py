"""django-tasks-db's app config under a Chinese name. In a module of its own: Django picks an app's
config from its `apps` module only when that module holds exactly one AppConfig subclass, imported
ones included, so beside CoreConfig this one would have left `fawang.core` with a plain AppConfig."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy
from django_tasks_db.apps import TasksAppConfig


class TasksDatabaseConfig(TasksAppConfig):
    """django-tasks-db's app (INSTALLED_APPS names this class) under a Chinese name in the back office.
    The package marks its model and field names for translation but ships no Chinese: the msgids
    below put them into our catalog, which gettext consults for every app."""

    verbose_name = _("Background tasks")  # type: ignore[assignment]  # the package declares str


THIRD_PARTY_MSGIDS = (
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("status"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    gettext_noop("traceback"),
    # django_tasks.base.TaskResultStatus
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
)
