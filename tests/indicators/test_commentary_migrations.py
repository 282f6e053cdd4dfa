"""The two data migrations of commentary, run on rows written at the schema before each.

They run on a database of their own, empty at first (a file beside the tests' on SQLite, a new database on
PostgreSQL), migrated up to the schema before the first migration and then forward one step at a time: going
down the test database's migrations and up again took about 40 s, this a few. Each test migrates forward from
where the last one left off, so they run in this file's order. The test database is not touched.
"""

import copy
import datetime

import pytest
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from indicators.models.review import STORY_MAX_CHARS
from indicators.periods import Period

JUNE = Period.month(2018, 6)
SMALL_NUMBER_STORY = "Only 3 children were referred this month."
# plans at its state before plan years, as the plans of that time had no status
PLANS_THEN = ("plans", "0003_agencies")
ALIAS = "migrations_then"


def migrate_to(indicators_migration):
    """Migrate the module's database to indicators `0xxx_name` (plans as it then was); the historical apps then."""
    target = [("indicators", indicators_migration), PLANS_THEN]
    executor = MigrationExecutor(connections[ALIAS])
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.fixture(scope="module")
def old_schema(django_db_setup, django_db_blocker, tmp_path_factory):
    """A database of its own under ALIAS, empty, then migrated to the schema before the first migration tested."""
    default = connections["default"]
    settings = copy.deepcopy(default.settings_dict)
    with django_db_blocker.unblock():
        if default.vendor == "postgresql":
            settings["NAME"] = f"{default.settings_dict['NAME']}_then"
            with default.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
                cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
        else:
            settings["NAME"] = str(tmp_path_factory.mktemp("migrations") / "then.sqlite3")
        connections.settings[ALIAS] = settings
        try:
            migrate_to("0003_published_scorecard")
            yield
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]
            del connections.settings[ALIAS]
            if default.vendor == "postgresql":
                with default.cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')


def manager(old, label):
    """The manager of a historical model that writes to the module's database."""
    return old.get_model(*label.split(".")).objects.db_manager(ALIAS)


def old_indicator(old, code):
    """An indicator, with the plan (`code`), outcome and board it needs, in the historical models `old`.

    The module's database keeps what each test wrote: each test makes its own plan and author.
    """
    plan = manager(old, "plans.Plan").create(
        code=code, title="Plan", starts_on=datetime.date(2018, 4, 1), ends_on=datetime.date(2019, 3, 31)
    )
    outcome = manager(old, "plans.StrategicOutcome").create(plan=plan, number=1, title="Safe")
    board = manager(old, "plans.ProgrammeBoard").create(name=f"Board {code}", short_name=code)
    return manager(old, "indicators.Indicator").create(
        plan=plan, outcome=outcome, number="1", sort_key="1", title="Referrals", unit="count", lead_board=board
    )


def test_migration_marks_existing_commentary_internal(old_schema):
    old = migrate_to("0003_published_scorecard")
    indicator = old_indicator(old, "then-1")
    author = manager(old, "auth.User").create(username="writer-1")
    for is_internal in (False, True):
        manager(old, "indicators.Commentary").create(
            indicator=indicator,
            author_id=author.pk,
            period_start=JUNE.start,
            period_end=JUNE.end,
            story=SMALL_NUMBER_STORY,
            is_internal=is_internal,
        )

    new = migrate_to("0004_commentary_public_by_choice")

    written = manager(new, "indicators.Commentary").filter(indicator_id=indicator.pk)
    assert list(written.values_list("is_public", flat=True)) == [False, False]


def test_migration_records_history_and_shortens_overlong_commentary(old_schema):
    old = migrate_to("0004_commentary_public_by_choice")
    indicator = old_indicator(old, "then-2")
    author = manager(old, "auth.User").create(username="writer-2")
    huge = "z" * (2 * 1024 * 1024)
    made = manager(old, "indicators.Commentary").create(
        indicator=indicator, author_id=author.pk, period_start=JUNE.start, period_end=JUNE.end, story=huge
    )

    new = migrate_to("0005_commentary_history_and_length")

    commentary = manager(new, "indicators.Commentary").get(pk=made.pk)
    assert len(commentary.story) == STORY_MAX_CHARS
    assert commentary.story.endswith("the full text is in this commentary's history.]")
    history = manager(new, "indicators.HistoricalCommentary").filter(id=made.pk).order_by("history_id")
    assert [(row.history_type, len(row.story)) for row in history] == [("+", len(huge)), ("~", STORY_MAX_CHARS)]
