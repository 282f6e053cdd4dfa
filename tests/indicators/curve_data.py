"""The small scorecard the turn-the-curve tests share: one red indicator and one green, led by one board.

April 2018 (a Monday is 21 May 2018, when these tests usually ask):
  16 "Assessments completed within timescale": 70% against 85% ± 5, higher is better: red, an exception;
  17 "Children seen within 24 hours": 95% against 90% ± 2: green, not an exception.
The P&QA PB's members are Ann and Ben (programme board members); Olga is a programme board member of
another board; Vera a viewer.
"""

import datetime
from decimal import Decimal

import pytest

from core.permissions import PROGRAMME_BOARD_MEMBER, VIEWER
from indicators.models import Indicator
from indicators.periods import Period
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory, TargetFactory
from tests.plans.factories import (
    PlanFactory,
    ProgrammeBoardFactory,
    ProjectFactory,
    StrategicOutcomeFactory,
    ThemeFactory,
)

APRIL = Period.month(2018, 4)
MONDAY = datetime.date(2018, 5, 21)
RED_TITLE = "Assessments completed within timescale"
GREEN_TITLE = "Children seen within 24 hours"


def monthly(outcome, board, number, title, value, target, tolerance):
    indicator = IndicatorFactory(
        outcome=outcome,
        number=number,
        title=title,
        unit=Indicator.Unit.PERCENTAGE,
        polarity=Indicator.Polarity.HIGHER_IS_BETTER,
        frequency=Indicator.Frequency.MONTHLY,
        lead_board=board,
    )
    IndicatorValueFactory(indicator=indicator, period_start=APRIL.start, period_end=APRIL.end, value=Decimal(value))
    TargetFactory(indicator=indicator, value=Decimal(target), tolerance=Decimal(tolerance))
    return indicator


@pytest.fixture(name="curve")
def curve_data(db, make_role_user):
    """The plan, the board and its people, the two indicators, a project of the plan and one of another plan."""
    plan = PlanFactory(code="2018-19", is_current=True)
    outcome = StrategicOutcomeFactory(plan=plan, number=1, title="Safe at home")
    board = ProgrammeBoardFactory(name="Performance and Quality Assurance Programme Board", short_name="P&QA PB")
    other_board = ProgrammeBoardFactory(name="Learning and Workforce Development Programme Board")
    ann = make_role_user("ann", PROGRAMME_BOARD_MEMBER, first_name="Ann", last_name="Member")
    ben = make_role_user("ben", PROGRAMME_BOARD_MEMBER, first_name="Ben", last_name="Member")
    olga = make_role_user("olga", PROGRAMME_BOARD_MEMBER, first_name="Olga", last_name="Other")
    vera = make_role_user("vera", VIEWER)
    board.members.set([ann, ben])
    other_board.members.set([olga])
    theme = ThemeFactory(plan=plan, number=2, title="Early help")
    return {
        "plan": plan,
        "board": board,
        "red": monthly(outcome, board, "16", RED_TITLE, "70", "85", "5"),
        "green": monthly(outcome, board, "17", GREEN_TITLE, "95", "90", "2"),
        "ann": ann,
        "ben": ben,
        "olga": olga,
        "vera": vera,
        "project": ProjectFactory(theme=theme, number="2.1", title="Embed the assessment framework"),
        "other_plan_project": ProjectFactory(
            theme=ThemeFactory(plan=PlanFactory(code="2019-20"), number=2), number="2.1", title="Next year's work"
        ),
    }
