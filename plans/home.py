"""The business plan's panels on the home page (core.home): a lead officer's own work, and people with no role.

Each panel is shown to the people whose role it serves, with a "nothing needs you here" line when it is
empty, and left out for everyone else. Each reads a fixed handful of rows whatever the size of the plan. A lead
officer's lists are kept (core.datacache.cached), and kept rendered (plans/_home_lead_officer.html), until what
they are made of next changes: their activities under the versions of the activities and of the plan's structure
(who leads what), their projects without an update under the version every write to the plan replaces (a status
update among them).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Max, Q
from django.http import Http404
from django.utils import timezone

from core.datacache import cached, fragment_key
from core.dates import today as site_today
from core.permissions import LEAD_OFFICER, is_board_administrator, role_names

from .datacache import activities_version, data_version, structure_version
from .models import Activity, Project
from .models.rules import due_soon_q, first_of_month, overdue_q
from .queries import officer_for
from .reminders import DUE_WITHIN_DAYS
from .viewing import viewed_plan

PEOPLE_LISTED = 10
"""The most people without a role named on the home page; the admin lists them all."""


@dataclass
class ActivityDue:
    activity: Activity
    is_overdue: bool


def activities_due(plan, officer, today, days=DUE_WITHIN_DAYS):
    """The officer's activities in `plan` that are overdue or due within `days` days (only overdue when `days` is
    None) at `today`, the plan's judging date (the rules of
    plans.models.rules, as the business plan and the reminders apply them): overdue first, then
    soonest due, then in the plan's order. One query."""
    due = overdue_q(today) if days is None else overdue_q(today) | due_soon_q(today, days)
    activities = (
        Activity.objects.filter(project__plan=plan, project__lead_officers=officer)
        .filter(due)
        .select_related("project")
        .distinct()
    )
    items = [ActivityDue(activity, activity.is_overdue(today)) for activity in activities]
    items.sort(
        key=lambda item: (
            not item.is_overdue,
            item.activity.current_due,
            item.activity.project.sort_key,
            item.activity.order,
        )
    )
    return items


def month_start(today):
    """The first moment of today's month in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(first_of_month(today), datetime.time.min))


def projects_without_update(plan, officer, today):
    """The officer's projects in `plan`, not complete, with no status update since the month began (their
    last update as `last_update`, None if never), in the plan's order. One query."""
    return list(
        Project.objects.filter(plan=plan, lead_officers=officer)
        .exclude(status=Project.Status.COMPLETE)
        .annotate(last_update=Max("updates__created_at"))
        .filter(Q(last_update__isnull=True) | Q(last_update__lt=month_start(today)))
        .order_by("sort_key")
    )


def lead_officer_panel(request):
    """Lead officers: their activities overdue and due soon, and their projects with no update this month."""
    user = request.user
    if not user.is_authenticated or LEAD_OFFICER not in role_names(user):
        return None
    officer = officer_for(user)
    try:
        plan = viewed_plan(request)
    except Http404:
        plan = None
    if plan is not None and plan.is_read_only:
        return None  # a closed plan asks nothing more of anyone
    if officer is None or plan is None:
        return {"officer": officer, "activities": [], "projects": [], "days": DUE_WITHIN_DAYS}
    today = site_today()
    judged_on = plan.judged_on(today)
    # Due soon only while the plan is judged today; past its year's end, what was overdue at the end.
    days = DUE_WITHIN_DAYS if judged_on == today else None
    # Each list is kept as rows and, in plans/_home_lead_officer.html, rendered, under one key: its versions and
    # what else it depends on, read once here.
    activity_versions = (activities_version(), structure_version())
    activity_parts = (officer.pk, plan.pk, judged_on, days)
    project_version, project_parts = data_version(), (officer.pk, plan.pk, today)
    return {
        "officer": officer,
        "activities": cached(
            "lead-officer-activities",
            activity_versions,
            activity_parts,
            lambda: activities_due(plan, officer, judged_on, days),
        ),
        "activities_key": fragment_key(*activity_versions, *activity_parts),
        "projects": cached(
            "lead-officer-projects",
            project_version,
            project_parts,
            lambda: projects_without_update(plan, officer, today),
        ),
        "projects_key": fragment_key(project_version, *project_parts),
        "days": DUE_WITHIN_DAYS,
    }


def people_without_role_panel(request):
    """Board administrators: active sign-ins in no role (superusers need none), so they can be given one.
    Two queries: the count and the first few."""
    if not is_board_administrator(request.user):
        return None
    people = get_user_model().objects.filter(groups__isnull=True, is_active=True, is_superuser=False)
    total = people.count()
    listed = list(people.order_by("username")[:PEOPLE_LISTED]) if total else []
    return {"people": listed, "total": total, "more": total - len(listed)}
