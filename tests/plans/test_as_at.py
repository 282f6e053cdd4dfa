"""The business plan as it stood at a cut-off, read back from the history (plans.as_at)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from plans.actions import ActivityChange, TimescaleRevision, update_project
from plans.as_at import (
    PROJECT_FIELDS,
    Record,
    _records,
    activity_counts,
    cutoff_moment,
    later_history,
    projects_as_at,
    state_at,
)
from plans.models import Activity, Project
from plans.queries import theme_progress
from tests.plans.factories import ActivityFactory, ProjectFactory, StatusUpdateFactory, ThemeFactory

LONDON = ZoneInfo("Europe/London")
CUTOFF = datetime.date(2019, 3, 31)
BEFORE = datetime.datetime(2019, 1, 10, 9, tzinfo=LONDON)
ON_THE_DAY = datetime.datetime(2019, 3, 31, 23, 30, tzinfo=LONDON)
AFTER = datetime.datetime(2019, 4, 2, 10, tzinfo=LONDON)


def at(moment):
    return time_machine.travel(moment, tick=False)


# --------------------------------------------------------------------------- the rule, on plain values


def test_cutoff_moment_is_the_end_of_the_day_in_the_sites_time_zone():
    moment = cutoff_moment(CUTOFF)

    assert ON_THE_DAY < moment < AFTER
    assert moment.astimezone(LONDON).date() == CUTOFF


def test_state_at_a_row_unchanged_since_the_cutoff_is_as_it_is_now():
    records = [Record(BEFORE, True, {"status": "not_started"})]

    assert state_at(cutoff_moment(CUTOFF), {"status": "delayed"}, records).values == {"status": "delayed"}


def test_state_at_a_row_changed_after_the_cutoff_is_its_last_version_before():
    records = [
        Record(BEFORE, True, {"status": "not_started"}),
        Record(ON_THE_DAY, False, {"status": "on_track"}),
        Record(AFTER, False, {"status": "delayed"}),
    ]

    assert state_at(cutoff_moment(CUTOFF), {"status": "delayed"}, records).values == {"status": "on_track"}


def test_state_at_history_starting_after_the_cutoff_uses_what_the_log_says_was_replaced():
    records = [Record(AFTER, False, {"status": "delayed"})]

    reading = state_at(cutoff_moment(CUTOFF), {"status": "delayed"}, records, replaced={"status": "at_risk"})

    assert (reading.values, reading.known) == ({"status": "at_risk"}, True)


def test_state_at_cannot_be_told_when_the_history_starts_with_a_change_after_the_cutoff():
    reading = state_at(cutoff_moment(CUTOFF), {"status": "delayed"}, [Record(AFTER, False, {"status": "delayed"})])

    assert (reading.values, reading.known) == ({"status": "delayed"}, False)


def test_state_at_a_row_first_entered_after_the_cutoff_is_taken_as_entered():
    records = [Record(AFTER, True, {"status": "on_track"}), Record(AFTER, False, {"status": "complete"})]

    assert state_at(cutoff_moment(CUTOFF), {"status": "complete"}, records).values == {"status": "on_track"}


def test_activity_counts_done_overdue_and_due_soon_on_a_day():
    activities = [
        Activity(status="complete", completed_on=datetime.date(2019, 2, 1), due=datetime.date(2019, 1, 1)),
        Activity(status="complete", completed_on=datetime.date(2019, 4, 5), due=datetime.date(2019, 1, 1)),
        Activity(status="in_progress", due=datetime.date(2019, 2, 1)),
        Activity(status="in_progress", due=datetime.date(2019, 2, 1), revised_due=datetime.date(2019, 4, 1)),
        Activity(status="not_started", due=datetime.date(2019, 9, 1)),
    ]

    counts = activity_counts(activities, datetime.date(2019, 3, 20))

    # the second was completed after the day: not done then, and overdue (due January)
    assert (counts.total, counts.done, counts.overdue, counts.due_soon) == (5, 1, 2, 0)
    assert activity_counts(activities, datetime.date(2019, 4, 20)).due_soon == 1  # April ends within 14 days


# --------------------------------------------------------------------------- read from the database


@pytest.fixture
def project(db):
    with at(BEFORE):
        project = ProjectFactory(
            theme=ThemeFactory(number=1, plan__is_current=True), number="1.1", status=Project.Status.ON_TRACK
        )
        ActivityFactory(project=project, order=1, description="Toolkit written", due=datetime.date(2019, 2, 1))
        ActivityFactory(project=project, order=2, description="Staff trained", due=datetime.date(2019, 6, 1))
    return project


def test_project_updated_after_the_cutoff_shows_its_earlier_status_and_activities(project, board_admin_user):
    toolkit, training = project.activities.order_by("order")
    with at(AFTER):
        update_project(
            project_id=project.pk,
            author=board_admin_user,
            expected_revision=project.revision,
            status=Project.Status.DELAYED,
            note="Trainer left.",
            activity_changes=[ActivityChange(toolkit.pk, "complete", datetime.date(2019, 4, 1))],
            timescale_revision=TimescaleRevision(training.pk, datetime.date(2019, 9, 1), "Trainer left."),
        )

    [then] = projects_as_at(Project.objects.filter(pk=project.pk), cutoff_moment(CUTOFF))
    [now] = projects_as_at(Project.objects.filter(pk=project.pk), cutoff_moment(datetime.date(2019, 4, 30)))

    assert (then.status, then.status_known) == ("on_track", True)
    assert [(a.status, a.revised_due) for a in then.activities_as_at] == [("not_started", None), ("not_started", None)]
    assert activity_counts(then.activities_as_at, CUTOFF).overdue == 1  # the toolkit, due February, not yet done
    assert now.status == "delayed"
    assert [(a.status, a.current_due) for a in now.activities_as_at] == [
        ("complete", datetime.date(2019, 2, 1)),
        ("not_started", datetime.date(2019, 9, 1)),
    ]
    project.refresh_from_db()
    assert project.status == "delayed"  # the rows themselves are untouched


def test_a_change_logged_on_the_cutoff_day_counts(project, board_admin_user):
    with at(ON_THE_DAY):
        update_project(
            project_id=project.pk, author=board_admin_user, expected_revision=project.revision, status="at_risk"
        )

    [then] = projects_as_at(Project.objects.filter(pk=project.pk), cutoff_moment(CUTOFF))

    assert then.status == "at_risk"


def test_activity_recorded_complete_before_the_cutoff_but_completed_after_is_not_done(project):
    with at(BEFORE):
        toolkit = project.activities.get(order=1)
        toolkit.status, toolkit.completed_on = "complete", datetime.date(2019, 4, 15)
        toolkit.save()

    [then] = projects_as_at(Project.objects.filter(pk=project.pk), cutoff_moment(CUTOFF))

    assert then.activities_as_at[0].status != "complete"
    assert activity_counts(then.activities_as_at, CUTOFF).done == 0


def test_status_update_log_fills_in_where_the_project_history_starts_after_the_cutoff(project):
    project.history.all().delete()  # as for a project loaded from the seed fixture, which keeps no history
    with at(AFTER):
        StatusUpdateFactory(project=project, status_from="at_risk", status="on_track")

    [then] = projects_as_at(Project.objects.filter(pk=project.pk), cutoff_moment(CUTOFF))

    assert then.status == "at_risk"


def test_theme_progress_as_at_counts_statuses_at_the_cutoff(project, board_admin_user):
    with at(AFTER):
        update_project(
            project_id=project.pk, author=board_admin_user, expected_revision=project.revision, status="complete"
        )

    [then] = theme_progress(project.plan, as_at=cutoff_moment(CUTOFF))
    [now] = theme_progress(project.plan)

    assert (then.n_on_track, then.n_complete, then.share_complete) == (1, 0, 0)
    assert (now.n_on_track, now.n_complete, now.share_complete) == (0, 1, 100)


def test_many_changes_around_the_cutoff_read_as_the_state_then_from_one_version_on_each_side(project, board_admin_user):
    with at(ON_THE_DAY):  # a second version before the cut-off: the last one before it is what counts
        update_project(
            project_id=project.pk, author=board_admin_user, expected_revision=project.revision, status="delayed"
        )
    later_activity = None
    for day in range(1, 8):
        with at(AFTER + datetime.timedelta(days=day)):
            project.refresh_from_db()
            update_project(
                project_id=project.pk,
                author=board_admin_user,
                expected_revision=project.revision,
                status=["delayed", "at_risk"][day % 2],
            )
            if day == 1:  # an activity first entered after the cut-off, then changed every day
                later_activity = ActivityFactory(project=project, order=3, description="Audit", status="in_progress")
            else:
                later_activity.description = f"Audit, week {day}"
                later_activity.status = ["delayed", "in_progress"][day % 2]
                later_activity.save()

    [then] = projects_as_at(Project.objects.filter(pk=project.pk), cutoff_moment(CUTOFF))

    assert (then.status, then.status_known) == ("delayed", True)
    assert [a.status for a in then.activities_as_at] == ["not_started", "not_started", "in_progress"]  # as entered
    history = Project.history.model.objects.filter(id=project.pk)
    assert history.count() == 9
    [records] = _records(Project.history.model, "id", PROJECT_FIELDS, [project.pk], cutoff_moment(CUTOFF)).values()
    read = [record.values["status"] for record in sorted(records, key=lambda record: record.at)]
    assert read == ["delayed", "at_risk"]  # its last version before the cut-off, and the first after it


def test_later_history_changes_with_a_rows_first_save_after_the_cutoff_and_not_with_its_next(project, board_admin_user):
    """What a reading at the cut-off depends on (later_history): a row's first save after it changes the counts,
    as it can change the reading; its next saves change neither."""
    moment = cutoff_moment(CUTOFF)

    def save(day, status):
        with at(AFTER + datetime.timedelta(days=day)):
            project.refresh_from_db()
            update_project(
                project_id=project.pk, author=board_admin_user, expected_revision=project.revision, status=status
            )
        return later_history(project.plan_id, moment)

    before = later_history(project.plan_id, moment)
    first = save(1, "delayed")
    [then] = projects_as_at(Project.objects.filter(pk=project.pk), moment)
    second, third = save(2, "at_risk"), save(3, "complete")
    [still] = projects_as_at(Project.objects.filter(pk=project.pk), moment)

    assert first != before
    assert second == third == first
    assert still.status == then.status == "on_track"
    with at(BEFORE):  # a version recorded before the cut-off (as a correction entered with its date would be)
        ActivityFactory(project=project, order=3, description="Audit")
    assert later_history(project.plan_id, moment) != first
