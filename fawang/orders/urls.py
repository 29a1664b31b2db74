from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("bulk/", views.bulk_action, name="bulk"),
    path("hotline/", views.hotline_console, name="hotline"),
    path("hotline/lookup/", views.hotline_lookup, name="hotline_lookup"),
    path("window/", views.window_intake, name="window_intake"),
    path("figures/", views.figures, name="figures"),
    path("orders/<str:tracking_no>/", views.order_detail, name="order_detail"),
    path("orders/<str:tracking_no>/act/<slug:action>/", views.order_action, name="order_action"),
    path("orders/<str:tracking_no>/transfer/", views.order_transfer, name="order_transfer"),
    path("orders/<str:tracking_no>/reveal/", views.order_reveal, name="order_reveal"),
    path("orders/<str:tracking_no>/supervise/", views.order_supervise, name="order_supervise"),
    path("orders/<str:tracking_no>/receipt/", views.order_receipt, name="receipt"),
    path(
        "orders/<str:tracking_no>/supervisions/<int:supervision_id>/answer/",
        views.order_supervision_answer,
        name="supervision_answer",
    ),
]
