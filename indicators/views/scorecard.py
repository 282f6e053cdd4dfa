"""The scorecard, an indicator's page, the exception report, commentary and process changes."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST, require_safe

from core import downloads
from core.datacache import cached, fragment_key
from core.dates import today as site_today
from core.forms import error_summary
from core.permissions import Permission, check_permission, has_permission, require_permission
from plans import datacache as plans_datacache
from plans.viewing import viewed_plan

from .. import charts, curve, rules
from ..actions import save_commentary
from ..commentary import with_versions
from ..filters import ScorecardFilter
from ..forms import CommentaryForm, ProcessChangeForm
from ..listing import (
    kept_listed_indicator,
    kept_listed_indicators,
    listed_indicator,
    listed_indicators,
    other_numbers,
)
from ..models import CommentaryRequest, Comparator, Indicator, IndicatorValue
from ..periods import Period, PeriodError
from ..scorecard import (
    Scorecard,
    build_scorecard,
    format_value,
    group_by_outcome,
    group_by_outcome_and_board,
    plan_scorecard,
    reporting_period,
)
from ..spreadsheets import value_status


def _reporting_period_or_error(code):
    try:
        return reporting_period(code), None
    except PeriodError as error:
        return None, str(error)


@dataclass
class FilteredScorecard:
    filterset: ScorecardFilter
    valid: bool  # False when a filter could not be read: the rows are then unfiltered
    card: Scorecard
    rows: list  # the rows the filters keep
    requested_period: Period | None  # the reporting month asked for, if any


def filtered_scorecard(request, plan):
    """The scorecard rows for this request's filters, as the page and its downloads show them."""
    indicators = Indicator.objects.filter(entries__plan=plan)
    filterset = ScorecardFilter(request.GET or None, queryset=indicators, plan=plan)
    valid = not filterset.is_bound or filterset.is_valid()
    as_at, period_error = _reporting_period_or_error(request.GET.get("period"))
    if period_error:
        filterset.form.add_error("period", period_error)
        valid = False
    narrowed = filterset.is_bound and valid and filterset.form.cleaned_data.get("service_priority")
    listed = listed_indicators(plan, filterset.qs) if narrowed else kept_listed_indicators(plan)
    card = plan_scorecard(plan, listed, as_at=as_at, today=site_today())
    rows = card.rows
    if filterset.is_bound and valid:
        rows = [row for row in rows if filterset.keep_row(row)]
    return FilteredScorecard(filterset, valid, card, rows, as_at)


@require_safe
@require_permission(Permission.VIEW)
def scorecard(request):
    plan = viewed_plan(request)
    # The plan's structure (its outcomes, boards and priorities), not its progress: read before the filters'
    # choices (core.datacache).
    plans_version = plans_datacache.structure_version()
    result = filtered_scorecard(request, plan)
    rows = result.rows
    context = {
        "plan": plan,
        "filter": result.filterset,
        "filter_valid": result.valid,
        "as_at": result.card.as_at,
        # Called only where the template's kept fragment of these rows is out of date.
        "groups": SimpleLazyObject(lambda: group_by_outcome(charts.decorate_rows(rows))),
        # The kept fragment's key: the data version, the plan (its numbers), the day the rows are judged at
        # (deadlines pass), today (the plan's state) and the address's prefix (the rows' links); the template
        # adds the filters.
        "rows_key": fragment_key(result.card.data_version, plan.pk, result.card.judged_on, site_today()),
        "judged_on": result.card.judged_on,
        "is_judged_at_close": result.card.judged_on < site_today(),
        "row_count": len(rows),
        "is_filtered": any(request.GET.values()),
        "areas": Comparator.Area.choices,
        "query": request.GET.urlencode(),
        # The filters' fields are kept, rendered, until their choices change (the plan's outcomes, boards and
        # priorities: plans.datacache.STRUCTURE); what they show and any message beside them follow from the query.
        "filters_key": fragment_key(plans_version, plan.pk, request.GET.urlencode()),
    }
    return render(request, "indicators/scorecard.html", context)


EXCEPTIONS_PER_PAGE = 25


