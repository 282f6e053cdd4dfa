"""The plans app's model rules: project numbers, activities, the current plan and the overdue rule.

Where a rule lives both in validation and in the database, both layers are tested (tests/model_checks.py).
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from core.numbering import sort_key
from plans.models import Activity, Plan, Project
from tests.model_checks import assert_database_refuses, constraint_messages, validation_messages
from tests.plans.factories import ActivityFactory, PlanFactory, ProgrammeBoardFactory, ProjectFactory, ThemeFactory

LONDON = ZoneInfo("Europe/London")


def new_project_like(project, **changes):
    """An unsaved copy of a project's fields (plan included, as save() would set it)."""
    fields = {
        "theme": project.theme,
        "plan": project.plan,
        "number": project.number,
        "sort_key": project.sort_key,
        "title": "Another project",
        "lead_board": project.lead_board,
    }
    fields.update(changes)
    return Project(**fields)


@pytest.mark.django_db
def test_project_plan_is_set_from_theme_on_save():
    theme = ThemeFactory()

    project = ProjectFactory(theme=theme)

    assert project.plan == theme.plan


@pytest.mark.django_db
def test_project_plan_follows_theme_moved_to_another_plan():
    project = ProjectFactory(theme=ThemeFactory(number=2))
    other_theme = ThemeFactory(number=2)

    project.theme = other_theme
    project.save()
    project.refresh_from_db()

    assert project.plan == other_theme.plan


@pytest.mark.django_db
def test_a_save_of_a_projects_progress_alone_neither_reads_its_theme_nor_moves_it():
    project = ProjectFactory(theme=ThemeFactory(number=2), number="2.3")
    project = Project.objects.get(pk=project.pk)  # its theme not read yet

    project.status = Project.Status.DELAYED
    project.save(update_fields=["status"])  # as a lead officer's update saves it

    assert "theme" not in project._state.fields_cache
    project.refresh_from_db()
    assert (project.status, project.plan_id, project.sort_key) == (
        Project.Status.DELAYED,
        project.theme.plan_id,
        sort_key("2.3"),
    )


@pytest.mark.django_db
def test_a_save_that_names_the_theme_still_takes_its_plan():
    project = ProjectFactory(theme=ThemeFactory(number=2))
    other_theme = ThemeFactory(number=2)

    project.theme = other_theme
    project.save(update_fields=["theme", "plan"])
    project.refresh_from_db()

    assert project.plan == other_theme.plan


# --------------------------------------------------------------------------- project number unique in plan


@pytest.mark.django_db
def test_project_number_duplicate_in_plan_refused_by_full_clean_when_edited():
    theme = ThemeFactory(number=2)
    ProjectFactory(theme=theme, number="2.3")
    other = ProjectFactory(theme=theme, number="2.4")

    other.number = "2.3"
    errors = validation_messages(other)

    assert errors == {"number": ["This plan already has a project with this number."]}
    assert constraint_messages(other) == {NON_FIELD_ERRORS: ["This plan already has a project with this number."]}


@pytest.mark.django_db
def test_project_number_duplicate_in_plan_refused_by_full_clean_when_new():
    """A new project is what the admin's add form validates: its plan is only set in save()."""
    theme = ThemeFactory(number=2)
    ProjectFactory(theme=theme, number="2.3")
    duplicate = Project(theme=theme, number="2.3", title="Duplicate", lead_board=ProgrammeBoardFactory())

    errors = validation_messages(duplicate)

    assert errors == {"number": ["This plan already has a project with this number."]}


@pytest.mark.django_db
def test_project_full_clean_accepts_valid_new_project():
    theme = ThemeFactory(number=2)
    project = Project(theme=theme, number="2.1", title="New project", lead_board=ProgrammeBoardFactory())

    try:
        project.full_clean()
    except ValidationError as error:
        pytest.fail(
            "BUG: a valid new project fails full_clean(), because Project.plan (required, editable=False) "
            f"is only set in save(): {error.message_dict!r}"
        )


@pytest.mark.django_db
def test_project_number_duplicate_in_plan_refused_by_database():
    project = ProjectFactory(theme=ThemeFactory(number=2), number="2.3")

    assert_database_refuses(new_project_like(project))


