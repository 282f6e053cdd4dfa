"""Every page, as every role, checked by axe-core against WCAG 2.2 AA, and for reflow at 320 px.

Each role signs in once and walks the whole site: every page it can see, the error states of the
forms it can use, and the 403 page for those it cannot. On each page axe-core runs at desktop
width; then the window narrows to 320 px, where nothing may scroll sideways (a table may scroll
inside its .table-responsive box). Every problem on every page is collected and reported at the
end, so one run lists them all.

test_every_named_url_is_checked walks the URL configuration: a new page fails it until it is
added here, or listed in OUT_OF_SCOPE with the reason.
"""

import datetime
import time
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.urls import Resolver404, get_resolver, resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.warmup import url_names
from indicators.actions import lock_period
from indicators.models import Commentary, Indicator, PublicationSettings
from indicators.periods import Period
from papers.actions import request_board_pack
from papers.pack import generate_board_pack
from plans.actions import TimescaleRevision, update_project
from plans.models import Project, Status
from tests.browser.visits import DESKTOP, NARROW, OUT_OF_SCOPE, VISITS

from .axe import checked_once
from .helpers import PEOPLE, describe_violations, make_person, sign_in, write_demo_values

# The same ids in every run (reset_sequences), so that a page comes out the same on SQLite and PostgreSQL and
# is known clean in CI's second run (checked_once).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]


# --------------------------------------------------------------------------- the data every page shows

# The moment the battery's site is made at, the same in every run: the times its pages show (an update's, a board
# pack's, a sign-off's) are then the same too, so that a page is known clean in the next run (checked_once), such as
# CI's PostgreSQL run after its SQLite one, not only within one run. The pages are then read on the real clock.
MADE_AT = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def site(seed_plan, django_user_model, monkeypatch):
    """The adopted plan, five years of figures, one person per role, and what makes each page full, made at MADE_AT.

    seed_plan (tests/conftest.py) is `loaddata sscb_plan_2018_19`, done once per session and then re-inserted.
    """
    with time_machine.travel(MADE_AT, tick=False):
        made = make_site(seed_plan, django_user_model, monkeypatch)
    # A password reset link lasts three days (PASSWORD_RESET_TIMEOUT): made now, so that its form is shown.
    viewer = made["people"]["viewer"]
    uid = urlsafe_base64_encode(force_bytes(viewer.pk))
    return {**made, "reset_link": f"/accounts/reset/{uid}/{default_token_generator.make_token(viewer)}/"}


def make_site(seed_plan, django_user_model, monkeypatch):
    # The board pack's PDF is a download, out of scope here: a stand-in saves rendering one per role.
    monkeypatch.setattr("papers.pdf.render_pdf", lambda html, **kwargs: b"%PDF-1.7 not rendered in this test")
    write_demo_values()
    people = {role: make_person(django_user_model, person) for role, person in PEOPLE.items()}
    admin = people["board_administrator"]

    project = Project.objects.get(number="2.3")
    update_project(
        project_id=project.pk,
        author=people["lead_officer"],
        expected_revision=project.revision,
        status=Status.AT_RISK,
        note="Scoping meeting held; the specification goes to the board in June.",
        timescale_revision=TimescaleRevision(
            activity_id=project.activities.order_by("order").first().pk,
            revised_due=datetime.date(2018, 9, 1),
            reason="The provider asked for three more months.",
        ),
    )
    commentary = Commentary.objects.create(
        indicator=Indicator.objects.get(number="1"),
        author=people["board_member"],
        period_start=datetime.date(2019, 3, 1),
        period_end=datetime.date(2019, 3, 31),
        story="Contacts rose after the schools' awareness campaign in February.",
        actions="The front door is triaging the extra contacts within a day.",
    )
    lock_period(period=Period.parse("2018-04"), user=admin)

    PublicationSettings.objects.update_or_create(pk=1, defaults={"is_enabled": True})
    Indicator.objects.update(is_published=True)
    pack = generate_board_pack(
        plan=seed_plan,
        meeting_date=datetime.date(2019, 4, 25),
        as_at=Period.parse("2019-03"),
        user=admin,
    )

    pending = request_board_pack(
        plan=seed_plan, meeting_date=datetime.date(2019, 5, 23), as_at=Period.parse("2019-04"), user=admin
    )

    assurance = assurance_records(admin)

    return {
        "people": people,
        "pack": pack,
        "pending": pending,
        "commentary": commentary,
        **assurance,
    }


