"""Plan years in the admin: a plan's state, spans and previous plan; its earlier versions; the decisions on the
previous plan's unfinished projects; a closed plan read only; and deleting a plan, an officer or a board
refused, with the reasons, while anything of theirs is on record (nothing is deleted)."""

import datetime

import pytest

from plans.models import Activity, Officer, Plan, PlanRevision, ProgrammeBoard, Project, ProjectDecision, ValueTheme
from tests.assurance.factories import ActionFactory
from tests.core.factories import UserFactory
from tests.plans.admin_forms import admin_form_data, admin_url
from tests.plans.factories import (
    OfficerFactory,
    PlanFactory,
    PlanRevisionFactory,
    ProgrammeBoardFactory,
    ProjectDecisionFactory,
    StatusUpdateFactory,
)

pytestmark = pytest.mark.django_db

CONFIRM_BUTTON = "Yes, I’m sure"


def text(response):
    return response.content.decode()


def next_draft(previous, code="2019-20"):
    return PlanFactory(
        code=code,
        title="Strategic Plan April 2019 – March 2020",
        status=Plan.Status.DRAFT,
        adopted_on=None,
        starts_on=datetime.date(2019, 4, 1),
        ends_on=datetime.date(2020, 3, 31),
        previous=previous,
    )


def completed_decision(plan, previous):
    """The next plan's decision that 2.1 of the plan before it is closed as complete."""
    return ProjectDecisionFactory(
        plan=plan, project=previous.projects.get(number="2.1"), decision=ProjectDecision.Decision.COMPLETED, reason=""
    )


def close(plan, on=datetime.date(2019, 4, 23)):
    plan.status = Plan.Status.CLOSED
    plan.closed_on = on
    plan.save()
    return plan


def refused(client, model, obj):
    """The delete page, then confirming it, as a board administrator would: (page, answer to the confirmation)."""
    return client.get(admin_url(model, "delete", obj.pk)), client.post(
        admin_url(model, "delete", obj.pk), {"post": "yes"}
    )


def bulk_delete(client, model, *objs):
    return client.post(
        admin_url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk for obj in objs], "post": "yes"},
    )


# --------------------------------------------------------------------------- plans


def test_plan_form_holds_state_spans_and_previous_with_is_current_read_only(seed_plan, board_admin_client):
    draft = next_draft(seed_plan)

    response = board_admin_client.get(admin_url(Plan, "change", draft.pk))

    assert response.status_code == 200
    fields = set(response.context["adminform"].form.fields)
    assert {"status", "starts_on", "ends_on", "business_starts_on", "business_ends_on", "previous"} <= fields
    assert {"closed_on", "version", "version_note"} <= fields
    assert "is_current" not in fields  # shown, never edited: it follows the status
    assert "Business plan span" in text(response)


