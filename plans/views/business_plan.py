"""The business plan: every project with filters kept in the address, and the same projects as a download."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from core import downloads
from core.datacache import fragment_key
from core.dates import today as site_today
from core.permissions import Permission, require_permission

from .. import datacache, exports
from ..filters import ProjectFilter
from ..queries import project_list, with_row_keys
from ..viewing import viewed_plan


def filtered_projects(request, plan, today):
    """(filterset, projects, valid): the business plan's projects for this request's filters, judged at `today`
    (the plan's judging date).

    The page and its downloads show the same projects. When a filter cannot be read (valid is
    False) the projects are all of the plan's.
    """
    projects = project_list(plan, today).order_by("theme__number", "sort_key")
    filterset = ProjectFilter(request.GET or None, queryset=projects, plan=plan, judged_on=today)
    valid = not filterset.is_bound or filterset.is_valid()
    return filterset, (filterset.qs if filterset.is_bound and valid else projects), valid


@require_safe
@require_permission(Permission.VIEW)
def business_plan(request):
    plan = viewed_plan(request)
    today = plan.judged_on()
    query = request.GET.urlencode()
    context = {
        "plan": plan,
        "today": today,
        "judged_on": today,
        "query": query,
        # The projects are kept, rendered, until the plan's data next changes (plans.datacache), and read only
        # where the kept fragment is out of date. The key holds the version (read before the data), the plan,
        # the day it is judged at, today (what is overdue) and the filters. The filters' fields are kept until
        # their choices change (the plan's themes, boards and lead officers: its structure, which a lead
        # officer's update leaves alone); what they show and any message beside them follow from the query.
        "listing": SimpleLazyObject(lambda: _listing(request, plan, today)),
        "listing_key": fragment_key(datacache.data_version(), plan.pk, today, site_today(), query),
        "filters_key": fragment_key(datacache.structure_version(), plan.pk, query),
    }
    return render(request, "plans/business_plan.html", context)


def _listing(request, plan, today):
    filterset, projects, valid = filtered_projects(request, plan, today)
    return {
        "filter": filterset,
        "projects": with_row_keys(projects),
        "is_filtered": filterset.is_bound and valid and any(request.GET.values()),
        "filter_invalid": not valid,
    }


def _rows_or_redirect(request):
    """(plan, rows, None), or a redirect to the page, where the filters' errors show beside them. The rows are judged
    at the plan's judging date."""
    plan = viewed_plan(request)
    today = plan.judged_on()
    _filterset, projects, valid = filtered_projects(request, plan, today)
    if not valid:
        return plan, [], redirect(f"{reverse('plans:business_plan')}?{request.GET.urlencode()}")
    return plan, exports.activity_rows(projects, today), None


@require_safe
@require_permission(Permission.VIEW)
def business_plan_xlsx(request):
    plan, rows, refusal = _rows_or_redirect(request)
    if refusal:
        return refusal
    return downloads.xlsx_response(exports.workbook(rows), exports.filename(plan, "xlsx"))


@require_safe
@require_permission(Permission.VIEW)
def business_plan_csv(request):
    plan, rows, refusal = _rows_or_redirect(request)
    if refusal:
        return refusal
    return downloads.csv_response(exports.filename(plan, "csv"), exports.HEADER, rows)
