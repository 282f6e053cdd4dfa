"""The seed fixture (fixtures/sscb_plan_2018_19.json) loads on a fresh database and matches the adopted plan."""

import datetime
import importlib.util
import io
import json
import os
import subprocess
import sys
from collections import defaultdict

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from core.numbering import sort_key
from indicators.models import Breakdown, BreakdownCategory, Indicator, ScorecardEntry
from plans.models import (
    Activity,
    FocusArea,
    Officer,
    Plan,
    ProgrammeBoard,
    Project,
    Responsibility,
    ServicePriority,
    StrategicOutcome,
    StrategicPriority,
    Theme,
    Value,
    ValueTheme,
)

ROOT = settings.BASE_DIR
FIXTURE = ROOT / "fixtures" / "sscb_plan_2018_19.json"
BUILD_SEED = ROOT / "fixtures" / "build_seed.py"

FIXTURE_MODELS = [
    Plan,
    ValueTheme,
    Value,
    Responsibility,
    StrategicPriority,
    ServicePriority,
    FocusArea,
    StrategicOutcome,
    ProgrammeBoard,
    Officer,
    Theme,
    Project,
    Activity,
    Breakdown,
    BreakdownCategory,
    Indicator,
    ScorecardEntry,
]

EXPECTED_COUNTS = {
    Plan: 1,
    ValueTheme: 5,
    Value: 13,
    Responsibility: 3,
    StrategicPriority: 4,
    ServicePriority: 3,
    FocusArea: 11,
    StrategicOutcome: 3,
    ProgrammeBoard: 5,
    Officer: 11,
    Theme: 6,
    Project: 28,
    Activity: 45,
    Breakdown: 4,
    BreakdownCategory: 19,
    Indicator: 69,
    ScorecardEntry: 69,
}


def load_seed():
    call_command("loaddata", "sscb_plan_2018_19", verbosity=0)


@pytest.fixture
def loaded(db):
    """The fixture loaded by loaddata itself, for the tests of loading it."""
    load_seed()


@pytest.fixture
def seeded(seed_plan):
    """The fixture's rows, for the tests of what it holds: the session's first loaddata, then the same rows
    re-inserted (seed_plan, tests/conftest.py), which is much quicker than loaddata every time."""


def snapshot():
    """Every row of every model the fixture loads, and of their many-to-many tables, as plain values."""
    rows = {}
    for model in FIXTURE_MODELS:
        rows[model._meta.label] = list(model.objects.order_by("pk").values())
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            rows[through._meta.label] = list(through.objects.order_by("pk").values())
    return rows


def history_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    }


def env_with_debug():
    return {**os.environ, "DJANGO_DEBUG": "true"}


