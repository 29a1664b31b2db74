"""Legal aid's pages (staff work pages and the public eligibility check), mounted at /legal-aid/.
Each area's views live in their own module of `views/`."""

from django.urls import path

from .views import assignment

app_name = "legalaid"
urlpatterns: list = [
    # Assignment (issue 11, item 4)
    path("cases/<str:tracking_no>/assignment/", assignment.assignment, name="assignment"),
    path(
        "cases/<str:tracking_no>/assignment/answer/", assignment.assignment_answer, name="assignment_answer"
    ),
    path("my-cases/", assignment.my_cases, name="my_cases"),
]
