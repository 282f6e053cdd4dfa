"""Who may open which page: every page of the site for every role, and the 403 and 404 pages."""

from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver, resolve, reverse

from tests.conftest import CLIENT_FIXTURES, ROLE_PEOPLE, load_seed, made_once, make_role_person, signed_in_client
from tests.core.url_walk import example_paths, is_admin, qualified_name, url_chains
from tests.pages import page
from tests.plans.helpers import PROJECT_23, UPDATE_23

# WhiteNoise warns once per client when STATIC_ROOT (made by collectstatic) does not exist. The pages do not need it.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]
SIGN_IN = "/accounts/login/"


# --------------------------------------------------------------------------- who may open which page

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
    # Editing commentary: the indicator's lead board and board administrators (no such commentary: 404).
    "/scorecard/indicators/1/commentary/999999/edit/": {**only_for(), "board_admin": 404},
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
    "/board-packs/requests/999/": signed_in_only(404),
    "/board-packs/requests/999/status.json": signed_in_only(404),
    "/annual-report/": signed_in_only(200),
    "/annual-report/pdf/?plan=1999-00": signed_in_only(404),
    # Assurance (assurance/urls.py): everyone signed in reads; recording is for board administrators
    # (Permission.MANAGE_ASSURANCE); progress on an action is its owner's (POST only, UPDATE_OWN_ACTION).
    "/assurance/audits/": signed_in_only(200),
    "/assurance/audits/cycles/999999/": signed_in_only(404),
    "/assurance/audits/999999/": signed_in_only(404),
    "/assurance/audits/999999/returns/": signed_in_only(405),
    "/assurance/audits/999999/actions/new/": {**only_for(), "board_admin": 404},
    "/assurance/actions/": signed_in_only(200),
    "/assurance/actions/export.csv": signed_in_only(200),
    "/assurance/actions/export.xlsx": signed_in_only(200),
    "/assurance/actions/mine/": signed_in_only(200),
    "/assurance/actions/999999/": signed_in_only(404),
    "/assurance/actions/999999/update/": signed_in_only(405),
    "/assurance/risks/": signed_in_only(200),
    "/assurance/risks/new/": only_for("board_admin"),
    "/assurance/meetings/": signed_in_only(200),
    "/assurance/meetings/new/": only_for("board_admin"),
    "/assurance/meetings/999999/": signed_in_only(404),
    "/assurance/meetings/999999/actions/new/": {**only_for(), "board_admin": 404},
    # An action on a scorecard exception: those who may write commentary on the indicator (the board member
    # here sits on no board, so is refused indicator 1; an unknown indicator is 404 to anyone who may write).
    "/assurance/indicators/1/actions/new/": only_for("board_admin"),
    "/assurance/indicators/999/actions/new/": {**only_for(), "board_admin": 404, "board_member": 404},
    "/assurance/projects/2.3/actions/new/": only_for("board_admin"),
    "/assurance/projects/9.99/actions/new/": {**only_for(), "board_admin": 404},
    "/assurance/learning/999999/actions/new/": {**only_for(), "board_admin": 404},
    "/assurance/reviews/": signed_in_only(200),
    "/assurance/reviews/999999/": signed_in_only(404),
    "/assurance/learning/": signed_in_only(200),
    "/assurance/agencies/": signed_in_only(200),
    "/assurance/agencies/999999/": signed_in_only(404),
    # Starting the next plan year (plans/views/years.py): board administrators (Permission.MANAGE_PLANS). The seed
    # plan has no draft following it, so a draft's pages are 404 to them.
    "/plan-years/start/": only_for("board_admin"),
    "/plan-years/1999-00/": {**only_for(), "board_admin": 404},
    "/plan-years/1999-00/edit/": {**only_for(), "board_admin": 404},
    "/plan-years/1999-00/decisions/": {**only_for(), "board_admin": 404},
    "/plan-years/1999-00/adopt/": {**only_for(), "board_admin": 404},
    # The plan as a workbook, loading a plan from one, and the plan's versions (indicators/urls_plan.py):
    # loading and revising are for board administrators (Permission.MANAGE_PLANS).
    "/plan/workbook.xlsx": signed_in_only(200),
    "/plan/load/": only_for("board_admin"),
    "/plan/load/999999/": {**only_for(), "board_admin": 404},
    "/plan/load/999999/confirm/": signed_in_only(405),
    "/plan/versions/": signed_in_only(200),
    "/plan/versions/1/": signed_in_only(200),
    "/plan/versions/99/": signed_in_only(404),
    "/plan/revise/": only_for("board_admin"),
    # The accessibility statement is public, as public bodies publish it.
    "/accessibility/": open_to_all(200),
}
URL_CASES = [(role, url, expected) for url, answers in URL_MATRIX.items() for role, expected in answers.items()]


