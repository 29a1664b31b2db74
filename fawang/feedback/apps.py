from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "fawang.feedback"
    label = "feedback"
