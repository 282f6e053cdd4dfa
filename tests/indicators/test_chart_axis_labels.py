"""The SPC chart's x axis: as many period labels as fit, never one drawn over another."""

from decimal import Decimal
from itertools import pairwise
from types import SimpleNamespace

import pytest

from indicators.charts import WIDTH, label_width, spc_chart, x_axis_labels
from indicators.periods import Period


def monthly_row(months, gap_at=()):
    """A scorecard row with `months` monthly figures up to March 2019 (None where a month is missing)."""
    first = Period.month(2019, 3).shifted(-(months - 1))
    figures = [
        SimpleNamespace(value=None if i in gap_at else Decimal(100 + (i * 7) % 23), period=first.shifted(i))
        for i in range(months)
    ]
    return SimpleNamespace(series=figures, indicator=SimpleNamespace(unit="count"), spc=None, target=None)


def assert_apart(labels):
    for before, after in pairwise(labels):
        assert before["right"] < after["left"], f"{before['label']} runs into {after['label']}"


def test_sixty_months_labels_never_overlap_and_the_latest_is_labelled():
    chart = spc_chart(monthly_row(60))

    labels = chart["x_labels"]
    assert_apart(labels)
    assert labels[-1]["label"] == "Mar 19"
    assert labels[0]["left"] >= 0 and labels[-1]["right"] <= WIDTH
    assert 5 <= len(labels) <= 15  # far fewer than 60, but enough to read the axis by


def test_sixty_months_are_labelled_at_a_regular_step():
    row = monthly_row(60)
    labels = spc_chart(row)["x_labels"]

    months = [label["label"] for label in labels]
    periods = [figure.period.short_label for figure in row.series]
    steps = {periods.index(after) - periods.index(before) for before, after in pairwise(months)}
    assert len(steps) == 1, f"uneven steps: {months}"
    # The old rule (every 60 // 8 = 7th point, plus the last) put "Dec 18" three months before "Mar 19".
    assert "Dec 18" not in months


def test_a_year_of_months_labels_every_month():
    labels = spc_chart(monthly_row(12))["x_labels"]

    assert [label["label"] for label in labels][:3] == ["Apr 18", "May 18", "Jun 18"]
    assert len(labels) == 12
    assert_apart(labels)


def test_a_missing_month_does_not_let_labels_touch():
    labels = spc_chart(monthly_row(60, gap_at={45, 52}))["x_labels"]

    assert_apart(labels)
    assert labels[-1]["label"] == "Mar 19"


def test_crowded_points_keep_the_latest_and_drop_what_would_overlap():
    # Labels 10 units apart, each far wider: only labels at least one label's width apart are kept.
    points = [(i, 100 + 10 * i, "Quarter 4 2018-19") for i in range(20)]

    labels = x_axis_labels(points, spacing=10)

    assert labels[-1]["label"] == points[-1][2] and labels[-1]["x"] == points[-1][1]
    assert_apart(labels)
    assert len(labels) < 20


def test_a_label_at_the_right_edge_is_moved_inwards():
    [label] = x_axis_labels([(0, WIDTH - 4, "Mar 19")], spacing=50)

    assert label["right"] == pytest.approx(WIDTH, abs=0.1)
    assert label["left"] == pytest.approx(WIDTH - label_width("Mar 19"), abs=0.1)
    assert label["x"] < WIDTH - 4
