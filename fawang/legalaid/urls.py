"""Legal aid's pages (staff work pages and the public eligibility check), mounted at /legal-aid/.
Each area's views live in their own module of `views/`."""

from django.urls import path

from .views import caselog, quality

app_name = "legalaid"
urlpatterns: list = [
    # case log and closing (issue 11, item 5)
    path("cases/<str:tracking_no>/log/", caselog.case_log, name="case_log"),
    # quality review (issue 11, item 6)
    path("quality/", quality.quality_index, name="quality_index"),
    path("quality/samples/<int:sample_id>/", quality.quality_sample, name="quality_sample"),
    path(
        "quality/samples/<int:sample_id>/cases/<str:tracking_no>/",
        quality.quality_score,
        name="quality_score",
    ),
    path(
        "practitioners/<int:practitioner_id>/record/", quality.practitioner_record, name="practitioner_record"
    ),
]
