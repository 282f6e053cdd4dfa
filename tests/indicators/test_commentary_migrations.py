"""The two data migrations of commentary, run on rows written at the schema before each.

Going back down the migrations is the slow part (Django renders the state of every migration on the way):
both tests share one trip back, made by a module fixture, and the way up again at its end. Each test then
migrates forward from where the last one left off, so they run in this file's order.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from indicators.models.review import STORY_MAX_CHARS
from indicators.periods import Period

JUNE = Period.month(2018, 6)
SMALL_NUMBER_STORY = "Only 3 children were referred this month."
# plans at its state before plan years, as the plans of that time had no status
PLANS_THEN = ("plans", "0003_agencies")


def migrate_to(indicators_migration):
    """Migrate to indicators `0xxx_name` (plans as it then was); the historical apps of that state."""
    target = [("indicators", indicators_migration), PLANS_THEN]
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.fixture(scope="module")
def old_schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        migrate_to("0003_published_scorecard")
        yield
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def old_indicator(old):
    """An indicator, with the plan, outcome and board it needs, in the historical models `old`."""
    plan = old.get_model("plans", "Plan").objects.create(
        code="m", title="Plan", starts_on=datetime.date(2018, 4, 1), ends_on=datetime.date(2019, 3, 31)
    )
    outcome = old.get_model("plans", "StrategicOutcome").objects.create(plan=plan, number=1, title="Safe")
    board = old.get_model("plans", "ProgrammeBoard").objects.create(name="Board", short_name="B")
    return old.get_model("indicators", "Indicator").objects.create(
        plan=plan, outcome=outcome, number="1", sort_key="1", title="Referrals", unit="count", lead_board=board
    )


@pytest.mark.django_db(transaction=True)
def test_migration_marks_existing_commentary_internal(old_schema):
    old = migrate_to("0003_published_scorecard")
    indicator = old_indicator(old)
    author = old.get_model("auth", "User").objects.create(username="writer")
    for is_internal in (False, True):
        old.get_model("indicators", "Commentary").objects.create(
            indicator=indicator,
            author_id=author.pk,
            period_start=JUNE.start,
            period_end=JUNE.end,
            story=SMALL_NUMBER_STORY,
            is_internal=is_internal,
        )

    new = migrate_to("0004_commentary_public_by_choice")

    assert list(new.get_model("indicators", "Commentary").objects.values_list("is_public", flat=True)) == [
        False,
        False,
    ]


@pytest.mark.django_db(transaction=True)
def test_migration_records_history_and_shortens_overlong_commentary(old_schema):
    old = migrate_to("0004_commentary_public_by_choice")
    indicator = old_indicator(old)
    author = old.get_model("auth", "User").objects.create(username="writer")
    huge = "z" * (2 * 1024 * 1024)
    made = old.get_model("indicators", "Commentary").objects.create(
        indicator=indicator, author_id=author.pk, period_start=JUNE.start, period_end=JUNE.end, story=huge
    )

    new = migrate_to("0005_commentary_history_and_length")

    commentary = new.get_model("indicators", "Commentary").objects.get(pk=made.pk)
    assert len(commentary.story) == STORY_MAX_CHARS
    assert commentary.story.endswith("the full text is in this commentary's history.]")
    history = new.get_model("indicators", "HistoricalCommentary").objects.filter(id=made.pk).order_by("history_id")
    assert [(row.history_type, len(row.story)) for row in history] == [("+", len(huge)), ("~", STORY_MAX_CHARS)]
