"""A lead officer updates a project in a real browser and sees the change everywhere it belongs."""

import pytest
from django.contrib.auth.models import Group

from core.permissions import LEAD_OFFICER
from plans.models import Officer, Project, StatusUpdate

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "lead-officer-journey-2018"


@pytest.fixture
def lead_officer(seed_plan, django_user_model):
    user = django_user_model.objects.create_user(
        "lynne", password=PASSWORD, first_name="Lynne", last_name="Thomas", email="lynne@example.org"
    )
    user.groups.add(Group.objects.get(name=LEAD_OFFICER))
    Officer.objects.filter(name="Lynne Thomas").update(user=user)
    return user


def test_lead_officer_delays_project_and_sees_it_everywhere(page, live_server, lead_officer):
    # Sign in.
    page.goto(f"{live_server.url}/projects/2.3/update/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Username").fill("lynne")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/projects/2.3/update/")

    # Set 2.3 to Delayed with a revised due month and a reason.
    page.get_by_label("Project status").select_option(label="Delayed")
    page.get_by_label("Note").fill("Website provider withdrew; re-procuring.")
    page.get_by_label("Activity whose timescale changes").select_option(index=2)
    page.get_by_label("Revised due month").fill("2018-09")
    page.get_by_label("Reason for the new timescale").fill("New provider needs three months to build the site.")
    page.get_by_role("button", name="Save update").click()

    # Back on the project page: the update is in its history.
    page.wait_for_url(f"{live_server.url}/projects/2.3/")
    assert page.get_by_role("status").filter(has_text="Project 2.3 updated.").is_visible()
    history = page.locator("#history + div table")
    assert "Website provider withdrew; re-procuring." in history.inner_text()
    assert "Delayed" in history.inner_text()
    assert "revised to September 2018" in history.inner_text()
    activities = page.get_by_role("table", name="Activities of project 2.3").inner_text()
    assert "September 2018" in activities
    assert "New provider needs three months to build the site." in activities

    # The plan overview shows it among the latest updates.
    page.get_by_role("link", name="Plan overview").click()
    latest = page.locator("section[aria-labelledby=updates-heading]").inner_text()
    assert "2.3" in latest
    assert "Delayed" in latest
    assert "Website provider withdrew" in latest

    # My projects lists 2.3 as Delayed.
    page.get_by_role("link", name="My projects").click()
    row = page.get_by_role("row").filter(has_text="Review our administrative systems")
    assert "Delayed" in row.inner_text()

    # And the database holds exactly one update, by this officer.
    project = Project.objects.get(number="2.3")
    assert project.status == Project.Status.DELAYED
    update = StatusUpdate.objects.get(project=project)
    assert update.author == lead_officer
    assert str(update.revised_due) == "2018-09-01"
