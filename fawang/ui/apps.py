from django.apps import AppConfig


class UiConfig(AppConfig):
    # An app only so that its templates and static files are found; it has no models.
    name = "fawang.ui"
    label = "ui"
