from django.urls import path

from . import views

app_name = "consult"

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("threads/<str:tracking_no>/", views.thread, name="thread"),
    path("threads/<str:tracking_no>/take/", views.take, name="take"),
    path("threads/<str:tracking_no>/answer/", views.answer, name="answer"),
    path("threads/<str:tracking_no>/publish/", views.publish, name="publish"),
    path("experts/", views.expert_list, name="expert_list"),
    path("experts/new/", views.expert_new, name="expert_new"),
    path("experts/<str:reference>/", views.expert_detail, name="expert_detail"),
    path("experts/<str:reference>/assign/", views.expert_assign, name="expert_assign"),
]
