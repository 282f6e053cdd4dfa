"""The board papers and turning the curve: commentary due before the next meeting, and said in the pack."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from indicators.actions import request_commentary
from indicators.models import CommentaryRequest
from indicators.periods import Period
from papers.pack import build_board_pack, changes_since, render_board_pack
from tests.indicators.curve_data import MONDAY, curve_data  # noqa: F401 (the fixture)
from tests.indicators.factories import CommentaryRequestFactory
from tests.papers.factories import BoardPackFactory, BoardPackRequestFactory
from tests.papers.helpers import MEETING, words
from tests.plans.helpers import LONDON

pytestmark = pytest.mark.django_db
MARCH_2019 = Period.month(2019, 3)


# --------------------------------------------------------------------------- the due date


def test_commentary_due_five_working_days_before_the_next_meeting_asked_for(curve):
    BoardPackFactory(plan=curve["plan"], meeting_date=datetime.date(2018, 5, 17))  # already held
    BoardPackRequestFactory(plan=curve["plan"], meeting_date=datetime.date(2018, 6, 5))  # a Tuesday

    [made] = request_commentary(today=MONDAY)

    assert made.due_on == datetime.date(2018, 5, 29)  # Tuesday to Tuesday, across a weekend


def test_commentary_due_after_the_data_deadline_when_no_meeting_is_known(curve):
    BoardPackRequestFactory(meeting_date=datetime.date(2018, 6, 5))  # another plan's meeting

    [made] = request_commentary(today=MONDAY)

    assert made.due_on == datetime.date(2018, 6, 13)


# --------------------------------------------------------------------------- the pack


def pack(plan_data, user, day):
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=LONDON)
    with time_machine.travel(moment, tick=False):
        now = timezone.now()
        since, first = changes_since(plan_data["plan"], MEETING, now)
        content = build_board_pack(
            plan_data["plan"],
            meeting_date=MEETING,
            as_at=MARCH_2019,
            generated_at=now,
            generated_by=user,
            since=since,
            first_pack=first,
        )
        return content, words(render_board_pack(content))


@pytest.fixture
def asked(plan_data):
    """Commentary asked for on 41 (missing for March 2019) and on 16 (red, whose commentary is written)."""
    indicators = plan_data["indicators"]
    for indicator in (indicators["missing"], indicators["red"]):
        CommentaryRequestFactory(
            indicator=indicator,
            period_start=MARCH_2019.start,
            period_end=MARCH_2019.end,
            due_on=datetime.date(2019, 6, 13),
        )
    return plan_data


@pytest.mark.parametrize(
    ("day", "said", "overdue"),
    [
        (datetime.date(2019, 6, 10), "Commentary due 13 June 2019", False),
        (datetime.date(2019, 6, 20), "Commentary overdue: it was due on 13 June 2019", True),
    ],
)
def test_board_pack_says_commentary_due_or_overdue(asked, board_admin_user, day, said, overdue):
    content, html = pack(asked, board_admin_user, day)

    missing_row = html[html.index("41. Missing episodes") :]
    assert said in missing_row[: missing_row.index("</article>")]
    assert html.count("Commentary due") + html.count("Commentary overdue") == 1  # 16's commentary is written
    [figures] = [row for row in content.figures["indicators"] if row["number"] == "41"]
    assert figures["commentary_due"] == {"due_on": "2019-06-13", "is_overdue": overdue, "text": said}
    assert CommentaryRequest.objects.count() == 2
