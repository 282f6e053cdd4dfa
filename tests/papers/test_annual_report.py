"""The annual report summary: completed and carried-forward work, the scorecard outcome by outcome, its PDF."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from indicators.periods import Period
from plans.models import StatusUpdate
from tests.papers.helpers import ANNUAL_URL, LIST_URL, MISSING_TITLE, RED_TITLE, pdf_text, words

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- the annual report


@time_machine.travel(datetime.datetime(2019, 5, 20, 12, 0, tzinfo=datetime.UTC))
def test_annual_report_lists_completed_and_carried_forward_with_reasons(plan_data, viewer_client):
    response = viewer_client.get(ANNUAL_URL)

    assert response.status_code == 200
    [theme] = response.context["report"].themes
    completed = timezone.localdate(StatusUpdate.objects.get(note="Strategy launched.").created_at)
    assert [(p.number, day) for p, day in theme.completed_projects] == [("1.1", completed)]
    assert [(a.description, a.completed_on) for a in theme.completed_activities] == [
        ("Strategy published", datetime.date(2018, 10, 15)),
        ("First cohort trained", datetime.date(2019, 1, 10)),
    ]
    assert [(c.activity.description, c.reason) for c in theme.carried_forward] == [
        ("Case system in place", "Waiting for the new case system"),  # the revision's reason
        ("Second cohort trained", "Partners agreed the plan."),  # the project's latest note
        ("Toolkit reviewed", "No reason recorded"),  # project 1.3 has no update
    ]
    html = words(response.content.decode())
    assert "Activities carried forward (not complete on 31 March 2019)" in html
    assert "Strategy published" in html and "15 October 2018" in html
    assert "Waiting for the new case system" in html and "Timescale revised to June 2019" in html
    assert "No reason recorded" in html


@time_machine.travel(datetime.datetime(2019, 5, 20, 12, 0, tzinfo=datetime.UTC))
def test_annual_report_counts_the_scorecard_outcome_by_outcome(plan_data, viewer_client):
    response = viewer_client.get(ANNUAL_URL, {"plan": "2018-19"})

    report = response.context["report"]
    counts = [
        (o.outcome.number, o.indicators, o.green, o.amber, o.red, o.no_rating, o.improving, o.worsening)
        for o in report.outcomes
    ]
    assert report.as_at == Period.month(2019, 3)
    assert counts == [(1, 2, 1, 0, 1, 0, 1, 1), (2, 2, 1, 0, 0, 1, 1, 0)]
    assert [[row.indicator.number for row in o.exceptions] for o in report.outcomes] == [["16"], ["41"]]
    html = words(response.content.decode())
    assert "2 indicators: 1 green, 0 amber, 1 red, 0 without a rating; 1 improving and 1 worsening" in html
    assert f"16. {RED_TITLE}" in html and f"41. {MISSING_TITLE}" in html


def test_annual_report_unknown_plan_says_so_next_to_the_choice(plan_data, viewer_client):
    response = viewer_client.get(ANNUAL_URL, {"plan": "1999-00"})

    assert response.status_code == 404
    assert "There is no plan with the code &#x27;1999-00&#x27;" in response.content.decode()
    assert 'aria-describedby="plan-error"' in response.content.decode()


def test_annual_report_pdf_holds_the_same_summary(plan_data, viewer_client):
    response = viewer_client.get(reverse("papers:annual_report_pdf"), {"plan": "2018-19"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="annual-report-2018-19.pdf"'
    text = pdf_text(response.content)
    assert "Annual report summary" in text and "Strategy published" in text and "No reason recorded" in text
    assert f"16. {RED_TITLE}" in text
    root = PdfReader(io.BytesIO(response.content)).trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged (PDF/UA-1): headings and tables reach a screen reader
    assert root["/Lang"] == "en-GB"


def test_navigation_links_to_board_packs_and_the_annual_report(plan_data, viewer_client):
    html = viewer_client.get(reverse("home")).content.decode()

    assert f'href="{LIST_URL}"' in html and ">Board packs<" in html
    assert f'href="{ANNUAL_URL}"' in html and ">Annual report<" in html
