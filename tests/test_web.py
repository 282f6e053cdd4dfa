"""The site as its users meet it: who may open which page, the update form, filters, reminders and sign-in.

Pages are read as a browser would read them: forms are filled from the HTML they render (hidden
fields, management form and all), and results are read from the tables, badges and messages a
person sees. The seed plan (fixtures/sscb_plan_2018_19.json) is used wherever its people matter:
Lynne Thomas leads 2.3 (with the L&WFD PB Officer) and 3.3; Nicola Morrow alone leads 4.3.
"""

import datetime
import io
import re
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse

from core import permissions as roles
from demo.management.commands.setup_demo_users import DEMO_USERS
from plans.actions import UpdateConflict, update_project
from plans.models import Activity, Officer, ProgrammeBoard, Project, ReminderLog, StatusUpdate, Theme
from tests import factories as f

# WhiteNoise warns once per client when STATIC_ROOT (made by collectstatic) does not exist. The pages do not need it.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

LONDON = ZoneInfo("Europe/London")
SIGN_IN = "/accounts/login/"
PROJECT_23 = "/projects/2.3/"
UPDATE_23 = "/projects/2.3/update/"


def london(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


# --------------------------------------------------------------------------- reading pages


VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    """An element of a parsed page: enough of a DOM to find things as a person would."""

    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = {name: value or "" for name, value in attrs}
        self.parent = parent
        self.children = []

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, *, cls=None, **attrs):
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and (cls is None or cls in node.attrs.get("class", "").split())
            and all(node.attrs.get(name.rstrip("_").replace("_", "-")) == value for name, value in attrs.items())
        ]

    def table(self, caption):
        """The table whose caption starts with `caption`."""
        tables = [table for table in self.find_all("table") if table.find("caption").text.startswith(caption)]
        assert tables, f"no table captioned {caption!r} on the page"
        return tables[0]

    def find(self, tag=None, **kwargs):
        found = self.find_all(tag, **kwargs)
        assert found, f"no <{tag or '*'}> {kwargs} on the page"
        return found[0]

    @property
    def raw_text(self):
        return "".join(child if isinstance(child, str) else child.raw_text for child in self.children)

    @property
    def text(self):
        """The text as shown: whitespace collapsed."""
        return " ".join(self.raw_text.split())


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", [])

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID_TAGS:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node.parent is not None and node.tag != tag:
            node = node.parent
        if node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def page(response):
    builder = TreeBuilder()
    builder.feed(response.content.decode())
    builder.close()
    return builder.root


def form_fields(form):
    """What a browser would send for this form as it stands: every named field with its current value."""
    data = {}
    for node in form.iter():
        name = node.attrs.get("name")
        if not name or "disabled" in node.attrs:
            continue
        if node.tag == "input":
            kind = node.attrs.get("type", "text")
            if kind in {"submit", "button", "reset", "image", "file"}:
                continue
            if kind in {"checkbox", "radio"} and "checked" not in node.attrs:
                continue
            data[name] = node.attrs.get("value", "on" if kind in {"checkbox", "radio"} else "")
        elif node.tag == "select":
            options = node.find_all("option")
            chosen = [option for option in options if "selected" in option.attrs] or options[:1]
            data[name] = chosen[0].attrs.get("value", chosen[0].text) if chosen else ""
        elif node.tag == "textarea":
            text = node.raw_text
            data[name] = text[1:] if text.startswith("\n") else text  # browsers drop the newline after <textarea>
    return data


def update_form(response):
    """The project update form on the page (not the sign-out form in the header)."""
    forms = [form for form in page(response).find_all("form") if form.find_all(name="revision")]
    assert len(forms) == 1, "the page has no project update form"
    return form_fields(forms[0])


def update_post(response, changes=None):
    """The update form as rendered (its initial data, management form and hidden activity ids), then `changes`."""
    data = update_form(response)
    data.update(changes or {})
    return data


def project_rows(response):
    """The rows of the project tables: [number, title, lead board, lead officers, status, next due, overdue]."""
    rows = []
    for tr in page(response).find_all("tr"):
        cells = [cell.text for cell in tr.children if isinstance(cell, Node) and cell.tag in {"td", "th"}]
        if cells and re.fullmatch(r"\d+\.\d+", cells[0]):
            rows.append(cells)
    return rows


def project_numbers(response):
    return [row[0] for row in project_rows(response)]


def summary_links(root):
    """(href, text) of each link in the error summary at the top of the page."""
    summary = root.find(cls="error-summary")
    return [(link.attrs.get("href"), link.text) for link in summary.find_all("a")]


def assert_error_beside_field(root, field_id, message):
    """The message is in the summary (linking to the field) and under the field itself, which is marked invalid."""
    assert ("#" + field_id, message) in summary_links(root)
    assert message in root.find(id=f"div_{field_id}").text
    field = root.find(id=field_id)
    assert "is-invalid" in field.attrs.get("class", "").split()
    assert f"{field_id}_error" in field.attrs.get("aria-describedby", "")


def run(command, *args, **options):
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


# --------------------------------------------------------------------------- 1. who may open which page

CLIENT_FIXTURES = {
    "anonymous": "client",
    "board_admin": "board_admin_client",
    "lead_lynne": "lynne_client",
    "lead_nicola": "nicola_client",
    "data_officer": "data_officer_client",
    "board_member": "board_member_client",
    "viewer": "viewer_client",
}
SIGNED_IN_ROLES = [role for role in CLIENT_FIXTURES if role != "anonymous"]
TO_SIGN_IN = "sign in"  # a 302 to the sign-in page, with ?next= the page asked for


def open_to_all(status):
    return dict.fromkeys(CLIENT_FIXTURES, status)


