"""Board papers: /board-packs/ and /annual-report/."""

from django.urls import path

from .views import annual_report, board_packs

app_name = "papers"

urlpatterns = [
    path("board-packs/", board_packs.board_pack_list, name="list"),
    path("board-packs/<int:pk>/", board_packs.board_pack_detail, name="detail"),
    path("board-packs/requests/<int:pk>/", board_packs.board_pack_request, name="request"),
    path("board-packs/requests/<int:pk>/status.json", board_packs.board_pack_request_status, name="request_status"),
    path("board-packs/<int:pk>/pdf/", board_packs.board_pack_pdf, name="pdf"),
    path("annual-report/", annual_report.annual_report, name="annual_report"),
    path("annual-report/pdf/", annual_report.annual_report_pdf, name="annual_report_pdf"),
]