@pytest.mark.django_db
def test_project_number_same_in_another_plan_is_fine():
    ProjectFactory(theme=ThemeFactory(number=2), number="2.3")

    other = ProjectFactory(theme=ThemeFactory(number=2), number="2.3")

    other.full_clean()
    assert Project.objects.filter(number="2.3").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["3.1", "23.1", "2", "12.1"])
def test_project_numbered_outside_its_theme_refused(number):
    project = ProjectFactory(theme=ThemeFactory(number=2))

    project.number = number
    errors = validation_messages(project)

    assert errors["number"] == ["A project in theme 2 is numbered 2.1, 2.2 and so on."]


@pytest.mark.django_db
def test_project_numbered_inside_its_theme_accepted():
    project = ProjectFactory(theme=ThemeFactory(number=2))

    project.number = "2.10"

    project.full_clean()


# --------------------------------------------------------------------------- activities


@pytest.mark.django_db
@pytest.mark.parametrize("status", [s for s in Activity.Status if s != Activity.Status.COMPLETE])
def test_activity_completed_on_when_not_complete_refused_by_full_clean(status):
    activity = ActivityFactory(status=status)

    activity.completed_on = datetime.date(2018, 10, 15)
    errors = validation_messages(activity)

    message = "A completion date can only be given for a complete activity."
    assert errors == {"completed_on": [message]}
    assert constraint_messages(activity) == {NON_FIELD_ERRORS: [message]}


@pytest.mark.django_db
def test_activity_completed_on_when_not_complete_refused_by_database():
    activity = ActivityFactory.build(
        project=ProjectFactory(), status=Activity.Status.IN_PROGRESS, completed_on=datetime.date(2018, 10, 15)
    )

    assert_database_refuses(activity)


@pytest.mark.django_db
@pytest.mark.parametrize("completed_on", [datetime.date(2018, 10, 15), None])
def test_activity_complete_with_or_without_completed_on_is_fine(completed_on):
    activity = ActivityFactory(status=Activity.Status.COMPLETE, completed_on=completed_on)

    activity.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["due", "revised_due"])
@pytest.mark.parametrize("day", [2, 15, 30])
def test_activity_due_not_on_first_of_month_refused(field, day):
    activity = ActivityFactory(due=datetime.date(2018, 6, 1), revision_reason="Waiting for the audit.")

    setattr(activity, field, datetime.date(2018, 6, day))
    errors = validation_messages(activity)

    assert errors[field] == ["A due month is stored as the first day of that month."]


@pytest.mark.django_db
def test_activity_without_due_is_fine():
    activity = ActivityFactory(due=None)

    activity.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   \n"])
def test_activity_revised_due_later_without_reason_refused(reason):
    activity = ActivityFactory(due=datetime.date(2018, 6, 1))

    activity.revised_due = datetime.date(2018, 9, 1)
    activity.revision_reason = reason
    errors = validation_messages(activity)

    assert errors["revision_reason"] == ["Give a reason when the timescale moves later."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("revised_due", "reason"),
    [
        (datetime.date(2018, 9, 1), "Waiting for the new case audit tool."),
        (datetime.date(2018, 6, 1), ""),
        (datetime.date(2018, 4, 1), ""),
    ],
    ids=["later-with-reason", "same-month", "earlier"],
)
def test_activity_revised_due_with_reason_or_not_later_is_fine(revised_due, reason):
    activity = ActivityFactory(due=datetime.date(2018, 6, 1))

    activity.revised_due = revised_due
    activity.revision_reason = reason

    activity.full_clean()


@pytest.mark.django_db
def test_activity_order_duplicate_in_project_refused_by_both_layers():
    existing = ActivityFactory(order=1)
    duplicate = ActivityFactory.build(project=existing.project, order=1)

    errors = validation_messages(duplicate)

    assert errors[NON_FIELD_ERRORS] == ["Activity with this Project and Order already exists."]
    assert_database_refuses(duplicate)


# --------------------------------------------------------------------------- plans


@pytest.mark.django_db
def test_plan_second_current_refused_by_full_clean():
    PlanFactory(is_current=True)
    second = PlanFactory.build(is_current=True)

    errors = validation_messages(second)

    assert errors[NON_FIELD_ERRORS] == ["Another plan is already marked as current."]