def signed_in_only(status):
    return {"anonymous": TO_SIGN_IN, **dict.fromkeys(SIGNED_IN_ROLES, status)}


def only_for(*allowed):
    """Pages for some signed-in roles only: 200 for them, 403 for the others."""
    return {"anonymous": TO_SIGN_IN, **{role: 200 if role in allowed else 403 for role in SIGNED_IN_ROLES}}


URL_MATRIX = {
    "/": signed_in_only(200),
    "/business-plan/": signed_in_only(200),
    "/my-projects/": signed_in_only(200),
    PROJECT_23: signed_in_only(200),
    UPDATE_23: only_for("board_admin", "lead_lynne"),
    "/projects/3.3/update/": only_for("board_admin", "lead_lynne"),
    "/projects/4.3/update/": only_for("board_admin", "lead_nicola"),
    "/projects/9.99/": signed_in_only(404),
    "/projects/9.99/update/": signed_in_only(404),
    "/accounts/login/": open_to_all(200),
    "/accounts/logout/": signed_in_only(405),
    "/accounts/password_change/": signed_in_only(200),
    "/accounts/password_change/done/": signed_in_only(200),
    "/accounts/password_reset/": open_to_all(200),
    "/accounts/password_reset/done/": open_to_all(200),
    "/accounts/reset/MQ/not-a-token/": open_to_all(200),
    "/accounts/reset/done/": open_to_all(200),
    # The scorecard (indicators/urls.py). Commentary and process changes are POST only (require_POST);
    # sign-off is for board administrators (core.permissions.Permission.SIGN_OFF).
    "/scorecard/": signed_in_only(200),
    "/scorecard/exceptions/": signed_in_only(200),
    "/scorecard/sign-off/": only_for("board_admin"),
    "/scorecard/indicators/1/": signed_in_only(200),
    "/scorecard/indicators/1/data.csv": signed_in_only(200),
    "/scorecard/indicators/999/": signed_in_only(404),
    "/scorecard/indicators/1/commentary/": signed_in_only(405),
    "/scorecard/indicators/1/process-change/": signed_in_only(405),
    # Value entry and import: data officers and board administrators (core.permissions.Permission.ENTER_VALUES).
    # An import batch is only its uploader's: an unknown one is 404 for them. Confirming is POST only.
    "/scorecard/entry/": only_for("board_admin", "data_officer"),
    "/scorecard/import/": only_for("board_admin", "data_officer"),
    "/scorecard/import/999999/": {**only_for(), "board_admin": 404, "data_officer": 404},
    "/scorecard/import/999999/confirm/": signed_in_only(405),
    "/scorecard/import/template.csv": only_for("board_admin", "data_officer"),
    "/scorecard/import/template.xlsx": only_for("board_admin", "data_officer"),
    # Downloads of what a page shows, with its filters: anyone signed in.
    "/scorecard/export.xlsx": signed_in_only(200),
    "/scorecard/export.csv": signed_in_only(200),
    "/business-plan/export.xlsx": signed_in_only(200),
    "/business-plan/export.csv": signed_in_only(200),
    # Publishing: the choice is the board administrators'; the public page answers 404 until it is switched on.
    "/scorecard/publishing/": only_for("board_admin"),
    "/published/": open_to_all(404),
    "/published/scorecard.csv": open_to_all(404),
    # Board papers: everyone signed in reads them; generating a pack is a POST for board administrators.
    "/board-packs/": signed_in_only(200),
    "/board-packs/999/": signed_in_only(404),
    "/board-packs/999/pdf/": signed_in_only(404),
    "/annual-report/": signed_in_only(200),
    "/annual-report/pdf/?plan=1999-00": signed_in_only(404),
    # The accessibility statement is public, as public bodies publish it.
    "/accessibility/": open_to_all(200),
}
URL_CASES = [(role, url, expected) for url, answers in URL_MATRIX.items() for role, expected in answers.items()]


@pytest.mark.parametrize(("role", "url", "expected"), URL_CASES, ids=[f"{r}-{u}" for r, u, _ in URL_CASES])
def test_url_matrix_answer(request, seed_plan, role, url, expected):
    browser = request.getfixturevalue(CLIENT_FIXTURES[role])

    response = browser.get(url)

    if expected == TO_SIGN_IN:
        assert response.status_code == 302
        assert response["Location"] == f"{SIGN_IN}?next={quote(url)}"
    else:
        assert response.status_code == expected


def non_admin_url_names(patterns=None, namespace=""):
    """Every named URL pattern of the site outside the admin, as "namespace:name"."""
    names = set()
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= non_admin_url_names(entry.url_patterns, inner)
        elif entry.name:
            names.add(namespace + entry.name)
    return names


def test_url_matrix_covers_every_named_url():
    names = non_admin_url_names()
    covered = {resolve(urlsplit(url).path).view_name for url in URL_MATRIX}

    assert {"home", "plans:project_update", "login", "password_reset_confirm"} <= names  # the walk works
    assert not names - covered, f"URLs without a row in URL_MATRIX: {sorted(names - covered)}"


@pytest.mark.parametrize("role", ["lead_nicola", "data_officer", "board_member", "viewer"])
def test_forbidden_page_uses_site_layout(request, seed_plan, role):
    browser = request.getfixturevalue(CLIENT_FIXTURES[role])

    response = browser.get(UPDATE_23)

    assert response.status_code == 403
    root = page(response)
    assert root.find("h1").text == "You do not have permission to do that"
    assert "Only the project's lead officers and board administrators can update it." in root.text
    nav = root.find("nav", aria_label="Main")
    assert {"Plan overview", "Business plan", "My projects"} <= {link.text for link in nav.find_all("a")}


