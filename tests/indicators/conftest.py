"""Fixtures shared by the indicators tests: the seed plan and a data officer, and the published scorecard's figures."""

import datetime
from decimal import Decimal

import pytest

from indicators.models import Indicator, IndicatorValue
from indicators.periods import Period
from tests.indicators.factories import (
    CommentaryFactory,
    PublicationSettingsFactory,
)
from tests.indicators.published_pages import JUNE, MAY, PUBLISHED, england, put, year_target

# --------------------------------------------------------------------------- the import and value entry


@pytest.fixture
def plan(seed_plan):
    """The seed plan (tests/conftest.py)."""
    return seed_plan


@pytest.fixture
def officer(plan, data_officer_user):
    """A data officer, with the seed plan loaded."""
    return data_officer_user


@pytest.fixture
def client_(plan, data_officer_client):
    """A data officer's browser, with the seed plan loaded."""
    return data_officer_client


# --------------------------------------------------------------------------- the published scorecard


@pytest.fixture
def figures(seed_plan, board_admin_user):
    """Published: 14 (a count of 4), 17 (2 of 7 = 28.571%), 1 (counts 6 then 0), 16 (with commentary),
    58 (with a breakdown by gender) and 2 (no figures yet).

    Not published: 3, with figures of its own. Publishing itself is still off.
    """
    small_count = Indicator.objects.get(number="14")  # count, lower is better
    put(small_count, MAY, 250)
    put(small_count, JUNE, 4)
    year_target(small_count, 200, 10)
    england(small_count, JUNE, 812)

    small_share = Indicator.objects.get(number="17")  # percentage, lower is better
    put(small_share, MAY, 35, 70, 200)
    put(small_share, JUNE, "28.571", 2, 7)
    year_target(small_share, 30, 5)
    england(small_share, JUNE, "3.9")

    zero_and_six = Indicator.objects.get(number="1")  # count, neither
    put(zero_and_six, MAY, 6)
    put(zero_and_six, JUNE, 0)

    timeliness = Indicator.objects.get(number="16")  # percentage, higher is better
    put(timeliness, MAY, 82, 246, 300)
    put(timeliness, JUNE, 80, 240, 300)
    year_target(timeliness, 85, 5)
    CommentaryFactory(
        indicator=timeliness,
        period_start=JUNE.start,
        period_end=JUNE.end,
        author=board_admin_user,
        story="Public story: assessments slowed while two teams merged.",
        actions="Agency staff cover the backlog until September.",
        is_public=True,
    )
    CommentaryFactory(
        indicator=timeliness,
        period_start=JUNE.start,
        period_end=JUNE.end,
        author=board_admin_user,
        story="Internal story: team leader off sick, do not publish.",
        actions="Internal action: disciplinary review.",
        is_public=False,
    )

    by_gender = Indicator.objects.get(number="58")  # count, quarterly, broken down by gender
    quarter = Period(datetime.date(2018, 4, 1), datetime.date(2018, 6, 30))
    put(by_gender, quarter, 9000)
    for category, value in zip(by_gender.breakdown.categories.order_by("order"), (4321, 4679), strict=True):
        IndicatorValue.objects.create(
            indicator=by_gender,
            category=category,
            period_start=quarter.start,
            period_end=quarter.end,
            value=Decimal(value),
        )

    hidden = Indicator.objects.get(number="3")
    put(hidden, JUNE, 1777)

    Indicator.objects.filter(number__in=PUBLISHED).update(is_published=True)
    return {
        "14": small_count,
        "17": small_share,
        "1": zero_and_six,
        "16": timeliness,
        "58": by_gender,
        "2": Indicator.objects.get(number="2"),
        "3": hidden,
    }


@pytest.fixture
def published(figures):
    PublicationSettingsFactory(
        is_enabled=True, title="Sunderland children's safeguarding scorecard", introduction="Read me first."
    )
    return figures
