"""Password reset emails are limited per address and per client, behind the same neutral page."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client

from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = "/accounts/password_reset/"
DONE = "/accounts/password_reset/done/"
START = datetime(2019, 5, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def ask(email, address="203.0.113.5"):
    return Client().post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_nine_requests_for_one_address_send_three_emails_with_the_same_page(db):
    """Before: every request sent an email (9 to one address in a second)."""
    UserFactory(username="dana", email="dana@example.org")

    with time_machine.travel(START, tick=False):
        responses = [ask("dana@example.org") for _ in range(9)]

    assert [r.status_code for r in responses] == [302] * 9
    assert {r["Location"] for r in responses} == {DONE}
    assert len(mail.outbox) == 3
    assert {message.to[0] for message in mail.outbox} == {"dana@example.org"}


def test_the_address_limit_holds_across_client_addresses(db):
    UserFactory(username="dana", email="dana@example.org")

    with time_machine.travel(START, tick=False):
        for n in range(6):
            ask("DANA@example.org", address=f"198.51.100.{n}")

    assert len(mail.outbox) == 3


def test_one_client_address_is_limited_across_email_addresses(db, settings):
    settings.PASSWORD_RESET_PER_IP = 4
    for n in range(6):
        UserFactory(username=f"person{n}", email=f"person{n}@example.org")

    with time_machine.travel(START, tick=False):
        for n in range(6):
            ask(f"person{n}@example.org")
        ask("person5@example.org", address="198.51.100.9")  # another client is not affected

    assert sorted(message.to[0] for message in mail.outbox) == [
        *(f"person{n}@example.org" for n in range(4)),
        "person5@example.org",
    ]


def test_the_limit_lifts_after_the_window(db):
    UserFactory(username="dana", email="dana@example.org")

    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(4):
            ask("dana@example.org")
        traveller.shift(timedelta(minutes=61))
        ask("dana@example.org")

    assert len(mail.outbox) == 4


def test_an_address_with_no_account_gets_the_same_page(db):
    response = ask("nobody@example.org")

    assert (response.status_code, response["Location"]) == (302, DONE)
    assert not mail.outbox


def test_the_done_page_is_neutral_about_limits(db):
    html = Client().get(DONE).content.decode()

    assert "If the address you gave belongs to an account" in html
    assert "Only a few emails are sent to one address in an hour" in html
