"""The scorecard as a download (Excel and CSV), with the scorecard page's filters."""

from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from core import downloads
from core.datacache import cached
from core.dates import today as site_today
from core.permissions import Permission, require_permission
from plans.viewing import viewed_plan

from .. import spreadsheets
from .scorecard import filtered_scorecard


def _filtered_or_redirect(request):
    """(plan, FilteredScorecard, None), or a redirect to the page, where the filters' errors show beside them."""
    plan = viewed_plan(request)
    result = filtered_scorecard(request, plan)
    if not result.valid:
        return plan, result, redirect(f"{reverse('indicators:scorecard')}?{request.GET.urlencode()}")
    return plan, result, None


@require_safe
@require_permission(Permission.VIEW)
def scorecard_xlsx(request):
    plan, result, refusal = _filtered_or_redirect(request)
    if refusal:
        return refusal
    today = site_today()
    as_at = result.card.as_at
    # Values up to the month asked for; a plan judged at its close exports none after it.
    values_up_to = as_at if result.requested_period or result.card.judged_on < today else None
    filters_text = spreadsheets.describe_filters(result.filterset, as_at)

    def make():
        workbook = spreadsheets.scorecard_workbook(
            plan=plan,
            rows=result.rows,
            as_at=as_at,
            filters_text=filters_text,
            today=today,
            values_up_to=values_up_to,
        )
        return downloads.xlsx_bytes(workbook)

    # The same rows, filters and day make the same file: made once per change of the data.
    up_to = values_up_to
    parts = (
        plan.pk,
        plan.title,
        [row.indicator.pk for row in result.rows],
        as_at.code if as_at else None,
        up_to.code if up_to else None,
        filters_text,
        [row.indicator.number for row in result.rows],
        result.card.judged_on.isoformat(),
        today.isoformat(),
    )
    content = cached("scorecard.xlsx", result.card.data_version, parts, make)
    return downloads.xlsx_response(content, spreadsheets.filename(as_at, "xlsx", today))


@require_safe
@require_permission(Permission.VIEW)
def scorecard_csv(request):
    _plan, result, refusal = _filtered_or_redirect(request)
    if refusal:
        return refusal
    today = site_today()
    return downloads.csv_response(
        spreadsheets.filename(result.card.as_at, "csv", today),
        spreadsheets.SCORECARD_HEADER,
        spreadsheets.scorecard_rows(result.rows),
    )
