"""The migrations, run on a database of their own: commentary's two data migrations on rows written at the schema
before each, then every migration to the latest, which must make the schema the tests run on.

The test databases are made from the models, not by running the migrations (`--nomigrations` in pyproject.toml:
rendering each migration's models again took about 10 s per worker and database). This module's database, empty
at first (a file beside the tests' on SQLite, a new database on PostgreSQL), is migrated up to the schema before
the first data migration tested, then forward one step at a time, and at the end to the latest migration of every
app: its tables, columns, keys, indexes and constraints must be those of the test database. Each test migrates
forward from where the last one left off, so they run in this file's order. The test database is not touched.
"""

import contextlib
import copy
import datetime

import pytest
from django.conf import settings as django_settings
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings
from django.utils.module_loading import import_string

from indicators.models.review import STORY_MAX_CHARS
from indicators.periods import Period

JUNE = Period.month(2018, 6)
SMALL_NUMBER_STORY = "Only 3 children were referred this month."
# plans at its state before plan years, as the plans of that time had no status
PLANS_THEN = ("plans", "0003_agencies")
ALIAS = "migrations_then"
FROM_MODELS = "from_models"


def migrate_to(indicators_migration):
    """Migrate the module's database to indicators `0xxx_name` (plans as it then was); the historical apps then."""
    target = [("indicators", indicators_migration), PLANS_THEN]
    executor = MigrationExecutor(connections[ALIAS])
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@contextlib.contextmanager
def own_database(alias, tmp_path_factory):
    """A new, empty database under `alias`, like the test database (a file on SQLite), dropped after."""
    default = connections["default"]
    settings = copy.deepcopy(default.settings_dict)
    if default.vendor == "postgresql":
        settings["NAME"] = f"{default.settings_dict['NAME']}_{alias}"
        with default.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
            cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    else:
        settings["NAME"] = str(tmp_path_factory.mktemp("migrations") / f"{alias}.sqlite3")
    connections.settings[alias] = settings
    try:
        yield
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]
        if default.vendor == "postgresql":
            with default.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')


class NoMigrations:
    """MIGRATION_MODULES with every app's migrations switched off, as pytest-django's --nomigrations sets it."""

    def __contains__(self, app_label):
        return True

    def __getitem__(self, app_label):
        return None


class Only:
    """A database router sending every query to one database: a data migration or a post_migrate handler that
    names no database (a library's) then writes to the one being made, as when it is the site's own."""

    def __init__(self, alias):
        self.alias = alias

    def db_for_read(self, model, **hints):
        return self.alias

    db_for_write = db_for_read


@pytest.fixture(scope="module")
def old_schema(django_db_blocker, tmp_path_factory):
    """A database of its own under ALIAS, empty, then migrated to the schema before the first migration tested."""
    # MIGRATION_MODULES: the apps' own migrations, which the test databases skip
    with django_db_blocker.unblock(), own_database(ALIAS, tmp_path_factory), override_settings(MIGRATION_MODULES={}):
        migrate_to("0003_published_scorecard")
        yield


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


# --------------------------------------------------------------------------- every migration, to the latest

CACHE_TABLES = {
    cache["LOCATION"]
    for cache in django_settings.CACHES.values()
    if issubclass(import_string(cache["BACKEND"]), DatabaseCache)
}


# Django's own: the link tables of auth's many-to-many fields get the project's DEFAULT_AUTO_FIELD (a bigint on
# PostgreSQL) when auth's migrations make them, and auth's AutoField (an integer) when made from the models.
AUTH_LINKS = {"auth_group_permissions", "auth_user_groups", "auth_user_user_permissions"}


def _type(table, column):
    if table in AUTH_LINKS and column.name == "id":
        return "integer or bigint"
    return column.type_code


def schema(alias):
    """{table: (columns, keys and indexes)} of a database, as Django reads them back; names of indexes left out.

    Left out: the cache tables, which `createcachetable` makes after `migrate`, not a migration; and the record of
    the migrations applied. An index or
    constraint is compared by what it does (its columns, order, kind and target), not its name: Django names an
    index after the columns it had when first made, and a migration that renamed a column keeps the old name.
    """
    database = connections[alias]
    found = {}
    with database.cursor() as cursor:
        for table in database.introspection.table_names(cursor):
            if table in CACHE_TABLES or table == "django_migrations":
                continue
            columns = sorted(
                (column.name, _type(table, column), column.null_ok, column.default, column.precision, column.scale)
                for column in database.introspection.get_table_description(cursor, table)
            )
            constraints = sorted(
                repr(sorted((key, value) for key, value in constraint.items() if key != "definition"))
                for constraint in database.introspection.get_constraints(cursor, table).values()
            )
            found[table] = (columns, constraints)
    return found


@pytest.mark.slow
def test_every_migration_makes_the_schema_the_tests_run_on(old_schema, django_db_blocker, tmp_path_factory):
    executor = MigrationExecutor(connections[ALIAS])
    with override_settings(DATABASE_ROUTERS=[Only(ALIAS)]):
        executor.migrate(executor.loader.graph.leaf_nodes())
    migrated = schema(ALIAS)

    # As pytest-django makes the test databases with --nomigrations: `migrate` with every app's migrations
    # switched off, which makes each model's table (run_syncdb), then the content types, permissions and roles.
    with django_db_blocker.unblock(), own_database(FROM_MODELS, tmp_path_factory):
        with override_settings(DATABASE_ROUTERS=[Only(FROM_MODELS)], MIGRATION_MODULES=NoMigrations()):
            call_command("migrate", database=FROM_MODELS, run_syncdb=True, verbosity=0)
        assert not MigrationRecorder(connections[FROM_MODELS]).applied_migrations(), "made without migrations"
        from_models = schema(FROM_MODELS)
    assert ("indicators", "0014_plan_workbook_uploads") in MigrationRecorder(connections[ALIAS]).applied_migrations()

    assert sorted(migrated) == sorted(from_models)
    for table, (columns, constraints) in from_models.items():
        assert migrated[table][0] == columns, f"{table}: the columns differ"
        assert migrated[table][1] == constraints, f"{table}: the keys, indexes or constraints differ"
