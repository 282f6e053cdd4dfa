from django.urls import path

from . import views, views_exports

app_name = "plans"

urlpatterns = [
    path("business-plan/", views.business_plan, name="business_plan"),
    path("business-plan/export.xlsx", views_exports.business_plan_xlsx, name="business_plan_xlsx"),
    path("business-plan/export.csv", views_exports.business_plan_csv, name="business_plan_csv"),
    path("my-projects/", views.my_projects, name="my_projects"),
    path("projects/<str:number>/", views.project_detail, name="project"),
    path("projects/<str:number>/update/", views.project_update, name="project_update"),
]
