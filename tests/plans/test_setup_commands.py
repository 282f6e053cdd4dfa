"""The set-up commands for a local demonstration: setup_demo_users and setup_local_admin."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management.base import CommandError

from core import permissions as roles
from demo.management.commands.setup_demo_users import DEMO_USERS
from plans.models import Officer
from tests.plans.helpers import UPDATE_23, run

# WhiteNoise warns once per client when STATIC_ROOT (made by collectstatic) does not exist. The pages do not need it.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]
SIGN_IN = "/accounts/login/"


# --------------------------------------------------------------------------- management commands


def test_setup_demo_users_refused_without_debug(settings, django_user_model):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="local demonstrations only"):
        run("setup_demo_users")

    assert django_user_model.objects.count() == 0


def test_setup_demo_users_one_per_role_twice(settings, seed_plan, django_user_model):
    settings.DEBUG = True

    run("setup_demo_users")
    output = run("setup_demo_users")

    users = django_user_model.objects.order_by("username")
    assert sorted(user.username for user in users) == sorted(row[0] for row in DEMO_USERS)
    for username, _, role, _, password in DEMO_USERS:
        user = users.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.check_password(password)
        assert user.is_staff is (role == roles.BOARD_ADMINISTRATOR)
        assert username in output
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)
    assert Officer.objects.get(name="Lynne Thomas").user.username == "demo-lead"
    assert Officer.objects.get(name="Nicola Morrow").user.username == "demo-lead2"
    assert Officer.objects.filter(user__isnull=False).count() == 2


def test_setup_demo_users_lead_can_update_own_project(settings, seed_plan, client):
    settings.DEBUG = True
    run("setup_demo_users")
    username, _, _, _, password = DEMO_USERS[1]

    client.post(SIGN_IN, {"username": username, "password": password})

    assert client.get(UPDATE_23).status_code == 200
    assert client.get("/projects/4.3/update/").status_code == 403


def test_setup_local_admin_twice_honours_env_password(monkeypatch, django_user_model):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "plan-tracker-local-2018")
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_EMAIL", raising=False)

    first = run("setup_local_admin")
    second = run("setup_local_admin")

    admin = django_user_model.objects.get()
    assert (admin.username, admin.is_superuser, admin.is_staff) == ("admin", True, True)
    assert admin.check_password("plan-tracker-local-2018")
    assert "Created administrator 'admin'." in first
    assert "already exists; its password is unchanged" in second
    assert "plan-tracker-local-2018" not in first + second


def test_setup_local_admin_generated_password_printed_once(monkeypatch, django_user_model):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_EMAIL", raising=False)

    first = run("setup_local_admin")
    second = run("setup_local_admin")

    password = re.search(r"with password: (\S+)", first)[1]
    assert django_user_model.objects.get(username="admin").check_password(password)
    assert password not in second
    assert "already exists" in second
    assert django_user_model.objects.count() == 1


def test_setup_local_admin_weak_env_password_creates_nobody(monkeypatch, django_user_model):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "admin")
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)

    with pytest.raises(CommandError, match="too weak"):
        run("setup_local_admin")

    assert django_user_model.objects.count() == 0