@pytest.mark.parametrize("url", ["/projects/9.99/", "/projects/9.99/update/", "/no-such-page/"])
def test_not_found_page_uses_site_layout(viewer_client, seed_plan, url):
    response = viewer_client.get(url)

    assert response.status_code == 404
    root = page(response)
    assert root.find("h1").text == "Page not found"
    assert root.find("nav", aria_label="Main").find("a", href="/business-plan/").text == "Business plan"


@pytest.mark.parametrize(
    ("role", "sees_button"),
    [("lead_lynne", True), ("board_admin", True), ("lead_nicola", False), ("viewer", False), ("data_officer", False)],
)
def test_project_page_update_button_only_for_those_who_may_update(request, seed_plan, role, sees_button):
    browser = request.getfixturevalue(CLIENT_FIXTURES[role])

    response = browser.get(PROJECT_23)

    assert response.status_code == 200
    assert bool(page(response).find_all("a", href=UPDATE_23)) is sees_button


# --------------------------------------------------------------------------- 3. a lead officer's update


def test_project_update_lead_officer_saves_everything(lynne_client, lynne_user):
    project = Project.objects.get(number="2.3")
    first, second = project.activities.order_by("order")
    histories = (project.history.count(), first.history.count(), second.history.count())
    form = update_post(lynne_client.get(UPDATE_23))
    assert (form["revision"], form["status"], form["activities-TOTAL_FORMS"]) == ("1", "on_track", "2")
    assert (form["activities-0-activity_id"], form["activities-1-activity_id"]) == (str(first.pk), str(second.pk))
    form.update(
        {
            "status": "delayed",
            "note": "The website supplier went into administration.",
            "activities-0-status": "complete",
            "activities-0-completed_on": "2018-05-10",
            "revise_activity": str(second.pk),
            "revised_due": "2018-09",
            "revision_reason": "A new supplier needs three months.",
        }
    )

    response = lynne_client.post(UPDATE_23, form)

    assert response.status_code == 302
    assert response["Location"] == PROJECT_23
    project.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (project.status, project.revision) == (Project.Status.DELAYED, 2)
    update = StatusUpdate.objects.get()
    assert update.project == project
    assert update.author == lynne_user
    assert (update.status_from, update.status) == ("on_track", "delayed")
    assert update.note == "The website supplier went into administration."
    assert update.revised_due == datetime.date(2018, 9, 1)
    assert update.reason == "A new supplier needs three months."
    assert update.activity == second
    assert (first.status, first.completed_on) == ("complete", datetime.date(2018, 5, 10))
    assert (second.revised_due, second.revision_reason) == (
        datetime.date(2018, 9, 1),
        "A new supplier needs three months.",
    )
    assert (project.history.count(), first.history.count(), second.history.count()) == tuple(n + 1 for n in histories)
    assert project.history.first().history_user == lynne_user


def test_project_update_shows_on_project_page_overview_and_my_projects(lynne_client):
    second = Activity.objects.get(project__number="2.3", order=2)
    form = update_post(
        lynne_client.get(UPDATE_23),
        {
            "status": "delayed",
            "note": "The website supplier went into administration.",
            "revise_activity": str(second.pk),
            "revised_due": "2018-09",
            "revision_reason": "A new supplier needs three months.",
        },
    )
    lynne_client.post(UPDATE_23, form)

    project_page = page(lynne_client.get(PROJECT_23))
    overview = page(lynne_client.get("/"))
    mine = lynne_client.get("/my-projects/")

    assert "Project 2.3 updated." in project_page.find(cls="messages").text
    newest = project_page.table("Every update of project 2.3").find("tbody").find("tr").text
    assert "Lynne Thomas" in newest
    assert "On track to Delayed" in newest
    assert "The website supplier went into administration." in newest
    assert "Activity 2 revised to September 2018: A new supplier needs three months." in newest
    latest = overview.find("section", aria_labelledby="updates-heading").find("li").text
    assert latest.startswith("2.3 On track to Delayed by Lynne Thomas")
    assert "The website supplier went into administration." in latest
    assert "Timescale revised to September 2018: A new supplier needs three months." in latest
    statuses = {row[0]: row[4] for row in project_rows(mine)}
    assert statuses["2.3"] == "Delayed"


# --------------------------------------------------------------------------- 4. form errors


def snapshot():
    """Everything an update could write: project rows, activity rows, the update log and the history."""
    return (
        list(Project.objects.order_by("pk").values("pk", "status", "revision")),
        list(Activity.objects.order_by("pk").values("pk", "status", "completed_on", "revised_due", "revision_reason")),
        StatusUpdate.objects.count(),
        Project.history.count(),
        Activity.history.count(),
    )


