"""The knowledge base's public pages, mounted at /knowledge/: search, an article, an entry."""

from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("", views.search, name="search"),
    path("articles/<int:article_id>/", views.article, name="article"),
    path("entries/<int:entry_id>/", views.entry, name="entry"),
    path("guides/", views.guides, name="guides"),
    path("guides/new/", views.guide_edit, name="guide_new"),
    path("guides/<int:guide_id>/", views.guide_edit, name="guide"),
]
