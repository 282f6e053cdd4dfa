"""The indicator page's kept tables (breakdown, comparators, numbers in other plans) show a change at once
(indicators.datacache, plans.datacache): each page is read twice before the change, then after it."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Commentary, CommentaryRequest, Comparator, Indicator, IndicatorValue
from indicators.periods import Period
from plans.models import Project

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2018, 6, 15)


def read(client, indicator):
    url = reverse("indicators:indicator", args=[indicator.number])
    return [client.get(url).content.decode() for _ in range(2)][-1]


@pytest.fixture
def indicator(seed_plan):
    """An indicator with a breakdown, and a figure for April 2018 overall and in each category."""
    indicator = Indicator.objects.filter(plan=seed_plan, breakdown__isnull=False).order_by("sort_key").first()
    period = Period.month(2018, 4) if indicator.frequency == "monthly" else Period.quarter(2018, 1)
    IndicatorValue.objects.create(indicator=indicator, period_start=period.start, period_end=period.end, value=40)
    for category in indicator.breakdown.categories.all():
        IndicatorValue.objects.create(
            indicator=indicator, category=category, period_start=period.start, period_end=period.end, value=7
        )
    indicator.april = period
    return indicator


@time_machine.travel(TODAY)
def test_a_new_comparator_shows_at_once(indicator, viewer_client):
    assert "No comparators entered." in read(viewer_client, indicator)

    Comparator.objects.create(
        indicator=indicator,
        period_start=indicator.april.start,
        period_end=indicator.april.end,
        area=Comparator.Area.ENGLAND,
        value=Decimal("12.5"),
    )

    after = read(viewer_client, indicator)
    assert "No comparators entered." not in after
    assert "12.5" in after


@time_machine.travel(TODAY)
def test_a_renamed_breakdown_category_shows_at_once(indicator, viewer_client):
    category = indicator.breakdown.categories.order_by("order").first()
    assert category.name in read(viewer_client, indicator)

    category.name = "Renamed category"
    category.save()

    assert "Renamed category" in read(viewer_client, indicator)


def test_a_form_sent_back_with_errors_shows_them_though_the_empty_form_was_kept(seed_plan, board_admin_client):
    indicator = Indicator.objects.get(plan=seed_plan, number="16")
    read(board_admin_client, indicator)  # the empty process-change form is kept

    response = board_admin_client.post(
        reverse("indicators:add_process_change", args=[indicator.number]),
        {"process-period": "2024-04", "process-reason": "A typed reason"},
    )

    sent_back = response.content.decode()
    assert "Enter a period from April 2013 to March 2024: within 5 years of the plan." in sent_back
    assert "A typed reason" in sent_back  # what was typed comes back with the message
    assert "A typed reason" not in read(board_admin_client, indicator)  # the next reading has the empty form


@time_machine.travel(TODAY)
def test_commentary_sent_back_with_errors_shows_them_though_the_empty_form_was_kept(indicator, board_admin_client):
    read(board_admin_client, indicator)  # the empty commentary form is kept

    response = board_admin_client.post(
        reverse("indicators:add_commentary", args=[indicator.number]),
        {"commentary-period": indicator.april.code, "commentary-story": "", "commentary-partners": "Typed partners"},
    )

    sent_back = response.content.decode()
    assert "Write the story behind the figure." in sent_back
    assert "Typed partners" in sent_back


def commentary_section(page):
    """The indicator page's commentary and its projects, from the heading "Commentary" to "Data"."""
    return page[page.index("<h2>Commentary</h2>") : page.index("<h2>Data</h2>")]


@time_machine.travel(TODAY)
def test_a_request_for_commentary_then_the_commentary_and_its_writers_name_show_at_once(
    indicator, viewer_client, board_admin_user
):
    assert "No commentary yet." in commentary_section(read(viewer_client, indicator))

    CommentaryRequest.objects.create(
        indicator=indicator,
        board=indicator.lead_board,
        period_start=indicator.april.start,
        period_end=indicator.april.end,
        reasons="Above its upper limit",
        due_on=datetime.date(2018, 6, 8),
    )
    asked = commentary_section(read(viewer_client, indicator))
    assert "is asked for commentary on" in asked and "Above its upper limit" in asked

    commentary = Commentary(
        indicator=indicator,
        period_start=indicator.april.start,
        period_end=indicator.april.end,
        author=board_admin_user,
        story="Referrals rose after the school holidays.",
    )
    commentary._history_user = board_admin_user  # the version's writer, as a signed-in save records it
    commentary.save()
    written = commentary_section(read(viewer_client, indicator))
    assert "is asked for commentary on" not in written  # the request is fulfilled
    assert "Referrals rose after the school holidays." in written

    board_admin_user.first_name, board_admin_user.last_name = "Renamed", "Writer"
    board_admin_user.save()
    assert "Renamed Writer" in commentary_section(read(viewer_client, indicator))


@time_machine.travel(TODAY)
def test_a_project_linked_or_renamed_shows_at_once(indicator, viewer_client):
    assert "No project is linked to this indicator." in commentary_section(read(viewer_client, indicator))

    project = Project.objects.get(number="2.3")
    project.indicators.add(indicator)
    assert f"2.3 {project.title}" in commentary_section(read(viewer_client, indicator))

    project.title = "Safer sleep campaign"
    project.save()
    assert "2.3 Safer sleep campaign" in commentary_section(read(viewer_client, indicator))


@time_machine.travel(TODAY)
def test_the_commentary_is_read_once_per_change(indicator, viewer_client):
    read(viewer_client, indicator)
    url = reverse("indicators:indicator", args=[indicator.number])
    with CaptureQueriesContext(connection) as queries:
        viewer_client.get(url)
    tables = [connection.ops.quote_name(table) for table in ("indicators_commentary", "indicators_commentaryrequest")]
    assert not [query["sql"] for query in queries if any(f"FROM {table}" in query["sql"] for table in tables)]


def aims_to_move(client):
    """Project 2.3's page, read twice, from "Indicators it aims to move" to its history of updates."""
    url = reverse("plans:project", args=["2.3"])
    page = [client.get(url).content.decode() for _ in range(2)][-1]
    return page[page.index("<h2>Indicators it aims to move</h2>") : page.index('id="history"')]


@time_machine.travel(TODAY)
def test_the_project_pages_indicators_show_a_new_link_figure_or_title_at_once(indicator, viewer_client):
    assert "No scorecard indicator is linked to this project." in aims_to_move(viewer_client)

    Project.objects.get(number="2.3").indicators.add(indicator)
    linked = aims_to_move(viewer_client)
    assert f"{indicator.number}. {indicator.title}" in linked
    assert f"({indicator.april.label})" in linked  # the latest figure's period

    later = Period.month(2018, 5) if indicator.frequency == "monthly" else Period.quarter(2018, 2)
    IndicatorValue.objects.create(indicator=indicator, period_start=later.start, period_end=later.end, value=45)
    assert f"({later.label})" in aims_to_move(viewer_client)

    indicator.title = "Referrals by who made them"
    indicator.save()
    assert f"{indicator.number}. Referrals by who made them" in aims_to_move(viewer_client)