# (changes to the form, the field whose error it is, the message, fields whose submitted value must be kept)
# "{first}", "{second}" and "{other}" stand for the ids of 2.3's activities and of an activity of project 3.3.
FORM_ERROR_CASES = {
    "note_missing_at_risk": (
        {"status": "at_risk", "note": ""},
        "id_note",
        "Say why the project is at risk.",
        {"status": "at_risk"},
    ),
    "note_blank_delayed": (
        {"status": "delayed", "note": "   ", "revision_reason": "Kept while the note is missing"},
        "id_note",
        "Say why the project is delayed.",
        {"status": "delayed", "revision_reason": "Kept while the note is missing"},
    ),
    "later_month_without_reason": (
        {"revise_activity": "{second}", "revised_due": "2018-09", "revision_reason": " "},
        "id_revision_reason",
        "Give a reason: the due month moves later, from June 2018 to September 2018.",
        {"revise_activity": "{second}", "revised_due": "2018-09"},
    ),
    "month_without_activity": (
        {"revised_due": "2018-09", "revision_reason": "Waiting for the supplier"},
        "id_revise_activity",
        "Choose the activity whose timescale changes.",
        {"revised_due": "2018-09", "revision_reason": "Waiting for the supplier"},
    ),
    "activity_without_month": (
        {"revise_activity": "{second}", "revision_reason": "Waiting for the supplier"},
        "id_revised_due",
        "Enter the revised due month for the activity you chose.",
        {"revise_activity": "{second}", "revision_reason": "Waiting for the supplier"},
    ),
    "month_2018_13": (
        {"revise_activity": "{second}", "revised_due": "2018-13", "revision_reason": "Waiting for the supplier"},
        "id_revised_due",
        "Enter a month as a year and month, such as 2018-06.",
        {"revised_due": "2018-13", "revision_reason": "Waiting for the supplier"},
    ),
    "month_next_week": (
        {"revise_activity": "{second}", "revised_due": "next week", "revision_reason": "Waiting for the supplier"},
        "id_revised_due",
        "Enter a month as a year and month, such as 2018-06.",
        {"revised_due": "next week", "revision_reason": "Waiting for the supplier"},
    ),
    "month_unchanged": (
        {"revise_activity": "{second}", "revised_due": "2018-06"},
        "id_revised_due",
        "This activity is already due in June 2018.",
        {"revised_due": "2018-06"},
    ),
    "activity_of_another_project": (
        {"revise_activity": "{other}", "revised_due": "2018-09", "revision_reason": "Waiting for the supplier"},
        "id_revise_activity",
        "Select a valid choice. That choice is not one of the available choices.",
        {"revised_due": "2018-09", "revision_reason": "Waiting for the supplier"},
    ),
    "complete_without_date": (
        {"activities-0-status": "complete", "activities-0-completed_on": "", "note": "Session held"},
        "id_activities-0-completed_on",
        "Enter the date the activity was completed.",
        {"activities-0-status": "complete", "note": "Session held"},
    ),
    "date_for_activity_not_complete": (
        {"activities-1-status": "in_progress", "activities-1-completed_on": "2018-05-10"},
        "id_activities-1-completed_on",
        "Only a complete activity has a completion date: set its status to Complete.",
        {"activities-1-status": "in_progress", "activities-1-completed_on": "2018-05-10"},
    ),
    "completed_in_future": (
        {"activities-0-status": "complete", "activities-0-completed_on": "2018-06-16"},
        "id_activities-0-completed_on",
        "The completion date cannot be in the future.",
        {"activities-0-status": "complete", "activities-0-completed_on": "2018-06-16"},
    ),
}


def activity_ids():
    first, second = Activity.objects.filter(project__number="2.3").order_by("order")
    other = Activity.objects.get(project__number="3.3", order=1)
    return {"first": first.pk, "second": second.pk, "other": other.pk}


@time_machine.travel(london(2018, 6, 15, 12), tick=False)
@pytest.mark.parametrize(
    ("changes", "field_id", "message", "kept"), FORM_ERROR_CASES.values(), ids=list(FORM_ERROR_CASES)
)
def test_project_update_form_error(lynne_client, changes, field_id, message, kept):
    ids = activity_ids()
    form = update_post(lynne_client.get(UPDATE_23), {k: v.format(**ids) for k, v in changes.items()})
    before = snapshot()

    response = lynne_client.post(UPDATE_23, form)

    assert response.status_code == 200
    root = page(response)
    assert root.find("title").text.startswith("Error: Update project 2.3")
    assert_error_beside_field(root, field_id, message)
    shown = update_form(response)
    assert {name: shown[name] for name in kept} == {k: v.format(**ids) for k, v in kept.items()}
    assert snapshot() == before


@pytest.mark.parametrize("tampering", ["another_projects_activity", "activity_left_out"])
def test_project_update_tampered_activity_ids_rejected(lynne_client, tampering):
    ids = activity_ids()
    form = update_post(lynne_client.get(UPDATE_23), {"status": "complete"})
    if tampering == "another_projects_activity":
        form["activities-1-activity_id"] = str(ids["other"])
    else:
        form["activities-TOTAL_FORMS"] = "1"
        for name in [name for name in form if name.startswith("activities-1-")]:
            del form[name]
    before = snapshot()

    response = lynne_client.post(UPDATE_23, form)

    assert response.status_code == 200
    message = "The list of activities has changed; reload the page and try again."
    assert message in page(response).find(cls="error-summary").text
    assert update_form(response)["status"] == "complete"
    assert snapshot() == before


def test_project_update_revised_month_after_plan_month_without_reason_is_form_error(lynne_client):
    """Activity 2 of 2.3 (Jun-18 in the plan) already moved to Sep-18; moving it to Aug-18 is still later than the plan.

    Activity.clean() requires a reason whenever the revised month is later than the plan's month;
    the form must say so beside the reason field, not fail when the action validates the activity.
    """
    second = Activity.objects.get(project__number="2.3", order=2)
    second.revised_due, second.revision_reason = datetime.date(2018, 9, 1), "Supplier changed"
    second.save()
    form = update_post(
        lynne_client.get(UPDATE_23),
        {"revise_activity": str(second.pk), "revised_due": "2018-08", "revision_reason": ""},
    )
    before = snapshot()
    lynne_client.raise_request_exception = False

    response = lynne_client.post(UPDATE_23, form)

    assert response.status_code == 200, "an update the model refuses must come back as a form error, not a 500"
    root = page(response)
    assert "#id_revision_reason" in {href for href, _ in summary_links(root)}
    assert "is-invalid" in root.find(id="id_revision_reason").attrs["class"].split()
    assert snapshot() == before


# --------------------------------------------------------------------------- 5. the update log in the admin


