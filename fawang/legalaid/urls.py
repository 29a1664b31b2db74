"""Legal aid's pages (staff work pages and the public eligibility check), mounted at /legal-aid/.
Each area's views live in their own module of `views/`."""

from django.urls import path  # noqa: F401  (the areas add their paths below)

app_name = "legalaid"
urlpatterns: list = []
