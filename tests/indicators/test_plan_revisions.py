"""A plan revised in its year keeps the earlier version readable, with what changed between versions."""

import datetime

import pytest

from indicators.workbook.revise import changes, revise_plan, versions
from plans.models import Plan, PlanRevision, Project

INSPECTION = datetime.date(2018, 10, 15)


def revise(plan, user=None):
    return revise_plan(
        plan,
        version_note="after inspection",
        reason="Ofsted's inspection asked for a stronger focus on neglect.",
        adopted_on=INSPECTION,
        adopted_by="Sunderland Safeguarding Children Board",
        by=user,
    )


def test_revising_keeps_the_plan_as_it_stood_and_bumps_the_version(seed_plan):
    revision = revise(seed_plan)
    plan = Plan.objects.get(pk=seed_plan.pk)
    assert (plan.version, plan.version_note, plan.adopted_on) == (2, "after inspection", INSPECTION)
    assert (revision.version, revision.adopted_on, revision.replaced_on) == (1, datetime.date(2018, 4, 23), INSPECTION)
    assert len(revision.snapshot["Projects"]) == 28 and len(revision.snapshot["Indicators"]) == 69
    assert revision.snapshot["Plan"][0]["adopted_on"] == "2018-04-23"


def test_what_changed_row_by_row_and_field_by_field(seed_plan):
    revise(seed_plan)
    project = Project.objects.get(plan=seed_plan, number="1.1")
    project.title = "A new title"
    project.status = Project.Status.COMPLETE  # progress through the year is not a change of the plan
    project.save()
    Project.objects.get(plan=seed_plan, number="6.1").activities.all().delete()
    Project.objects.get(plan=seed_plan, number="6.1").delete()

    first, now = versions(Plan.objects.get(pk=seed_plan.pk))
    changed = changes(first.rows, now.rows)
    assert changed["Projects"].changed == [
        ("Number 1.1", [("Title", first.rows["Projects"][0]["title"], "A new title")])
    ]
    assert [row.split(" · ")[0] for row in changed["Projects"].removed] == ["6.1"]
    assert changed["Projects"].added == []
    assert "Plan" not in changed  # the version, its note and its adoption are not "what changed"


def test_the_versions_pages(seed_plan, viewer_client):
    revise(seed_plan)
    Project.objects.filter(plan=seed_plan, number="1.2").update(title="Review of our learning needs")

    page = viewer_client.get("/plan/versions/").content.decode()
    assert "Version 2, after inspection (as it is now)" in page
    assert "Version 1" in page and "Ofsted&#x27;s inspection asked for a stronger focus on neglect." in page
    assert "What changed from version 1" in page and "“Review of our learning needs”" in page

    old = viewer_client.get("/plan/versions/1/").content.decode()
    assert "The plan as it stood until 15 October 2018" in old
    assert "Review of our workforce learning needs" in old  # version 1 as it was
    assert viewer_client.get("/plan/versions/7/").status_code == 404


def test_revising_in_the_browser(seed_plan, board_admin_client):
    form = {
        "version_note": "after inspection",
        "reason": "Inspection findings",
        "adopted_on": "2018-10-15",
        "adopted_by": "The Board",
    }
    response = board_admin_client.post("/plan/revise/", form)
    assert response.status_code == 302 and response["Location"] == "/plan/versions/"
    assert Plan.objects.get(pk=seed_plan.pk).version == 2
    assert PlanRevision.objects.get(plan=seed_plan).history.first().history_user.username == "brenda"


def test_a_revision_cannot_be_adopted_before_the_version_it_replaces(seed_plan, board_admin_client):
    form = {"version_note": "v2", "reason": "r", "adopted_on": "2018-01-01", "adopted_by": "The Board"}
    response = board_admin_client.post("/plan/revise/", form)
    assert response.status_code == 400
    assert "Version 1 was adopted on 23 April 2018" in response.content.decode()
    assert not PlanRevision.objects.exists()


@pytest.mark.parametrize("status", [Plan.Status.DRAFT, Plan.Status.CLOSED])
def test_only_the_current_plan_is_revised(seed_plan, board_admin_client, status):
    Plan.objects.filter(pk=seed_plan.pk).update(status=status, is_current=False)
    response = board_admin_client.get(f"/plans/{seed_plan.code}/plan/revise/")
    assert response.status_code == 403


def test_only_board_administrators_revise(seed_plan, viewer_client):
    assert viewer_client.get("/plan/revise/").status_code == 403


def test_the_versions_page_offers_revising_only_to_board_administrators(seed_plan, viewer_client, board_admin_client):
    assert "/plan/revise/" not in viewer_client.get("/plan/versions/").content.decode()
    page = board_admin_client.get("/plan/versions/").content.decode()
    assert 'href="/plan/revise/"' in page and 'href="/plan/load/"' in page
