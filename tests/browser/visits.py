"""What the accessibility battery visits: each page, the role that sees it, and the error states of its forms.

One Visit per page (or per error state); OUT_OF_SCOPE lists the named URLs left out, with the reason.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings

from tests.browser.helpers import PEOPLE

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
    "plans:edit_draft": "checked with axe in test_next_year_journey",
    "plans:adopt_plan": "checked with axe in test_next_year_journey (GET redirects to the draft's page)",
    "admin:*": "Django's own administration site, for staff only: its known issues are in the accessibility statement",
}
