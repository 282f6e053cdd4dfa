"""Board packs are made in the background: the request answers at once, a worker makes the pack."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from papers import tasks
from papers.models import BoardPack, BoardPackRequest
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory
from tests.plans.factories import PlanFactory

LIST_URL = reverse("papers:list")
MEETING = {"meeting_date": "2018-08-16", "period": "2018-06"}


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


def test_generating_a_pack_answers_at_once_with_the_request_queued(plan_with_a_figure, board_admin_client):
    response = board_admin_client.post(LIST_URL, MEETING)

    pack_request = BoardPackRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("papers:request", args=[pack_request.pk])
    assert pack_request.state == BoardPackRequest.State.QUEUED
    assert not BoardPack.objects.exists()  # nothing was rendered inside the request
    assert DBTaskResult.objects.count() == 1  # the worker's job is stored with the request

    page = board_admin_client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Queued." in html
    assert '<noscript><meta http-equiv="refresh"' in html  # refreshes itself without JavaScript
    assert f'data-pack-status-url="{reverse("papers:request_status", args=[pack_request.pk])}"' in html
    status = board_admin_client.get(reverse("papers:request_status", args=[pack_request.pk])).json()
    assert status == {
        "state": "queued",
        "label": "Queued",
        "finished": False,
        "error": "",
        "url": reverse("papers:request", args=[pack_request.pk]),
    }
    assert "Being made, or failed" in board_admin_client.get(LIST_URL).content.decode()


def test_the_worker_makes_the_pack_and_the_request_page_then_shows_it(
    run_worker, plan_with_a_figure, board_admin_client
):
    board_admin_client.post(LIST_URL, MEETING)
    pack_request = BoardPackRequest.objects.get()

    run_worker()

    pack_request.refresh_from_db()
    pack = BoardPack.objects.get()
    assert pack_request.state == BoardPackRequest.State.READY
    assert pack_request.pack == pack
    assert bytes(pack.pdf).startswith(b"%PDF")
    assert (pack.meeting_date, pack.reporting_period.code) == (datetime.date(2018, 8, 16), "2018-06")
    status = board_admin_client.get(reverse("papers:request_status", args=[pack_request.pk])).json()
    assert (status["state"], status["finished"]) == ("ready", True)
    page = board_admin_client.get(reverse("papers:request", args=[pack_request.pk]))
    assert page.status_code == 302
    assert page["Location"] == reverse("papers:detail", args=[pack.pk])


def test_a_failed_pack_says_so_and_why_and_stores_nothing(
    run_worker, plan_with_a_figure, board_admin_client, monkeypatch
):
    def broken(**kwargs):
        raise ValueError("the scorecard could not be read")

    monkeypatch.setattr(tasks, "generate_board_pack", broken)
    board_admin_client.post(LIST_URL, MEETING)
    pack_request = BoardPackRequest.objects.get()

    run_worker()

    pack_request.refresh_from_db()
    assert pack_request.state == BoardPackRequest.State.FAILED
    assert "the scorecard could not be read" in pack_request.error
    assert not BoardPack.objects.exists()
    html = board_admin_client.get(reverse("papers:request", args=[pack_request.pk])).content.decode()
    assert "Failed." in html and "the scorecard could not be read" in html
    assert "http-equiv" not in html  # a finished request stops refreshing
    status = board_admin_client.get(reverse("papers:request_status", args=[pack_request.pk])).json()
    assert status["finished"] is True and "could not be read" in status["error"]


def test_an_unexpected_error_is_named_without_its_details(
    run_worker, plan_with_a_figure, board_admin_client, monkeypatch
):
    def broken(**kwargs):
        raise OSError("/var/lib/secret/path missing")

    monkeypatch.setattr(tasks, "generate_board_pack", broken)
    board_admin_client.post(LIST_URL, MEETING)

    run_worker()

    error = BoardPackRequest.objects.get().error
    assert "unexpected error (OSError)" in error and "/var/lib" not in error


def test_a_request_is_made_once_even_if_queued_twice(run_worker, plan_with_a_figure, board_admin_client):
    board_admin_client.post(LIST_URL, MEETING)
    pack_request = BoardPackRequest.objects.get()
    run_worker()

    pack_request.refresh_from_db()
    assert tasks.make_board_pack.call(pack_request.pk) == pack_request.pack_id

    assert BoardPack.objects.count() == 1


def test_only_board_administrators_request_packs(plan_with_a_figure, viewer_client):
    response = viewer_client.post(LIST_URL, MEETING)

    assert response.status_code == 403
    assert not BoardPackRequest.objects.exists()
