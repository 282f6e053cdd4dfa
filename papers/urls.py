"""Board papers: /board-packs/ and /annual-report/."""

from django.urls import path

from . import views

app_name = "papers"

urlpatterns = [
    path("board-packs/", views.board_pack_list, name="list"),
    path("board-packs/<int:pk>/", views.board_pack_detail, name="detail"),
    path("board-packs/<int:pk>/pdf/", views.board_pack_pdf, name="pdf"),
    path("annual-report/", views.annual_report, name="annual_report"),
    path("annual-report/pdf/", views.annual_report_pdf, name="annual_report_pdf"),
]
