"""Shared test set-up: the Hypothesis profiles, the seed plan, and a user and a browser for each role.

`make test` runs the tests in several processes (pytest-xdist, one per core). Each worker has its own test
database (test_<name>_gw0, test_<name>_gw1, ... on PostgreSQL) and its own copy of the module-level caches
here, so a worker's first seed load runs loaddata and its later ones re-insert the rows it kept.
"""

import contextlib
import functools
import gc
import io
import json
import os
import sys
import time

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connections, transaction
from django.test import Client, override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from core.permissions import BOARD_ADMINISTRATOR, DATA_OFFICER, LEAD_OFFICER, PROGRAMME_BOARD_MEMBER, VIEWER
from tests.kept_rows import KeptRows

# Hypothesis (the property-based tests) chooses new inputs on each run locally; in CI (CI=true) it derives
# them from each test's name, so a red build always means a change in the code, whichever worker runs it.
# HYPOTHESIS_PROFILE=deep searches far longer.
hypothesis_settings.register_profile(
    "sscb",
    max_examples=60,
    deadline=None,
    database=None,  # nothing written to the working tree
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
hypothesis_settings.register_profile(
    "deep", parent=hypothesis_settings.get_profile("sscb"), max_examples=2000, derandomize=False
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "sscb"))


def pytest_collection_finish(session):
    """What is loaded by now (Django, the URLs, every test module and its factories) lives for the whole run.

    gc.freeze() sets it aside from the garbage collector, whose full collections would otherwise walk it again
    and again: `pytest -n 2 -m "not slow" tests/indicators tests/core` took 103 to 108 s with it against 113
    to 114 s without, and no more memory.
    """
    gc.collect()
    gc.freeze()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases, and before they are dropped, no other session left on them (PostgreSQL).

    PostgreSQL refuses to drop a database another session is still connected to. A session that is still
    closing when the tests end (a live server's request thread, a worker's connection) is waited for a few
    seconds, then ended, and named on stderr, so that a leak shows without failing the whole run.
    """
    yield
    with django_db_blocker.unblock():
        for alias in connections:
            end_other_sessions(connections[alias])


@pytest.fixture(scope="session", autouse=True)
def quick_flush_on_postgresql():
    """On PostgreSQL, the tables a committing test wrote to are emptied by DELETE, not TRUNCATE.

    After a test that commits (a live server's, transaction=True), pytest-django empties every table with Django's
    flush: on PostgreSQL one TRUNCATE of all 103 tables, 0.5 to 0.6 s as each table's files are made anew, against
    0.02 s to delete each table's rows (the seed plan's, mostly). The foreign keys Django makes on PostgreSQL are
    checked at the end of the transaction, so the order of the tables does not matter. Only the tests' flush changes:
    a flush that also resets the id sequences, and the `flush` command of the site, are left as Django makes them.
    """
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        delete = style.SQL_KEYWORD("DELETE FROM")
        return ["SET CONSTRAINTS ALL DEFERRED", *(f"{delete} {style.SQL_FIELD(self.quote_name(t))}" for t in tables)]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


OTHER_SESSIONS = (
    "SELECT pid, application_name, state, left(query, 80) FROM pg_stat_activity"
    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


def end_other_sessions(database, wait=5.0):
    if database.vendor != "postgresql":
        return
    deadline = time.monotonic() + wait
    with database.cursor() as cursor:
        while True:
            cursor.execute(OTHER_SESSIONS)
            others = cursor.fetchall()
            if not others or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        for pid, application, state, query in others:
            print(
                f"Ending a session left on the test database: {pid} {application!r} {state} {query!r}", file=sys.stderr
            )
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    database.close()


# The password hasher of every test: fast_password_hasher below, and made_once for rows made once for a class.
QUICK_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """MD5 makes the factories' users quick to create; tests never rely on the real hasher."""
    settings.PASSWORD_HASHERS = QUICK_PASSWORD_HASHERS


@pytest.fixture(scope="session", autouse=True)
def shared_fragments_of_this_process(tmp_path_factory):
    """The shared folder of page fragments (core.cache) is this test process's own: each pytest-xdist worker has
    its own test database, and so its own data versions, and empties the folder before each test (below)."""
    from django.conf import settings
    from django.test import override_settings

    caches = {**settings.CACHES, "shared": {**settings.CACHES["shared"]}}
    caches["shared"]["LOCATION"] = str(tmp_path_factory.mktemp("shared-fragments"))
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def nothing_kept_from_another_test():
    """Each test starts with no page fragment or computed result kept, in this process or the shared folder
    (core.datacache, core.cache).

    What is kept is keyed on the data versions, whose tokens live in a cache table that a transactional test's
    flush does not empty: a later test could otherwise find a fragment made from an earlier test's data under a
    token it reads again.
    """
    from django.core.cache import cache

    from core import datacache

    cache.clear()
    datacache.forget_kept()


