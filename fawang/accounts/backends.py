from django.contrib.auth.backends import ModelBackend


class LockoutModelBackend(ModelBackend):
    """Placeholder: lockout is added with the login work."""
