"""The assurance rules on plain values: overdue actions and returns, scores and the heat map."""

import datetime
from types import SimpleNamespace

import pytest

from assurance import rules

JULY_15 = datetime.date(2018, 7, 15)


@pytest.mark.parametrize(
    ("due", "status", "expected"),
    [
        (datetime.date(2018, 6, 30), "open", True),  # June has ended
        (datetime.date(2018, 7, 1), "in_progress", False),  # July has not: the same rule as activities
        (datetime.date(2018, 5, 1), "done", False),
        (datetime.date(2018, 5, 1), "dropped", False),
        (None, "open", False),
    ],
)
def test_action_is_overdue_once_its_due_month_has_ended(due, status, expected):
    assert rules.action_is_overdue(due, status, JULY_15) is expected


@pytest.mark.parametrize(
    ("deadline", "submitted_on", "expected"),
    [
        (datetime.date(2018, 7, 14), None, True),
        (datetime.date(2018, 7, 15), None, False),  # due today: not yet overdue
        (datetime.date(2018, 7, 1), datetime.date(2018, 7, 10), False),  # in late, but in
        (None, None, False),
    ],
)
def test_return_is_overdue_when_not_in_by_the_deadline(deadline, submitted_on, expected):
    assert rules.return_is_overdue(deadline, submitted_on, JULY_15) is expected


@pytest.mark.parametrize(
    ("likelihood", "impact", "score", "band"),
    [(1, 1, 1, "low"), (2, 2, 4, "low"), (1, 5, 5, "medium"), (3, 3, 9, "medium"), (2, 5, 10, "high"),
     (4, 4, 16, "high"), (4, 5, 20, "very high"), (5, 5, 25, "very high")],
)  # fmt: skip
def test_score_and_band(likelihood, impact, score, band):
    assert rules.score(likelihood, impact) == score
    assert rules.band(score) == band


def test_score_is_none_while_unscored():
    assert rules.score(None, 3) is None
    assert rules.band(None) is None


def test_heat_map_places_each_risk_by_likelihood_and_impact():
    budget = SimpleNamespace(likelihood=2, impact=5, residual_likelihood=1, residual_impact=5)
    staffing = SimpleNamespace(likelihood=4, impact=3, residual_likelihood=None, residual_impact=None)

    grid = rules.heat_map([budget, staffing])
    residual = rules.heat_map([budget, staffing], residual=True)

    assert [impact for impact, _cells in grid] == [5, 4, 3, 2, 1]  # the highest impact at the top
    top = {likelihood: risks for likelihood, _score, _band, risks in grid[0][1]}
    assert top[2] == [budget]
    assert {lk: r for lk, _s, _b, r in grid[2][1]}[4] == [staffing]
    assert sum(len(cell[3]) for _impact, cells in residual for cell in cells) == 1  # unscored residual left out
