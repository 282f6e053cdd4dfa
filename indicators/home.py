"""The scorecard's panels on the home page (core.home).

- "Figures due and missing" for data officers: every figure missing after its indicator's own data deadline
  (indicators.deadlines, as the scorecard's read model finds them), each linking to its box in the entry grid;
- "Your board's exceptions" for programme board members: the exceptions among the indicators their board leads;
- "Commentary due" for a lead board's members who may write commentary;
- "Periods ready to sign off" for board administrators.

A panel for a role is shown to the people in it, with a line saying nothing needs them when it is empty,
and left out for everyone else ("Commentary due" is left out when nothing is asked for: the board's
exceptions say the rest). The scorecard is built at most once per request and reporting month, so each
panel costs a fixed handful of queries whatever the number of indicators or figures.
"""

import datetime
from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode

from core.dates import today as site_today
from core.permissions import (
    DATA_OFFICER,
    PROGRAMME_BOARD_MEMBER,
    Permission,
    has_permission,
    role_names,
)
from plans.viewing import viewed_plan

from . import curve, deadlines
from .listing import kept_listed_indicators
from .models import CommentaryRequest, Indicator
from .periods import MONTHLY, Period
from .ready_to_sign_off import periods_ready_to_sign_off
from .scorecard import build_scorecard, plan_scorecard

MISSING_LISTED = 30
"""The most missing figures listed on the home page; the scorecard's exception report has them all."""

READY_LISTED = 6
"""The most periods ready to sign off listed on the home page, newest first."""


def _plan(request):
    """The plan the home page shows (plans.viewing), or None when none is loaded."""
    try:
        return viewed_plan(request)
    except Http404:
        return None


def _working_day(plan):
    """The day figures due and periods to sign off are judged at: today, or a closed plan's close."""
    return plan.judged_on(site_today()) if plan.is_closed else site_today()


def _scorecard(request, plan, as_at=None, *, judged=True):
    """The plan's scorecard (as its entries list it) up to `as_at`, built once per request for every panel that
    reads it: judged at the plan's date as the scorecard page is, or (`judged` False) at _working_day."""
    built = request.__dict__.setdefault("_home_scorecards", {})
    key = (plan.pk, as_at, judged)
    if key not in built:
        indicators = kept_listed_indicators(plan)
        if judged:
            built[key] = plan_scorecard(plan, indicators, as_at=as_at, today=site_today())
        else:
            built[key] = build_scorecard(indicators, as_at=as_at, today=_working_day(plan))
    return built[key]


def _in_role(user, role):
    return user.is_authenticated and role in role_names(user)


# --------------------------------------------------------------------------- data officers


@dataclass
class MissingFigure:
    indicator: Indicator
    period: Period
    due_on: datetime.date  # the last day of its data deadline

    @property
    def entry_url(self):
        """The entry grid of the period for the indicator's lead board, at the indicator's overall figure."""
        query = urlencode({"period": self.period.code, "board": self.indicator.lead_board_id})
        return f"{reverse('indicators:entry')}?{query}#id_i{self.indicator.pk}-all-value"


def missing_periods(row, today):
    """Every period of the row's indicator missing after its deadline: the gaps between figures
    (`row.gaps`), then, when the latest period due is missing (`row.is_missing`), each period from the
    latest figure up to it (the scorecard flags only the latest; a data officer enters them all)."""
    periods = list(row.gaps)
    if row.is_missing:
        figures = [figure.period for figure in row.series if not figure.is_gap]
        if figures and figures[-1].fits(row.indicator.frequency):
            periods += deadlines.gaps([figures[-1], row.due_period], row.deadline_days, today)
        periods.append(row.due_period)
    return periods


def missing_figures(rows, today):
    """Every figure the rows miss after its deadline (see missing_periods), longest overdue first, then in
    the indicators' order."""
    items = [
        MissingFigure(row.indicator, period, period.end + datetime.timedelta(days=row.deadline_days))
        for row in rows
        for period in missing_periods(row, today)
    ]
    items.sort(key=lambda item: (item.due_on, item.indicator.sort_key, item.period.start))
    return items


def missing_figures_panel(request):
    """Data officers: the figures due by each indicator's data deadline and not entered, as on today."""
    if not _in_role(request.user, DATA_OFFICER):
        return None
    plan = _plan(request)
    if plan is None:
        return None
    # Judged up to the month containing today, not the latest month with figures: a month nobody has entered
    # yet is missing too once its deadline has passed. Figures keep coming in after the plan's year until the
    # next plan is adopted; a closed plan is judged at its close.
    today = _working_day(plan)
    card = _scorecard(request, plan, Period.containing(today, MONTHLY), judged=False)
    items = missing_figures(card.rows, today)
    return {"items": items[:MISSING_LISTED], "total": len(items), "more": max(len(items) - MISSING_LISTED, 0)}


# --------------------------------------------------------------------------- programme board members


def board_exceptions_panel(request):
    """Programme board members: the indicators their boards lead that are exceptions on the scorecard
    (as the scorecard and the exception report read it: up to the latest month with figures)."""
    user = request.user
    if not _in_role(user, PROGRAMME_BOARD_MEMBER):
        return None
    plan = _plan(request)
    if plan is None:
        return None
    boards = list(user.programme_boards.order_by("name"))
    if not boards:
        return {"boards": [], "exceptions": []}
    card = _scorecard(request, plan)
    mine = {board.pk for board in boards}
    exceptions = [row for row in card.rows if row.indicator.lead_board_id in mine and row.is_exception]
    scorecard = reverse("indicators:scorecard")
    return {
        "boards": [
            (board, f"{scorecard}?{urlencode({'lead_board': board.pk, 'exceptions': 'true'})}") for board in boards
        ],
        "exceptions": exceptions,
        "as_at": card.as_at,
    }


def commentary_due_panel(request):
    """The open commentary requests to the boards the signed-in person sits on, soonest due first, for those
    who may write commentary; None if there are none."""
    if not has_permission(request.user, Permission.WRITE_COMMENTARY):
        return None
    plan = _plan(request)
    if plan is None:
        return None
    requests = list(
        CommentaryRequest.objects.open()
        .for_member(request.user)
        .filter(indicator__entries__plan=plan)
        .select_related("indicator", "board")
        .order_by("due_on", "indicator__sort_key")
        .distinct()
    )
    if not requests:
        return None
    today = site_today()
    return {"items": [(item, curve.commentary_due(item, today=today)) for item in requests]}


# --------------------------------------------------------------------------- board administrators


def sign_off_panel(request):
    """Board administrators: the periods ready to sign off (indicators.ready_to_sign_off), newest first."""
    if not has_permission(request.user, Permission.SIGN_OFF):
        return None
    plan = _plan(request)
    if plan is None:
        return None
    ready = periods_ready_to_sign_off(plan, _working_day(plan))
    return {"periods": ready[:READY_LISTED], "total": len(ready), "more": max(len(ready) - READY_LISTED, 0)}
