"""The daily reminder digest includes the officer's overdue actions and those due soon."""

import datetime

import pytest
import time_machine
from django.core import mail

from assurance.models import Action
from plans.reminders import send_digests
from tests.assurance.factories import ActionFactory
from tests.plans.factories import OfficerFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_reminder_digest_lists_overdue_and_due_soon_actions():
    PlanFactory(is_current=True)
    owner = OfficerFactory(name="Alice Lead", email="alice@example.org")
    with time_machine.travel(datetime.datetime(2018, 5, 1, 12), tick=False):
        ActionFactory(title="Refresh the policy", owner=owner, due=datetime.date(2018, 5, 20))
        ActionFactory(title="Brief the schools", owner=owner, due=datetime.date(2018, 6, 25))
        ActionFactory(title="Done already", owner=owner, due=datetime.date(2018, 5, 2), status=Action.Status.DONE)
        ActionFactory(title="Far off", owner=owner, due=datetime.date(2018, 12, 1))

    sent, _skipped = send_digests(today=datetime.date(2018, 6, 15))

    assert [digest.officer for digest in sent] == [owner]
    body = mail.outbox[0].body
    assert "Overdue action: Refresh the policy (due 20 May 2018)" in body
    assert "Action due soon: Brief the schools (due 25 June 2018)" in body
    assert "Done already" not in body and "Far off" not in body
    assert "2 actions to see to" in mail.outbox[0].subject
