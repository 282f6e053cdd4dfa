"""Reminder emails to lead officers (send_reminders): one digest per officer a day, due and overdue."""

import datetime

import pytest
from django.core import mail
from django.core.management.base import CommandError

from plans.models import ReminderLog
from tests.plans.factories import ActivityFactory, OfficerFactory, PlanFactory, ProjectFactory, ThemeFactory
from tests.plans.helpers import run

# WhiteNoise warns once per client when STATIC_ROOT (made by collectstatic) does not exist. The pages do not need it.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


MAY = datetime.date(2018, 5, 1)
JUNE = datetime.date(2018, 6, 1)
JULY = datetime.date(2018, 7, 1)
DECEMBER = datetime.date(2018, 12, 1)


@pytest.fixture
def reminder_officers():
    """Alice leads activities due in May (overdue), June (due soon), July (not yet) and one complete; Dora shares
    project 1.4 (due June) with Carol, who has no email address; Bob has nothing due within 14 days."""
    theme = ThemeFactory(plan=PlanFactory(is_current=True), number=1)
    alice = OfficerFactory(name="Alice Lead", email="alice@example.org")
    bob = OfficerFactory(name="Bob Lead", email="bob@example.org")
    carol = OfficerFactory(name="Carol Lead", email="")
    dora = OfficerFactory(name="Dora Lead", email="dora@example.org")
    mine = ProjectFactory(theme=theme, number="1.1", lead_officers=[alice])
    ActivityFactory(project=ProjectFactory(theme=theme, number="1.2", lead_officers=[bob]), due=DECEMBER)
    ActivityFactory(project=ProjectFactory(theme=theme, number="1.3", lead_officers=[dora, carol]), due=JUNE)
    activities = {
        "overdue": ActivityFactory(project=mine, order=1, description="Publish the annual report", due=MAY),
        "due_soon": ActivityFactory(project=mine, order=2, description="Launch the neglect toolkit", due=JUNE),
        "not_yet": ActivityFactory(project=mine, order=3, description="Run the July audit", due=JULY),
        "done": ActivityFactory(
            project=mine, order=4, description="Hold the induction sessions", due=MAY, complete=True
        ),
    }
    return {"alice": alice, "bob": bob, "carol": carol, "dora": dora, **activities}


def test_reminders_one_email_per_officer_with_due_and_overdue(reminder_officers):
    output = run("send_reminders", date="2018-06-20")

    assert sorted(message.to for message in mail.outbox) == [["alice@example.org"], ["dora@example.org"]]
    message = next(message for message in mail.outbox if message.to == ["alice@example.org"])
    assert message.subject == "SSCB business plan: 1 overdue, 1 due within 14 days"
    overdue_part, due_soon_part = message.body.split("Due within 14 days:")
    assert "1.1, activity 1: Publish the annual report (due May 2018)" in overdue_part
    assert "1.1, activity 2: Launch the neglect toolkit (due by the end of June 2018)" in due_soon_part
    assert "Run the July audit" not in message.body
    assert "Hold the induction sessions" not in message.body
    assert "Sent 2 digest(s) for 20 June 2018; 0 already sent today." in output


@pytest.mark.parametrize(("day", "reminded"), [("2018-06-15", False), ("2018-06-16", True)])
def test_reminders_due_soon_counts_to_last_day_of_due_month(day, reminded):
    officer = OfficerFactory(name="Dee Lead", email="dee@example.org")
    ActivityFactory(project=ProjectFactory(theme__plan__is_current=True, lead_officers=[officer]), due=JUNE)

    run("send_reminders", date=day)

    assert len(mail.outbox) == (1 if reminded else 0)


def test_reminders_second_run_same_day_sends_nothing(reminder_officers):
    run("send_reminders", date="2018-06-20")

    output = run("send_reminders", date="2018-06-20")

    assert len(mail.outbox) == 2
    assert "Already sent today to Alice Lead; not sent again." in output
    assert "Sent 0 digest(s) for 20 June 2018; 2 already sent today." in output
    assert ReminderLog.objects.count() == 2


def test_reminders_next_day_sends_again(reminder_officers):
    run("send_reminders", date="2018-06-20")

    run("send_reminders", date="2018-06-21")

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["alice@example.org", "alice@example.org", "dora@example.org", "dora@example.org"]


def test_reminders_changed_digest_same_day_sent(reminder_officers):
    run("send_reminders", date="2018-06-20")
    overdue = reminder_officers["overdue"]
    overdue.status, overdue.completed_on = "complete", datetime.date(2018, 6, 20)
    overdue.save()

    run("send_reminders", date="2018-06-20")

    assert len(mail.outbox) == 3
    latest = mail.outbox[2]
    assert latest.to == ["alice@example.org"]
    assert latest.subject == "SSCB business plan: 1 due within 14 days"
    assert "Publish the annual report" not in latest.body
    assert "Launch the neglect toolkit" in latest.body


def test_reminders_dry_run_sends_nothing(reminder_officers):
    output = run("send_reminders", date="2018-06-20", dry_run=True)

    assert mail.outbox == []
    assert ReminderLog.objects.count() == 0
    assert "Would send to Alice Lead <alice@example.org>: 1 overdue, 1 due soon" in output


@pytest.mark.parametrize("bad_date", ["2018-02-30", "tomorrow", "20/06/2018"])
def test_reminders_bad_date_is_command_error(bad_date):
    with pytest.raises(CommandError, match="--date must be a date"):
        run("send_reminders", date=bad_date)

    assert mail.outbox == []
