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
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from indicators.actions import lock_period
from indicators.models import Commentary, Indicator, PublicationSettings
from indicators.periods import Period
from papers.actions import request_board_pack
from papers.pack import generate_board_pack
from plans.actions import TimescaleRevision, update_project
from plans.models import Project, Status

from .helpers import PEOPLE, axe_violations, describe_violations, make_person, sign_in, write_demo_values

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}

SIGNED_IN = frozenset(PEOPLE)
ANONYMOUS = frozenset({"anonymous"})
EVERYONE = SIGNED_IN | ANONYMOUS
UPDATERS = frozenset({"lead_officer", "board_administrator"})  # Lynne Thomas leads project 2.3
IMPORTERS = frozenset({"data_officer", "board_administrator"})
ADMINS = frozenset({"board_administrator"})
COMMENTERS = frozenset({"board_member", "board_administrator"})  # the board member sits on indicator 1's board

BAD_ROW_CSV = "indicator,period,category,value,note\n1,2019-02,,1834,\n2,2019-02,,N/A,\n3,2019-02,,412,\n"


# --------------------------------------------------------------------------- what is visited


def submit(button):
    """An action that presses the named button and waits for the page that comes back."""

    def act(page):
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=button).click()
        return navigation.value

    return act


def update_with_no_note(page):
    page.get_by_label("Project status").select_option(label="Delayed")
    page.get_by_label("Note").fill("")
    return submit("Save update")(page)


def entry_with_a_bad_value(page):
    page.locator("input[name$='value']").first.fill("lots")
    return submit("Save values for March 2019")(page)


def upload_bad_row(page):
    page.get_by_label("File").set_input_files(
        files=[{"name": "february.csv", "mimeType": "text/csv", "buffer": BAD_ROW_CSV.encode()}]
    )
    return submit("Upload and preview")(page)


def upload_example_plan(page):
    example = settings.BASE_DIR / "fixtures" / "plan_2020_21_example.xlsx"
    page.get_by_label("Plan workbook").set_input_files(
        files=[
            {
                "name": example.name,
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": example.read_bytes(),
            }
        ]
    )
    return submit("Upload and preview")(page)


def wrong_password(page):
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("not-the-password")
    return submit("Sign in")(page)


