"""Arbitration's pages, mounted at /arbitration/."""

from django.urls import path

from . import views

app_name = "arbitration"
urlpatterns: list = [
    path("file/", views.file, name="file"),
    path("cases/<str:tracking_no>/", views.case, name="case"),
    path("cases/<str:tracking_no>/documents/<str:number>.pdf", views.document_pdf, name="document_pdf"),
    path("cases/<str:tracking_no>/manage/", views.manage, name="manage"),
    path("commission/", views.commission, name="commission"),
    path("commission/keep/", views.keep, name="keep"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
]
