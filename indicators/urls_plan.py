"""The plan as a whole, under /plan/ (and /plans/<code>/plan/ for a named year): its workbook, loading a plan
from a workbook, its versions and revising it."""

from django.urls import path

from .views import plan_versions, plan_workbooks

app_name = "plan_workbook"

urlpatterns = [
    path("workbook.xlsx", plan_workbooks.plan_workbook, name="export"),
    path("load/", plan_workbooks.load_upload, name="load"),
    path("load/<int:pk>/", plan_workbooks.load_preview, name="load_preview"),
    path("load/<int:pk>/confirm/", plan_workbooks.load_confirm, name="load_confirm"),
    path("versions/", plan_versions.plan_versions, name="versions"),
    path("versions/<int:version>/", plan_versions.plan_version, name="version"),
    path("revise/", plan_versions.revise, name="revise"),
]
