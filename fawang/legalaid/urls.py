"""Legal aid's pages (staff work pages and the public eligibility check), mounted at /legal-aid/.
Each area's views live in their own module of `views/`."""

from django.urls import path

from .views import assignment, caselog, check, cooperation, hardship, override, quality, reports, subsidies

app_name = "legalaid"
urlpatterns: list = [
    path("check/", check.eligibility_check, name="check"),
    path("orders/<str:tracking_no>/eligibility/override/", override.override, name="eligibility_override"),
    # The hardship standard, set by the province (法律援助法第三十四条; issue 11 item 2)
    path("standards/hardship/", hardship.hardship_standards, name="hardship_standards"),
    # Subsidies and funds (法律援助法第五十二条; issue 11 item 7)
    path("subsidies/", subsidies.subsidy_list, name="subsidies"),
    path("subsidies/compute/", subsidies.subsidy_compute, name="subsidy_compute"),
    path("subsidies/export.xlsx", subsidies.subsidy_list_xlsx, name="subsidies_xlsx"),
    path("subsidies/standard/", subsidies.subsidy_standards, name="subsidy_standards"),
    path("subsidies/<int:pk>/", subsidies.subsidy_detail, name="subsidy_detail"),
    path("subsidies/<int:pk>/<str:step>/", subsidies.subsidy_step, name="subsidy_step"),
    path("funds/", subsidies.funds, name="funds"),
    path("funds/ledger/", subsidies.ledger, name="ledger"),
    path("funds/ledger/export.xlsx", subsidies.ledger_xlsx, name="ledger_xlsx"),
    path("funds/<str:step>/", subsidies.funds_step, name="funds_step"),
    # Monthly report (issue 11 item 9)
    path("reports/", reports.report, name="report"),
    path("reports/export.xlsx", reports.report_xlsx, name="report_xlsx"),
    # Assignment (issue 11, item 4)
    path("cases/<str:tracking_no>/assignment/", assignment.assignment, name="assignment"),
    path(
        "cases/<str:tracking_no>/assignment/answer/", assignment.assignment_answer, name="assignment_answer"
    ),
    path("my-cases/", assignment.my_cases, name="my_cases"),
    # case log and closing (issue 11, item 5)
    path("cases/<str:tracking_no>/log/", caselog.case_log, name="case_log"),
    # cross-region cooperation (issue 11, item 8)
    path("cases/<str:tracking_no>/cooperation/", cooperation.cooperation_page, name="cooperation"),
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
