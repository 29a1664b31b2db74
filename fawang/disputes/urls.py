from django.urls import path

from . import views

app_name = "disputes"

urlpatterns = [
    path("verify/<str:number>/", views.verify, name="verify"),
    path("my/", views.my_disputes, name="my_disputes"),
    path("my/<str:tracking_no>/", views.my_dispute, name="my_dispute"),
    path("outcomes/<str:number>.pdf", views.outcome_download, name="outcome_download"),
    path("figures/", views.figures, name="figures"),
    path("figures/export.xlsx", views.figures_xlsx, name="figures_xlsx"),
]