def test_admin_status_update_change_post_does_not_alter(admin_client, lynne_user):
    project = Project.objects.get(number="2.3")
    update = update_project(
        project_id=project.pk, author=lynne_user, expected_revision=1, status="at_risk", note="Budget pressure"
    )
    url = reverse("admin:plans_statusupdate_change", args=[update.pk])

    response = admin_client.post(url, {"project": project.pk, "status": "complete", "note": "Rewritten", "_save": "1"})

    assert response.status_code == 403
    update.refresh_from_db()
    assert (update.status, update.note) == ("at_risk", "Budget pressure")


@pytest.mark.parametrize("method", ["get", "post"])
def test_admin_status_update_delete_page_forbidden(admin_client, lynne_user, method):
    project = Project.objects.get(number="2.3")
    update = update_project(project_id=project.pk, author=lynne_user, expected_revision=1, status="on_track")
    url = reverse("admin:plans_statusupdate_delete", args=[update.pk])

    response = getattr(admin_client, method)(url, {"post": "yes"} if method == "post" else None)

    assert response.status_code == 403
    assert StatusUpdate.objects.filter(pk=update.pk).exists()


# --------------------------------------------------------------------------- 6. no lost updates


def test_conflict_stale_form_refused_with_what_changed_and_typing_kept(lynne_client, board_admin_client):
    lynnes_form = update_post(lynne_client.get(UPDATE_23))
    admins_form = update_post(board_admin_client.get(UPDATE_23), {"status": "at_risk", "note": "Budget pressure"})
    assert board_admin_client.post(UPDATE_23, admins_form).status_code == 302
    lynnes_form.update({"status": "delayed", "note": "Website live in May"})

    response = lynne_client.post(UPDATE_23, lynnes_form)

    assert response.status_code == 409
    warning = page(response).find(cls="alert-warning")
    assert "Someone else updated this project while you were editing it" in warning.text
    changes = [item.text for item in warning.find_all("li")]
    assert len(changes) == 1
    assert changes[0].startswith("Brenda Admin at ")
    assert "status On track to At risk" in changes[0]
    assert "note: “Budget pressure”" in changes[0]
    shown = update_form(response)
    assert (shown["note"], shown["status"]) == ("Website live in May", "delayed")
    project = Project.objects.get(number="2.3")
    assert (project.status, project.revision) == ("at_risk", 2)
    assert list(StatusUpdate.objects.values_list("note", flat=True)) == ["Budget pressure"]


def test_conflict_resubmitting_refreshed_form_succeeds(lynne_client, board_admin_client, lynne_user):
    lynnes_form = update_post(lynne_client.get(UPDATE_23), {"status": "delayed", "note": "Website live in May"})
    board_admin_client.post(
        UPDATE_23, update_post(board_admin_client.get(UPDATE_23), {"status": "at_risk", "note": "Budget pressure"})
    )
    conflict = lynne_client.post(UPDATE_23, lynnes_form)
    assert conflict.status_code == 409

    response = lynne_client.post(UPDATE_23, update_form(conflict))

    assert response.status_code == 302
    project = Project.objects.get(number="2.3")
    assert (project.status, project.revision) == ("delayed", 3)
    latest = StatusUpdate.objects.first()
    assert (latest.author, latest.status_from, latest.status, latest.note) == (
        lynne_user,
        "at_risk",
        "delayed",
        "Website live in May",
    )
    assert StatusUpdate.objects.count() == 2


def test_conflict_resubmitting_does_not_undo_activity_completed_by_other(lynne_client, board_admin_client):
    """The administrator completes activity 1 while Lynne has the form open; Lynne changes only the project status.

    After the conflict Lynne re-submits the re-rendered form as the page invites her to. She never touched
    activity 1, so the administrator's completion must survive (or the conflict page must have named it).
    """
    lynnes_form = update_post(lynne_client.get(UPDATE_23), {"status": "delayed", "note": "Website live in May"})
    admins_form = update_post(
        board_admin_client.get(UPDATE_23),
        {"note": "Scoping done", "activities-0-status": "complete", "activities-0-completed_on": "2018-05-10"},
    )
    board_admin_client.post(UPDATE_23, admins_form)
    conflict = lynne_client.post(UPDATE_23, lynnes_form)
    assert conflict.status_code == 409
    named = "Complete" in page(conflict).find(cls="alert-warning").find("ul").text

    lynne_client.post(UPDATE_23, update_form(conflict))

    first = Activity.objects.get(project__number="2.3", order=1)
    assert Project.objects.get(number="2.3").status == "delayed"
    assert named or (first.status, first.completed_on) == ("complete", datetime.date(2018, 5, 10)), (
        "activity 1's completion by the administrator was silently undone by Lynne's re-submission"
    )


def test_conflict_update_project_twice_with_same_revision_raises():
    project = f.ProjectFactory(status=Project.Status.ON_TRACK)
    first_author, second_author = f.UserFactory(), f.UserFactory()
    first = update_project(
        project_id=project.pk, author=first_author, expected_revision=1, status="at_risk", note="Budget pressure"
    )

    with pytest.raises(UpdateConflict) as caught:
        update_project(
            project_id=project.pk, author=second_author, expected_revision=1, status="complete", note="All done"
        )

    assert caught.value.updates == [first]
    assert caught.value.project.revision == 2
    project.refresh_from_db()
    assert (project.status, project.revision) == ("at_risk", 2)
    assert StatusUpdate.objects.count() == 1


# --------------------------------------------------------------------------- 7. the overdue rule, everywhere

MAY = datetime.date(2018, 5, 1)
JUNE = datetime.date(2018, 6, 1)
JULY = datetime.date(2018, 7, 1)
DECEMBER = datetime.date(2018, 12, 1)