@pytest.fixture
def superuser(db):
    from tests.core.factories import UserFactory

    return UserFactory(username="superuser", superuser=True)


@pytest.fixture
def admin_request(rf, admin_user):
    """A request to the admin by a superuser, for asking a ModelAdmin what it permits."""
    request = rf.get("/admin/")
    request.user = admin_user
    return request


# --------------------------------------------------------------------------- the seed plan

SEED_FIXTURE = "sscb_plan_2018_19"
_seed = KeptRows()  # the seed's rows as the session's first load wrote them (tests/kept_rows.py)


@functools.cache
def _seed_models():
    """The models the seed fixture holds, parents first (the fixture's own order), then their m2m tables."""
    path = django_settings.FIXTURE_DIRS[0] / f"{SEED_FIXTURE}.json"
    labels = list(dict.fromkeys(obj["model"] for obj in json.loads(path.read_text(encoding="utf-8"))))
    models = [apps.get_model(label) for label in labels]
    through = [
        field.remote_field.through
        for model in models
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    return tuple(models + through)


def load_seed():
    """Load the seed as `loaddata sscb_plan_2018_19` does, but only once per session for real.

    loaddata resolves every natural key with its own queries (well over a thousand, most of a
    second on PostgreSQL). The first load in a session runs loaddata and keeps the rows it wrote;
    later loads insert those same rows (same primary keys, same values) by plain INSERTs. Like
    loaddata, neither calls save() nor writes history, and both leave the id sequences past the rows.
    """
    if _seed:
        _seed.write()
        return
    models = _seed_models()
    empty_before = not any(model._default_manager.exists() for model in models)
    call_command("loaddata", SEED_FIXTURE, verbosity=0)
    if empty_before:  # so the rows kept are exactly the fixture's
        for model in models:
            _seed.read(model)


@contextlib.contextmanager
def made_once(django_db_blocker):
    """For a class-scoped fixture: rows made once for all the tests of a class, and removed after the last.

    They are made in a transaction that is rolled back after the class. Each test runs in a savepoint inside it
    (pytest-django's own per-test transaction), so what one test writes never reaches the next, as when each
    makes the rows itself. Users made here get the quick password hasher, as in every test.
    """
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(PASSWORD_HASHERS=QUICK_PASSWORD_HASHERS),
    ):
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seed_plan(db):
    """The adopted 2018-19 plan from fixtures/sscb_plan_2018_19.json: 28 projects, 45 activities."""
    from plans.models import Plan

    load_seed()
    return Plan.objects.get(code="2018-19")


_demo_rows = {}  # {(options, the plan and its indicators as they were): KeptRows of what the command wrote}


def write_demo_values(**options):
    """`generate_demo_values` with `options`: in a worker, run once for each plan and options, then its rows again.

    The rows are kept only when the command starts from no value, target, comparator or signed-off period at all,
    so that it writes exactly the figures it generates from the plan and its indicators, which the key holds.
    Otherwise (figures already there) the command runs. The rows written again get new ids, as bulk_create gave
    them, and the time of writing.
    """
    from indicators import datacache
    from indicators.models import Breakdown, Comparator, IndicatorValue, PeriodLock, Target
    from plans.models import Plan

    written = (IndicatorValue, Target, Comparator)
    plan = Plan.objects.current()
    key = None
    if plan is not None and not any(model._base_manager.exists() for model in (*written, PeriodLock)):
        key = (
            repr(sorted(options.items())),
            repr(Plan.objects.filter(pk=plan.pk).values_list().get()),
            repr(list(plan.indicators.order_by("pk").values_list())),
            repr(list(Breakdown.objects.order_by("pk").values_list("pk", "categories__pk", "categories__name"))),
        )
        kept = _demo_rows.get(key)
        if kept:
            kept.write()
            datacache.bump()  # as the command's bulk writes do
            return
    with override_settings(DEBUG=True):  # demonstration data is refused with DEBUG off
        call_command("generate_demo_values", stdout=io.StringIO(), **options)
    if key is not None:
        kept = _demo_rows[key] = KeptRows()
        for model in written:
            kept.read(model, new=True)


@pytest.fixture
def demo(seed_plan):
    """The seed plan with five years of demonstration values, targets and comparators."""
    write_demo_values()
    return seed_plan


