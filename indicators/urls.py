"""Scorecard URLs, under /scorecard/."""

from django.urls import path

from .views import commentary, published, scorecard, signoff
from .views import entry as entry_views
from .views import exports as export_views
from .views import imports as import_views

app_name = "indicators"

urlpatterns = [
    path("", scorecard.scorecard, name="scorecard"),
    path("export.xlsx", export_views.scorecard_xlsx, name="scorecard_xlsx"),
    path("export.csv", export_views.scorecard_csv, name="scorecard_csv"),
    path("exceptions/", scorecard.exception_report, name="exceptions"),
    path("sign-off/", signoff.sign_off, name="sign_off"),
    path("publishing/", published.publishing, name="publishing"),
    path("entry/", entry_views.value_entry, name="entry"),
    path("indicators/<str:number>/", scorecard.indicator_detail, name="indicator"),
    path("indicators/<str:number>/data.csv", scorecard.indicator_csv, name="indicator_csv"),
    path("indicators/<str:number>/commentary/", scorecard.add_commentary, name="add_commentary"),
    path("indicators/<str:number>/commentary/<int:pk>/edit/", commentary.edit_commentary, name="edit_commentary"),
    path("indicators/<str:number>/process-change/", scorecard.add_process_change, name="add_process_change"),
    path("import/", import_views.import_upload, name="import"),
    path("import/<int:pk>/", import_views.import_preview, name="import_preview"),
    path("import/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("import/template.csv", import_views.import_template, {"fmt": "csv"}, name="import_template_csv"),
    path("import/template.xlsx", import_views.import_template, {"fmt": "xlsx"}, name="import_template_xlsx"),
]
