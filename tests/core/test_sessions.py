"""Passwords and sessions: weak passwords refused, an idle session signed out, a long one ended."""

from datetime import datetime, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client

from tests.conftest import is_signed_in
from tests.core.factories import PASSWORD
from tests.pages import field_block

LONDON = ZoneInfo("Europe/London")
SIGN_IN = "/accounts/login/"


# --------------------------------------------------------------------------- passwords and sessions

PASSWORD_CHANGE = "/accounts/password_change/"


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("short", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
    ],
)
def test_a_weak_new_password_is_refused_beside_the_field(viewer_user, viewer_client, new_password, message):
    response = viewer_client.post(
        PASSWORD_CHANGE,
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 200
    assert message in field_block(response.content.decode(), "new_password2")
    viewer_user.refresh_from_db()
    assert viewer_user.check_password(PASSWORD)
    assert not viewer_user.check_password(new_password)


def test_a_long_uncommon_new_password_is_accepted(viewer_user, viewer_client):
    new_password = "heron-quarterly-lantern-47"
    response = viewer_client.post(
        PASSWORD_CHANGE,
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 302
    viewer_user.refresh_from_db()
    assert viewer_user.check_password(new_password)


LIGHT_PAGE = PASSWORD_CHANGE  # a signed-in page that does not depend on the plan


@pytest.fixture
def session_start():
    with time_machine.travel(datetime(2019, 5, 20, 8, 0, tzinfo=LONDON), tick=False) as traveller:
        yield traveller


def test_a_session_idle_for_31_minutes_is_signed_out(session_start, viewer_user):
    browser = Client()
    browser.force_login(viewer_user)
    assert browser.get(LIGHT_PAGE).status_code == 200
    stored = Session.objects.get(session_key=browser.session.session_key)
    assert stored.expire_date == datetime(2019, 5, 20, 8, 30, tzinfo=LONDON)

    session_start.shift(timedelta(minutes=31))
    response = browser.get(LIGHT_PAGE)

    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next={quote(LIGHT_PAGE)}"


def test_activity_keeps_a_session_alive_past_30_minutes(session_start, viewer_user):
    browser = Client()
    browser.force_login(viewer_user)
    for _ in range(3):  # a request every 29 minutes: 87 minutes signed in
        session_start.shift(timedelta(minutes=29))
        assert browser.get(LIGHT_PAGE).status_code == 200


def test_an_active_session_within_12_hours_is_kept(session_start, viewer_user):
    browser = Client()
    browser.force_login(viewer_user)
    for _ in range(35):  # a request every 20 minutes, up to 11 h 40 after signing in
        session_start.shift(timedelta(minutes=20))
        assert browser.get(LIGHT_PAGE).status_code == 200


def test_an_active_session_past_12_hours_is_signed_out(session_start, viewer_user):
    browser = Client()
    browser.force_login(viewer_user)
    for _ in range(36):  # a request every 20 minutes: the last at exactly 12 hours
        session_start.shift(timedelta(minutes=20))
        assert browser.get(LIGHT_PAGE).status_code == 200

    session_start.shift(timedelta(minutes=1))
    response = browser.get(LIGHT_PAGE)

    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next={quote(LIGHT_PAGE)}"
    assert not is_signed_in(browser)
