"""Demonstration data and demonstration sign-ins are refused on a site running with DEBUG off."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.auth import DEMO_USERNAME_PREFIX
from demo import values
from demo.guard import DemoRefused
from demo.management.commands.setup_demo_users import DEMO_USERS
from indicators.models import Comparator, IndicatorValue, Target
from tests.core.factories import PASSWORD

SIGN_IN = reverse("login")
ADMIN_SIGN_IN = reverse("admin:login")


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _demo_row_count():
    return sum(model.objects.filter(is_demo=True).count() for model in (IndicatorValue, Target, Comparator))


# --------------------------------------------------------------------------- demonstration figures


def test_generate_demo_values_refused_without_debug(settings, seed_plan):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="local demonstrations only: DJANGO_DEBUG is off"):
        run("generate_demo_values", "--years", "1")

    assert _demo_row_count() == 0


def test_demo_values_write_refused_without_debug(settings, seed_plan):
    settings.DEBUG = False

    with pytest.raises(DemoRefused):
        values.write(seed_plan, end=seed_plan.ends_on, years=1)

    assert _demo_row_count() == 0


def test_generate_demo_values_clear_allowed_without_debug(settings, seed_plan):
    settings.DEBUG = True
    run("generate_demo_values", "--years", "1")
    assert _demo_row_count() > 0
    settings.DEBUG = False

    output = run("generate_demo_values", "--clear")

    assert "Removed:" in output
    assert _demo_row_count() == 0


# --------------------------------------------------------------------------- demonstration sign-ins


def test_setup_demo_users_refused_without_debug(settings, seed_plan, django_user_model):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="local demonstrations only"):
        run("setup_demo_users")

    assert not django_user_model.objects.filter(username__startswith=DEMO_USERNAME_PREFIX).exists()


def test_every_demo_user_name_carries_the_demo_prefix():
    assert all(username.startswith(DEMO_USERNAME_PREFIX) for username, *_ in DEMO_USERS)


@pytest.fixture
def demo_users(settings, seed_plan):
    """The demo users, made while DEBUG was on: {username: password}."""
    settings.DEBUG = True
    run("setup_demo_users")
    return {username: password for username, _, _, _, password in DEMO_USERS}


def test_demo_user_signs_in_with_debug_on(settings, demo_users, client):
    settings.DEBUG = True

    response = client.post(SIGN_IN, {"username": "demo-viewer", "password": demo_users["demo-viewer"]})

    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


@pytest.mark.parametrize("username", [username for username, *_ in DEMO_USERS])
def test_demo_user_sign_in_refused_without_debug(settings, demo_users, client, username):
    settings.DEBUG = False

    response = client.post(SIGN_IN, {"username": username, "password": demo_users[username]})

    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_demo_admin_refused_at_the_admin_sign_in_without_debug(settings, demo_users, client):
    settings.DEBUG = False

    response = client.post(
        ADMIN_SIGN_IN, {"username": "demo-admin", "password": demo_users["demo-admin"], "next": "/admin/"}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_demo_session_opened_with_debug_on_ends_when_debug_is_off(settings, demo_users, client):
    settings.DEBUG = True
    client.post(SIGN_IN, {"username": "demo-admin", "password": demo_users["demo-admin"]})
    assert client.get("/admin/").status_code == 200
    settings.DEBUG = False

    response = client.get("/admin/")

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_real_user_still_signs_in_without_debug(settings, make_role_user, client):
    from core.permissions import VIEWER

    make_role_user("vera", VIEWER)
    settings.DEBUG = False

    response = client.post(SIGN_IN, {"username": "vera", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session.get("_auth_user_id")
