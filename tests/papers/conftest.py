"""The data the board papers tests read: small, made with factories, so that every count can be checked by hand."""

import datetime
from decimal import Decimal

import pytest

from indicators.models import Commentary, Indicator, IndicatorValue
from indicators.periods import Period
from plans.models import StatusUpdate
from tests.indicators.factories import IndicatorFactory
from tests.papers.helpers import DEMAND_TITLE, GREEN_TITLE, MISSING_TITLE, RED_ACTIONS, RED_STORY, RED_TITLE
from tests.plans.factories import (
    ActivityFactory,
    PlanFactory,
    ProgrammeBoardFactory,
    ProjectFactory,
    StrategicOutcomeFactory,
    ThemeFactory,
)


def monthly_series(indicator, first, values):
    period = Period.month(first.year, first.month)
    for value in values:
        IndicatorValue.objects.create(
            indicator=indicator, period_start=period.start, period_end=period.end, value=Decimal(str(value))
        )
        period = period.shifted(1)


def year_target(indicator, value, tolerance):
    indicator.targets.create(
        period_start=datetime.date(2018, 4, 1), period_end=datetime.date(2019, 3, 31), value=value, tolerance=tolerance
    )


@pytest.fixture
def plan_data(board_admin_user):
    """A plan year 2018-19 with two outcomes of two indicators each, and a business plan of three projects.

    Scorecard, March 2019 (every series from March 2018, so a year-before figure exists):
      outcome 1: 16 red (70% against 85% ± 5, down from 80% a year before), commentary for March 2019;
                 17 green (95% against 90% ± 2, up from 90% a year before);
      outcome 2: 40 a demand measure (no direction, no target: no rating);
                 41 green (25 against 28 ± 2, down from 30 a year before, lower is better) but its
                 February and March 2019 figures are missing after the deadline.
    """
    plan = PlanFactory(code="2018-19", title="Strategic Plan 2018-19", is_current=True)
    safe = StrategicOutcomeFactory(plan=plan, number=1, title="Safe at home")
    healthy = StrategicOutcomeFactory(plan=plan, number=2, title="Healthy and happy")
    board = ProgrammeBoardFactory(name="Performance and Quality Assurance Programme Board", short_name="P&QA PB")
    monthly = Indicator.Frequency.MONTHLY
    pct, count = Indicator.Unit.PERCENTAGE, Indicator.Unit.COUNT
    higher, lower, neither = (
        Indicator.Polarity.HIGHER_IS_BETTER,
        Indicator.Polarity.LOWER_IS_BETTER,
        Indicator.Polarity.NEITHER,
    )
    red = IndicatorFactory(
        outcome=safe, number="16", title=RED_TITLE, unit=pct, polarity=higher, frequency=monthly, lead_board=board
    )
    green = IndicatorFactory(
        outcome=safe, number="17", title=GREEN_TITLE, unit=pct, polarity=higher, frequency=monthly, lead_board=board
    )
    demand = IndicatorFactory(
        outcome=healthy,
        number="40",
        title=DEMAND_TITLE,
        unit=count,
        polarity=neither,
        frequency=monthly,
        lead_board=board,
    )
    missing = IndicatorFactory(
        outcome=healthy,
        number="41",
        title=MISSING_TITLE,
        unit=count,
        polarity=lower,
        frequency=monthly,
        lead_board=board,
    )
    march_2018 = datetime.date(2018, 3, 1)
    monthly_series(red, march_2018, [80, 82, 80, 82, 80, 82, 80, 82, 80, 82, 80, 82, 70])
    monthly_series(green, march_2018, [90, 92, 90, 92, 90, 92, 90, 92, 90, 92, 90, 92, 95])
    monthly_series(demand, march_2018, [100, 104, 100, 104, 100, 104, 100, 104, 100, 104, 100, 104, 102])
    monthly_series(missing, datetime.date(2018, 1, 1), [30, 26, 27, 26, 27, 26, 27, 26, 27, 26, 27, 26, 25])
    year_target(red, 85, 5)
    year_target(green, 90, 2)
    year_target(missing, 28, 2)
    Commentary.objects.create(
        indicator=red,
        period_start=datetime.date(2019, 3, 1),
        period_end=datetime.date(2019, 3, 31),
        author=board_admin_user,
        story=RED_STORY,
        actions=RED_ACTIONS,
    )

    theme = ThemeFactory(plan=plan, number=1, title="Early help")
    done = ProjectFactory(theme=theme, number="1.1", title="Publish the early help strategy", status="complete")
    going = ProjectFactory(theme=theme, number="1.2", title="Train the front door staff", status="on_track")
    quiet = ProjectFactory(theme=theme, number="1.3", title="Review the neglect toolkit", status="not_started")
    strategy = ActivityFactory(
        project=done,
        order=1,
        description="Strategy published",
        status="complete",
        completed_on=datetime.date(2018, 10, 15),
    )
    training = ActivityFactory(
        project=going,
        order=1,
        description="First cohort trained",
        status="complete",
        completed_on=datetime.date(2019, 1, 10),
    )
    system = ActivityFactory(
        project=going,
        order=2,
        description="Case system in place",
        status="in_progress",
        due=datetime.date(2018, 11, 1),
        revised_due=datetime.date(2019, 6, 1),
        revision_reason="Waiting for the new case system",
    )
    second = ActivityFactory(project=going, order=3, description="Second cohort trained", due=datetime.date(2019, 2, 1))
    toolkit = ActivityFactory(project=quiet, order=1, description="Toolkit reviewed", due=datetime.date(2019, 3, 1))
    StatusUpdate.objects.create(
        project=done, author=board_admin_user, status_from="on_track", status="complete", note="Strategy launched."
    )
    StatusUpdate.objects.create(
        project=going,
        activity=system,
        author=board_admin_user,
        status_from="not_started",
        status="on_track",
        note="",
        revised_due=datetime.date(2019, 6, 1),
        reason="Waiting for the new case system",
    )
    StatusUpdate.objects.create(
        project=going,
        author=board_admin_user,
        status_from="on_track",
        status="on_track",
        note="Partners agreed the plan.",
    )
    return {
        "plan": plan,
        "indicators": {"red": red, "green": green, "demand": demand, "missing": missing},
        "projects": {"done": done, "going": going, "quiet": quiet},
        "activities": {
            "strategy": strategy,
            "training": training,
            "system": system,
            "second": second,
            "toolkit": toolkit,
        },
    }
