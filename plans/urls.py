from django.urls import path

from .views import business_plan, projects, years

app_name = "plans"

urlpatterns = [
    path("business-plan/", business_plan.business_plan, name="business_plan"),
    path("business-plan/export.xlsx", business_plan.business_plan_xlsx, name="business_plan_xlsx"),
    path("business-plan/export.csv", business_plan.business_plan_csv, name="business_plan_csv"),
    path("my-projects/", projects.my_projects, name="my_projects"),
    path("projects/<str:number>/", projects.project_detail, name="project"),
    path("projects/<str:number>/update/", projects.project_update, name="project_update"),
    path("plan-years/start/", years.start_next_year, name="start_next_year"),
    path("plan-years/<slug:code>/", years.draft_plan, name="draft_plan"),
    path("plan-years/<slug:code>/edit/", years.edit_draft, name="edit_draft"),
    path("plan-years/<slug:code>/decisions/", years.project_decisions, name="project_decisions"),
    path("plan-years/<slug:code>/adopt/", years.adopt_plan, name="adopt_plan"),
]
