"""Loading the seed fixture over a database in use never rewrites a row that has changed since it was loaded."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from plans.actions import TimescaleRevision, update_project
from plans.models import Activity, Officer, Project

pytestmark = pytest.mark.django_db

FIXTURE = "sscb_plan_2018_19"


def load():
    call_command("loaddata", FIXTURE, verbosity=0)


def test_reloading_an_unchanged_plan_is_allowed_and_changes_nothing(seed_plan):
    project = Project.objects.get(plan=seed_plan, number="2.3")

    load()

    assert Project.objects.get(pk=project.pk).revision == project.revision


def test_reloading_over_an_updated_project_is_refused_keeping_its_revision(seed_plan, board_admin_user):
    """Before: the project's status and revision went back to the file's, weakening the conflict check."""
    project = Project.objects.get(plan=seed_plan, number="2.3")
    update_project(
        project_id=project.pk, author=board_admin_user, expected_revision=1, status=Project.Status.DELAYED, note="Late"
    )

    with pytest.raises(CommandError, match=r"would rewrite project 2018-19 2\.3 \(status, revision, updated_at\)"):
        load()

    project.refresh_from_db()
    assert (project.status, project.revision) == (Project.Status.DELAYED, 2)


def test_reloading_over_a_revised_due_date_is_refused_keeping_it(seed_plan, board_admin_user):
    project = Project.objects.get(plan=seed_plan, number="2.3")
    activity = project.activities.get(order=1)
    update_project(
        project_id=project.pk,
        author=board_admin_user,
        expected_revision=1,
        status=project.status,
        timescale_revision=TimescaleRevision(activity.pk, datetime.date(2019, 2, 1), "Trainer off sick"),
    )
    # Even with the project itself put back as the file has it, the activity is still refused.
    Project.objects.filter(pk=project.pk).update(
        revision=1, updated_at=datetime.datetime(2018, 4, 23, tzinfo=datetime.UTC)
    )

    with pytest.raises(CommandError, match=r"would rewrite activity 2018-19 2\.3 1 \(revised_due, revision_reason\)"):
        load()

    activity.refresh_from_db()
    assert activity.revised_due == datetime.date(2019, 2, 1)


def test_reloading_over_an_officers_sign_in_link_is_refused_keeping_it(seed_plan, lynne_user):
    with pytest.raises(CommandError, match=r"would rewrite officer Lynne Thomas \(user\)"):
        load()

    assert Officer.objects.get(name="Lynne Thomas").user == lynne_user


def test_reloading_over_changed_lead_officers_is_refused_keeping_them(seed_plan):
    project = Project.objects.get(plan=seed_plan, number="2.3")
    extra = Officer.objects.exclude(projects=project).first()
    project.lead_officers.add(extra)
    # The row itself as the file has it: only its links differ.
    Project.objects.filter(pk=project.pk).update(updated_at=datetime.datetime(2018, 4, 23, tzinfo=datetime.UTC))

    with pytest.raises(CommandError, match=r"would change the links of project 2018-19 2\.3"):
        load()

    assert extra in project.lead_officers.all()


def test_load_seed_plan_force_is_refused_the_same_way(seed_plan, lynne_user):
    with pytest.raises(CommandError, match="A fixture never rewrites a row in use"):
        call_command("load_seed_plan", force=True, verbosity=0)

    assert Officer.objects.get(name="Lynne Thomas").user == lynne_user
    assert Activity.objects.filter(project__plan=seed_plan).count() == 45