def test_plan_change_is_kept_in_its_history(seed_plan, board_admin_client):
    draft = next_draft(seed_plan)
    page = board_admin_client.get(admin_url(Plan, "change", draft.pk))

    response = board_admin_client.post(
        admin_url(Plan, "change", draft.pk), admin_form_data(page, {"version_note": "after inspection"})
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.version_note == "after inspection"
    assert draft.history.count() == 2
    assert draft.history.first().history_user.username == "brenda"
    history = board_admin_client.get(admin_url(Plan, "history", draft.pk))
    assert history.status_code == 200
    assert "brenda" in text(history)


def test_closed_plan_change_form_is_read_only_and_says_why(seed_plan, board_admin_client):
    close(seed_plan)

    response = board_admin_client.get(admin_url(Plan, "change", seed_plan.pk))

    assert response.status_code == 200
    page = text(response)
    assert "The plan 2018-19 was closed on 23 April 2019" in page
    assert "shown here read only" in page
    assert 'name="_save"' not in page
    assert 'name="title"' not in page


def test_closed_plan_change_is_refused_and_nothing_changes(seed_plan, board_admin_client):
    close(seed_plan)

    response = board_admin_client.post(admin_url(Plan, "change", seed_plan.pk), {"title": "Renamed", "code": "x"})

    assert response.status_code == 403
    seed_plan.refresh_from_db()
    assert seed_plan.title.startswith("Strategic Plan April 2018")
    assert seed_plan.code == "2018-19"


def test_plan_with_projects_and_scorecard_is_not_deleted_and_the_page_says_why(seed_plan, board_admin_client):
    projects, history = seed_plan.projects.count(), Plan.history.count()

    page, response = refused(board_admin_client, Plan, seed_plan)

    assert page.status_code == response.status_code == 200
    for shown in (page, response):
        assert "holds 28 projects of its business plan" in text(shown)
        assert "scorecard reports 69 indicators" in text(shown)
        assert "mark another plan as current instead" in text(shown)
        assert CONFIRM_BUTTON not in text(shown)
    assert Plan.objects.filter(pk=seed_plan.pk).exists()
    assert seed_plan.projects.count() == projects == 28
    assert Plan.history.count() == history


def test_plan_with_earlier_versions_is_not_deleted_by_the_bulk_action(db, board_admin_client):
    plan = PlanFactory(code="2018-19", status=Plan.Status.DRAFT)
    PlanRevisionFactory(plan=plan)

    response = bulk_delete(board_admin_client, Plan, plan)

    assert response.status_code == 200
    assert "keeps 1 earlier version, readable with what changed" in text(response)
    assert PlanRevision.objects.filter(plan=plan).count() == 1


def test_plan_holding_decisions_on_the_previous_plan_is_not_deleted(seed_plan, board_admin_client):
    draft = next_draft(seed_plan)
    completed_decision(draft, seed_plan)

    _page, response = refused(board_admin_client, Plan, draft)

    assert "holds the decisions on 1 unfinished project of the plan before it" in text(response)
    assert "The plan 2019-20 started from" in text(refused(board_admin_client, Plan, seed_plan)[1])
    assert Plan.objects.filter(pk=draft.pk).exists()
    assert ProjectDecision.objects.filter(plan=draft).count() == 1


def test_empty_draft_plan_is_deleted(db, board_admin_client):
    draft = PlanFactory(code="started-by-mistake", status=Plan.Status.DRAFT)

    response = board_admin_client.post(admin_url(Plan, "delete", draft.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Plan.objects.filter(pk=draft.pk).exists()


# --------------------------------------------------------------------------- earlier versions, decisions


def test_plan_revision_is_read_only_with_its_history(db, board_admin_client):
    revision = PlanRevisionFactory(plan=PlanFactory(code="2018-19"))

    listed = board_admin_client.get(admin_url(PlanRevision, "changelist"), {"plan__id__exact": revision.plan_id})
    page = board_admin_client.get(admin_url(PlanRevision, "change", revision.pk))
    changed = board_admin_client.post(admin_url(PlanRevision, "change", revision.pk), {"replaced_because": "x"})
    deleted = board_admin_client.post(admin_url(PlanRevision, "delete", revision.pk), {"post": "yes"})
    history = board_admin_client.get(admin_url(PlanRevision, "history", revision.pk))

    assert list(listed.context["cl"].result_list) == [revision]
    assert page.status_code == 200
    assert 'name="_save"' not in text(page)
    assert board_admin_client.get(admin_url(PlanRevision, "add")).status_code == 403
    assert changed.status_code == deleted.status_code == 403
    revision.refresh_from_db()
    assert revision.replaced_because == "Revised after inspection"
    assert history.status_code == 200
    assert revision.history.count() == 1
    assert "<tbody>" in text(history)  # the list of its recorded versions


def test_project_decisions_listed_by_plan(seed_plan, board_admin_client):
    draft = next_draft(seed_plan)
    other = next_draft(PlanFactory(code="2017-18"), code="2018-19-b")
    decision = completed_decision(draft, seed_plan)
    ProjectDecisionFactory(plan=other)

    response = board_admin_client.get(admin_url(ProjectDecision, "changelist"), {"plan__id__exact": draft.pk})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [decision]


def test_project_decision_change_kept_in_history_with_who_decided(seed_plan, board_admin_client, board_admin_user):
    draft = next_draft(seed_plan)
    decision = completed_decision(draft, seed_plan)
    page = board_admin_client.get(admin_url(ProjectDecision, "change", decision.pk))

    response = board_admin_client.post(
        admin_url(ProjectDecision, "change", decision.pk),
        admin_form_data(page, {"decision": "dropped", "reason": "Superseded by the new safeguarding partnership"}),
    )

    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.decision, decision.decided_by) == (ProjectDecision.Decision.DROPPED, board_admin_user)
    assert decision.history.count() == 2
    history = board_admin_client.get(admin_url(ProjectDecision, "history", decision.pk))
    assert history.status_code == 200
    rows = text(history).split("<tbody>")[1]
    assert "brenda" in rows
    assert "dropped" in rows.lower()


def test_project_decision_dropped_without_reason_is_refused_beside_the_reason(seed_plan, board_admin_client):
    draft = next_draft(seed_plan)
    decision = completed_decision(draft, seed_plan)
    page = board_admin_client.get(admin_url(ProjectDecision, "change", decision.pk))

    response = board_admin_client.post(
        admin_url(ProjectDecision, "change", decision.pk), admin_form_data(page, {"decision": "dropped"})
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["reason"] == [
        "Give the reason the project is dropped or carried forward."
    ]
    decision.refresh_from_db()
    assert decision.decision == ProjectDecision.Decision.COMPLETED
    assert decision.history.count() == 1


def test_decision_of_a_closed_plan_is_read_only(seed_plan, board_admin_client):
    closed_next = close(next_draft(seed_plan), on=datetime.date(2020, 4, 20))
    decision = completed_decision(closed_next, seed_plan)

    page = board_admin_client.get(admin_url(ProjectDecision, "change", decision.pk))
    response = board_admin_client.post(admin_url(ProjectDecision, "change", decision.pk), {"decision": "dropped"})

    assert "The plan 2019-20 was closed on 20 April 2020" in text(page)
    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.decision == ProjectDecision.Decision.COMPLETED


# --------------------------------------------------------------------------- officers and boards


def test_officer_owning_actions_is_not_deleted(seed_plan, board_admin_client):
    officer = OfficerFactory(name="Action Owner")
    action = ActionFactory(owner=officer)

    page, response = refused(board_admin_client, Officer, officer)

    for shown in (page, response):
        assert "Action Owner owns or leads 1 action of the assurance records" in text(shown)
        assert CONFIRM_BUTTON not in text(shown)
    assert Officer.objects.filter(pk=officer.pk).exists()
    action.refresh_from_db()
    assert action.owner == officer


def test_officer_whose_sign_in_wrote_status_updates_is_not_deleted(seed_plan, board_admin_client):
    user = UserFactory(username="former.lead")
    officer = OfficerFactory(name="Former Lead", user=user)
    StatusUpdateFactory(project=seed_plan.projects.get(number="2.3"), author=user)

    response = bulk_delete(board_admin_client, Officer, officer)

    assert response.status_code == 200
    assert "Former Lead wrote 1 status update of the business plan, which is a permanent record" in text(response)
    assert Officer.objects.filter(pk=officer.pk).exists()


def test_board_leading_indicators_and_scorecard_entries_is_not_deleted(seed_plan, board_admin_client):
    board = ProgrammeBoard.objects.get(short_name="DASPG")
    assert not board.projects.exists()

    page, response = refused(board_admin_client, ProgrammeBoard, board)

    for shown in (page, response):
        assert "leads 5 indicators (35, 36, 37, 38, 39): give them another lead board first" in text(shown)
        assert "is the lead board of 5 scorecard entries" in text(shown)
        assert CONFIRM_BUTTON not in text(shown)
    assert ProgrammeBoard.objects.filter(pk=board.pk).exists()
    assert board.indicators.count() == 5


def test_board_leading_a_project_jointly_is_not_deleted(seed_plan, board_admin_client):
    board = ProgrammeBoardFactory(name="Partnership Board", short_name="PB")
    Project.objects.get(number="2.1").joint_lead_boards.add(board)

    response = bulk_delete(board_admin_client, ProgrammeBoard, board)

    assert "Partnership Board leads 1 project jointly (2.1)" in text(response)
    assert ProgrammeBoard.objects.filter(pk=board.pk).exists()
    assert list(Project.objects.get(number="2.1").joint_lead_boards.order_by("short_name")) == [
        board,
        ProgrammeBoard.objects.get(short_name="SSCB"),
    ]


def test_board_with_nothing_on_record_is_deleted(seed_plan, board_admin_client):
    board = ProgrammeBoardFactory(name="Added By Mistake", short_name="ABM")

    response = board_admin_client.post(admin_url(ProgrammeBoard, "delete", board.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not ProgrammeBoard.objects.filter(pk=board.pk).exists()


# --------------------------------------------------------------------------- what belongs to a closed plan


def test_closed_plans_project_and_activities_are_read_only_and_say_why(seed_plan, board_admin_client):
    close(seed_plan)
    project = seed_plan.projects.get(number="2.1")
    activity = project.activities.get(order=1)

    project_page = board_admin_client.get(admin_url(Project, "change", project.pk))
    activity_page = board_admin_client.get(admin_url(Activity, "change", activity.pk))
    project_post = board_admin_client.post(admin_url(Project, "change", project.pk), {"status": "complete"})
    activity_post = board_admin_client.post(admin_url(Activity, "change", activity.pk), {"status": "complete"})

    for page in (project_page, activity_page):
        assert page.status_code == 200
        assert "The plan 2018-19 was closed on 23 April 2019" in text(page)
        assert 'name="_save"' not in text(page)
    assert project_post.status_code == activity_post.status_code == 403
    project.refresh_from_db()
    activity.refresh_from_db()
    assert (project.status, project.revision) == (Project.Status.ON_TRACK, 1)
    assert activity.status == Activity.Status.IN_PROGRESS


def test_closed_plans_theme_is_not_deleted_and_the_page_says_why(seed_plan, board_admin_client):
    close(seed_plan)
    theme = ValueTheme.objects.get(plan=seed_plan, number=5)

    page, response = refused(board_admin_client, ValueTheme, theme)
    bulk = bulk_delete(board_admin_client, ValueTheme, theme)

    for shown in (page, response, bulk):
        assert shown.status_code == 200
        assert "The plan 2018-19 was closed on 23 April 2019" in text(shown)
        assert CONFIRM_BUTTON not in text(shown)
    assert ValueTheme.objects.filter(pk=theme.pk).exists()
    assert theme.values.count() == 1


def test_current_plans_project_is_still_edited_in_the_admin(seed_plan, board_admin_client):
    project = seed_plan.projects.get(number="2.1")
    page = board_admin_client.get(admin_url(Project, "change", project.pk))

    response = board_admin_client.post(
        admin_url(Project, "change", project.pk), admin_form_data(page, {"status": "at_risk"})
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.AT_RISK
    assert "was closed" not in text(page)
