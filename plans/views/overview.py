"""The plan overview: mission, values, priorities, outcomes, and the business plan's progress."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.dates import today as site_today
from core.home import panels_for
from core.permissions import Permission, require_permission

from ..models import Activity, Plan, ServicePriority, StatusUpdate, ValueTheme
from ..queries import theme_progress

LATEST_UPDATES = 10
OVERDUE_SHOWN = 25


@require_safe
@require_permission(Permission.VIEW)
def home(request):
    plan = Plan.objects.current()
    if plan is None:
        return render(request, "plans/no_plan.html")
    today = site_today()
    plan = Plan.objects.prefetch_related(
        Prefetch("value_themes", queryset=ValueTheme.objects.prefetch_related("values")),
        "responsibilities",
        "strategic_priorities",
        Prefetch("service_priorities", queryset=ServicePriority.objects.prefetch_related("focus_areas")),
        "outcomes",
    ).get(pk=plan.pk)
    overdue = Activity.objects.filter(project__plan=plan).overdue(today).select_related("project")
    context = {
        "plan": plan,
        "themes": theme_progress(plan),
        "overdue_activities": overdue.order_by("project__sort_key", "order")[:OVERDUE_SHOWN],
        "overdue_count": overdue.count(),
        "latest_updates": StatusUpdate.objects.filter(project__plan=plan).select_related(
            "project", "author", "activity"
        )[:LATEST_UPDATES],
        "today": today,
        "panels": panels_for(request),
    }
    return render(request, "plans/home.html", context)