def run_build_seed(*args):
    return subprocess.run(  # noqa: S603 - our own script, run with this interpreter
        [sys.executable, str(BUILD_SEED), *args],
        cwd=ROOT,
        env=env_with_debug(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def import_build_seed():
    spec = importlib.util.spec_from_file_location("build_seed", BUILD_SEED)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- loading


@pytest.mark.slow
@pytest.mark.django_db
def test_fixture_counts_exact_per_model(loaded):
    counts = {model: model.objects.count() for model in FIXTURE_MODELS}
    assert counts == EXPECTED_COUNTS


@pytest.mark.slow
@pytest.mark.django_db
def test_fixture_second_load_changes_nothing(loaded):
    before, history_before = snapshot(), history_counts()

    load_seed()

    assert snapshot() == before
    assert history_counts() == history_before


@pytest.mark.slow
@pytest.mark.django_db
def test_fixture_matches_dumpdata_with_natural_keys(loaded):
    """The file is exactly what dumpdata --natural-foreign --natural-primary writes for the loaded rows."""
    labels = [model._meta.label for model in FIXTURE_MODELS]
    out = io.StringIO()
    call_command("dumpdata", *labels, natural_foreign=True, natural_primary=True, stdout=out)

    def by_model(objects):
        grouped = defaultdict(list)
        for obj in objects:
            grouped[obj["model"]].append(obj)
        return grouped

    assert by_model(json.loads(out.getvalue())) == by_model(json.loads(FIXTURE.read_text(encoding="utf-8")))


def test_fixture_objects_parents_before_children():
    """Each object's foreign keys name objects earlier in the file (or none)."""
    objects = json.loads(FIXTURE.read_text(encoding="utf-8"))
    positions = {obj["model"]: index for index, obj in reversed(list(enumerate(objects)))}
    last = {obj["model"]: index for index, obj in enumerate(objects)}
    for model in FIXTURE_MODELS:
        for field in [*model._meta.fields, *model._meta.many_to_many]:
            if field.is_relation:
                parent = field.related_model._meta.label_lower
                if parent in last and field.related_model is not model:  # a plan's previous plan: none here
                    assert last[parent] < positions[model._meta.label_lower], (model, field.name)


# --------------------------------------------------------------------------- the business plan


@pytest.mark.django_db
def test_projects_numbers_in_natural_order(seeded):
    numbers = list(Project.objects.values_list("number", flat=True))
    expected = (
        [f"1.{n}" for n in range(1, 8)]
        + [f"2.{n}" for n in range(1, 8)]
        + [f"3.{n}" for n in range(1, 5)]
        + [f"4.{n}" for n in range(1, 5)]
        + ["5.1", "5.2"]
        + [f"6.{n}" for n in range(1, 5)]
    )
    assert numbers == expected


@pytest.mark.django_db
def test_projects_derived_fields_as_save_would_set_them(seeded):
    """loaddata skips save(), so the fixture must carry plan and sort_key as save() would set them."""
    for project in Project.objects.select_related("theme"):
        assert project.plan_id == project.theme.plan_id
        assert project.sort_key == sort_key(project.number)
        assert project.number.startswith(f"{project.theme.number}.")


@pytest.mark.django_db
def test_project_2_3_lead_board_and_officers(seeded):
    project = Project.objects.get(plan__code="2018-19", number="2.3")

    assert project.lead_board.short_name == "L&WFD PB"
    assert project.lead_board.name == "Learning and Workforce Development Programme Board"
    assert set(project.lead_officers.values_list("name", flat=True)) == {"Lynne Thomas", "L&WFD PB Officer"}


@pytest.mark.django_db
def test_project_titles_verbatim_including_broken_row(seeded):
    assert Project.objects.get(number="2.2").title == (
        "Undertake a full review of our threshold guidance and associated protocols, processes, pathways and tools "
        "including; the front door multi-agency triage pilot"
    )
    assert Project.objects.get(number="2.7").title == "Negotiate new budget"


@pytest.mark.django_db
def test_projects_led_by_board_map_to_sscb(seeded):
    led_by_board = Project.objects.filter(lead_board__short_name="SSCB").order_by("sort_key")
    assert list(led_by_board.values_list("number", flat=True)) == ["2.5", "2.7"]
    assert set(Project.objects.get(number="2.5").lead_officers.values_list("name", flat=True)) == {
        "Paul Ennals",
        "Lynne Thomas",
    }


@pytest.mark.django_db
def test_projects_delayed_only_where_seed_says_delayed(seeded):
    delayed = Project.objects.filter(status=Project.Status.DELAYED).order_by("sort_key")
    assert list(delayed.values_list("number", flat=True)) == ["1.7", "4.3", "6.2"]
    complete = Project.objects.filter(status=Project.Status.COMPLETE).order_by("sort_key")
    assert list(complete.values_list("number", flat=True)) == ["1.1", "2.5", "2.7", "4.1"]
    others = Project.objects.exclude(status__in=[Project.Status.DELAYED, Project.Status.COMPLETE])
    assert set(others.values_list("status", flat=True)) == {"on_track"}


@pytest.mark.django_db
def test_projects_complete_exactly_where_every_activity_is(seeded):
    for project in Project.objects.prefetch_related("activities"):
        every_done = all(activity.status == Activity.Status.COMPLETE for activity in project.activities.all())
        assert (project.status == Project.Status.COMPLETE) == every_done, project.number


@pytest.mark.django_db
def test_activities_due_and_due_text_sample(seeded):
    def activity(number, order):
        return Activity.objects.get(project__plan__code="2018-19", project__number=number, order=order)

    delayed = activity("4.3", 1)
    assert (
        delayed.due_text == "Jun-18 – delayed due to issues with obtaining sample following Liquid Logic implementation"
    )
    assert delayed.due == datetime.date(2018, 6, 1)
    assert delayed.status == Activity.Status.DELAYED

    assert activity("1.1", 1).due == datetime.date(2017, 11, 1)
    assert activity("1.1", 1).due_text == "Nov-17"
    assert (activity("1.6", 1).due_text, activity("1.6", 1).due) == ("Sept-18", datetime.date(2018, 9, 1))
    assert (activity("1.7", 1).description, activity("1.7", 1).due) == (
        "Delayed due to staffing issues",
        datetime.date(2018, 6, 1),
    )


@pytest.mark.django_db
def test_activities_without_timescale_have_no_due(seeded):
    second = Activity.objects.get(project__number="2.1", order=2)
    assert second.description == "See plan – June – September 2017"
    assert (second.due, second.due_text) == (None, "")

    lines = Activity.objects.filter(project__number="4.4").order_by("order")
    assert list(lines.values_list("due_text", flat=True)) == ["Apr-18", "", ""]
    assert list(lines.values_list("due", flat=True)) == [datetime.date(2018, 4, 1), None, None]


@pytest.mark.django_db
def test_activities_counts_per_project(seeded):
    counts = {project.number: project.activities.count() for project in Project.objects.all()}
    assert counts["2.1"] == 2
    assert counts["2.2"] == 1
    assert counts["3.2"] == 3
    assert counts["4.4"] == 3
    assert counts["5.1"] == 4
    assert counts["5.2"] == 3
    assert all(count >= 1 for count in counts.values())


@pytest.mark.django_db
def test_activities_paragraphs_joined_with_newline(seeded):
    assert Activity.objects.get(project__number="2.4", order=1).description == (
        "Communication and Engagement Plan established\nStrategy to be developed and agreed"
    )


@pytest.mark.django_db
def test_activities_due_is_first_of_month_and_status_from_text(seeded):
    for activity in Activity.objects.all():
        assert (activity.due is None) == (activity.due_text == "")
        if activity.due:
            assert activity.due.day == 1
        says_delayed = "delayed" in (activity.description + activity.due_text).lower()
        if activity.status == Activity.Status.COMPLETE:
            assert not says_delayed
            assert activity.completed_on.day == 1
            assert activity.completed_on <= datetime.date(2018, 4, 23)  # never after the adoption
        else:
            assert activity.status == (Activity.Status.DELAYED if says_delayed else Activity.Status.IN_PROGRESS)
            assert activity.completed_on is None
        assert (activity.revised_due, activity.revision_reason) == (None, "")


# Each activity the source reports as done, with the month it gives (fixtures/README.md lists the words).
COMPLETED_AS_THE_SOURCE_SAYS = {
    ("1.1", 1): datetime.date(2017, 8, 1),
    ("1.1", 2): datetime.date(2018, 4, 1),
    ("2.3", 1): datetime.date(2018, 2, 1),
    ("2.5", 1): datetime.date(2018, 4, 1),
    ("2.7", 1): datetime.date(2018, 3, 1),
    ("3.1", 1): datetime.date(2018, 2, 1),
    ("3.2", 1): datetime.date(2018, 2, 1),
    ("3.2", 2): datetime.date(2018, 2, 1),
    ("3.3", 1): datetime.date(2018, 3, 1),
    ("4.1", 1): datetime.date(2017, 4, 1),
    ("4.2", 1): datetime.date(2017, 11, 1),
    ("5.1", 2): datetime.date(2017, 9, 1),
    ("5.1", 4): datetime.date(2018, 4, 1),
    ("5.2", 3): datetime.date(2017, 9, 1),
    ("6.1", 1): datetime.date(2018, 3, 1),
}


@pytest.mark.django_db
def test_activities_complete_as_the_source_reports_them(seeded):
    complete = Activity.objects.filter(status=Activity.Status.COMPLETE).select_related("project")
    assert {(a.project.number, a.order): a.completed_on for a in complete} == COMPLETED_AS_THE_SOURCE_SAYS
    budget = Activity.objects.get(project__number="2.7", order=1)
    assert budget.description == "Budget for 2018-2019 agreed at same level"


@pytest.mark.django_db
def test_on_its_adoption_date_only_2_1_is_overdue(seeded):
    """On 23 April 2018 the only activity whose month had ended undone is 2.1's "See plan – January – September
    2017" (Sep-17): the source reports every other line due before April 2018 as done."""
    adopted = datetime.date(2018, 4, 23)
    overdue = Activity.objects.overdue(adopted).select_related("project").order_by("project__sort_key", "order")
    assert [(a.project.number, a.order) for a in overdue] == [("2.1", 1)]
    assert [a for a in Activity.objects.select_related("project") if a.is_overdue(adopted)] == list(overdue)
    counts = {p.number: p.overdue_count for p in Project.objects.with_progress(adopted) if p.overdue_count}
    assert counts == {"2.1": 1}


@pytest.mark.django_db
def test_lead_as_written_and_2_1_joint_lead(seeded):
    as_written = dict(Project.objects.values_list("number", "lead_as_written"))
    assert as_written["2.1"] == "Learning and Workforce Development working with Board"
    assert as_written["2.7"] == "Sunderland Safeguarding Board"
    assert as_written["3.1"] == "Performance and Quality Assurance"
    assert as_written["1.1"] == "Learning and Workforce Development"
    assert all(as_written.values())
    project = Project.objects.get(number="2.1")
    assert project.lead_board.short_name == "L&WFD PB"
    assert list(project.joint_lead_boards.values_list("short_name", flat=True)) == ["SSCB"]
    assert not Project.objects.exclude(number="2.1").filter(joint_lead_boards__isnull=False).exists()


@pytest.mark.django_db
def test_projects_linked_to_the_indicators_they_aim_to_move(seeded):
    def linked(number):
        project = Project.objects.get(number=number)
        return sorted(Indicator.objects.filter(projects=project).values_list("number", flat=True), key=sort_key)

    assert linked("5.1") == ["35", "36", "37", "38", "39"]  # the domestic abuse indicators
    assert linked("4.1") == ["10", "11", "12", "13"]  # the early help indicators
    assert linked("2.2") == ["2", "3", "14", "15"]
    assert linked("5.2") == ["41", "42", "43", "44", "45"]
    assert linked("6.1") == ["51", "52", "53", "57", "58", "59", "60"]
    assert linked("6.2") == ["49", "50", "61", "62", "63", "64", "65", "66", "67"]
    linked_projects = Project.objects.filter(indicators__isnull=False).distinct()
    assert sorted(linked_projects.values_list("number", flat=True)) == ["2.2", "4.1", "5.1", "5.2", "6.1", "6.2"]


# --------------------------------------------------------------------------- build_seed.py


def test_build_seed_check_passes():
    result = run_build_seed("--check")
    assert result.returncode == 0, result.stderr


def test_build_seed_check_fails_when_fixture_differs(tmp_path):
    changed = tmp_path / "changed.json"
    changed.write_text(FIXTURE.read_text(encoding="utf-8").replace("Negotiate new budget", "Negotiate a budget"))

    result = run_build_seed("--check", "--output", str(changed))

    assert result.returncode != 0
    assert "is out of date" in result.stderr


def test_build_seed_verbatim_check_reports_missing_text():
    build_seed = import_build_seed()
    source = "1.1 Development of system wide programme\t<p>First paragraph</p> <p>second</p>"

    problems = build_seed.verbatim_problems(
        [
            ("project 1.1 title", "Development of  system wide\nprogramme"),
            ("activity 1.1/1 description", "First paragraph\nsecond"),
            ("indicator 99 title", "Not in the plan"),
        ],
        source,
        allowed={},
    )

    assert problems == ["indicator 99 title is not in the source verbatim: 'Not in the plan'"]


def test_build_seed_verbatim_check_reports_bad_and_stale_allowances():
    build_seed = import_build_seed()
    allowed = {
        "Joined title": ("joined across a break", ["Joined", "missing fragment"]),
        "Unused": ("no longer needed", ["Unused"]),
    }

    problems = build_seed.verbatim_problems([("project 9.9 title", "Joined title")], "Joined ... title", allowed)

    assert len(problems) == 2
    assert "fragment is not in the source: 'missing fragment'" in problems[0]
    assert "no longer needed" in problems[1]
    assert "'Unused'" in problems[1]
