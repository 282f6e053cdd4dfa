"""Shared test set-up."""

import json

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.test import Client


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """MD5 makes the factories' users quick to create; tests never rely on the real hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(username="superuser", superuser=True)


# --------------------------------------------------------------------------- the seed plan

SEED_FIXTURE = "sscb_plan_2018_19"
_seed_rows = []  # [(model, [row, ...]), ...] in insertion order, filled by the session's first load


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
    return models + through


def _load_seed():
    """Load the seed as `loaddata sscb_plan_2018_19` does, but only once per session for real.

    loaddata resolves every natural key with its own queries (well over a thousand, most of a
    second on PostgreSQL). The first load in a session runs loaddata and keeps the rows it wrote;
    later loads insert those same rows (same primary keys, same values) a hundred at a time. Like
    loaddata, neither calls save() nor writes history, and both leave the id sequences past the rows.
    """
    models = _seed_models()
    if not _seed_rows:
        empty_before = not any(model._default_manager.exists() for model in models)
        call_command("loaddata", SEED_FIXTURE, verbosity=0)
        if empty_before:  # so the rows kept are exactly the fixture's
            _seed_rows.extend((model, list(model._default_manager.order_by("pk").values())) for model in models)
        return
    for model, rows in _seed_rows:
        objs = [model(**row) for row in rows]
        fields = model._meta.local_concrete_fields
        # A raw insert, as loaddata's save(raw=True) makes: auto_now fields keep the fixture's values.
        for start in range(0, len(objs), 100):
            model._base_manager._insert(objs[start : start + 100], fields=fields, raw=True)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


@pytest.fixture
def seed_plan(db):
    """The adopted 2018-19 plan from fixtures/sscb_plan_2018_19.json: 28 projects, 45 activities."""
    from plans.models import Plan

    _load_seed()
    return Plan.objects.get(code="2018-19")


# --------------------------------------------------------------------------- people in each role


@pytest.fixture
def make_role_user(django_user_model):
    """make_role_user(username, role, officer=None): a user in one role group, linked to `officer` if given.

    `officer` is an Officer or the name of one (such as a seed officer, "Lynne Thomas").
    """
    from plans.models import Officer
    from tests.factories import PASSWORD

    def make(username, role, officer=None, **fields):
        fields.setdefault("first_name", username.title())
        fields.setdefault("last_name", "Tester")
        fields.setdefault("email", f"{username}@example.org")
        user = django_user_model.objects.create_user(username=username, password=PASSWORD, **fields)
        user.groups.set([Group.objects.get(name=role)])
        if officer is not None:
            if isinstance(officer, str):
                officer = Officer.objects.get(name=officer)
            officer.user = user
            officer.save()
        return user

    return make


def signed_in_client(user):
    """A client of its own, signed in as `user`: a test may hold several people's browsers at once."""
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def board_admin_user(make_role_user):
    from core.permissions import BOARD_ADMINISTRATOR

    return make_role_user("brenda", BOARD_ADMINISTRATOR, first_name="Brenda", last_name="Admin", is_staff=True)


@pytest.fixture
def lynne_user(seed_plan, make_role_user):
    """A lead officer linked to the seed officer Lynne Thomas (she leads 2.3 and 3.3, not 4.3)."""
    from core.permissions import LEAD_OFFICER

    return make_role_user("lynne", LEAD_OFFICER, officer="Lynne Thomas", first_name="Lynne", last_name="Thomas")


@pytest.fixture
def nicola_user(seed_plan, make_role_user):
    """A lead officer linked to the seed officer Nicola Morrow (she leads 4.3 alone, and not 2.3)."""
    from core.permissions import LEAD_OFFICER

    return make_role_user("nicola", LEAD_OFFICER, officer="Nicola Morrow", first_name="Nicola", last_name="Morrow")


@pytest.fixture
def data_officer_user(make_role_user):
    from core.permissions import DATA_OFFICER

    return make_role_user("dana", DATA_OFFICER)


@pytest.fixture
def board_member_user(make_role_user):
    from core.permissions import PROGRAMME_BOARD_MEMBER

    return make_role_user("bobby", PROGRAMME_BOARD_MEMBER)


@pytest.fixture
def viewer_user(make_role_user):
    from core.permissions import VIEWER

    return make_role_user("vera", VIEWER)


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
