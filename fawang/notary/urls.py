"""Notary's pages, mounted at /notary/: the public matters list and certificate verification, the
citizen's appointment, application, payment and certificate, the office's slots and figures."""

from django.urls import path

from . import views

app_name = "notary"
urlpatterns: list = [
    path("", views.matters, name="matters"),
    path("matters/<slug:code>/", views.matter, name="matter"),
    path("matters/<slug:code>/apply/", views.apply, name="apply"),
    path("verify/<str:number>/", views.verify, name="verify"),
    path("applications/<str:tracking_no>/", views.application, name="application"),
    path("applications/<str:tracking_no>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("applications/<str:tracking_no>/visit/", views.visit, name="visit"),
    path("applications/<str:tracking_no>/video/", views.video, name="video"),
    path("certificates/<str:number>/revoke/", views.revoke, name="revoke"),
    path("office/", views.office, name="office"),
    path("inspections/", views.inspections, name="inspections"),
    path("inspections/manage/", views.inspection_manage, name="inspection_manage"),
]