def assurance_records(admin):
    """An audit with two agencies (one return in), an action from it owned by Lynne Thomas, a risk, a meeting."""
    from assurance.actions import record_meeting, record_return, update_action
    from assurance.models import Action, Audit, AuditCycle, Recommendation, Review, Risk
    from plans.models import Agency, Officer, ProgrammeBoard

    police = Agency.objects.create(name="Northumbria Police", kind=Agency.Kind.POLICE)
    health = Agency.objects.create(name="City Hospitals Sunderland", kind=Agency.Kind.HEALTH)
    lynne = Officer.objects.get(name="Lynne Thomas")
    cycle = AuditCycle.objects.create(plan=Project.objects.get(number="2.3").plan, name="2018-19 audit cycle")
    audit = Audit.objects.create(
        cycle=cycle,
        kind=Audit.Kind.SECTION_11,
        title="Section 11 self-assessment 2018",
        lead_officer=lynne,
        lead_board=ProgrammeBoard.objects.get(short_name="P&QA PB"),
        return_deadline=datetime.date(2018, 10, 31),
        findings="Safer recruitment checks are not recorded consistently.",
    )
    audit.agencies.set([police, health])
    record_return(audit=audit, agency=police, submitted_on=datetime.date(2018, 10, 20))
    action = Action.objects.create(
        title="Record safer recruitment checks in one place",
        source=Action.Source.AUDIT,
        audit=audit,
        owner=lynne,
        due=datetime.date(2030, 1, 31),
    )
    update_action(action=action, author=admin, status=Action.Status.IN_PROGRESS, note="Template drafted.")
    risk = Risk.objects.create(
        title="Partners' contributions to the budget fall",
        owner=lynne,
        cause="Budgets under pressure",
        effect="The audit programme is cut",
        likelihood=3,
        impact=4,
        review_on=datetime.date(2019, 3, 1),
    )
    risk.projects.set([Project.objects.get(number="2.7")])
    meeting = record_meeting(
        board=ProgrammeBoard.objects.get(short_name="SSCB"),
        held_on=datetime.date(2018, 7, 12),
        quorum=3,
        present=[police, health],
        item_title="Learning from published serious case reviews",
        project=Project.objects.get(number="4.4"),
        decision="Agreed the SCR audit report and its action plan.",
    )
    review = Review.objects.create(kind=Review.Kind.SCR, published_name="Young Person Mark", status="completed")
    recommendation = Recommendation.objects.create(
        source=Recommendation.Source.REVIEW,
        review=review,
        text="Practitioners share information about risk outside the home.",
        owner=lynne,
    )
    return {
        "audit": audit,
        "action": action,
        "meeting": meeting,
        "review": review,
        "recommendation": recommendation,
        "agency": police,
    }


# --------------------------------------------------------------------------- the battery


def view_name(url):
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def widest_elements(page):
    """What sticks out past the right edge, outside a scrolling box: the elements to fix."""
    return page.evaluate(
        """() => {
          const edge = document.documentElement.clientWidth + 0.5, found = [];
          for (const el of document.querySelectorAll("body *")) {
            if (el.closest(".table-responsive")) continue;
            const box = el.getBoundingClientRect();
            if (box.right > edge) found.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`
              + ` (${Math.round(box.right)}px): ${(el.textContent || "").trim().slice(0, 60)}`);
          }
          return found.slice(0, 5);
        }"""
    )


def check_page(page, where):
    """axe-core at desktop width, then the width of the page at 320 px. Returns the problems found, and whether
    the page was measured (not known clean from an earlier check of the very same page: tests/browser/axe.py)."""

    def check(page, violations):
        problems = [describe_violations(where, violations)] if violations else []
        page.set_viewport_size(NARROW)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            problems.append(
                f"{where}: scrolls sideways at 320 px ({width}px wide): " + "; ".join(widest_elements(page))
            )
        page.set_viewport_size(DESKTOP)
        return problems

    return checked_once(page, check)


@pytest.mark.slow
@pytest.mark.parametrize("role", ["anonymous", *PEOPLE])
def test_every_page_passes_axe_and_reflows_at_320px(role, page, live_server, site, browser_problems):
    started = time.monotonic()
    page.set_viewport_size(DESKTOP)
    if role != "anonymous":
        sign_in(page, live_server.url, PEOPLE[role].username)

    problems, checked, measured, error_pages_seen = [], 0, 0, set()
    for visit in VISITS:
        if role not in visit.roles:
            continue
        path = visit.path(site) if callable(visit.path) else visit.path
        allowed = role in visit.allowed
        response = page.goto(f"{live_server.url}{path}")
        if visit.action is not None and allowed:
            response = visit.action(page)
        expected = visit.status if allowed else 403
        where = f"{visit.label} as {role} ({page.url.removeprefix(live_server.url)})"
        assert response.status == expected, f"{where}: expected {expected}, got {response.status}"
        if expected != 404:
            assert view_name(page.url) == visit.url_name, f"{where}: is {view_name(page.url)}, not {visit.url_name}"
        if expected >= 400:  # the browser logs the error status it was sent on purpose: not a problem
            expected_error = f"on {page.url}: Failed to load resource: the server responded with a status of {expected}"
            browser_problems[:] = [line for line in browser_problems if not line.endswith(expected_error)]
        if expected in error_pages_seen:
            continue  # the same 403 or 404 page again: checked once per role is enough
        if expected >= 400:
            error_pages_seen.add(expected)
        found, was_measured = check_page(page, where)
        problems += found
        checked += 1
        measured += was_measured

    print(
        f"\n{role}: {checked} pages checked in {time.monotonic() - started:.1f} s"
        f" ({checked - measured} known clean from an earlier check of the same page)"
    )
    assert not problems, f"{len(problems)} page(s) with accessibility problems:\n\n" + "\n\n".join(problems)


