"""Legal aid's pages (staff work pages and the public eligibility check), mounted at /legal-aid/.
Each area's views live in their own module of `views/`."""

from django.urls import path

from .views import check, override

app_name = "legalaid"
urlpatterns: list = [
    path("check/", check.eligibility_check, name="check"),
    path("orders/<str:tracking_no>/eligibility/override/", override.override, name="eligibility_override"),
]
