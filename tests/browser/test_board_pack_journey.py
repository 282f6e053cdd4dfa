"""A board administrator requests a board pack in a real browser: it is queued at once, then shown when ready.

The background worker is run by the test (the `run_worker` fixture) while the page waits: with JavaScript
the page asks status.json every few seconds and opens the pack when it is ready; without it, a meta refresh
in <noscript> reloads the page until then.
"""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from core.permissions import BOARD_ADMINISTRATOR
from indicators.periods import Period
from papers import tasks
from papers.models import BoardPack, BoardPackRequest
from tests.browser.helpers import sign_in
from tests.core.factories import PASSWORD
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory
from tests.plans.factories import ActivityFactory, PlanFactory, ProjectFactory, ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REQUEST_PAGE = re.compile(r"/board-packs/requests/\d+/$")
PACK_PAGE = re.compile(r"/board-packs/\d+/$")
READY_WITHIN_MS = 30_000


@pytest.fixture
def plan_with_a_figure(db):
    plan = PlanFactory(is_current=True)
    indicator = IndicatorFactory(outcome__plan=plan, frequency="monthly", unit="count")
    march = Period.month(2019, 3)
    IndicatorValueFactory(indicator=indicator, period_start=march.start, period_end=march.end, value=Decimal(12))
    project = ProjectFactory(theme=ThemeFactory(plan=plan, number=1), number="1.1", status="on_track")
    ActivityFactory(project=project, order=1, due=datetime.date(2019, 2, 1))
    return plan


@pytest.fixture
def brenda(plan_with_a_figure, make_role_user):
    return make_role_user("brenda", BOARD_ADMINISTRATOR, first_name="Brenda", last_name="Admin", is_staff=True)


def request_a_pack(page, base_url):
    page.goto(f"{base_url}/board-packs/")
    page.get_by_label("Meeting date").fill("2019-04-18")
    page.get_by_label("Reporting month").fill("2019-03")
    page.get_by_label("Plan progress as at").fill("2019-03-31")
    page.get_by_role("button", name="Generate the pack").click()
    page.wait_for_url(REQUEST_PAGE)


def test_board_pack_requested_answers_queued_then_shows_the_ready_pack_without_a_reload(
    page, live_server, brenda, run_worker
):
    sign_in(page, live_server.url, "brenda", PASSWORD)

    request_a_pack(page, live_server.url)

    status = page.locator("[data-pack-status-url]")
    expect(status).to_contain_text("Queued.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Board pack for the meeting of 18 April 2019")
    assert "plan progress as at 31 March 2019" in page.locator("main").inner_text()
    assert not BoardPack.objects.exists()  # the request answered before any pack was made

    run_worker()  # the page is left alone: its script notices the pack is ready

    page.wait_for_url(PACK_PAGE, timeout=READY_WITHIN_MS)
    pack = BoardPack.objects.get()
    assert page.url == f"{live_server.url}/board-packs/{pack.pk}/"
    expect(page.get_by_text("Board pack generated for the meeting of 18 April 2019.")).to_be_visible()
    expect(page.get_by_role("heading", name="1. Plan progress as at 31 March 2019")).to_be_visible()
    download = page.get_by_role("link", name="Download the PDF")
    expect(download).to_be_visible()
    assert download.get_attribute("href") == f"/board-packs/{pack.pk}/pdf/"
    pdf = page.request.get(f"{live_server.url}{download.get_attribute('href')}")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")


def test_board_pack_request_failure_says_why_without_a_reload(page, live_server, brenda, run_worker, monkeypatch):
    def broken(**kwargs):
        raise ValueError("the scorecard could not be read")

    monkeypatch.setattr(tasks, "generate_board_pack", broken)
    sign_in(page, live_server.url, "brenda", PASSWORD)
    request_a_pack(page, live_server.url)
    status = page.locator("[role=status][aria-live=polite]")
    expect(status).to_contain_text("Queued.")

    run_worker()

    expect(status).to_contain_text(
        "Failed. The pack could not be made: the scorecard could not be read. Nothing was stored",
        timeout=READY_WITHIN_MS,
    )
    assert REQUEST_PAGE.search(page.url)
    assert BoardPackRequest.objects.get().state == BoardPackRequest.State.FAILED
    expect(page.get_by_role("link", name="Refresh now")).to_have_count(0)  # a finished request stops refreshing


def test_board_pack_request_without_javascript_refreshes_itself_until_ready(browser, live_server, brenda, run_worker):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, live_server.url, "brenda", PASSWORD)
        request_a_pack(page, live_server.url)

        expect(page.locator("[data-pack-status-url]")).to_contain_text("Queued.")
        refresh = page.locator('meta[http-equiv="refresh"]')
        expect(refresh).to_have_count(1)
        assert refresh.get_attribute("content") == "3"

        run_worker()

        page.wait_for_url(PACK_PAGE, timeout=READY_WITHIN_MS)  # the meta refresh reloaded the page
        expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
    finally:
        context.close()
