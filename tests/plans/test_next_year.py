"""Starting the next plan year from the seed plan: the copy, each decision on an unfinished project, adoption.

The seed plan (2018-19) ended on 31 March 2019, so it is judged at that date: all 28 of its projects are
unfinished then. Nothing of it may change but its status and closing date (`previous_plan_rows`).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from indicators.models import Indicator, ScorecardEntry
from plans.actions import update_project
from plans.models import (
    Activity,
    FocusArea,
    Plan,
    Project,
    ProjectDecision,
    Responsibility,
    ServicePriority,
    StatusUpdate,
    StrategicOutcome,
    StrategicPriority,
    Theme,
    Value,
    ValueTheme,
)
from plans.years import adopt, decide, start_next_plan, undecided_projects, unfinished_projects
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

CARRIED = ProjectDecision.Decision.CARRIED_FORWARD
COMPLETED = ProjectDecision.Decision.COMPLETED
DROPPED = ProjectDecision.Decision.DROPPED
ADOPTED_ON = datetime.date(2019, 4, 23)


@pytest.fixture
def previous(seed_plan):
    """The seed plan with its scorecard entries written and a few links to copy: indicator 1 to a service
    priority and a focus area, indicators 1 and 2 to project 2.3; 2.3's first activity complete."""
    ScorecardEntry.objects.list_in_home_plans(list(Indicator.objects.all()))
    one, two = Indicator.objects.get(number="1"), Indicator.objects.get(number="2")
    priority = ServicePriority.objects.filter(plan=seed_plan).first()
    one.service_priorities.add(priority)
    one.focus_areas.add(priority.focus_areas.first())
    project = Project.objects.get(plan=seed_plan, number="2.3")
    one.projects.add(project)
    two.projects.add(project)
    first = project.activities.order_by("order").first()
    first.status, first.completed_on = Activity.Status.COMPLETE, datetime.date(2018, 9, 1)
    first.save()
    return seed_plan


@pytest.fixture
def admin():
    return UserFactory(username="brenda")


def start(previous, admin, **changes):
    fields = {
        "code": "2019-20",
        "title": "Strategic Plan April 2019 – March 2020",
        "starts_on": datetime.date(2019, 4, 1),
        "ends_on": datetime.date(2020, 3, 31),
        "by": admin,
    }
    return start_next_plan(previous, **{**fields, **changes})


def project(plan, number):
    return Project.objects.get(plan=plan, number=number)


def decide_all(draft, admin, decision=COMPLETED, except_=()):
    for row in unfinished_projects(draft.previous):
        if row.number not in except_:
            decide(draft, row, decision, "Done." if decision != COMPLETED else "", by=admin)


def previous_plan_rows(plan):
    """Every row of the plan (but its status and closing date) and every link to it, for comparing."""
    projects = Project.objects.filter(plan=plan)
    return {
        "plan": Plan.objects.filter(pk=plan.pk).values("code", "title", "version", "starts_on", "ends_on", "mission"),
        "value themes": ValueTheme.objects.filter(plan=plan).values(),
        "values": Value.objects.filter(theme__plan=plan).values(),
        "responsibilities": Responsibility.objects.filter(plan=plan).values(),
        "strategic priorities": StrategicPriority.objects.filter(plan=plan).values(),
        "service priorities": ServicePriority.objects.filter(plan=plan).values(),
        "focus areas": FocusArea.objects.filter(service_priority__plan=plan).values(),
        "outcomes": StrategicOutcome.objects.filter(plan=plan).values(),
        "themes": Theme.objects.filter(plan=plan).values(),
        "projects": projects.values(),
        "lead officers": projects.values("pk", "lead_officers"),
        "joint leads": projects.values("pk", "joint_lead_boards"),
        "activities": Activity.objects.filter(project__plan=plan).values(),
        "updates": StatusUpdate.objects.filter(project__plan=plan).values(),
        "entries": ScorecardEntry.objects.filter(plan=plan).values(),
        "indicator links": Indicator.projects.through.objects.filter(project__plan=plan).values(),
        "priority links": Indicator.service_priorities.through.objects.filter(servicepriority__plan=plan).values(),
        "focus links": Indicator.focus_areas.through.objects.filter(focusarea__service_priority__plan=plan).values(),
    }


