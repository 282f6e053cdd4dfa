"""The scorecard fits the screen (a laptop, a wide monitor, a phone) and A4 landscape, with five years of figures.

At 1366 px (a common laptop) and 1920 px no table scrolls sideways, and every trend line is on screen;
at 390 px (a phone) each indicator is a card and nothing scrolls sideways either. The exception report
and the board pack, which share the scorecard's parts, are measured at the laptop width too.
"""

import datetime

import pytest

from core.permissions import BOARD_ADMINISTRATOR, VIEWER
from indicators.periods import Period
from papers.pack import generate_board_pack
from tests.core.factories import PASSWORD

from .helpers import sign_in, write_demo_values

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}
MONITOR = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
A4_LANDSCAPE = {"width": 1047, "height": 718}  # 297 x 210 mm less the 10 mm margins, at 96 CSS px an inch

# Each table's scrollWidth and clientWidth, the page's scrollWidth, and every sparkline's box.
MEASURE = """() => ({
  page: document.documentElement.scrollWidth,
  viewport: document.documentElement.clientWidth,
  tables: [...document.querySelectorAll("main table")].map((table) => {
    const box = table.closest(".table-responsive") || table;
    return {caption: table.caption ? table.caption.textContent.trim() : table.className,
            scroll: Math.max(table.scrollWidth, box.scrollWidth), client: box.clientWidth};
  }),
  sparklines: [...document.querySelectorAll("main svg.sparkline")].map((svg) => {
    const r = svg.getBoundingClientRect();
    return {label: svg.getAttribute("aria-label"), left: r.left, right: r.right, width: r.width};
  }),
})"""


@pytest.fixture
def full_scorecard(seed_plan, make_role_user, monkeypatch):
    """The adopted plan with five years of figures, a viewer, and a board pack for March 2019."""
    monkeypatch.setattr("papers.pdf.render_pdf", lambda html, **kwargs: b"%PDF-1.7 not rendered in this test")
    write_demo_values()
    admin = make_role_user("brenda", BOARD_ADMINISTRATOR, is_staff=True)
    pack = generate_board_pack(
        plan=seed_plan, meeting_date=datetime.date(2019, 4, 25), as_at=Period.parse("2019-03"), user=admin
    )
    make_role_user("vera", VIEWER)
    return {"pack": pack}


def too_wide(measured):
    """What scrolls sideways: the page, or a table inside its box."""
    problems = []
    if measured["page"] > measured["viewport"]:
        problems.append(f"the page is {measured['page']} px wide in a {measured['viewport']} px window")
    for table in measured["tables"]:
        if table["scroll"] > table["client"]:
            problems.append(f"{table['caption']}: {table['scroll']} px wide in a {table['client']} px box")
    return problems


def off_screen_sparklines(measured):
    return [
        f"{spark['label']} ({spark['left']:.0f} to {spark['right']:.0f} px)"
        for spark in measured["sparklines"]
        if spark["left"] < 0 or spark["right"] > measured["viewport"] or spark["width"] == 0
    ]


def visit(page, url, viewport):
    page.set_viewport_size(viewport)
    page.goto(url)
    return page.evaluate(MEASURE)


def test_scorecard_fits_a_laptop_and_a_monitor_and_is_cards_on_a_phone(page, live_server, full_scorecard):
    sign_in(page, live_server.url, "vera", PASSWORD)
    scorecard = f"{live_server.url}/scorecard/"

    for viewport in (LAPTOP, MONITOR):
        measured = visit(page, scorecard, viewport)
        where = f"at {viewport['width']} px"
        assert len(measured["tables"]) >= 3, f"{where}: the scorecard shows no tables"
        assert not too_wide(measured), f"{where}: " + "; ".join(too_wide(measured))
        assert len(measured["sparklines"]) > 50, f"{where}: the trend lines are missing"
        assert not off_screen_sparklines(measured), f"{where}: " + "; ".join(off_screen_sparklines(measured))
        # Every column's heading is on screen, the comparators' last.
        headers = page.locator("main table").first.locator("thead th")
        last = headers.nth(headers.count() - 1).bounding_box()
        assert last["x"] + last["width"] <= viewport["width"], f"{where}: the last column is off screen"

    measured = visit(page, scorecard, PHONE)
    assert not too_wide(measured), "at 390 px: " + "; ".join(too_wide(measured))
    row = page.locator("main table.scorecard-cards tbody tr").first
    assert row.evaluate("tr => getComputedStyle(tr).display") == "block", "at 390 px the rows are not cards"
    # Each value in a card is labelled with its column's heading.
    label = row.locator("[data-label='Target']").evaluate("td => getComputedStyle(td, '::before').content")
    assert label.startswith('"Target"'), label
    assert not off_screen_sparklines(measured), "at 390 px: " + "; ".join(off_screen_sparklines(measured))

    # Printed on A4 landscape: the menus and filters are left out, and every column is on the page.
    page.emulate_media(media="print")
    measured = visit(page, scorecard, A4_LANDSCAPE)
    assert not too_wide(measured), "printed on A4 landscape: " + "; ".join(too_wide(measured))
    assert page.locator(".site-header").is_hidden() and page.locator(".scorecard-filters").is_hidden()
    assert page.locator("main table.scorecard-cards tbody tr").first.evaluate("tr => getComputedStyle(tr).display") == (
        "table-row"
    )


def test_exception_report_and_board_pack_fit_a_laptop(page, live_server, full_scorecard):
    sign_in(page, live_server.url, "vera", PASSWORD)
    for path in ("/scorecard/exceptions/?period=2019-03", f"/board-packs/{full_scorecard['pack'].pk}/"):
        measured = visit(page, f"{live_server.url}{path}", LAPTOP)
        assert measured["tables"], f"{path}: no tables"
        assert not too_wide(measured), f"{path} at 1366 px: " + "; ".join(too_wide(measured))
