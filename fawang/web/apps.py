from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "fawang.web"
    label = "web"
