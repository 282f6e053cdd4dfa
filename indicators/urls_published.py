"""The published scorecard, under /published/: open to anyone, without signing in, when publishing is on."""

from django.urls import path

from .views import published

app_name = "published"

urlpatterns = [
    path("", published.published_scorecard, name="scorecard"),
    path("scorecard.csv", published.published_csv, name="csv"),
]
