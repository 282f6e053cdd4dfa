"""The exception report shows its exceptions 25 to a page, in the report's order, with links to the other pages;
a report of 25 or fewer is one page with no links."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Commentary, CommentaryRequest, IndicatorValue, Target
from indicators.periods import Period
from indicators.views.scorecard import EXCEPTIONS_PER_PAGE

pytestmark = pytest.mark.django_db

REPORT = "/scorecard/exceptions/?period=2019-03"
SHOWN = re.compile(r'<article class="border rounded p-3 mb-4" aria-labelledby="exception-(\d+)">')
COUNT = re.compile(r"(\d+) of (\d+) indicators need the board's attention")


@pytest.fixture
def every_indicator_an_exception(seed_plan):
    """One indicator with a year of figures to March 2019, so the report runs to that month; every other one has no
    figure at all and is an exception (missing after its deadline)."""
    indicator = seed_plan.indicators.get(number="16")
    for month in range(12):
        period = Period.month(2018, 4).shifted(month)
        IndicatorValue.objects.create(
            indicator=indicator, period_start=period.start, period_end=period.end, value=Decimal(50)
        )
    return seed_plan


def read(client, url):
    page = client.get(url)
    assert page.status_code == 200
    return page.content.decode()


@time_machine.travel(datetime.date(2019, 5, 10))
def test_every_exception_is_on_exactly_one_page_in_the_reports_order(every_indicator_an_exception, viewer_client):
    first = read(viewer_client, REPORT)
    exceptions = int(COUNT.search(first)[1])
    assert exceptions > 2 * EXCEPTIONS_PER_PAGE  # three pages at least
    pages = -(-exceptions // EXCEPTIONS_PER_PAGE)

    shown = []
    for number in range(1, pages + 1):
        page = read(viewer_client, f"{REPORT}&page={number}")
        on_this_page = SHOWN.findall(page)
        assert len(on_this_page) == min(EXCEPTIONS_PER_PAGE, exceptions - (number - 1) * EXCEPTIONS_PER_PAGE)
        start = (number - 1) * EXCEPTIONS_PER_PAGE + 1
        assert f"{start} to {start + len(on_this_page) - 1} are on this page" in page
        shown += on_this_page

    assert len(shown) == len(set(shown)) == exceptions
    assert SHOWN.findall(first) == shown[:EXCEPTIONS_PER_PAGE]  # the first page is the report without a page asked


@time_machine.travel(datetime.date(2019, 5, 10))
def test_the_pages_links_keep_the_month_and_mark_the_page_shown(every_indicator_an_exception, viewer_client):
    page = read(viewer_client, f"{REPORT}&page=2")
    pager = page[page.index('<nav aria-label="Pages of the exception report"') :].split("</nav>")[0]

    assert 'href="?period=2019-03&amp;page=1"' in pager  # Previous, and page 1
    assert 'href="?period=2019-03&amp;page=3"' in pager  # Next, and page 3
    assert re.search(r'href="\?period=2019-03&amp;page=2" aria-current="page"', pager)
    assert ">Previous<" in pager and ">Next<" in pager


@time_machine.travel(datetime.date(2019, 5, 10))
@pytest.mark.parametrize(("asked", "shown"), [("a-word", 1), ("0", 1), ("999", "last")])
def test_a_page_that_does_not_exist_shows_the_nearest(every_indicator_an_exception, viewer_client, asked, shown):
    exceptions = int(COUNT.search(read(viewer_client, REPORT))[1])
    last = -(-exceptions // EXCEPTIONS_PER_PAGE)
    number = last if shown == "last" else shown

    page = read(viewer_client, f"{REPORT}&page={asked}")

    assert SHOWN.findall(page) == SHOWN.findall(read(viewer_client, f"{REPORT}&page={number}"))


@time_machine.travel(datetime.date(2019, 5, 10))
def test_a_page_costs_the_same_queries_whichever_page(every_indicator_an_exception, viewer_client):
    read(viewer_client, REPORT)
    counts = []
    for number in (1, 2, 3):
        with CaptureQueriesContext(connection) as queries:
            read(viewer_client, f"{REPORT}&page={number}")
        counts.append(len(queries))
    assert len(set(counts)) == 1


def test_a_report_of_a_page_or_less_has_no_links_to_other_pages(demo, viewer_client):
    page = read(viewer_client, "/scorecard/exceptions/")

    exceptions = int(COUNT.search(page)[1])
    assert 0 < exceptions <= EXCEPTIONS_PER_PAGE
    assert len(SHOWN.findall(page)) == exceptions
    assert "Pages of the exception report" not in page
    assert "are on this page" not in page


# --------------------------------------------------------------------------- each exception kept, never stale


def exception_of(page, indicator):
    """The exception report's article about `indicator`."""
    start = page.index(f'aria-labelledby="exception-{indicator.pk}"')
    return page[start : page.index("</article>", start)]


@pytest.fixture
def late_figure(every_indicator_an_exception):
    """Indicator 1, with no figure at all: an exception (missing) on the report's first page."""
    return every_indicator_an_exception.indicators.get(number="1")


IN_THE_YEAR = "/scorecard/exceptions/?period=2018-12"  # read within the plan's year: judged on the day it is read


def test_an_exception_shows_a_request_for_commentary_and_its_falling_due_at_once(late_figure, viewer_client):
    december = Period.month(2018, 12)
    with time_machine.travel(datetime.date(2019, 2, 11), tick=False):
        assert "Commentary due" not in exception_of(read(viewer_client, IN_THE_YEAR), late_figure)
        CommentaryRequest.objects.create(
            indicator=late_figure,
            board=late_figure.lead_board,
            period_start=december.start,
            period_end=december.end,
            due_on=datetime.date(2019, 2, 12),
        )
        assert "Commentary due 12 February 2019" in exception_of(read(viewer_client, IN_THE_YEAR), late_figure)

    with time_machine.travel(datetime.date(2019, 2, 13), tick=False):  # no write since: only the day has changed
        late = exception_of(read(viewer_client, IN_THE_YEAR), late_figure)
        assert "Commentary overdue: it was due on 12 February 2019" in late

        assert "Commentary overdue" in late  # and it stays so until commentary for December is written


def test_an_exceptions_commentary_and_its_writers_new_name_show_at_once(every_indicator_an_exception, viewer_client):
    red = every_indicator_an_exception.indicators.get(number="16")  # 50 every month, against a target of 95
    Target.objects.create(
        indicator=red, period_start=datetime.date(2018, 4, 1), period_end=datetime.date(2019, 3, 31), value=95
    )
    december = Period.month(2018, 12)
    with time_machine.travel(datetime.date(2019, 2, 11), tick=False):
        assert "No commentary yet" in exception_of(read(viewer_client, IN_THE_YEAR), red)

        author = viewer_client.get("/").wsgi_request.user
        Commentary.objects.create(
            indicator=red,
            period_start=december.start,
            period_end=december.end,
            author=author,
            story="Staffing fell short over the winter.",
        )
        assert "Staffing fell short over the winter." in exception_of(read(viewer_client, IN_THE_YEAR), red)

        author.first_name, author.last_name = "Renamed", "Author"
        author.save()
        assert "Renamed Author" in exception_of(read(viewer_client, IN_THE_YEAR), red)
