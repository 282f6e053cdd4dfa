"""The business plan as a download (Excel and CSV), with the business plan page's filters."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from sscb import spreadsheets

from . import exports
from .views import current_plan_or_404, filtered_projects


def _rows_or_redirect(request):
    """(plan, today, rows, None), or a redirect to the page, where the filters' errors show beside them."""
    plan = current_plan_or_404()
    today = timezone.localdate()
    _filterset, projects, valid = filtered_projects(request, plan, today)
    if not valid:
        return plan, today, [], redirect(f"{reverse('plans:business_plan')}?{request.GET.urlencode()}")
    return plan, today, exports.activity_rows(projects, today), None


@require_safe
def business_plan_xlsx(request):
    plan, today, rows, refusal = _rows_or_redirect(request)
    if refusal:
        return refusal
    return spreadsheets.xlsx_response(exports.workbook(rows), exports.filename(plan, "xlsx", today))


@require_safe
def business_plan_csv(request):
    plan, today, rows, refusal = _rows_or_redirect(request)
    if refusal:
        return refusal
    return spreadsheets.csv_response(exports.filename(plan, "csv", today), exports.HEADER, rows)
