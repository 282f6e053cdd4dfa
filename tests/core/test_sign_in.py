"""Signing in and out, and resetting a forgotten password."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import is_signed_in
from tests.core.factories import PASSWORD, UserFactory
from tests.pages import page

# WhiteNoise warns once per client when STATIC_ROOT (made by collectstatic) does not exist. The pages do not need it.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]
SIGN_IN = "/accounts/login/"


# --------------------------------------------------------------------------- signing in and out


def test_sign_in_good_credentials_go_to_overview(client):
    user = UserFactory(username="sam")

    response = client.post(SIGN_IN, {"username": "sam", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").wsgi_request.user == user


def test_sign_in_bad_credentials_show_error(client):
    UserFactory(username="sam")

    response = client.post(SIGN_IN, {"username": "sam", "password": "wrong-password"})

    assert response.status_code == 200
    assert "Please enter a correct username and password." in page(response).find(cls="error-summary").text
    assert page(response).find("input", name="username").attrs["value"] == "sam"
    assert client.get("/").status_code == 302


def test_sign_out_get_not_allowed(viewer_client):
    response = viewer_client.get("/accounts/logout/")

    assert response.status_code == 405
    assert viewer_client.get("/").status_code == 200  # still signed in


def test_sign_out_post_ends_session(viewer_client):
    response = viewer_client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == SIGN_IN
    after = viewer_client.get("/my-projects/")
    assert (after.status_code, after["Location"]) == (302, f"{SIGN_IN}?next=/my-projects/")


def test_password_reset_email_link_sets_new_password(client):
    user = UserFactory(username="sam", email="sam@example.org")
    client.post("/accounts/password_reset/", {"email": "sam@example.org"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body)[1]

    form_page = client.get(link, follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )

    assert page(form_page).find("h1").text == "Choose a new password"
    assert done.status_code == 302
    assert done["Location"] == "/accounts/reset/done/"
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")


LONDON = ZoneInfo("Europe/London")


# --------------------------------------------------------------------------- sign-in throttling

HOME = "192.0.2.10"  # documentation addresses (RFC 5737): only ever a label on a test request
ELSEWHERE = "198.51.100.20"


def sign_in(browser, username, password, address):
    return browser.post(SIGN_IN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def dana(data_officer_user):
    return data_officer_user


@pytest.fixture
def vera(viewer_user):
    return viewer_user


def fail_five_times(username, address):
    browser = Client()
    for attempt in range(1, 6):
        response = sign_in(browser, username, "not-the-password", address)
        if attempt < 5:
            assert response.status_code == 200, attempt
            assert "Please enter a correct username and password" in response.content.decode()
    return response


def test_five_wrong_passwords_lock_that_user_at_that_address_for_15_minutes(db, dana, vera):
    start = datetime(2019, 5, 20, 10, 0, tzinfo=LONDON)
    with time_machine.travel(start, tick=False) as traveller:
        fifth = fail_five_times("dana", HOME)
        assert fifth.status_code == 429

        locked = Client()
        response = sign_in(locked, "dana", PASSWORD, HOME)  # the right password, refused all the same
        html = response.content.decode()
        assert response.status_code == 429
        assert "Sign-in locked for 15 minutes" in html
        assert "contact the Safeguarding Children Board's business unit" in html
        assert f'href="{reverse("password_reset")}"' in html
        assert not is_signed_in(locked)
        assert locked.get("/").status_code == 302

        traveller.shift(timedelta(minutes=14))
        assert sign_in(Client(), "dana", PASSWORD, HOME).status_code == 429  # still locked

        # Another address for the same person, or another person at the same address, signs in.
        elsewhere = Client()
        assert sign_in(elsewhere, "dana", PASSWORD, ELSEWHERE)["Location"] == "/"
        assert is_signed_in(elsewhere)
        colleague = Client()
        assert sign_in(colleague, "vera", PASSWORD, HOME)["Location"] == "/"
        assert is_signed_in(colleague)

        # 16 minutes after the last refused attempt the lock is over.
        traveller.shift(timedelta(minutes=16))
        after = Client()
        response = sign_in(after, "dana", PASSWORD, HOME)
        assert response.status_code == 302
        assert response["Location"] == "/"
        assert is_signed_in(after)
        assert after.get("/").status_code == 200


def test_a_successful_sign_in_resets_the_count_of_failures(db, dana):
    browser = Client()
    for _ in range(4):
        assert sign_in(browser, "dana", "not-the-password", HOME).status_code == 200
    assert sign_in(browser, "dana", PASSWORD, HOME).status_code == 302
    browser.logout()
    for _ in range(4):
        assert sign_in(browser, "dana", "not-the-password", HOME).status_code == 200

    assert sign_in(browser, "dana", PASSWORD, HOME).status_code == 302


def test_the_admin_sign_in_is_throttled_too(db, superuser):
    browser = Client()
    for _ in range(5):
        response = browser.post(
            "/admin/login/", {"username": "superuser", "password": "wrong-password"}, REMOTE_ADDR=HOME
        )

    response = browser.post("/admin/login/", {"username": "superuser", "password": PASSWORD}, REMOTE_ADDR=HOME)
    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()
    assert not is_signed_in(browser)


def test_throttling_is_on_with_the_settings_described():
    assert settings.AXES_ENABLED is True
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_RESET_ON_SUCCESS is True