def dump(plan):
    return {name: sorted(map(repr, rows.order_by())) for name, rows in previous_plan_rows(plan).items()}


# --------------------------------------------------------------------------- starting


def test_start_makes_a_draft_with_copies_of_the_strategic_plan(previous, admin):
    draft = start(previous, admin)

    assert draft.is_draft and draft.previous == previous and draft.mission == previous.mission
    assert Plan.objects.current() == previous
    for related in ("value_themes", "responsibilities", "strategic_priorities", "service_priorities", "outcomes"):
        old, new = getattr(previous, related).all(), getattr(draft, related).all()
        assert [str(row) for row in new] == [str(row) for row in old] and len(new) > 0
    assert [str(t) for t in draft.themes.all()] == [str(t) for t in previous.themes.all()]
    assert sorted(Value.objects.filter(theme__plan=draft).values_list("name", flat=True)) == sorted(
        Value.objects.filter(theme__plan=previous).values_list("name", flat=True)
    )
    assert FocusArea.objects.filter(service_priority__plan=draft).count() == 11
    assert not Project.objects.filter(plan=draft).exists()
    assert draft.history.first().history_user == admin


def test_start_copies_the_scorecard_with_outcomes_and_priorities_mapped(previous, admin):
    draft = start(previous, admin)

    entries = ScorecardEntry.objects.filter(plan=draft)
    assert entries.count() == Indicator.objects.filter(plan=previous).count() == 69
    assert all(entry.outcome.plan == draft for entry in entries)
    entry = entries.get(number="1")
    assert entry.outcome.number == Indicator.objects.get(number="1").outcome.number
    one = Indicator.objects.get(number="1")
    assert one.plan == previous  # still listed at home in the current plan until the draft is adopted
    assert {p.plan.code for p in one.service_priorities.all()} == {"2018-19", "2019-20"}
    assert {f.service_priority.plan.code for f in one.focus_areas.all()} == {"2018-19", "2019-20"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": "2018-19"}, "code", "There is already a plan 2018-19"),
        ({"ends_on": datetime.date(2019, 3, 1)}, "ends_on", "must end after it starts"),
        ({"business_starts_on": datetime.date(2019, 4, 1)}, "business_ends_on", "both ends"),
    ],
)
def test_start_refuses_bad_input_by_field_and_writes_nothing(previous, admin, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        start(previous, admin, **changes)

    assert message in " ".join(refused.value.message_dict[field])
    assert Plan.objects.count() == 1


def test_start_refuses_a_second_draft_and_a_plan_that_is_not_current(previous, admin):
    draft = start(previous, admin)

    with pytest.raises(ValidationError, match="2019-20 is already being prepared from 2018-19"):
        start(previous, admin, code="2019-20b")
    with pytest.raises(ValidationError, match="only the current plan can be followed"):
        start(draft, admin, code="2020-21")
    assert Plan.objects.count() == 2


# --------------------------------------------------------------------------- deciding


def test_every_project_not_complete_is_unfinished_at_the_close_of_the_seed_year(previous):
    """The source reports 1.1, 2.5, 2.7 and 4.1 done (fixtures/README.md): the other 24 are unfinished."""
    unfinished = [p.number for p in unfinished_projects(previous)]
    assert len(unfinished) == 24
    assert not {"1.1", "2.5", "2.7", "4.1"} & set(unfinished)


def test_carrying_forward_copies_the_project_with_its_open_activities_only(previous, admin):
    draft = start(previous, admin)
    old = project(previous, "2.3")
    old.joint_lead_boards.add(old.lead_board)

    record = decide(draft, old, CARRIED, "The new website is not yet live.", by=admin)

    new = record.new_project
    assert (new.plan, new.number, new.title, new.status) == (draft, "2.3", old.title, old.status)
    assert new.theme.plan == draft and new.theme.number == old.theme.number
    assert new.carried_from == old and old.carried_to == new
    assert new.lead_board == old.lead_board
    assert set(new.lead_officers.all()) == set(old.lead_officers.all()) and new.lead_officers.exists()
    assert set(new.joint_lead_boards.all()) == {old.lead_board}
    open_activities = old.activities.exclude(status=Activity.Status.COMPLETE)
    fields = ("order", "description", "due", "due_text", "revised_due", "revision_reason", "status")
    assert list(new.activities.values_list(*fields)) == list(open_activities.values_list(*fields))
    assert new.activities.count() == old.activities.count() - 1
    assert set(new.indicators.values_list("number", flat=True)) == {"1", "2"}
    assert (record.plan, record.decided_by, record.reason) == (draft, admin, "The new website is not yet live.")


@pytest.mark.parametrize("decision", [CARRIED, DROPPED])
def test_carrying_forward_and_dropping_need_a_reason(previous, admin, decision):
    draft = start(previous, admin)

    with pytest.raises(ValidationError) as refused:
        decide(draft, project(previous, "2.3"), decision, "  ", by=admin)

    assert "Give the reason project 2.3 is" in refused.value.message_dict["reason"][0]
    assert not ProjectDecision.objects.exists() and not Project.objects.filter(plan=draft).exists()


def test_closing_as_complete_and_dropping_copy_nothing(previous, admin):
    draft = start(previous, admin)

    completed = decide(draft, project(previous, "3.3"), COMPLETED, by=admin)
    dropped = decide(draft, project(previous, "4.3"), DROPPED, "Replaced by the neglect audit.", by=admin)

    assert completed.new_project is None and dropped.new_project is None
    assert dropped.get_decision_display() == "Dropped" and dropped.reason == "Replaced by the neglect audit."
    assert not Project.objects.filter(plan=draft).exists()


def test_changing_away_from_carried_forward_removes_the_untouched_copy(previous, admin):
    draft = start(previous, admin)
    old = project(previous, "2.3")
    decide(draft, old, CARRIED, "Not finished.", by=admin)

    record = decide(draft, old, DROPPED, "No longer needed.", by=admin)

    assert record.new_project is None and record.decision == DROPPED
    assert not Project.objects.filter(plan=draft).exists()
    assert decide(draft, old, CARRIED, "Needed after all.", by=admin).new_project.number == "2.3"


def test_changing_away_from_carried_forward_is_refused_once_work_is_recorded_on_the_copy(previous, admin):
    draft = start(previous, admin)
    old = project(previous, "2.3")
    new = decide(draft, old, CARRIED, "Not finished.", by=admin).new_project
    update_project(
        project_id=new.pk, author=admin, expected_revision=new.revision, status=Project.Status.AT_RISK, note="Slow."
    )

    with pytest.raises(ValidationError, match=r"Work has been recorded on project 2\.3 in 2019-20"):
        decide(draft, old, COMPLETED, by=admin)

    assert ProjectDecision.objects.get(project=old).decision == CARRIED
    assert Project.objects.filter(plan=draft, number="2.3").exists()


def test_a_decision_is_refused_once_the_plan_is_adopted_and_for_a_project_of_another_plan(previous, admin):
    draft = start(previous, admin)
    decide_all(draft, admin)
    adopt(draft, adopted_on=ADOPTED_ON, adopted_by="The board", by=admin)

    with pytest.raises(ValidationError, match="has been adopted"):
        decide(draft, project(previous, "2.3"), DROPPED, "Too late.", by=admin)


# --------------------------------------------------------------------------- adopting


def test_adoption_is_refused_while_an_unfinished_project_has_no_decision(previous, admin):
    draft = start(previous, admin)
    decide_all(draft, admin, except_=("2.3", "5.1"))

    with pytest.raises(ValidationError, match=r"2\.3, 5\.1 have no decision"):
        adopt(draft, adopted_on=ADOPTED_ON, adopted_by="The board", by=admin)

    assert [p.number for p in undecided_projects(draft)] == ["2.3", "5.1"]
    draft.refresh_from_db()
    previous.refresh_from_db()
    assert draft.is_draft and previous.status == Plan.Status.CURRENT and previous.closed_on is None


def test_adoption_makes_the_draft_current_closes_the_previous_and_moves_the_listings(previous, admin):
    draft = start(previous, admin)
    decide_all(draft, admin)
    # The new scorecard renumbers indicator 2 as 70, moves 3 to outcome 2, and drops 4.
    entries = ScorecardEntry.objects.filter(plan=draft)
    two = entries.get(number="2")
    two.number = "70"
    two.save()
    three = entries.get(number="3")
    three.outcome = StrategicOutcome.objects.get(plan=draft, number=2)
    three.save()
    entries.get(number="4").delete()

    adopt(draft, adopted_on=ADOPTED_ON, adopted_by="The board", version=1, by=admin)

    draft.refresh_from_db()
    previous.refresh_from_db()
    assert draft.status == Plan.Status.CURRENT and draft.is_current and draft.adopted_on == ADOPTED_ON
    assert draft.adopted_by == "The board"
    assert previous.status == Plan.Status.CLOSED and previous.closed_on == ADOPTED_ON
    assert Plan.objects.current() == draft
    assert previous.judged_on() == datetime.date(2019, 3, 31)
    renumbered = Indicator.objects.get(code="ind-02")
    assert (renumbered.plan, renumbered.number) == (draft, "70")
    moved = Indicator.objects.get(code="ind-03")
    assert (moved.plan, moved.outcome.number) == (draft, 2)
    dropped = Indicator.objects.get(code="ind-04")
    assert dropped.plan == previous and dropped.number == "4"
    assert Indicator.objects.filter(plan=draft).count() == 68
    assert ScorecardEntry.objects.filter(plan=previous).count() == 69


def test_nothing_of_the_previous_plan_changes_but_its_state(previous, admin):
    before = dump(previous)

    draft = start(previous, admin)
    decide(draft, project(previous, "2.3"), CARRIED, "Not finished.", by=admin)
    decide(draft, project(previous, "4.3"), DROPPED, "Superseded.", by=admin)
    decide(draft, project(previous, "2.3"), COMPLETED, by=admin)
    decide(draft, project(previous, "2.3"), CARRIED, "Not finished after all.", by=admin)
    decide_all(draft, admin, except_=("2.3", "4.3"))
    adopt(draft, adopted_on=ADOPTED_ON, adopted_by="The board", by=admin)

    assert dump(previous) == before


def test_an_activity_changed_on_the_copy_keeps_it_carried_forward(previous, admin):
    draft = start(previous, admin)
    old = project(previous, "5.1")
    new = decide(draft, old, CARRIED, "Not finished.", by=admin).new_project
    activity = new.activities.first()
    activity.status = Activity.Status.DELAYED
    activity.save()

    with pytest.raises(ValidationError) as refused:
        decide(draft, old, DROPPED, "No longer needed.", by=admin)

    assert "stays carried forward" in refused.value.message_dict["decision"][0]
    assert ProjectDecision.objects.get(project=old).new_project == new


def test_a_project_the_draft_does_not_follow_cannot_be_decided(previous, admin):
    draft = start(previous, admin)
    carried = decide(draft, project(previous, "2.3"), CARRIED, "Not finished.", by=admin).new_project

    with pytest.raises(ValidationError, match="not an unfinished project of the plan 2019-20 follows"):
        decide(draft, carried, DROPPED, "Its own project.", by=admin)


def test_carrying_into_a_theme_the_draft_no_longer_has_is_refused(previous, admin):
    draft = start(previous, admin)
    Theme.objects.get(plan=draft, number=2).delete()

    with pytest.raises(ValidationError) as refused:
        decide(draft, project(previous, "2.3"), CARRIED, "Not finished.", by=admin)

    assert "has no theme 2 to carry project 2.3 into" in refused.value.message_dict["decision"][0]
    assert not ProjectDecision.objects.exists()


def test_the_copies_are_recorded_as_carried_forward_by_the_person_who_decided(previous, admin):
    draft = start(previous, admin)

    new = decide(draft, project(previous, "2.3"), CARRIED, "Not finished.", by=admin).new_project

    rows = [*Project.history.filter(id=new.pk), *Activity.history.filter(project_id=new.pk)]
    assert rows and {(row.history_user, row.history_change_reason) for row in rows} == {
        (admin, "Carried forward into the next plan")
    }
