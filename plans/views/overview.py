"""The plan overview: mission, values, priorities, outcomes, and the business plan's progress.

It shows the plan the address names (plans.viewing), judged at that plan's judging date (`Plan.judged_on`): today
for the current plan in its year, its close for a closed plan. A plan judged at its close also lists the projects
not finished then, and what the next plan decided for each.
"""

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from core.datacache import cached, fragment_key
from core.dates import today as site_today
from core.home import panels_for
from core.permissions import Permission, require_permission

from .. import datacache
from ..as_at import cutoff_moment, later_history
from ..models import Activity, ServicePriority, StatusUpdate, ValueTheme
from ..queries import judged_at_close, projects_at_close, theme_progress, unfinished_at_close
from ..viewing import is_year_address, viewed_plan

LATEST_UPDATES = 10
OVERDUE_SHOWN = 25


@require_safe
@require_permission(Permission.VIEW)
def home(request):
    try:
        plan = viewed_plan(request)
    except Http404:
        if is_year_address(request):
            raise
        return render(request, "plans/no_plan.html")
    today = site_today()
    judged_on = plan.judged_on(today)
    at_close = judged_at_close(plan, today)
    context = {
        "plan": plan,
        "today": judged_on,
        "judged_on": judged_on,
        "panels": panels_for(request),
        # The plan's parts of the page are kept, rendered, until its data next changes (plans.datacache), and
        # computed only where the kept fragment is out of date. Its progress by theme and latest updates are
        # kept under the version every write replaces, with the plan, the day it is judged at and today; its
        # overdue activities under the versions of its activities and of its structure (the projects' numbers),
        # which a project's status and note leave alone; its sections (mission, values, priorities, outcomes)
        # under the version of its structure, which a lead officer's update leaves alone; and a plan judged at
        # its close keeps its progress then (the themes and the projects unfinished) under its structure and
        # its history after the close (closing_key). Each version is read before the data.
        "overview": SimpleLazyObject(lambda: plan_overview(plan, at_close)),
        "overview_key": fragment_key(datacache.data_version(), plan.pk, judged_on, today),
        "overdue": SimpleLazyObject(lambda: overdue_activities(plan, judged_on)),
        "overdue_key": fragment_key(datacache.activities_version(), datacache.structure_version(), plan.pk, judged_on),
        "closing": SimpleLazyObject(lambda: plan_at_close(plan)) if at_close else None,
        "closing_key": closing_key(plan, judged_on) if at_close else None,
        "sections": SimpleLazyObject(lambda: plan_sections(plan)),
        "sections_key": fragment_key(datacache.structure_version(), plan.pk),
    }
    return render(request, "plans/home.html", context)


def plan_sections(plan):
    """The plan with its sections read: values by theme, responsibilities, priorities and outcomes."""
    prefetch_related_objects(
        [plan],
        Prefetch("value_themes", queryset=ValueTheme.objects.prefetch_related("values")),
        "responsibilities",
        "strategic_priorities",
        Prefetch("service_priorities", queryset=ServicePriority.objects.prefetch_related("focus_areas")),
        "outcomes",
    )
    return plan


def plan_overview(plan, at_close):
    """The plan's latest updates, and its progress by theme where it is judged now (at its close:
    plan_at_close)."""
    return {
        "themes": None if at_close else theme_progress(plan),
        # The list shows each update's project, author, statuses, note and any revised month: not its activity.
        "latest_updates": StatusUpdate.objects.filter(project__plan=plan).select_related("project", "author")[
            :LATEST_UPDATES
        ],
    }


def overdue_activities(plan, judged_on):
    """The plan's activities overdue at `judged_on`: the first OVERDUE_SHOWN in the plan's order, and how many."""
    overdue = Activity.objects.filter(project__plan=plan).overdue(judged_on).select_related("project")
    return {"shown": overdue.order_by("project__sort_key", "order")[:OVERDUE_SHOWN], "count": overdue.count()}


def plan_at_close(plan):
    """A plan judged at its close: its progress by theme then, and the projects unfinished then."""
    then = projects_at_close(plan)  # read once for the themes and the unfinished list
    return {
        "themes": theme_progress(plan, as_at=cutoff_moment(plan.judged_on()), projects_then=then),
        "unfinished": unfinished_at_close(plan, then),
    }


def closing_key(plan, judged_on):
    """The key of what plan_at_close shows: the plan's structure, the day it is judged at and what the history
    after that day says of the plan then (plans.as_at.later_history). The history's counts are read once per
    write of the plan's data (the version every write replaces, history and status updates included), by one
    process for all."""
    structure, data = datacache.structure_version(), datacache.data_version()  # read before the history
    moment = cutoff_moment(judged_on)
    history = cached("later-history", data, (plan.pk, moment), lambda: later_history(plan.pk, moment), shared=True)
    return fragment_key(structure, plan.pk, judged_on, *history)
