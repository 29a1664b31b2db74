"""Judicial appraisal's pages, mounted at /appraisal/ (docs/adr/0031)."""

from django.urls import path

from fawang.disputes import views as dispute_views

from . import views

app_name = "appraisal"
urlpatterns: list = [
    path("", views.registry, name="registry"),
    path("entrust/", views.entrust, name="entrust"),
    path("entrustments/", views.entrustments, name="entrustments"),
    path("entrustments/<str:tracking_no>/", views.entrustment, name="entrustment"),
    path("entrustments/<str:tracking_no>/opinion.pdf", views.opinion_pdf, name="opinion_pdf"),
    path("conduct/", views.conduct, name="conduct"),
    path("complaints/", views.complaints, name="complaints"),
    path("complaints/<int:pk>/refer/", views.complaint_refer, name="complaint_refer"),
    # The dispute workflows' monthly figures live in fawang/disputes (/disputes/figures/); their first
    # addresses here keep working, served by the same views (docs/adr/0031, addendum).
    path("figures/", dispute_views.figures, name="figures"),
    path("figures/export.xlsx", dispute_views.figures_xlsx, name="figures_xlsx"),
]
