"""Every page, the admin's too, runs under the Content Security Policy without a refusal or a console error.

The `page` fixture (conftest.py) fails a test on any console error or CSP refusal; these tests open every
page a board administrator can, and the admin's main pages, so a template that breaks the policy is caught.
"""

import pytest

from indicators.models import ImportBatch
from plans.models import Project
from tests.core.url_walk import example_paths, is_admin, url_chains

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secure-pages-journey-2018"


@pytest.fixture
def admin_user(seed_plan, django_user_model):
    return django_user_model.objects.create_superuser("sam", "sam@example.org", PASSWORD, first_name="Sam")


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():  # the answer, whatever it is, has arrived before the next step
        page.get_by_role("button", name="Sign in").click()


def site_pages(batch):
    """One path for every page outside the admin, parameters filled in with the seed plan's values."""
    return [
        path
        for chain in url_chains()
        if not is_admin(chain)
        for path in example_paths(chain, {"pk": [str(batch.pk)]})[:1]
    ]


@pytest.mark.slow
def test_every_page_loads_under_the_policy_without_errors(page, live_server, admin_user):
    batch = ImportBatch.objects.create(kind="values", filename="june.csv", rows=[], uploaded_by=admin_user)
    sign_in(page, live_server, "sam", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")

    opened = []
    for path in site_pages(batch):
        # Ask first: downloads (CSV, XLSX, PDF) and pages that are not there for this person are not opened.
        answer = page.request.get(f"{live_server.url}{path}", max_redirects=0)
        if answer.status != 200 or not answer.headers.get("content-type", "").startswith("text/html"):
            continue
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        opened.append(path)

    assert {"/", "/business-plan/", "/projects/2.3/", "/scorecard/", "/scorecard/import/"} <= set(opened)


@pytest.mark.slow
def test_admin_pages_load_under_the_policy_without_errors(page, live_server, admin_user):
    project = Project.objects.get(number="2.3")
    sign_in(page, live_server, "sam", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")

    for path in [
        "/admin/",
        "/admin/plans/project/",
        f"/admin/plans/project/{project.pk}/change/",
        f"/admin/plans/project/{project.pk}/history/",
        "/admin/plans/project/add/",
        "/admin/auth/user/",
        f"/admin/auth/user/{admin_user.pk}/change/",
        "/admin/auth/group/add/",
        "/admin/indicators/indicator/",
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert page.locator("#content").count() == 1, path

    # Scripts run: the changelist's "select all" box ticks every row (admin/js/actions.js).
    page.goto(f"{live_server.url}/admin/plans/project/")
    page.locator("#action-toggle").check()
    assert page.locator("input.action-select:checked").count() == page.locator("input.action-select").count() > 0


@pytest.mark.slow
def test_the_lockout_page_loads_under_the_policy(page, live_server, admin_user):
    for _ in range(6):
        sign_in(page, live_server, "sam", "not-the-password")

    assert page.get_by_role("heading", level=1).inner_text() == "Sign-in locked for 15 minutes"
    assert page.get_by_role("link", name="reset your password").is_visible()


def test_a_missing_file_fails_the_test(page, live_server, admin_user, browser_problems):
    """A stylesheet, script or image that does not load is reported, unlike the page's own status."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "() => { const img = document.createElement('img'); img.src = '/no-such.png'; document.body.append(img); }"
    )
    page.wait_for_timeout(300)

    assert any("Failed to load resource" in problem for problem in browser_problems), browser_problems
    browser_problems.clear()


def test_a_policy_refusal_fails_the_test(page, live_server, admin_user, browser_problems):
    """The fixture's listener hears the browser refuse something the policy forbids."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "() => { const style = document.createElement('style'); style.textContent = 'body { color: red }';"
        " document.head.append(style); }"
    )
    page.wait_for_timeout(200)

    assert any("Content Security Policy" in problem for problem in browser_problems), browser_problems
    browser_problems.clear()
