"""The board pack belongs to its meeting: chosen (or defaulted) on the pack form, refused for a meeting of another
day, shown on the pack's page, and the meeting's page lists its packs."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from papers.models import BoardPack, BoardPackRequest
from tests.assurance.factories import MeetingFactory
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("papers:list")
MEETING_DAY = datetime.date(2018, 8, 16)


@pytest.fixture
def plan_with_a_figure(db):
    plan = PlanFactory(is_current=True)
    indicator = IndicatorFactory(outcome__plan=plan, frequency="monthly", unit="count")
    IndicatorValueFactory(
        indicator=indicator,
        period_start=datetime.date(2018, 6, 1),
        period_end=datetime.date(2018, 6, 30),
        value=Decimal(12),
    )
    return plan


def _post(client, **extra):
    return client.post(LIST_URL, {"meeting_date": MEETING_DAY.isoformat(), "period": "2018-06", **extra})


def test_the_meeting_recorded_on_the_meeting_date_is_chosen_by_default(plan_with_a_figure, board_admin_client):
    meeting = MeetingFactory(held_on=MEETING_DAY)
    MeetingFactory(held_on=datetime.date(2018, 9, 20))

    response = _post(board_admin_client)

    assert response.status_code == 302
    assert BoardPackRequest.objects.get().meeting == meeting


def test_no_meeting_recorded_that_day_leaves_the_pack_without_one(plan_with_a_figure, board_admin_client):
    MeetingFactory(held_on=datetime.date(2018, 9, 20))

    assert _post(board_admin_client).status_code == 302
    assert BoardPackRequest.objects.get().meeting is None


def test_a_meeting_of_another_day_is_refused_beside_the_field(plan_with_a_figure, board_admin_client):
    other = MeetingFactory(held_on=datetime.date(2018, 9, 20))

    response = _post(board_admin_client, meeting=other.pk)

    html = response.content.decode()
    assert response.status_code == 200
    assert "was not held on the meeting date (16 August 2018)" in html
    assert 'id="error_1_id_meeting"' in html or "is-invalid" in html
    assert not BoardPackRequest.objects.exists()


def test_an_unknown_meeting_is_refused(plan_with_a_figure, board_admin_client):
    response = _post(board_admin_client, meeting=987654)

    assert "Select a valid choice" in response.content.decode()
    assert not BoardPackRequest.objects.exists()


def test_the_made_pack_belongs_to_the_meeting_and_each_page_links_the_other(
    run_worker, plan_with_a_figure, board_admin_client
):
    meeting = MeetingFactory(held_on=MEETING_DAY)
    _post(board_admin_client, meeting=meeting.pk)

    run_worker()

    pack = BoardPack.objects.get()
    assert pack.meeting == meeting
    pack_page = board_admin_client.get(reverse("papers:detail", args=[pack.pk])).content.decode()
    assert reverse("assurance:meeting", args=[meeting.pk]) in pack_page
    meeting_page = board_admin_client.get(reverse("assurance:meeting", args=[meeting.pk])).content.decode()
    assert "Board pack for 16 August 2018" in meeting_page
    assert reverse("papers:detail", args=[pack.pk]) in meeting_page


def test_a_meeting_without_a_pack_says_so(board_admin_client):
    meeting = MeetingFactory(held_on=MEETING_DAY)

    page = board_admin_client.get(reverse("assurance:meeting", args=[meeting.pk])).content.decode()

    assert "No board pack has been generated for this meeting." in page
