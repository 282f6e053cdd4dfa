"""Asking the lead board for commentary on an exception: the request, its due date, the emails, the home panel."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from indicators.actions import request_commentary
from indicators.models import CommentaryRequest, CommentaryRequestEmail, IndicatorValue
from indicators.values import service
from tests.conftest import signed_in_client
from tests.indicators.curve_data import APRIL, MONDAY, RED_TITLE, curve_data  # noqa: F401 (the fixture)
from tests.indicators.factories import CommentaryFactory
from tests.pages import page
from tests.plans.helpers import LONDON

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

# April 2018 ends on the 30th; its data deadline is 30 days later (30 May), and with no meeting known
# commentary is due 14 days after that.
DUE_WITHOUT_MEETING = datetime.date(2018, 6, 13)


def run(*args):
    out = io.StringIO()
    call_command("request_commentary", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_request_made_for_an_exception_and_not_for_an_indicator_on_track(curve):
    [made] = request_commentary(today=MONDAY)

    assert made.indicator == curve["red"]
    assert (made.period, made.board, made.due_on) == (APRIL, curve["board"], DUE_WITHOUT_MEETING)
    assert made.reasons == "Red against its target"
    assert not CommentaryRequest.objects.filter(indicator=curve["green"]).exists()


def test_request_made_once_however_often_asked(curve):
    request_commentary(today=MONDAY)

    again = request_commentary(today=MONDAY + datetime.timedelta(days=1))

    assert again == []
    assert CommentaryRequest.objects.get().due_on == DUE_WITHOUT_MEETING  # the first due date stands


def test_request_command_emails_each_member_once(curve):
    first = run("--date", "2018-05-21")
    second = run("--date", "2018-05-22")

    assert sorted(message.to for message in mail.outbox) == [["ann@example.org"], ["ben@example.org"]]
    message = mail.outbox[0]
    assert message.subject == "SSCB scorecard: commentary on indicator 16 due 13 June 2018"
    assert f"Indicator 16, {RED_TITLE}, is an exception on the scorecard for April 2018" in message.body
    assert "Performance and Quality Assurance Programme Board" in message.body
    assert "Wednesday 13 June 2018" in message.body
    assert "Asked the Performance and Quality Assurance Programme Board for commentary on 16, April 2018" in first
    assert "1 request(s) made and 2 email(s) sent for 21 May 2018." in first
    assert "0 request(s) made and 0 email(s) sent for 22 May 2018." in second
    assert CommentaryRequestEmail.objects.count() == 2


def test_request_email_skips_members_without_an_address_or_the_role_and_reaches_one_added_later(curve):
    curve["ben"].email = ""
    curve["ben"].save()
    run("--date", "2018-05-21")
    curve["board"].members.add(curve["olga"], curve["vera"])  # Vera is a viewer: she may not write it

    run("--date", "2018-05-22")

    assert [message.to for message in mail.outbox] == [["ann@example.org"], ["olga@example.org"]]


def test_request_answered_by_commentary_is_not_emailed(curve):
    request_commentary(today=MONDAY)
    CommentaryFactory(indicator=curve["red"], period_start=APRIL.start, period_end=APRIL.end, author=curve["ann"])

    run("--date", "2018-05-21")

    assert mail.outbox == []


def test_request_made_after_values_are_saved(curve, board_admin_user, django_capture_on_commit_callbacks, monkeypatch):
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)  # as tests/papers/conftest.py explains
    green = IndicatorValue.objects.get(indicator=curve["green"])
    green.value = Decimal("80")  # now red against 90% ± 2

    with django_capture_on_commit_callbacks(execute=True):
        service.save([service.Edit(green)], user=board_admin_user, reason="test")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    # Only the indicators written are looked at: 16, red all along, waits for the daily run.
    assert list(CommentaryRequest.objects.values_list("indicator__number", flat=True)) == ["17"]
    assert sorted(message.to for message in mail.outbox) == [["ann@example.org"], ["ben@example.org"]]


# --------------------------------------------------------------------------- the home page


def home_panel(user):
    response = signed_in_client(user).get("/")
    assert response.status_code == 200
    found = page(response).find_all("section", aria_labelledby="commentary-due-heading")
    return found[0] if found else None


@time_machine.travel(datetime.datetime(2018, 5, 22, 12, tzinfo=LONDON), tick=False)
def test_home_shows_commentary_due_to_the_boards_members_only(curve):
    request_commentary(today=MONDAY)

    panel = home_panel(curve["ann"])

    assert panel is not None
    assert "Commentary due" in panel.find("h2").text
    assert f"16. {RED_TITLE}, April 2018 (P&QA PB): Commentary due 13 June 2018" in panel.text
    assert home_panel(curve["olga"]) is None
    assert home_panel(curve["vera"]) is None
    curve["board"].members.add(curve["vera"])  # on the board, but a viewer: she may not write it
    assert home_panel(curve["vera"]) is None


def test_home_panel_says_overdue_and_leaves_once_commentary_is_written(curve):
    request_commentary(today=MONDAY)  # due 13 June 2018: overdue by now

    assert "Commentary overdue: it was due on 13 June 2018" in home_panel(curve["ben"]).text

    CommentaryFactory(indicator=curve["red"], period_start=APRIL.start, period_end=APRIL.end, author=curve["ann"])
    assert home_panel(curve["ben"]) is None
