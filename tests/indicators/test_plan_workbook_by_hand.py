"""A workbook typed by hand: only the required columns, in any order, with other columns and sheets ignored."""

import datetime
import io

from openpyxl import Workbook

from indicators.models import Indicator
from indicators.workbook import read
from indicators.workbook.load import load_plan
from plans.models import Activity, Project


def by_hand():
    workbook = Workbook()
    workbook.active.title = "Read me"
    sheets = {
        "plan": [["Ends on", "Title", "code", "Starts_On", "Notes"],
                 [datetime.date(2021, 3, 31), "Plan 2020-21", "2020-21", "01/04/2020", "ignored"]],
        "Values": [["Value", "Theme Number", "Theme name"], ["Curious", 1, "Curious"]],
        "Responsibilities": [["Order", "Title"]],
        "Priorities": [["Kind", "Order", "Name"], ["Service", 1, "Neglect"]],
        "Focus Areas": [["Service priority order", "Order", "Name"], [1, 1, "Early help"]],
        "Outcomes": [["Number", "Title"], [1, "Safe"]],
        "Themes": [["Number", "Title"], [1, "Practice"]],
        "Projects": [["Number", "Theme", "Title", "Lead board"], ["1.1", 1, "A project", "L&WFD PB"]],
        "Activities": [["Project", "Order", "Description", "Timescale"], ["1.1", 1, "Do it", "Sept-20"]],
        "Indicators": [["Number", "Title", "Unit", "Outcome", "Lead board", "Focus areas"],
                       ["1", "Children seen", "count", 1, "Performance and Quality Assurance Programme Board", "1.1"]],
    }  # fmt: skip
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def test_a_workbook_typed_by_hand_loads(seed_plan):
    plan, checked = load_plan(read.read_workbook(io.BytesIO(by_hand()), "by-hand.xlsx"))
    assert (plan.code, plan.starts_on, plan.ends_on, plan.version) == (
        "2020-21", datetime.date(2020, 4, 1), datetime.date(2021, 3, 31), 1,
    )  # fmt: skip
    project = Project.objects.get(plan=plan)
    assert project.status == Project.Status.NOT_STARTED and project.lead_board.short_name == "L&WFD PB"
    activity = Activity.objects.get(project=project)
    assert (activity.due, activity.due_text) == (datetime.date(2020, 9, 1), "Sept-20")
    indicator = Indicator.objects.get(plan=plan)
    assert indicator.lead_board.short_name == "P&QA PB" and indicator.polarity == Indicator.Polarity.NEITHER
    assert indicator.code == "ind-01-2020-21"  # the seed's indicator 1 holds ind-01: a new measure's code is free
    assert [area.name for area in indicator.focus_areas.all()] == ["Early help"]
    assert checked.counts()["Responsibilities"] == 0