@pytest.fixture
def overdue_plan():
    """One project per case, each with one activity: due Jun-18 and the other ways a due month can stand."""
    theme = f.ThemeFactory(plan=f.PlanFactory(is_current=True), number=1)

    def activity(**fields):
        return f.ActivityFactory(project=f.ProjectFactory(theme=theme), order=1, **fields)

    return {
        "due_june": activity(due=JUNE),
        "revised_to_june": activity(due=datetime.date(2018, 9, 1), revised_due=JUNE, revision_reason=""),
        "revised_from_june": activity(due=JUNE, revised_due=datetime.date(2018, 8, 1), revision_reason="Data late"),
        "complete": activity(due=datetime.date(2018, 1, 1), status="complete", completed_on=datetime.date(2018, 1, 20)),
    }


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (london(2018, 6, 30, 23, 30), set()),
        (london(2018, 7, 1, 0, 30), {"due_june", "revised_to_june"}),
    ],
    ids=["30_june_late_evening", "1_july_just_after_midnight"],
)
def test_overdue_rule_same_answer_everywhere(overdue_plan, viewer_client, moment, expected):
    name_of = {activity.pk: name for name, activity in overdue_plan.items()}
    project_of = {name: activity.project.number for name, activity in overdue_plan.items()}

    with time_machine.travel(moment, tick=False):
        queried = {name_of[a.pk] for a in Activity.objects.overdue()}
        in_memory = {name for name, a in overdue_plan.items() if Activity.objects.get(pk=a.pk).is_overdue()}
        counts = {p.number: p.overdue_count for p in Project.objects.with_progress()}
        filtered = set(project_numbers(viewer_client.get("/business-plan/?overdue=true")))
        overview = page(viewer_client.get("/"))
        flagged = {
            name
            for name, number in project_of.items()
            if "Overdue" in page(viewer_client.get(f"/projects/{number}/")).find("tbody").text
        }

    assert queried == expected
    assert in_memory == expected
    assert {number for number, count in counts.items() if count} == {project_of[name] for name in expected}
    assert all(count in {0, 1} for count in counts.values())
    assert filtered == {project_of[name] for name in expected}
    assert overview.find("h2", id="overdue-heading").find(cls="badge").text == str(len(expected))
    assert flagged == expected


# --------------------------------------------------------------------------- 8. filters of the business plan

FILTER_CASES = {
    "theme": ({"theme": 4}, ["4.1", "4.2", "4.3", "4.4"]),
    "lead_board": ({"lead_board": "SSCB"}, ["2.5", "2.7"]),
    "lead_officer": ({"lead_officer": "Nicola Morrow"}, ["2.4", "2.6", "3.1", "3.2", "3.4", "4.3", "6.2"]),
    "status": ({"status": "delayed"}, ["1.7", "4.3", "6.2"]),
    "overdue": ({"overdue": "true"}, ["1.1", "2.1", "2.3", "2.7", "3.1", "3.2", "3.3", "4.1", "6.1"]),
    "due_before": (
        {"due_before": "2018-05"},
        ["1.1", "2.1", "2.3", "2.4", "2.5", "2.7", "3.1", "3.2", "3.3", "4.1", "4.4", "6.1"],
    ),
    "officer_and_status": ({"lead_officer": "Nicola Morrow", "status": "delayed"}, ["4.3", "6.2"]),
    "theme_and_overdue": ({"theme": 3, "overdue": "true"}, ["3.1", "3.2", "3.3"]),
    "board_and_due_before": (
        {"lead_board": "L&WFD PB", "due_before": "2018-05"},
        ["1.1", "2.1", "2.3", "2.4", "4.1", "4.4", "6.1"],
    ),
}


def filter_query(choices):
    """The query string a person builds by choosing these in the filter form (names become the options' ids)."""
    lookups = {
        "theme": lambda number: Theme.objects.get(number=number).pk,
        "lead_board": lambda short_name: ProgrammeBoard.objects.get(short_name=short_name).pk,
        "lead_officer": lambda name: Officer.objects.get(name=name).pk,
    }
    return {key: str(lookups[key](value)) if key in lookups else value for key, value in choices.items()}


@time_machine.travel(london(2018, 4, 15, 12), tick=False)
@pytest.mark.parametrize(("choices", "expected"), FILTER_CASES.values(), ids=list(FILTER_CASES))
def test_business_plan_filter_narrows_list(viewer_client, seed_plan, choices, expected):
    query = filter_query(choices)

    response = viewer_client.get("/business-plan/", query)

    assert response.status_code == 200
    assert project_numbers(response) == expected
    root = page(response)
    assert root.find("p", role="status").text == f"{len(expected)} projects match these filters."
    form = root.find("form", method="get")
    assert {name: value for name, value in form_fields(form).items() if value} == query  # bookmarkable, shown


def test_business_plan_without_filters_lists_all_28(viewer_client, seed_plan):
    response = viewer_client.get("/business-plan/")

    assert len(project_numbers(response)) == 28
    assert page(response).find("p", role="status").text == "28 projects."


@pytest.mark.parametrize(
    ("query", "field_id", "message"),
    [
        ({"due_before": "2018-13"}, "id_due_before", "Enter a month as a year and month, such as 2018-06."),
        ({"status": "bogus"}, "id_status", "Select a valid choice. bogus is not one of the available choices."),
        ({"theme": "999999"}, "id_theme", "Select a valid choice. That choice is not one of the available choices."),
    ],
    ids=["due_before_2018_13", "status_bogus", "theme_unknown"],
)
def test_business_plan_filter_invalid_value_shows_error_beside_field(
    viewer_client, seed_plan, query, field_id, message
):
    response = viewer_client.get("/business-plan/", query)

    assert response.status_code == 200
    root = page(response)
    assert message in root.find(id=f"div_{field_id}").find(cls="invalid-feedback").text
    assert "is-invalid" in root.find(id=field_id).attrs["class"].split()


# --------------------------------------------------------------------------- 9. my projects


