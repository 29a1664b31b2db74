from django.urls import path

from . import views

app_name = "mediation"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("cases/", views.cases, name="cases"),
    path("cases/<str:tracking_no>/<slug:what>/", views.panel_post, name="panel_post"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
]
