"""The seed plan's workbook, exported, loads back into an empty database to the same plan."""

import io

from indicators.models import Indicator, ScorecardEntry
from indicators.workbook import export, read
from indicators.workbook.load import load_plan
from plans.models import Activity, Plan, Project, StrategicOutcome
from tests.indicators.plan_workbooks import cells, empty_database


def test_seed_workbook_loads_back_into_an_empty_database_to_the_same_plan(seed_plan):
    content = export.workbook_bytes(seed_plan)
    empty_database()
    assert not Plan.objects.exists() and not Indicator.objects.exists()

    plan, _checked = load_plan(read.read_workbook(io.BytesIO(content), "2018-19.xlsx"))

    assert plan.code == "2018-19" and plan.is_draft
    assert Project.objects.filter(plan=plan).count() == 28
    assert Activity.objects.filter(project__plan=plan).count() == 45
    assert ScorecardEntry.objects.filter(plan=plan).count() == 69
    assert Indicator.objects.filter(plan=plan).count() == 69
    assert StrategicOutcome.objects.filter(plan=plan).count() == 3
    assert cells(export.workbook_bytes(plan)) == cells(content)


def test_the_export_lists_every_sheet_of_the_template(seed_plan):
    found = cells(export.workbook_bytes(seed_plan))
    assert list(found) == [
        "Plan",
        "Boards",
        "Values",
        "Responsibilities",
        "Priorities",
        "Focus areas",
        "Outcomes",
        "Themes",
        "Projects",
        "Activities",
        "Indicators",
        "Breakdowns",
    ]
    assert found["Plan"][1][0] == "2018-19"
    assert len(found["Projects"]) == 29 and len(found["Activities"]) == 46 and len(found["Indicators"]) == 70
    assert found["Activities"][1][3] == "Nov-17"