def locked_out(page):
    """Too many wrong passwords: signing in is locked for a while (django-axes)."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Username").fill("forgetful")
        page.get_by_label("Password").fill("not-the-password")
        response = submit("Sign in")(page)
    return response


def expired_form(page):
    """A form sent without its security token (as when it sat open too long): the CSRF failure page."""
    page.locator("input[name=csrfmiddlewaretoken]").evaluate("input => input.remove()")
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("not-the-password")
    return submit("Sign in")(page)


def pack_with_a_bad_month(page):
    page.get_by_label("Reporting month").fill("March")
    return submit("Generate the pack")(page)


def bad_email(page):
    page.get_by_label("Email").fill("not an address")
    return submit("Send the link")(page)


@dataclass
class Visit:
    label: str
    url_name: str | None  # the named URL of the page the browser ends on (None: no URL matches)
    path: str | Callable  # a path, or a function of the test's data giving one
    allowed: frozenset  # roles shown the page; other signed-in roles get the 403 page
    action: Callable | None = None  # what the person does on the page first (submits a form, uploads)
    status: int = 200
    roles: frozenset = field(default=EVERYONE)  # roles that visit at all (an action only for those allowed)


VISITS = [
    # Signing in, and the pages anyone can read.
    Visit("Sign in", "login", "/accounts/login/", EVERYONE, roles=ANONYMOUS),
    Visit("Sign in, wrong password", "login", "/accounts/login/", EVERYONE, wrong_password, roles=ANONYMOUS),
    Visit("Sign-in locked", "login", "/accounts/login/", EVERYONE, locked_out, status=429, roles=ANONYMOUS),
    Visit("Form expired", "login", "/accounts/login/", EVERYONE, expired_form, status=403, roles=ANONYMOUS),
    Visit("Reset password", "password_reset", "/accounts/password_reset/", EVERYONE, roles=ANONYMOUS),
    Visit(
        "Reset password, bad address",
        "password_reset",
        "/accounts/password_reset/",
        EVERYONE,
        bad_email,
        roles=ANONYMOUS,
    ),
    Visit("Reset link sent", "password_reset_done", "/accounts/password_reset/done/", EVERYONE, roles=ANONYMOUS),
    Visit(
        "Choose a new password",
        "password_reset_confirm",
        lambda data: data["reset_link"],
        EVERYONE,
        roles=ANONYMOUS,
    ),
    Visit(
        "Reset link that does not work",
        "password_reset_confirm",
        "/accounts/reset/MQ/not-a-token/",
        EVERYONE,
        roles=ANONYMOUS,
    ),
    Visit("New password set", "password_reset_complete", "/accounts/reset/done/", EVERYONE, roles=ANONYMOUS),
    Visit("Accessibility statement", "accessibility", "/accessibility/", EVERYONE),
    Visit("Published scorecard", "published:scorecard", "/published/", EVERYONE),
    Visit("Page not found", None, "/no-such-page/", EVERYONE, status=404),
    # The plan.
    Visit("Plan overview", "home", "/", SIGNED_IN, roles=SIGNED_IN),
    Visit("Business plan", "plans:business_plan", "/business-plan/", SIGNED_IN, roles=SIGNED_IN),
    Visit(
        "Business plan, filtered",
        "plans:business_plan",
        "/business-plan/?status=on_track&overdue=true",
        SIGNED_IN,
        roles=SIGNED_IN,
    ),
    Visit("My projects", "plans:my_projects", "/my-projects/", SIGNED_IN, roles=SIGNED_IN),
    Visit("Project 2.3", "plans:project", "/projects/2.3/", SIGNED_IN, roles=SIGNED_IN),
    Visit("Project not found", "plans:project", "/projects/99.9/", SIGNED_IN, status=404, roles=SIGNED_IN),
    Visit("Update project 2.3", "plans:project_update", "/projects/2.3/update/", UPDATERS, roles=SIGNED_IN),
    Visit(
        "Update project 2.3, Delayed with no note",
        "plans:project_update",
        "/projects/2.3/update/",
        UPDATERS,
        update_with_no_note,
        roles=UPDATERS,
    ),
    # The scorecard.
    Visit("Scorecard", "indicators:scorecard", "/scorecard/", SIGNED_IN, roles=SIGNED_IN),
    Visit(
        "Scorecard, exceptions only",
        "indicators:scorecard",
        "/scorecard/?exceptions=true&period=2019-03",
        SIGNED_IN,
        roles=SIGNED_IN,
    ),
    Visit(
        "Exception report", "indicators:exceptions", "/scorecard/exceptions/?period=2019-03", SIGNED_IN, roles=SIGNED_IN
    ),
    Visit(
        "Indicator 4, with a breakdown",
        "indicators:indicator",
        "/scorecard/indicators/4/",
        SIGNED_IN,
        roles=SIGNED_IN,
    ),
    Visit(
        "Indicator 1, with commentary",
        "indicators:indicator",
        "/scorecard/indicators/1/",
        SIGNED_IN,
        roles=SIGNED_IN,
    ),
    Visit(
        "Indicator 1, commentary with no story",
        "indicators:add_commentary",
        "/scorecard/indicators/1/",
        COMMENTERS,
        submit("Save commentary"),
        roles=COMMENTERS,
    ),
    Visit(
        "Edit commentary on indicator 1",
        "indicators:edit_commentary",
        lambda data: f"/scorecard/indicators/1/commentary/{data['commentary'].pk}/edit/",
        COMMENTERS,
        roles=SIGNED_IN,
    ),
    Visit(
        "Indicator 1, process change with no period",
        "indicators:add_process_change",
        "/scorecard/indicators/1/",
        ADMINS,
        submit("Mark the change"),
        roles=ADMINS,
    ),
    Visit("Enter values", "indicators:entry", "/scorecard/entry/", IMPORTERS, roles=SIGNED_IN),
    Visit(
        "Enter values for 2018-19 Q4",
        "indicators:entry",
        f"/scorecard/entry/?period={quote('2018-19 Q4')}",
        IMPORTERS,
        roles=IMPORTERS,
    ),
    Visit(
        "Enter values for a locked month",
        "indicators:entry",
        "/scorecard/entry/?period=2018-04",
        IMPORTERS,
        roles=IMPORTERS,
    ),
    Visit(
        "Enter values for March 2019, a bad value",
        "indicators:entry",
        "/scorecard/entry/?period=2019-03",
        IMPORTERS,
        entry_with_a_bad_value,
        roles=IMPORTERS,
    ),
    Visit("Import", "indicators:import", "/scorecard/import/", IMPORTERS, roles=SIGNED_IN),
    Visit(
        "Import, no file chosen",
        "indicators:import",
        "/scorecard/import/",
        IMPORTERS,
        submit("Upload and preview"),
        roles=IMPORTERS,
    ),
    Visit(
        "Import preview, one bad row",
        "indicators:import_preview",
        "/scorecard/import/",
        IMPORTERS,
        upload_bad_row,
        roles=IMPORTERS,
    ),
    Visit(
        "Import preview", "indicators:import_preview", "/scorecard/import/1/", IMPORTERS, roles=SIGNED_IN - IMPORTERS
    ),
    Visit("Sign-off", "indicators:sign_off", "/scorecard/sign-off/", ADMINS, roles=SIGNED_IN),
    Visit(
        "Sign-off, nothing chosen",
        "indicators:sign_off",
        "/scorecard/sign-off/",
        ADMINS,
        submit("Lock the period"),
        roles=ADMINS,
    ),
    Visit("Publishing", "indicators:publishing", "/scorecard/publishing/", ADMINS, roles=SIGNED_IN),
    # The plan as a whole: loading one from a workbook, its versions, revising it.
    Visit("Load a plan", "plan_workbook:load", "/plan/load/", ADMINS, roles=SIGNED_IN),
    Visit(
        "Load a plan, no file chosen",
        "plan_workbook:load",
        "/plan/load/",
        ADMINS,
        submit("Upload and preview"),
        status=400,
        roles=ADMINS,
    ),
    Visit(
        "Load a plan, preview", "plan_workbook:load_preview", "/plan/load/", ADMINS, upload_example_plan, roles=ADMINS
    ),
    Visit("Versions of the plan", "plan_workbook:versions", "/plan/versions/", SIGNED_IN, roles=SIGNED_IN),
    Visit("Version 1 of the plan", "plan_workbook:version", "/plan/versions/1/", SIGNED_IN, roles=SIGNED_IN),
    Visit("Revise the plan", "plan_workbook:revise", "/plan/revise/", ADMINS, roles=SIGNED_IN),
    # Board papers.
    Visit("Board packs", "papers:list", "/board-packs/", SIGNED_IN, roles=SIGNED_IN),
    Visit(
        "Board packs, a bad reporting month",
        "papers:list",
        "/board-packs/",
        ADMINS,
        pack_with_a_bad_month,
        roles=ADMINS,
    ),
    Visit("Board pack", "papers:detail", lambda data: f"/board-packs/{data['pack'].pk}/", SIGNED_IN, roles=SIGNED_IN),
    Visit(
        "Board pack being made",
        "papers:request",
        lambda data: f"/board-packs/requests/{data['pending'].pk}/",
        SIGNED_IN,
        roles=SIGNED_IN,
    ),
    Visit("Annual report", "papers:annual_report", "/annual-report/", SIGNED_IN, roles=SIGNED_IN),
    # Assurance: the audit programme, actions, risks and meetings.
    Visit("Audit programme", "assurance:audit_cycles", "/assurance/audits/", SIGNED_IN, roles=SIGNED_IN),
    Visit(
        "Audit cycle",
        "assurance:audit_cycle",
        lambda data: f"/assurance/audits/cycles/{data['audit'].cycle.pk}/",
        SIGNED_IN,
        roles=SIGNED_IN,
    ),
    Visit(
        "Audit", "assurance:audit", lambda data: f"/assurance/audits/{data['audit'].pk}/", SIGNED_IN, roles=SIGNED_IN
    ),
    Visit(
        "Audit, a return with nothing chosen",
        "assurance:audit_return",
        lambda data: f"/assurance/audits/{data['audit'].pk}/",
        ADMINS,
        submit("Record the return"),
        status=400,
        roles=ADMINS,
    ),
    Visit(
        "Raise an action",
        "assurance:raise_action",
        lambda data: f"/assurance/audits/{data['audit'].pk}/actions/new/",
        ADMINS,
        roles=SIGNED_IN,
    ),
    Visit("Actions", "assurance:actions", "/assurance/actions/", SIGNED_IN, roles=SIGNED_IN),
    Visit("My actions", "assurance:my_actions", "/assurance/actions/mine/", SIGNED_IN, roles=SIGNED_IN),
    Visit(
        "Action",
        "assurance:action",
        lambda data: f"/assurance/actions/{data['action'].pk}/",
        SIGNED_IN,
        roles=SIGNED_IN,
    ),
    Visit(
        "Action, progress with no note",
        "assurance:action_update",
        lambda data: f"/assurance/actions/{data['action'].pk}/",
        UPDATERS,
        submit("Save progress"),
        status=400,
        roles=UPDATERS,
    ),
    Visit("Risk register", "assurance:risks", "/assurance/risks/", SIGNED_IN, roles=SIGNED_IN),
    Visit("Add a risk", "assurance:risk_new", "/assurance/risks/new/", ADMINS, roles=SIGNED_IN),
    Visit(
        "Add a risk, nothing typed",
        "assurance:risk_new",
        "/assurance/risks/new/",
        ADMINS,
        submit("Add the risk"),
        status=400,
        roles=ADMINS,
    ),
    Visit("Meetings", "assurance:meetings", "/assurance/meetings/", SIGNED_IN, roles=SIGNED_IN),
    Visit(
        "Meeting",
        "assurance:meeting",
        lambda data: f"/assurance/meetings/{data['meeting'].pk}/",
        SIGNED_IN,
        roles=SIGNED_IN,
    ),
    Visit("Record a meeting", "assurance:meeting_new", "/assurance/meetings/new/", ADMINS, roles=SIGNED_IN),
    Visit(
        "Record an action agreed at a meeting",
        "assurance:meeting_action",
        lambda data: f"/assurance/meetings/{data['meeting'].pk}/actions/new/",
        ADMINS,
        roles=SIGNED_IN,
    ),
    Visit(
        "Raise an action on a scorecard exception",
        "assurance:indicator_action",
        "/assurance/indicators/1/actions/new/",
        COMMENTERS,
        roles=SIGNED_IN,
    ),
    Visit(
        "Raise an action on a scorecard exception, nothing filled in",
        "assurance:indicator_action",
        "/assurance/indicators/1/actions/new/",
        COMMENTERS,
        submit("Raise the action"),
        status=400,
        roles=COMMENTERS,
    ),
    Visit(
        "Raise an action from a project",
        "assurance:project_action",
        "/assurance/projects/2.3/actions/new/",
        ADMINS,
        roles=SIGNED_IN,
    ),
    Visit(
        "Turn a recommendation into an action",
        "assurance:recommendation_action",
        lambda data: f"/assurance/learning/{data['recommendation'].pk}/actions/new/",
        ADMINS,
        roles=SIGNED_IN,
    ),
    Visit("Case reviews", "assurance:reviews", "/assurance/reviews/", SIGNED_IN, roles=SIGNED_IN),
    Visit(
        "Case review",
        "assurance:review",
        lambda data: f"/assurance/reviews/{data['review'].pk}/",
        SIGNED_IN,
        roles=SIGNED_IN,
    ),
    Visit("Learning matrix", "assurance:learning_matrix", "/assurance/learning/", SIGNED_IN, roles=SIGNED_IN),
    Visit("Agencies", "assurance:agencies", "/assurance/agencies/", SIGNED_IN, roles=SIGNED_IN),
    Visit(
        "Agency",
        "assurance:agency",
        lambda data: f"/assurance/agencies/{data['agency'].pk}/",
        SIGNED_IN,
        roles=SIGNED_IN,
    ),
    # The account.
    Visit("Change password", "password_change", "/accounts/password_change/", SIGNED_IN, roles=SIGNED_IN),
    Visit(
        "Change password, nothing typed",
        "password_change",
        "/accounts/password_change/",
        SIGNED_IN,
        submit("Change password"),
        roles=SIGNED_IN,
    ),
    Visit("Password changed", "password_change_done", "/accounts/password_change/done/", SIGNED_IN, roles=SIGNED_IN),
]

# Named URLs the battery does not visit, and why.
OUT_OF_SCOPE = {
    "plans:business_plan_csv": "a file download",
    "plans:business_plan_xlsx": "a file download",
    "indicators:scorecard_csv": "a file download",
    "indicators:scorecard_xlsx": "a file download",
    "indicators:indicator_csv": "a file download",
    "indicators:import_template_csv": "a file download",
    "indicators:import_template_xlsx": "a file download",
    "indicators:import_confirm": "POST only; redirects to the scorecard (test_keyboard confirms an import)",
    "papers:pdf": "a file download (PDF)",
    "plan_workbook:export": "a file download",
    "plan_workbook:load_confirm": "POST only; redirects to the load page (tests/indicators/test_plan_workbook_pages)",
    "assurance:actions_csv": "a file download",
    "assurance:actions_xlsx": "a file download",
    "papers:request_status": "JSON for the board pack request page's script",
    "papers:annual_report_pdf": "a file download (PDF)",
    "published:csv": "a file download",
    "logout": "POST only; redirects to the sign-in page",
    # Starting the next plan year changes which plan is current: axe checks each of these pages, the refused
    # decisions included, in the journey that walks them (tests/browser/test_next_year_journey.py).
    "plans:start_next_year": "checked with axe in test_next_year_journey",
    "plans:project_decisions": "checked with axe in test_next_year_journey",
    "plans:draft_plan": "checked with axe in test_next_year_journey",
    "plans:adopt_plan": "checked with axe in test_next_year_journey (GET redirects to the draft's page)",
    "admin:*": "Django's own administration site, for staff only: its known issues are in the accessibility statement",
}


# --------------------------------------------------------------------------- the data every page shows


@pytest.fixture
def site(seed_plan, django_user_model, monkeypatch):
    """The adopted plan, five years of figures, one person per role, and what makes each page full.

    seed_plan (tests/conftest.py) is `loaddata sscb_plan_2018_19`, done once per session and then re-inserted.
    """
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

    viewer = people["viewer"]
    uid = urlsafe_base64_encode(force_bytes(viewer.pk))
    reset_link = f"/accounts/reset/{uid}/{default_token_generator.make_token(viewer)}/"
    return {
        "people": people,
        "pack": pack,
        "pending": pending,
        "reset_link": reset_link,
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


def check_page(page, visit, where):
    """axe-core at desktop width, then the width of the page at 320 px. Returns the problems found."""
    problems = []
    violations = axe_violations(page)
    if violations:
        problems.append(describe_violations(where, violations))
    page.set_viewport_size(NARROW)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > NARROW["width"]:
        problems.append(f"{where}: scrolls sideways at 320 px ({width}px wide): " + "; ".join(widest_elements(page)))
    page.set_viewport_size(DESKTOP)
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("role", ["anonymous", *PEOPLE])
def test_every_page_passes_axe_and_reflows_at_320px(role, page, live_server, site, browser_problems):
    started = time.monotonic()
    page.set_viewport_size(DESKTOP)
    if role != "anonymous":
        sign_in(page, live_server.url, PEOPLE[role].username)

    problems, checked, error_pages_seen = [], 0, set()
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
        problems += check_page(page, visit, where)
        checked += 1

    print(f"\n{role}: {checked} pages checked in {time.monotonic() - started:.1f} s")
    assert not problems, f"{len(problems)} page(s) with accessibility problems:\n\n" + "\n\n".join(problems)


# --------------------------------------------------------------------------- every page is covered


def named_urls(patterns=None, namespace=None):
    """Every named URL, as "namespace:name"."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            yield from named_urls(
                entry.url_patterns, f"{namespace}:{inner}" if namespace and inner else inner or namespace
            )
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def test_every_named_url_is_checked():
    visited = {visit.url_name for visit in VISITS}
    skipped = {name for name in OUT_OF_SCOPE if not name.endswith(":*")}
    skipped_namespaces = tuple(name.removesuffix("*") for name in OUT_OF_SCOPE if name.endswith(":*"))
    missing = sorted(
        name
        for name in named_urls()
        if name not in visited and name not in skipped and not name.startswith(skipped_namespaces)
    )
    assert not missing, f"Pages no accessibility check visits (add a Visit, or list in OUT_OF_SCOPE): {missing}"
    stale = sorted((visited | skipped) - set(named_urls()) - {None})
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
    """Whether one column of the table's body holds exactly these figures, one row each."""
    if len(table) != len(values) or not values:
        return False
    columns = zip(*table, strict=False)
    return any(sorted(column) == sorted(values) for column in columns)


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
