from django.urls import path

from . import views

app_name = "evidence"
urlpatterns = [
    path("", views.preserve, name="preserve"),
    path("verify/", views.verify, name="verify"),
    path("receipts/<int:index>.tlog-proof", views.receipt_download, name="receipt"),
    path("receipts/<int:index>.pdf", views.receipt_pdf, name="receipt_pdf"),
]
