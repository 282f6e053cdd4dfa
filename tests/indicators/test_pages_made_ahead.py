"""Indicator pages made ahead (indicators.ahead): after new figures the worker makes what each indicator page keeps,
so that its first reader, in any process of the machine, finds it made and sees the new figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from core import datacache as kept
from demo import values as demo_values
from indicators import ahead
from indicators import datacache as indicators_datacache
from indicators.models import IndicatorValue
from indicators.periods import Period
from indicators.tasks import make_indicator_pages_ahead
from indicators.values import service
from plans.models import Plan
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db

PAGES_AHEAD = "indicators.tasks.make_indicator_pages_ahead"
MONTHS = [Period.month(2018, month) for month in range(4, 13)]


@pytest.fixture
def plan():
    """A current plan with three monthly indicators, each with nine figures."""
    plan = PlanFactory(is_current=True)
    for number in ("1", "2", "3"):
        indicator = IndicatorFactory(outcome__plan=plan, number=number, frequency="monthly", unit="count")
        for offset, month in enumerate(MONTHS):
            IndicatorValueFactory(
                indicator=indicator, period_start=month.start, period_end=month.end, value=Decimal(20 + offset)
            )
    return plan


def queued_pages_ahead():
    return DBTaskResult.objects.filter(task_path=PAGES_AHEAD, status="READY").count()


def save_value(indicator, month, value, user):
    row = IndicatorValue(indicator=indicator, period_start=month.start, period_end=month.end, value=Decimal(value))
    return service.save([service.Edit(row)], user=user, reason="test")


def as_another_process():
    """Forget what this process keeps in its memory: only the machine's shared folder is left (core.cache)."""
    kept.forget_kept()
    caches["local"].clear()


@pytest.fixture
def made_by_reader(monkeypatch):
    """Which indicator pages' kept parts a request computed itself: their tables and figures (the costly part)."""
    from indicators.views import scorecard

    computed = []
    tables, figures = scorecard._indicator_tables, scorecard.figure_rows

    def own_tables(indicator, plan, row):
        computed.append(indicator.number)
        return tables(indicator, plan, row)

    def own_figures(row):
        computed.append(row.indicator.number)
        return figures(row)

    monkeypatch.setattr(scorecard, "_indicator_tables", own_tables)
    monkeypatch.setattr(scorecard, "figure_rows", own_figures)
    return computed


def test_a_figure_saved_queues_the_pages_ahead_once_it_is_committed(
    plan, board_admin_user, django_capture_on_commit_callbacks
):
    indicator = plan.indicators.get(number="2")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        save_value(indicator, Period.month(2019, 1), "31", board_admin_user)
        assert queued_pages_ahead() == 0  # not before the figure is committed

    assert callbacks[-1] == make_indicator_pages_ahead.enqueue  # after the commentary's, if any
    assert queued_pages_ahead() == 1


def test_without_a_worker_apart_a_save_is_not_held_while_the_pages_are_made(
    plan, board_admin_user, settings, django_capture_on_commit_callbacks, made_by_reader
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        save_value(plan.indicators.get(number="2"), Period.month(2019, 1), "31", board_admin_user)

    assert make_indicator_pages_ahead.enqueue not in callbacks
    assert made_by_reader == []  # no page was made in the request


def test_demonstration_figures_queue_the_pages_ahead(plan, settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True  # demonstration data is refused with DEBUG off

    with django_capture_on_commit_callbacks(execute=True):
        demo_values.write(plan, end=datetime.date(2019, 3, 31), years=1)
    assert queued_pages_ahead() == 1

    with django_capture_on_commit_callbacks(execute=True):
        demo_values.clear()
    assert queued_pages_ahead() == 2


def test_the_first_reader_after_new_figures_finds_the_page_made_with_them(
    plan, board_admin_user, viewer_client, run_worker, made_by_reader, django_capture_on_commit_callbacks
):
    indicator = plan.indicators.get(number="2")
    url = reverse("indicators:indicator", args=["2"])
    assert "654" not in viewer_client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        save_value(indicator, Period.month(2019, 1), "654", board_admin_user)
    run_worker()
    as_another_process()
    made_by_reader.clear()

    page = viewer_client.get(url)

    assert page.status_code == 200
    assert "654" in page.content.decode()
    assert made_by_reader == []  # made by the worker, not by this reader


def test_without_the_worker_the_first_reader_makes_the_page(plan, board_admin_user, viewer_client, made_by_reader):
    save_value(plan.indicators.get(number="2"), Period.month(2019, 1), "654", board_admin_user)
    as_another_process()

    page = viewer_client.get(reverse("indicators:indicator", args=["2"]))

    assert "654" in page.content.decode()
    assert made_by_reader == ["2", "2"]


def test_a_figure_saved_after_the_pages_were_made_shows_at_once(plan, board_admin_user, viewer_client):
    assert ahead.make_pages_ahead() == 3

    save_value(plan.indicators.get(number="3"), Period.month(2019, 1), "987", board_admin_user)

    assert "987" in viewer_client.get(reverse("indicators:indicator", args=["3"])).content.decode()


def test_pages_are_made_once_per_change_of_the_figures(plan):
    assert ahead.make_pages_ahead() == 3
    assert ahead.make_pages_ahead() == 0  # a second run queued for the same figures

    indicators_datacache.bump()

    assert ahead.make_pages_ahead() == 3


def test_a_run_stops_when_the_figures_change_under_it(plan, monkeypatch):
    from indicators.views import scorecard

    page = scorecard.indicator_detail

    def read_then_write(request, number):
        response = page(request, number=number)
        indicators_datacache.bump()  # someone saves a figure while the worker reads the first page
        return response

    monkeypatch.setattr(scorecard, "indicator_detail", read_then_write)

    assert ahead.make_pages_ahead() == 1
    monkeypatch.setattr(scorecard, "indicator_detail", page)
    assert ahead.make_pages_ahead() == 3  # the run the write queued makes them all


def test_nothing_is_made_without_a_current_plan():
    assert not Plan.objects.exists()
    assert ahead.make_pages_ahead() == 0
