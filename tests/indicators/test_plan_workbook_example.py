"""The example workbook of a second plan (fixtures/plan_2020_21_example.xlsx) loads cleanly beside the seed."""

import io

from django.conf import settings
from django.core.management import call_command

from fixtures.plan_workbook_example import example_rows
from indicators.models import Indicator, ScorecardEntry
from indicators.workbook import export, read
from indicators.workbook.load import load_plan
from plans.models import Activity, Plan, Project
from tests.indicators.plan_workbooks import cells, empty_database

EXAMPLE = settings.BASE_DIR / "fixtures" / "plan_2020_21_example.xlsx"


def test_the_example_is_the_seed_with_the_documented_changes(seed_plan):
    made = export.write_workbook(example_rows(export.plan_rows(seed_plan)))
    assert cells(EXAMPLE.read_bytes()) == cells(made), "run python fixtures/plan_workbook_example.py"


def test_the_example_loads_beside_the_seed_and_its_measures_run_on(seed_plan):
    out = io.StringIO()
    call_command("load_plan", str(EXAMPLE), stdout=out)
    assert "Loaded 2020-21 as a draft plan" in out.getvalue()
    plan = Plan.objects.get(code="2020-21")
    assert plan.is_draft and Plan.objects.current() == seed_plan
    assert Project.objects.filter(plan=plan).count() == 28
    assert Activity.objects.get(project__plan=plan, project__number="1.1", order=1).due_text == "Nov-20"
    assert ScorecardEntry.objects.filter(plan=plan).count() == 69
    assert Indicator.objects.count() == 70  # the seed's 69 and one new measure
    renumbered = ScorecardEntry.objects.get(plan=plan, number="68")
    assert renumbered.indicator.code == "ind-67"
    assert not ScorecardEntry.objects.filter(plan=plan, indicator__code="ind-68").exists()
    assert Indicator.objects.get(code="ind-69-2020-21").projects.get().number == "6.4"


def test_the_example_loads_into_an_empty_database(seed_plan):
    empty_database()
    with EXAMPLE.open("rb") as handle:
        plan, _ = load_plan(read.read_workbook(handle, EXAMPLE.name))
    assert ScorecardEntry.objects.filter(plan=plan).count() == 69 == Indicator.objects.count()


def test_the_example_loaded_and_adopted_becomes_the_current_plan_and_its_measures_move(seed_plan, board_admin_client):
    call_command("load_plan", str(EXAMPLE), stdout=io.StringIO())
    response = board_admin_client.post(
        "/plan-years/2020-21/adopt/", {"adopted_on": "2020-04-20", "adopted_by": "The Board", "version": 1}
    )
    assert response.status_code == 302
    assert Plan.objects.current().code == "2020-21"
    assert Plan.objects.get(code="2018-19").is_closed
    measure = Indicator.objects.get(code="ind-67")
    assert (measure.plan.code, measure.number) == ("2020-21", "68")  # renumbered in the new plan, same series