@pytest.mark.django_db
def test_plan_second_current_refused_by_database():
    PlanFactory(is_current=True)

    assert_database_refuses(PlanFactory.build(is_current=True))


@pytest.mark.django_db
def test_plan_many_not_current_are_fine():
    PlanFactory(is_current=True)
    plans = PlanFactory.create_batch(2, is_current=False)

    for plan in plans:
        plan.full_clean()

    assert Plan.objects.filter(is_current=True).count() == 1


PERIOD_ENDS = [
    pytest.param(datetime.date(2018, 4, 1), id="equal"),
    pytest.param(datetime.date(2018, 3, 31), id="before"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("ends_on", PERIOD_ENDS)
def test_plan_end_not_after_start_refused_by_both_layers(ends_on):
    plan = PlanFactory.build(starts_on=datetime.date(2018, 4, 1), ends_on=ends_on)

    errors = validation_messages(plan)

    assert errors[NON_FIELD_ERRORS] == ["The plan must end after it starts."]
    assert_database_refuses(plan)


# --------------------------------------------------------------------------- overdue


OVERDUE_CASES = [
    # due, revised_due, status, today, overdue?
    pytest.param(datetime.date(2018, 6, 1), None, "in_progress", datetime.date(2018, 6, 1), False, id="due-month"),
    pytest.param(datetime.date(2018, 6, 1), None, "in_progress", datetime.date(2018, 6, 30), False, id="last-day"),
    pytest.param(datetime.date(2018, 6, 1), None, "in_progress", datetime.date(2018, 7, 1), True, id="next-month"),
    pytest.param(datetime.date(2018, 6, 1), None, "not_started", datetime.date(2019, 1, 15), True, id="long-ago"),
    pytest.param(datetime.date(2018, 6, 1), None, "delayed", datetime.date(2018, 7, 1), True, id="delayed"),
    pytest.param(datetime.date(2018, 6, 1), None, "complete", datetime.date(2018, 7, 1), False, id="complete"),
    pytest.param(datetime.date(2018, 6, 1), None, "complete", datetime.date(2020, 1, 1), False, id="complete-later"),
    pytest.param(
        datetime.date(2018, 6, 1), datetime.date(2018, 9, 1), "in_progress", datetime.date(2018, 7, 1), False,
        id="revised-later-not-yet",
    ),
    pytest.param(
        datetime.date(2018, 6, 1), datetime.date(2018, 9, 1), "in_progress", datetime.date(2018, 10, 1), True,
        id="revised-later-passed",
    ),
    pytest.param(
        datetime.date(2018, 6, 1), datetime.date(2018, 4, 1), "in_progress", datetime.date(2018, 5, 1), True,
        id="revised-earlier-passed",
    ),
    pytest.param(None, None, "in_progress", datetime.date(2030, 1, 1), False, id="no-due"),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("due", "revised_due", "status", "today", "overdue"), OVERDUE_CASES)
def test_activity_overdue_queryset_and_method_agree(due, revised_due, status, today, overdue):
    activity = ActivityFactory(
        due=due,
        revised_due=revised_due,
        revision_reason="Moved" if revised_due else "",
        status=status,
        completed_on=datetime.date(2018, 5, 20) if status == "complete" else None,
    )

    in_queryset = Activity.objects.overdue(today).filter(pk=activity.pk).exists()

    assert activity.is_overdue(today) is overdue
    assert in_queryset is overdue


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        (datetime.datetime(2018, 6, 30, 23, 30, tzinfo=LONDON), False),
        (datetime.datetime(2018, 7, 1, 0, 30, tzinfo=LONDON), True),
    ],
    ids=["last-evening-of-due-month", "first-morning-after"],
)
def test_activity_overdue_defaults_to_today(now, overdue):
    activity = ActivityFactory(due=datetime.date(2018, 6, 1), status=Activity.Status.IN_PROGRESS)

    with time_machine.travel(now, tick=False):
        in_queryset = Activity.objects.overdue().filter(pk=activity.pk).exists()
        by_method = activity.is_overdue()

    assert by_method is overdue
    assert in_queryset is overdue
