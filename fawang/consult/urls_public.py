"""The asker's pages (not staff pages): asking goes to the portal's intake, the thread is theirs."""

from django.urls import path

from . import views

app_name = "consult_public"

urlpatterns = [
    path("ask/", views.ask, name="ask"),
    path("mine/<str:tracking_no>/", views.mine, name="mine"),
]