@pytest.fixture(scope="class")
def people_by_role(django_db_setup, django_db_blocker):
    """The seed plan and one person per role, made once for all the matrix's cases.

    Nothing one case writes, such as its session, reaches the next (tests/conftest.py made_once): the 538
    cases share one load of the seed instead of each loading it again.
    """
    with made_once(django_db_blocker):
        load_seed()
        yield {role: make_role_person(role) for role in ROLE_PEOPLE}


@pytest.mark.usefixtures("people_by_role")
class TestUrlMatrix:
    @pytest.mark.parametrize(("role", "url", "expected"), URL_CASES, ids=[f"{r}-{u}" for r, u, _ in URL_CASES])
    def test_url_matrix_answer(self, people_by_role, client, role, url, expected):
        browser = client if role == "anonymous" else signed_in_client(people_by_role[role])

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


def test_url_walk_reaches_included_modules_and_the_admin():
    chains = list(url_chains())
    names = {qualified_name(chain) for chain in chains}

    assert {"home", "plans:project", "indicators:indicator", "password_reset_confirm", "admin:index"} <= names
    assert all(example_paths(chain) for chain in chains), [
        qualified_name(chain) or str(chain[-1].pattern) for chain in chains if not example_paths(chain)
    ]
    assert example_paths(next(c for c in chains if qualified_name(c) == "plans:project"))[0] == "/projects/2.3/"


# --------------------------------------------------------------------------- fail closed

# Pages anyone may open without signing in. Every other page must send an anonymous visitor to sign in:
# a new public page is added here deliberately. Static files (/static/, /favicon.ico) are served before
# any page is reached, to anyone.
PUBLIC_NAMES = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
# Whole sections that are public by design: the published scorecard (404 while publishing is off) and
# the accessibility statement.
PUBLIC_PREFIXES = ("/published/", "/accessibility/")
ADMIN_PUBLIC_NAMES = {"admin:login"}


def every_path():
    return [(chain, path) for chain in url_chains() for path in example_paths(chain)[:1]]


@pytest.mark.slow
def test_every_page_fails_closed_for_anonymous_visitors(db, client):
    public, closed = [], []
    for chain, path in every_path():
        name = qualified_name(chain)
        admin = is_admin(chain)
        if name in PUBLIC_NAMES or name in ADMIN_PUBLIC_NAMES or path.startswith(PUBLIC_PREFIXES):
            response = client.get(path)
            assert response.status_code in (200, 404), (path, response.status_code)  # 404: published is off
            public.append(path)
            continue
        # The admin's own pages send people to the admin's sign-in page; its model pages, like every other
        # page, to the site's (LoginRequiredMiddleware). Either brings them back to the page after signing in.
        sign_in_pages = [reverse(settings.LOGIN_URL), *([reverse("admin:login")] if admin else [])]
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 302, (method.__name__, path, response.status_code)
            assert response["Location"] in [f"{page}?next={quote(path)}" for page in sign_in_pages], path
        closed.append(path)

    assert "/accounts/login/" in public
    assert "/accounts/reset/MQ/not-a-token/" in public
    assert {"/", "/scorecard/", "/scorecard/import/", "/admin/", "/accounts/password_change/"} <= set(closed)


def test_static_files_and_the_icon_are_served_to_anyone(db, client, settings):
    settings.WHITENOISE_USE_FINDERS = True  # as locally; in production they come from collectstatic

    for path in ("/static/css/site.css", "/favicon.ico"):
        response = client.get(path)
        assert response.status_code == 200, path
        b"".join(response.streaming_content)
        response.close()
