"""Deleting a plan, an officer or a programme board in the admin never takes updates or history with it."""

import pytest

from plans.models import Officer, Plan, ProgrammeBoard, Project, ReminderLog
from tests.plans.admin_forms import admin_url
from tests.plans.factories import OfficerFactory, PlanFactory, ProgrammeBoardFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db


def test_deleting_an_officer_who_leads_projects_is_refused_with_the_reason(seed_plan, board_admin_client, lynne_user):
    """Before: the officer went, their projects lost them as lead with no history row, and their sign-in got 403."""
    officer = Officer.objects.get(name="Lynne Thomas")
    led = set(officer.projects.values_list("number", flat=True))

    page = board_admin_client.get(admin_url(Officer, "delete", officer.pk))
    response = board_admin_client.post(admin_url(Officer, "delete", officer.pk), {"post": "yes"})

    assert page.status_code == response.status_code == 200
    html = response.content.decode()
    assert f"Lynne Thomas leads {len(led)} projects (" in html
    assert "reassign the projects to another lead officer first" in html
    officer.refresh_from_db()
    assert set(officer.projects.values_list("number", flat=True)) == led
    assert officer.user == lynne_user


def test_deleting_officers_with_the_bulk_action_is_refused_too(seed_plan, board_admin_client):
    officer = Officer.objects.get(name="Lynne Thomas")

    response = board_admin_client.post(
        admin_url(Officer, "changelist"),
        {"action": "delete_selected", "_selected_action": [officer.pk], "post": "yes"},
    )

    assert response.status_code == 200
    assert "reassign the projects to another lead officer first" in response.content.decode()
    assert Officer.objects.filter(pk=officer.pk).exists()


def test_deleting_an_officer_named_in_project_history_is_refused(seed_plan, board_admin_client):
    officer = OfficerFactory(name="Former Lead")
    project = Project.objects.get(plan=seed_plan, number="2.3")
    project.lead_officers.add(officer)
    project.lead_officers.remove(officer)  # reassigned: the history still names them

    response = board_admin_client.post(admin_url(Officer, "delete", officer.pk), {"post": "yes"})

    assert response.status_code == 200
    assert "Former Lead is named in" in response.content.decode()
    assert Officer.objects.filter(pk=officer.pk).exists()


def test_deleting_an_officer_sent_reminders_is_refused(seed_plan, board_admin_client):
    officer = OfficerFactory(name="Reminded Person")
    ReminderLog.objects.create(officer=officer, sent_on=seed_plan.starts_on, digest="abc")

    response = board_admin_client.post(admin_url(Officer, "delete", officer.pk), {"post": "yes"})

    assert response.status_code == 200
    assert "1 reminder sent to Reminded Person is on record" in response.content.decode()
    assert ReminderLog.objects.filter(officer=officer).exists()


def test_deleting_an_officer_with_nothing_on_record_is_allowed(seed_plan, board_admin_client):
    officer = OfficerFactory(name="Added By Mistake")

    response = board_admin_client.post(admin_url(Officer, "delete", officer.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Officer.objects.filter(pk=officer.pk).exists()


def test_deleting_a_programme_board_that_leads_projects_is_refused_with_the_reason(seed_plan, board_admin_client):
    board = ProgrammeBoard.objects.get(short_name="L&WFD PB")

    response = board_admin_client.post(admin_url(ProgrammeBoard, "delete", board.pk), {"post": "yes"})

    assert response.status_code == 200
    assert "give the projects another lead board first" in response.content.decode()
    assert ProgrammeBoard.objects.filter(pk=board.pk).exists()


def test_deleting_a_programme_board_named_in_history_is_refused(seed_plan, board_admin_client):
    old_board = ProgrammeBoardFactory(name="Old Group", short_name="OG")
    project = Project.objects.get(plan=seed_plan, number="2.3")
    keep = project.lead_board
    project.lead_board = old_board
    project.save()
    project.lead_board = keep
    project.save()

    response = board_admin_client.post(admin_url(ProgrammeBoard, "delete", old_board.pk), {"post": "yes"})

    assert response.status_code == 200
    assert "Old Group is named in" in response.content.decode()
    assert ProgrammeBoard.objects.filter(pk=old_board.pk).exists()


def test_deleting_a_plan_with_status_updates_is_refused_keeping_them(seed_plan, board_admin_client, lynne_user):
    project = Project.objects.get(plan=seed_plan, number="2.3")
    StatusUpdateFactory(project=project, author=lynne_user)

    response = board_admin_client.post(admin_url(Plan, "delete", seed_plan.pk), {"post": "yes"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "has 1 status update on record" in html
    assert "mark another plan as current instead" in html
    assert Plan.objects.filter(pk=seed_plan.pk).exists()
    assert project.updates.count() == 1


def test_deleting_an_unused_plan_is_allowed(db, board_admin_client):
    plan = PlanFactory(code="draft-by-mistake")

    response = board_admin_client.post(admin_url(Plan, "delete", plan.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Plan.objects.filter(pk=plan.pk).exists()
