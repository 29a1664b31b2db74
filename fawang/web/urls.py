from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("services/", views.services, name="services"),
    path("services/<slug:code>/", views.service_item, name="service_item"),
    path("life-events/", views.life_events, name="life_events"),
    path("life-events/<slug:code>/", views.life_event, name="life_event"),
    path("track/", views.track, name="track"),
    path("track/rate/", views.track_evaluate, name="track_evaluate"),
    path("apply/", views.apply, name="apply"),
    path("apply/done/<str:tracking_no>/", views.apply_done, name="apply_done"),
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("logout/", views.StaffLogoutView.as_view(), name="logout"),
    path("login/citizen/", views.citizen_login, name="citizen_login"),
    path("staff/", views.staff_home, name="staff_home"),
    path("messages/", views.my_messages, name="messages"),
    path("my/orders/", views.my_orders, name="my_orders"),
    path("my/orders/<str:tracking_no>/", views.my_order, name="my_order"),
]