@require_safe
@require_permission(Permission.VIEW)
def exception_report(request):
    plan = viewed_plan(request)
    as_at, period_error = _reporting_period_or_error(request.GET.get("period"))
    card = plan_scorecard(plan, kept_listed_indicators(plan), as_at=as_at, today=site_today())
    rows = card.rows
    # EXCEPTIONS_PER_PAGE at a time, in the report's order: each with its chart and table of figures, a page of
    # them stays readable (and quick) however many indicators the plan has. Any other page asked for (a word, a
    # number before the first or past the last) shows the nearest page.
    paginator = Paginator([row for row in rows if row.is_exception], EXCEPTIONS_PER_PAGE)
    try:
        asked = int(request.GET.get("page", 1))
    except ValueError:
        asked = 1
    page = paginator.page(min(max(asked, 1), paginator.num_pages))
    exceptions = charts.decorate_rows(list(page.object_list))
    curve.attach_commentary_due(exceptions, today=card.judged_on)
    # Each exception is kept, rendered, until the scorecard's data or the plans' structure (the names of those who
    # wrote its commentary) next changes: per plan (its numbers), reporting month, judging day and today (how soon
    # its commentary is due).
    kept_under = (
        card.data_version,
        plans_datacache.structure_version(),
        plan.pk,
        card.as_at.code if card.as_at else "",
        card.judged_on,
        site_today(),
    )
    for row in exceptions:
        row.fragment_key = fragment_key(*kept_under, row.indicator.pk)
    other_pages = request.GET.copy()
    other_pages.pop("page", None)
    context = {
        "plan": plan,
        "as_at": card.as_at,
        "period_error": period_error,
        "groups": group_by_outcome_and_board(exceptions),
        "exception_count": page.paginator.count,
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "page_query": other_pages.urlencode(),
        "indicator_count": len(rows),
        "judged_on": card.judged_on,
        "is_judged_at_close": card.judged_on < site_today(),
    }
    return render(request, "indicators/exception_report.html", context)


def _indicator_or_404(plan, number, *, fresh=False):
    """The indicator the plan's scorecard numbers `number`, as that plan lists it: from the kept list for a page
    that only reads it, read afresh (`fresh`) for a write."""
    indicator = listed_indicator(plan, number=number) if fresh else kept_listed_indicator(plan, number)
    if indicator is None:
        raise Http404(f"The {plan.code} scorecard has no indicator {number}.")
    return indicator


def commentary_periods(series, requests):
    """The periods commentary may be written for: those with a figure, and those the board was asked about
    (a missing figure), oldest first."""
    periods = {figure.period for figure in series if not figure.is_gap}
    periods.update(item.period for item in requests)
    return sorted(periods, key=lambda period: (period.start, period.end))


def figure_rows(row):
    """The indicator page's table of figures, newest first: each period's value, mean, limits and signals."""
    unit = row.indicator.unit
    data_rows = []
    for index, figure in enumerate(row.series):
        point = row.spc.points[index] if row.spc else None
        data_rows.append(
            {
                "period": figure.period,
                "value": format_value(figure.value, unit),
                "is_provisional": figure.is_provisional,
                "mean": format_value(point.mean, unit) if point and point.mean is not None else "—",
                "upper": format_value(point.upper_limit, unit) if point and point.upper_limit is not None else "—",
                "lower": format_value(point.lower_limit, unit) if point and point.lower_limit is not None else "—",
                "signals": [s.label for s in rules.SIGNAL_ORDER if point and s in point.signals],
            }
        )
    return list(reversed(data_rows))


def _indicator_tables(indicator, plan, row):
    """The indicator page's breakdown of recent periods, its comparators and its numbers in other plans."""
    categories = list(indicator.breakdown.categories.all()) if indicator.breakdown_id else []
    breakdown_rows = []
    if categories:
        recent = [figure.period for figure in row.series[-6:]]
        cells = {
            (v.category_id, v.period_start): v.value
            for v in IndicatorValue.objects.filter(
                indicator=indicator, category__isnull=False, period_start__in=[p.start for p in recent]
            )
        }
        breakdown_rows = [
            (category, [format_value(cells.get((category.pk, p.start)), indicator.unit) for p in recent])
            for category in categories
        ]
    else:
        recent = []
    comparators = {}
    for comparator in Comparator.objects.filter(indicator=indicator).order_by("period_start"):
        comparators.setdefault(comparator.period, {})[comparator.area] = format_value(comparator.value, indicator.unit)
    comparator_rows = [
        (period, [values.get(area, "—") for area, _ in Comparator.Area.choices])
        for period, values in sorted(comparators.items(), reverse=True)[:8]
    ]
    return {
        "breakdown_periods": recent,
        "breakdown_rows": breakdown_rows,
        "comparator_rows": comparator_rows,
        "other_numbers": other_numbers(indicator, plan),
    }


