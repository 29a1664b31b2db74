from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "fawang.notify"
    label = "notify"