# --------------------------------------------------------------------------- every page is covered


def test_every_named_url_is_checked():
    visited = {visit.url_name for visit in VISITS}
    skipped = {name for name in OUT_OF_SCOPE if not name.endswith(":*")}
    skipped_namespaces = tuple(name.removesuffix("*") for name in OUT_OF_SCOPE if name.endswith(":*"))
    missing = sorted(
        name
        for name in url_names(get_resolver().url_patterns)
        if name not in visited and name not in skipped and not name.startswith(skipped_namespaces)
    )
    assert not missing, f"Pages no accessibility check visits (add a Visit, or list in OUT_OF_SCOPE): {missing}"
    stale = sorted((visited | skipped) - set(url_names(get_resolver().url_patterns)) - {None})
    assert not stale, f"Checked or excused URL names that no longer exist: {stale}"


# --------------------------------------------------------------------------- charts: words and a table

CHARTS = """() => [...document.querySelectorAll("svg[role=img]")].map((svg) => {
  const byIds = (svg.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean)
    .map((id) => document.getElementById(id)).map((el) => (el ? el.textContent : "")).join(" ");
  const name = (byIds || svg.getAttribute("aria-label") || "").replace(/\\s+/g, " ").trim();
  // Each point's tooltip reads "period: value" or "period: value (special cause, high)".
  const values = [...svg.querySelectorAll("circle > title, rect > title")]
    .map((title) => title.textContent.split(": ").slice(1).join(": ").replace(/ \\(special cause.*\\)$/, "").trim());
  const scope = svg.closest("article") || document.querySelector("main");
  const tables = [...scope.querySelectorAll("table")].map((table) => [...table.tBodies[0].rows]
    .map((row) => [...row.cells].map((cell) => cell.textContent.trim())));
  return {name, values, tables};
})"""


def table_holds(table, values):
    """Whether the table's body holds exactly these figures: one column of them, one row each, or a grid of them
    (a financial year a row, its months or quarters the columns, "—" where a period has no figure, ▲ or ▼ after
    a signalled one)."""
    if not values:
        return False
    columns = zip(*table, strict=False)
    if len(table) == len(values) and any(sorted(column) == sorted(values) for column in columns):
        return True
    grid = [cell.rstrip("▲▼ ") for row in table for cell in row[1:] if cell != "—"]
    return sorted(grid) == sorted(values)


@pytest.mark.slow
@pytest.mark.parametrize(
    "path", ["/scorecard/indicators/4/", "/scorecard/exceptions/?period=2019-03"], ids=["indicator", "exceptions"]
)
def test_every_chart_has_a_text_alternative_and_a_table_of_its_figures(page, live_server, site, path):
    sign_in(page, live_server.url, PEOPLE["viewer"].username)
    page.goto(f"{live_server.url}{path}")

    charts = page.evaluate(CHARTS)
    assert charts, f"No chart on {path}"
    assert page.get_by_role("img").count() >= len(charts)
    for chart in charts:
        assert chart["name"], f"A chart on {path} has no accessible name"
        assert len(chart["values"]) > 1, f"Chart {chart['name']!r} has no figures to check"
        assert any(table_holds(table, chart["values"]) for table in chart["tables"]), (
            f"No table beside chart {chart['name']!r} holds its {len(chart['values'])} figures"
        )


# --------------------------------------------------------------------------- the accessibility statement


def test_accessibility_statement_is_public_and_linked_from_every_page(client, django_user_model):
    response = client.get("/accessibility/")
    assert response.status_code == 200
    statement = response.content.decode()
    for words in (
        "Accessibility statement for the SSCB plan tracker",
        "Feedback and contact information",
        "Equality and Human Rights Commission",
        "Equality Advisory and Support Service",
        "partially compliant with the",
        "Web Content Accessibility Guidelines version 2.2",
        "How we tested this website",
        "This statement was prepared on 26 November 2026.",
    ):
        assert words in statement, words

    link = '<a href="/accessibility/">Accessibility statement</a>'
    assert link in client.get("/accounts/login/").content.decode()
    client.force_login(django_user_model.objects.create_user("reader"))
    assert link in client.get("/").content.decode()
