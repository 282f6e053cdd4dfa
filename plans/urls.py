from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("business-plan/", views.business_plan, name="business_plan"),
    path("my-projects/", views.my_projects, name="my_projects"),
    path("projects/<str:number>/", views.project_detail, name="project"),
    path("projects/<str:number>/update/", views.project_update, name="project_update"),
]
