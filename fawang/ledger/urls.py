"""/log/: the C2SP tlog-tiles resources (not language-prefixed: clients fetch fixed paths)."""

from django.urls import re_path

from . import views

app_name = "ledger"

_N = r"(?P<index>(?:x\d{3}/)*\d{3})"
_W = r"(?:\.p/(?P<width>\d{1,3}))?"

urlpatterns = [
    re_path(r"^checkpoint$", views.checkpoint, name="checkpoint"),
    re_path(r"^verifier-key$", views.verifier_key, name="verifier_key"),
    re_path(rf"^tile/entries/{_N}{_W}$", views.entries, name="entries"),
    re_path(rf"^tile/(?P<level>\d{{1,2}})/{_N}{_W}$", views.tile, name="tile"),
]
