"""A tiny API used only by test_auth.py, so the auth classes are tested through real requests
(session and CSRF middleware included) without depending on other apps' endpoints."""

from django.urls import path
from ninja import NinjaAPI

from fawang.api.auth import OptionalCitizenAuth, api_staff_auth

api = NinjaAPI(urls_namespace="auth-test")


@api.get("/staff", auth=api_staff_auth)
def staff_get(request):
    return {"username": request.auth.username}


@api.post("/staff", auth=api_staff_auth)
def staff_post(request):
    return {"username": request.auth.username}


@api.post("/public", auth=OptionalCitizenAuth())
def public_post(request):
    return {"username": getattr(request.auth, "username", "") or ""}


urlpatterns = [path("api/", api.urls)]