# --------------------------------------------------------------------------- people in each role


def make_role_user_now(username, role, officer=None, **fields):
    """A user in one role group, linked to `officer` if given (an Officer or a seed officer's name)."""
    from django.contrib.auth import get_user_model

    from plans.models import Officer
    from tests.core.factories import PASSWORD

    fields.setdefault("first_name", username.title())
    fields.setdefault("last_name", "Tester")
    fields.setdefault("email", f"{username}@example.org")
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **fields)
    user.groups.set([Group.objects.get(name=role)])
    if officer is not None:
        if isinstance(officer, str):
            officer = Officer.objects.get(name=officer)
        officer.user = user
        officer.save()
    return user


@pytest.fixture
def make_role_user(db):
    """make_role_user(username, role, officer=None): a user in one role group, linked to `officer` if given.

    `officer` is an Officer or the name of one (such as a seed officer, "Lynne Thomas").
    """
    return make_role_user_now


# The person each role's fixtures sign in as: (username, role group, seed officer or None, other fields).
# Lynne Thomas leads projects 2.3 and 3.3, not 4.3; Nicola Morrow leads 4.3 alone, and not 2.3.
ROLE_PEOPLE = {
    "board_admin": (
        "brenda",
        BOARD_ADMINISTRATOR,
        None,
        {"first_name": "Brenda", "last_name": "Admin", "is_staff": True},
    ),
    "lead_lynne": ("lynne", LEAD_OFFICER, "Lynne Thomas", {"first_name": "Lynne", "last_name": "Thomas"}),
    "lead_nicola": ("nicola", LEAD_OFFICER, "Nicola Morrow", {"first_name": "Nicola", "last_name": "Morrow"}),
    "data_officer": ("dana", DATA_OFFICER, None, {}),
    "board_member": ("bobby", PROGRAMME_BOARD_MEMBER, None, {}),
    "viewer": ("vera", VIEWER, None, {}),
}


def make_role_person(role):
    """The user of ROLE_PEOPLE[role] (a seed officer's role needs the seed plan loaded first)."""
    username, group, officer, fields = ROLE_PEOPLE[role]
    return make_role_user_now(username, group, officer=officer, **fields)


# The client fixture of each role, by the name the tests give the role: request.getfixturevalue(CLIENT_FIXTURES[role]).
CLIENT_FIXTURES = {
    "anonymous": "client",
    "board_admin": "board_admin_client",
    "lead_lynne": "lynne_client",
    "lead_nicola": "nicola_client",
    "data_officer": "data_officer_client",
    "board_member": "board_member_client",
    "viewer": "viewer_client",
}


def signed_in_client(user):
    """A client of its own, signed in as `user`: a test may hold several people's browsers at once."""
    browser = Client()
    browser.force_login(user)
    return browser


def is_signed_in(browser):
    """Whether the client holds a signed-in session."""
    return SESSION_KEY in browser.session


@pytest.fixture
def board_admin_user(db):
    return make_role_person("board_admin")


@pytest.fixture
def lynne_user(seed_plan):
    """A lead officer linked to the seed officer Lynne Thomas (she leads 2.3 and 3.3, not 4.3)."""
    return make_role_person("lead_lynne")


@pytest.fixture
def nicola_user(seed_plan):
    """A lead officer linked to the seed officer Nicola Morrow (she leads 4.3 alone, and not 2.3)."""
    return make_role_person("lead_nicola")


@pytest.fixture
def data_officer_user(db):
    return make_role_person("data_officer")


@pytest.fixture
def board_member_user(db):
    return make_role_person("board_member")


@pytest.fixture
def viewer_user(db):
    return make_role_person("viewer")


@pytest.fixture
def board_admin_client(board_admin_user):
    return signed_in_client(board_admin_user)


@pytest.fixture
def lynne_client(lynne_user):
    return signed_in_client(lynne_user)


@pytest.fixture
def nicola_client(nicola_user):
    return signed_in_client(nicola_user)


@pytest.fixture
def data_officer_client(data_officer_user):
    return signed_in_client(data_officer_user)


@pytest.fixture
def board_member_client(board_member_user):
    return signed_in_client(board_member_user)


@pytest.fixture
def viewer_client(viewer_user):
    return signed_in_client(viewer_user)


# --------------------------------------------------------------------------- the background worker


@pytest.fixture
def run_worker(monkeypatch):
    """Run every queued background task once, as `manage.py db_worker --batch` does (board packs, browser journeys).

    Between tasks the worker closes database connections that went stale, as a long-running process
    must; inside a test's transaction that would close the test's own connection, so it is left out.
    """
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    return run