def test_my_projects_overdue_listed_first(make_role_user):
    theme = f.ThemeFactory(plan=f.PlanFactory(is_current=True), number=1)
    officer = f.OfficerFactory(name="Olive Officer")
    on_time = f.ProjectFactory(theme=theme, number="1.1", lead_officers=[officer])
    late = f.ProjectFactory(theme=theme, number="1.2", lead_officers=[officer])
    f.ActivityFactory(project=on_time, due=datetime.date(2018, 9, 1))
    f.ActivityFactory(project=late, due=datetime.date(2018, 5, 1))
    f.ProjectFactory(theme=theme, number="1.3")  # led by someone else
    browser = Client()
    browser.force_login(make_role_user("olive", roles.LEAD_OFFICER, officer=officer))

    with time_machine.travel(london(2018, 6, 15, 12), tick=False):
        response = browser.get("/my-projects/")

    assert "Projects led by Olive Officer, overdue first." in page(response).text
    assert [(row[0], row[6]) for row in project_rows(response)] == [("1.2", "1 overdue"), ("1.1", "None")]


def test_my_projects_seed_lead_officer_overdue_before_the_rest(lynne_client):
    with time_machine.travel(london(2018, 4, 15, 12), tick=False):
        response = lynne_client.get("/my-projects/")

    overdue_column = [row[6] != "None" for row in project_rows(response)]
    assert len(overdue_column) == 18
    assert overdue_column == sorted(overdue_column, reverse=True)
    assert overdue_column.count(True) == 8


def test_my_projects_user_without_officer_sees_explanation(viewer_client):
    f.PlanFactory(is_current=True)

    response = viewer_client.get("/my-projects/")

    assert response.status_code == 200
    text = page(response).find("main").text
    assert "Your account is not linked to a lead officer, so no projects are listed here." in text
    assert project_rows(response) == []


# --------------------------------------------------------------------------- 10. reminders


@pytest.fixture
def reminder_officers():
    """Alice leads activities due in May (overdue), June (due soon), July (not yet) and one complete; Dora shares
    project 1.4 (due June) with Carol, who has no email address; Bob has nothing due within 14 days."""
    theme = f.ThemeFactory(plan=f.PlanFactory(is_current=True), number=1)
    alice = f.OfficerFactory(name="Alice Lead", email="alice@example.org")
    bob = f.OfficerFactory(name="Bob Lead", email="bob@example.org")
    carol = f.OfficerFactory(name="Carol Lead", email="")
    dora = f.OfficerFactory(name="Dora Lead", email="dora@example.org")
    mine = f.ProjectFactory(theme=theme, number="1.1", lead_officers=[alice])
    f.ActivityFactory(project=f.ProjectFactory(theme=theme, number="1.2", lead_officers=[bob]), due=DECEMBER)
    f.ActivityFactory(project=f.ProjectFactory(theme=theme, number="1.3", lead_officers=[dora, carol]), due=JUNE)
    activities = {
        "overdue": f.ActivityFactory(project=mine, order=1, description="Publish the annual report", due=MAY),
        "due_soon": f.ActivityFactory(project=mine, order=2, description="Launch the neglect toolkit", due=JUNE),
        "not_yet": f.ActivityFactory(project=mine, order=3, description="Run the July audit", due=JULY),
        "done": f.ActivityFactory(
            project=mine, order=4, description="Hold the induction sessions", due=MAY, complete=True
        ),
    }
    return {"alice": alice, "bob": bob, "carol": carol, "dora": dora, **activities}


def test_reminders_one_email_per_officer_with_due_and_overdue(reminder_officers):
    output = run("send_reminders", date="2018-06-20")

    assert sorted(message.to for message in mail.outbox) == [["alice@example.org"], ["dora@example.org"]]
    message = next(message for message in mail.outbox if message.to == ["alice@example.org"])
    assert message.subject == "SSCB business plan: 1 overdue, 1 due within 14 days"
    overdue_part, due_soon_part = message.body.split("Due within 14 days:")
    assert "1.1, activity 1: Publish the annual report (due May 2018)" in overdue_part
    assert "1.1, activity 2: Launch the neglect toolkit (due by the end of June 2018)" in due_soon_part
    assert "Run the July audit" not in message.body
    assert "Hold the induction sessions" not in message.body
    assert "Sent 2 digest(s) for 20 June 2018; 0 already sent today." in output


@pytest.mark.parametrize(("day", "reminded"), [("2018-06-15", False), ("2018-06-16", True)])
def test_reminders_due_soon_counts_to_last_day_of_due_month(day, reminded):
    officer = f.OfficerFactory(name="Dee Lead", email="dee@example.org")
    f.ActivityFactory(project=f.ProjectFactory(lead_officers=[officer]), due=JUNE)

    run("send_reminders", date=day)

    assert len(mail.outbox) == (1 if reminded else 0)


def test_reminders_second_run_same_day_sends_nothing(reminder_officers):
    run("send_reminders", date="2018-06-20")

    output = run("send_reminders", date="2018-06-20")

    assert len(mail.outbox) == 2
    assert "Already sent today to Alice Lead; not sent again." in output
    assert "Sent 0 digest(s) for 20 June 2018; 2 already sent today." in output
    assert ReminderLog.objects.count() == 2


def test_reminders_next_day_sends_again(reminder_officers):
    run("send_reminders", date="2018-06-20")

    run("send_reminders", date="2018-06-21")

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["alice@example.org", "alice@example.org", "dora@example.org", "dora@example.org"]


