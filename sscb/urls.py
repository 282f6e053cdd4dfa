"""Root URLs: the plan overview, the admin, sign-in, and each app's pages."""

from django.contrib import admin
from django.urls import include, path

from core.views import site
from plans.views import overview

admin.site.site_header = "SSCB plan tracker administration"
admin.site.site_title = "SSCB plan tracker"
admin.site.index_title = "Plan, business plan and scorecard"

urlpatterns = [
    path("", overview.home, name="home"),
    path("", include("plans.urls")),
    path("scorecard/", include("indicators.urls")),
    path("plan/", include("indicators.urls_plan")),
    path("", include("papers.urls")),
    path("assurance/", include("assurance.urls")),
    path("published/", include("indicators.urls_published")),
    path("admin/", admin.site.urls),
    path("accounts/", include("core.urls")),  # Django's, with a rate-limited password reset
    path("accessibility/", site.accessibility, name="accessibility"),
]
