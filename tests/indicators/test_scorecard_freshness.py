"""Kept figures are never stale: after a change of a value, a target or a process change, every page
and the spreadsheet show the new figures at once (indicators.datacache)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators import datacache
from indicators.models import Indicator, IndicatorValue, ProcessChange, Target
from indicators.periods import Period
from indicators.values import service
from tests.core.spreadsheet_files import scorecard_dicts, workbook_of

pytestmark = pytest.mark.django_db

SCORECARD = reverse("indicators:scorecard")
EXCEPTIONS = reverse("indicators:exceptions")
XLSX = reverse("indicators:scorecard_xlsx")
TODAY = datetime.date(2019, 5, 20)
MAX_QUERIES = 17  # as tests/indicators/test_scorecard.py pins the scorecard's
FIRST_YEAR = [50, 51, 49, 50, 52, 48, 50, 51, 49, 50, 52, 48]
SECOND_YEAR = [80, 81, 79, 80, 82, 78, 80, 81, 79, 80, 82, 84]


@pytest.fixture
def indicator(seed_plan):
    """Indicator 16 (a percentage, higher is better): 50% for a year, then 80% for a year to March 2019."""
    indicator = Indicator.objects.get(number="16")
    period = Period.month(2017, 4)
    for value in (*FIRST_YEAR, *SECOND_YEAR):
        IndicatorValue.objects.create(
            indicator=indicator, period_start=period.start, period_end=period.end, value=Decimal(value)
        )
        period = period.shifted(1)
    return indicator


def pages(client, indicator):
    """What a reader sees of the indicator now: the four views, each read twice (the second from what is kept)."""
    page = reverse("indicators:indicator", args=[indicator.number])
    for _ in range(2):
        seen = {url: client.get(url).content.decode() for url in (SCORECARD, EXCEPTIONS, page)}
        [xlsx_row] = [row for row in scorecard_dicts(workbook_of(client.get(XLSX))) if row["Number"] == "16"]
    return seen[SCORECARD], seen[EXCEPTIONS], seen[page], xlsx_row


@time_machine.travel(TODAY)
def test_a_changed_value_shows_on_every_page_and_the_spreadsheet_at_once(indicator, viewer_client, board_admin_user):
    Target.objects.create(
        indicator=indicator,
        period_start=datetime.date(2018, 4, 1),
        period_end=datetime.date(2019, 3, 31),
        value=75,
        tolerance=5,
    )
    scorecard, exceptions, page, xlsx_row = pages(viewer_client, indicator)
    assert "84.0%" in scorecard and "84.0%" in page
    assert "Red against its target" not in exceptions  # green
    assert xlsx_row["Latest value"] == 84

    latest = IndicatorValue.objects.get(indicator=indicator, period_start=datetime.date(2019, 3, 1))
    base = service.version(latest)
    latest.value = Decimal("61.5")
    service.save([service.Edit(latest, base, "March 2019")], user=board_admin_user, reason="a correction")

    scorecard, exceptions, page, xlsx_row = pages(viewer_client, indicator)
    assert "61.5%" in scorecard and "84.0%" not in scorecard
    assert "61.5%" in page
    assert "Red against its target" in exceptions and "61.5% (March 2019)" in exceptions
    assert xlsx_row["Latest value"] == 61.5
    assert xlsx_row["RAG rating"] == "Red"


@time_machine.travel(TODAY)
def test_a_new_target_shows_on_every_page_and_the_spreadsheet_at_once(indicator, viewer_client, board_admin_user):
    scorecard, exceptions, page, xlsx_row = pages(viewer_client, indicator)
    assert "95.0%" not in scorecard and "Target 95.0%" not in page
    assert "Red against its target" not in exceptions
    assert xlsx_row["Target"] is None

    target = Target(
        indicator=indicator,
        period_start=datetime.date(2018, 4, 1),
        period_end=datetime.date(2019, 3, 31),
        value=95,
        tolerance=2,
    )
    service.save([service.Edit(target)], user=board_admin_user, reason="the board's new target")

    scorecard, exceptions, page, xlsx_row = pages(viewer_client, indicator)
    assert "95.0%" in scorecard
    assert "Target 95.0%" in page  # in the chart's description and legend
    assert "Red against its target" in exceptions
    assert xlsx_row["Target"] == 95
    assert xlsx_row["RAG rating"] == "Red"


@time_machine.travel(TODAY)
def test_a_process_change_redraws_the_limits_on_every_page_and_the_spreadsheet(indicator, viewer_client, admin_user):
    _scorecard, _exceptions, page, xlsx_row = pages(viewer_client, indicator)
    assert "Mean 80.5" not in page  # one phase: the mean of both years
    variation_before = xlsx_row["Variation"]

    ProcessChange.objects.create(
        indicator=indicator, period_start=datetime.date(2018, 4, 1), reason="New teams", created_by=admin_user
    )

    scorecard, _exceptions, page, xlsx_row = pages(viewer_client, indicator)
    assert "Mean 80.5" in page  # the limits are drawn from the new phase alone
    assert xlsx_row["Variation"] != variation_before
    assert xlsx_row["Variation"] in scorecard


def test_every_save_or_delete_of_a_figure_gives_a_new_data_version(indicator):
    before = datacache.data_version()
    value = IndicatorValue.objects.filter(indicator=indicator).first()
    value.delete()
    after_delete = datacache.data_version()
    indicator.title = "A new title"
    indicator.save()

    assert len({before, after_delete, datacache.data_version()}) == 3


@time_machine.travel(TODAY)
def test_a_kept_scorecard_is_read_in_fewer_queries_than_the_first_after_a_write(indicator, viewer_client):
    pages(viewer_client, indicator)  # the session settled, the figures kept
    IndicatorValue.objects.filter(indicator=indicator).last().delete()

    counts = []
    for url in (SCORECARD, EXCEPTIONS):
        with CaptureQueriesContext(connection) as first:
            assert viewer_client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as again:
            assert viewer_client.get(url).status_code == 200
        counts.append((len(first), len(again)))

    (scorecard_first, scorecard_again), (exceptions_first, exceptions_again) = counts
    assert scorecard_again < scorecard_first <= MAX_QUERIES
    assert exceptions_again == exceptions_first  # the scorecard's figures, kept, serve the report too
    assert exceptions_again < scorecard_first


@time_machine.travel(TODAY)
def test_a_renamed_indicator_renumbered_entry_or_renamed_board_shows_at_once(indicator, viewer_client):
    """The plan's listing of its indicators (numbers, titles, outcomes, boards) is kept too, and never stale: on the
    scorecard, the exception report and the indicator's own page, which finds the indicator in that listing."""
    Target.objects.create(  # an exception: red against its target, so the exception report lists it
        indicator=indicator, period_start=datetime.date(2018, 4, 1), period_end=datetime.date(2019, 3, 31), value=95
    )
    scorecard, exceptions, page, _row = pages(viewer_client, indicator)
    assert indicator.title in scorecard and indicator.title in exceptions and indicator.title in page

    indicator.title = "Children seen within the week"
    indicator.save()
    scorecard, exceptions, page, _row = pages(viewer_client, indicator)
    assert "Children seen within the week" in scorecard and "Children seen within the week" in exceptions
    assert "Children seen within the week" in page

    entry = indicator.entries.get()
    entry.number = "16x"
    entry.save()
    board = entry.lead_board
    board.name = "A renamed programme board"
    board.save()
    scorecard = viewer_client.get(SCORECARD).content.decode()
    exceptions = viewer_client.get(EXCEPTIONS).content.decode()
    assert "/scorecard/indicators/16x/" in scorecard and "/scorecard/indicators/16x/" in exceptions
    assert "A renamed programme board" in exceptions
    assert viewer_client.get("/scorecard/indicators/16/").status_code == 404
    page = viewer_client.get("/scorecard/indicators/16x/").content.decode()
    assert "Children seen within the week" in page and "A renamed programme board" in page
