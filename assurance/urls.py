from django.urls import path

from .views import actions, agencies, audits, learning, meetings, raising, risks

app_name = "assurance"

urlpatterns = [
    path("audits/", audits.audit_cycles, name="audit_cycles"),
    path("audits/cycles/<int:pk>/", audits.audit_cycle, name="audit_cycle"),
    path("audits/<int:pk>/", audits.audit_detail, name="audit"),
    path("audits/<int:pk>/returns/", audits.audit_return, name="audit_return"),
    path("audits/<int:pk>/actions/new/", audits.raise_action, name="raise_action"),
    path("actions/", actions.action_list, name="actions"),
    path("actions/export.csv", actions.action_csv, name="actions_csv"),
    path("actions/export.xlsx", actions.action_xlsx, name="actions_xlsx"),
    path("actions/mine/", actions.my_actions, name="my_actions"),
    path("actions/<int:pk>/", actions.action_detail, name="action"),
    path("actions/<int:pk>/update/", actions.action_update, name="action_update"),
    path("risks/", risks.risk_register, name="risks"),
    path("risks/new/", risks.risk_new, name="risk_new"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/actions/new/", raising.meeting_action, name="meeting_action"),
    path("indicators/<str:number>/actions/new/", raising.indicator_action, name="indicator_action"),
    path("projects/<str:number>/actions/new/", raising.project_action, name="project_action"),
    path("learning/<int:pk>/actions/new/", raising.recommendation_action, name="recommendation_action"),
    path("reviews/", learning.review_list, name="reviews"),
    path("reviews/<int:pk>/", learning.review_detail, name="review"),
    path("learning/", learning.learning_matrix, name="learning_matrix"),
    path("agencies/", agencies.agency_list, name="agencies"),
    path("agencies/<int:pk>/", agencies.agency_detail, name="agency"),
]