def test_reminders_changed_digest_same_day_sent(reminder_officers):
    run("send_reminders", date="2018-06-20")
    overdue = reminder_officers["overdue"]
    overdue.status, overdue.completed_on = "complete", datetime.date(2018, 6, 20)
    overdue.save()

    run("send_reminders", date="2018-06-20")

    assert len(mail.outbox) == 3
    latest = mail.outbox[2]
    assert latest.to == ["alice@example.org"]
    assert latest.subject == "SSCB business plan: 1 due within 14 days"
    assert "Publish the annual report" not in latest.body
    assert "Launch the neglect toolkit" in latest.body


def test_reminders_dry_run_sends_nothing(reminder_officers):
    output = run("send_reminders", date="2018-06-20", dry_run=True)

    assert mail.outbox == []
    assert ReminderLog.objects.count() == 0
    assert "Would send to Alice Lead <alice@example.org>: 1 overdue, 1 due soon" in output


@pytest.mark.parametrize("bad_date", ["2018-02-30", "tomorrow", "20/06/2018"])
def test_reminders_bad_date_is_command_error(bad_date):
    with pytest.raises(CommandError, match="--date must be a date"):
        run("send_reminders", date=bad_date)

    assert mail.outbox == []


# --------------------------------------------------------------------------- 11. signing in and out


def test_sign_in_good_credentials_go_to_overview(client):
    user = f.UserFactory(username="sam")

    response = client.post(SIGN_IN, {"username": "sam", "password": f.PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").wsgi_request.user == user


def test_sign_in_bad_credentials_show_error(client):
    f.UserFactory(username="sam")

    response = client.post(SIGN_IN, {"username": "sam", "password": "wrong-password"})

    assert response.status_code == 200
    assert "Please enter a correct username and password." in page(response).find(cls="error-summary").text
    assert page(response).find("input", name="username").attrs["value"] == "sam"
    assert client.get("/").status_code == 302


def test_sign_out_get_not_allowed(viewer_client):
    response = viewer_client.get("/accounts/logout/")

    assert response.status_code == 405
    assert viewer_client.get("/").status_code == 200  # still signed in


def test_sign_out_post_ends_session(viewer_client):
    response = viewer_client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == SIGN_IN
    after = viewer_client.get("/my-projects/")
    assert (after.status_code, after["Location"]) == (302, f"{SIGN_IN}?next=/my-projects/")


def test_password_reset_email_link_sets_new_password(client):
    user = f.UserFactory(username="sam", email="sam@example.org")
    client.post("/accounts/password_reset/", {"email": "sam@example.org"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body)[1]

    form_page = client.get(link, follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )

    assert page(form_page).find("h1").text == "Choose a new password"
    assert done.status_code == 302
    assert done["Location"] == "/accounts/reset/done/"
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")


def test_csrf_missing_token_refused_nothing_saved(lynne_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(lynne_user)
    form = update_post(browser.get(UPDATE_23), {"status": "delayed", "note": "Sent without a token"})
    token = form.pop("csrfmiddlewaretoken")
    before = snapshot()

    refused = browser.post(UPDATE_23, form)

    assert refused.status_code == 403
    assert "This form could not be sent" in page(refused).find("h1").text
    assert snapshot() == before
    accepted = browser.post(UPDATE_23, {**form, "csrfmiddlewaretoken": token})  # the same form with its token
    assert accepted.status_code == 302


# --------------------------------------------------------------------------- 12. management commands


def test_setup_demo_users_refused_without_debug(settings, django_user_model):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="local demonstrations only"):
        run("setup_demo_users")

    assert django_user_model.objects.count() == 0


def test_setup_demo_users_one_per_role_twice(settings, seed_plan, django_user_model):
    settings.DEBUG = True

    run("setup_demo_users")
    output = run("setup_demo_users")

    users = django_user_model.objects.order_by("username")
    assert sorted(user.username for user in users) == sorted(row[0] for row in DEMO_USERS)
    for username, _, role, _, password in DEMO_USERS:
        user = users.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.check_password(password)
        assert user.is_staff is (role == roles.BOARD_ADMINISTRATOR)
        assert username in output
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)
    assert Officer.objects.get(name="Lynne Thomas").user.username == "demo-lead"
    assert Officer.objects.get(name="Nicola Morrow").user.username == "demo-lead2"
    assert Officer.objects.filter(user__isnull=False).count() == 2


def test_setup_demo_users_lead_can_update_own_project(settings, seed_plan, client):
    settings.DEBUG = True
    run("setup_demo_users")
    username, _, _, _, password = DEMO_USERS[1]

    client.post(SIGN_IN, {"username": username, "password": password})

    assert client.get(UPDATE_23).status_code == 200
    assert client.get("/projects/4.3/update/").status_code == 403


def test_setup_local_admin_twice_honours_env_password(monkeypatch, django_user_model):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "plan-tracker-local-2018")
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_EMAIL", raising=False)

    first = run("setup_local_admin")
    second = run("setup_local_admin")

    admin = django_user_model.objects.get()
    assert (admin.username, admin.is_superuser, admin.is_staff) == ("admin", True, True)
    assert admin.check_password("plan-tracker-local-2018")
    assert "Created administrator 'admin'." in first
    assert "already exists; its password is unchanged" in second
    assert "plan-tracker-local-2018" not in first + second


def test_setup_local_admin_generated_password_printed_once(monkeypatch, django_user_model):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_EMAIL", raising=False)

    first = run("setup_local_admin")
    second = run("setup_local_admin")

    password = re.search(r"with password: (\S+)", first)[1]
    assert django_user_model.objects.get(username="admin").check_password(password)
    assert password not in second
    assert "already exists" in second
    assert django_user_model.objects.count() == 1


def test_setup_local_admin_weak_env_password_creates_nobody(monkeypatch, django_user_model):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "admin")
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)

    with pytest.raises(CommandError, match="too weak"):
        run("setup_local_admin")

    assert django_user_model.objects.count() == 0