def _indicator_context(request, plan, indicator):
    # The whole series, whichever plan lists it: the same chart, limits and signals in every plan year.
    card = build_scorecard([indicator], today=site_today())
    [row] = card.rows
    as_at = card.as_at
    charts.decorate_rows([row])
    # The tables are computed once per change of the scorecard's data or the plans' structure (other_numbers;
    # the projects the commentary form offers): read both versions before the data (core.datacache).
    versions = (row.data_version, plans_datacache.structure_version())
    tables = cached(
        "indicator-tables",
        versions,
        (indicator.pk, plan.pk),
        lambda: _indicator_tables(indicator, plan, row),
        shared=True,
    )
    # Its commentary (each with its versions and writers), the requests for it and the projects it names are
    # kept under the same versions; how soon each request is due is judged on each request.
    commentary = cached(
        "indicator-commentary", versions, indicator.pk, lambda: _indicator_commentary(indicator), shared=True
    )
    today = site_today()
    requests = commentary["requests"]
    open_requests = [(item, curve.commentary_due(item, today=today)) for item in requests if not item.is_fulfilled]
    periods = commentary_periods(row.series, requests)
    return {
        "plan": plan,
        "indicator": indicator,
        "row": row,
        "as_at": as_at,
        **tables,
        "areas": Comparator.Area.choices,
        # Built only where the template's kept table of these figures is out of date.
        "data_rows": SimpleLazyObject(lambda: figure_rows(row)),
        "commentaries": commentary["commentaries"],
        "open_requests": open_requests,
        "projects": commentary["projects"],
        "can_comment": has_permission(request.user, Permission.WRITE_COMMENTARY, indicator),
        "can_sign_off": has_permission(request.user, Permission.MARK_PROCESS_CHANGE),
        # The empty forms are made only where their kept rendering is out of date. They are kept until their
        # choices change: the periods open to commentary (in the key itself), the plan's projects
        # (plans.datacache.STRUCTURE) and the indicator (its data version). A form sent back with its errors (the
        # views below) is rendered afresh.
        "commentary_form": SimpleLazyObject(lambda: CommentaryForm(periods=periods, plan=plan, prefix="commentary")),
        "process_form": SimpleLazyObject(lambda: ProcessChangeForm(indicator=indicator, prefix="process")),
        "periods": periods,
        "forms_key": fragment_key(
            *versions,
            indicator.pk,
            plan.pk,
            ",".join(period.code for period in periods),
        ),
    }


def _indicator_commentary(indicator):
    """The indicator's requests for commentary (newest period first), its commentaries with their versions, and
    the projects that aim to move it."""
    return {
        "requests": list(
            CommentaryRequest.objects.with_fulfilment().filter(indicator=indicator).order_by("-period_start")
        ),
        "commentaries": with_versions(indicator.commentaries.select_related("author").prefetch_related("projects")),
        "projects": list(indicator.projects.select_related("lead_board")),
    }


@require_safe
@require_permission(Permission.VIEW)
def indicator_detail(request, number):
    plan = viewed_plan(request)
    indicator = _indicator_or_404(plan, number)
    return render(request, "indicators/indicator_detail.html", _indicator_context(request, plan, indicator))


@require_safe
@require_permission(Permission.VIEW)
def indicator_csv(request, number):
    """Every value of the indicator, overall and by category, as a CSV file."""
    plan = viewed_plan(request)
    indicator = _indicator_or_404(plan, number)
    values = IndicatorValue.objects.filter(indicator=indicator).select_related("category")
    rows = (
        [
            indicator.number,
            value.period.code,
            value.period_start,
            value.period_end,
            value.category.name if value.category_id else "",
            value.value,
            value.numerator,
            value.denominator,
            value_status(value.is_provisional).lower(),
            indicator.code,
        ]
        for value in values.order_by("period_start", "category__order")
    )
    return downloads.csv_response(
        downloads.safe_filename("indicator", indicator.number, extension="csv"),
        [
            "indicator",
            "period",
            "period_start",
            "period_end",
            "category",
            "value",
            "numerator",
            "denominator",
            "status",
            "code",
        ],
        rows,
    )


@require_POST
@require_permission(Permission.VIEW)
def add_commentary(request, number):
    plan = viewed_plan(request)
    indicator = _indicator_or_404(plan, number, fresh=True)
    check_permission(
        request.user,
        Permission.WRITE_COMMENTARY,
        indicator,
        f"Only members of the {indicator.lead_board} can write commentary on this indicator.",
    )
    context = _indicator_context(request, plan, indicator)
    form = CommentaryForm(request.POST, periods=context["periods"], plan=plan, prefix="commentary")
    if form.is_valid():
        commentary = form.save(commit=False)
        commentary.indicator = indicator
        commentary.period_start = form.cleaned_data["period"].start
        commentary.period_end = form.cleaned_data["period"].end
        save_commentary(commentary=commentary, user=request.user, projects=form.cleaned_data["projects"])
        messages.success(request, f"Commentary saved for {form.cleaned_data['period'].label}.")
        return redirect("indicators:indicator", number=indicator.number)
    context.update(commentary_form=form, with_errors="commentary", error_summary=error_summary(form))
    return render(request, "indicators/indicator_detail.html", context)


@require_POST
@require_permission(Permission.MARK_PROCESS_CHANGE)
def add_process_change(request, number):
    plan = viewed_plan(request)
    indicator = _indicator_or_404(plan, number, fresh=True)
    context = _indicator_context(request, plan, indicator)
    form = ProcessChangeForm(request.POST, indicator=indicator, prefix="process")
    if form.is_valid():
        change = form.save(commit=False)
        change.indicator = indicator
        change.period_start = form.cleaned_data["period"].start
        change.created_by = request.user
        change.save()
        messages.success(
            request,
            f"Process change marked from {form.cleaned_data['period'].label}; limits are recomputed from there.",
        )
        return redirect("indicators:indicator", number=indicator.number)
    context.update(process_form=form, with_errors="process", error_summary=error_summary(form))
    return render(request, "indicators/indicator_detail.html", context)
