from django.urls import path

from . import views

# Mounted at /supervision/ (the supervisor's pages); the name matches the staff navigation.
app_name = "supervision"
urlpatterns = [
    path("", views.supervision_index, name="index"),
    path("reviews/<int:review_id>/", views.review_detail, name="review"),
]
