"""Feedback's pages, mounted in two places by config/urls.py: the supervisor's pages at /supervision/
(`urlpatterns`, namespace `supervision`: the name the staff navigation looks for), and the hotline's
return-visit queue at /work/return-visits/ (`return_visit_patterns`, namespace `feedback`), beside
the hotline console whose calls it follows up."""

from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.supervision_index, name="index"),
    path("reviews/<int:review_id>/", views.review_detail, name="review"),
]

return_visit_patterns = (
    [
        path("", views.return_visits, name="return_visits"),
        path("<int:visit_id>/", views.return_visit_record, name="return_visit_record"),
    ],
    "feedback",
)
