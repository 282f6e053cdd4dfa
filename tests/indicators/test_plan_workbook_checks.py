"""Every bad row of a plan workbook is named by its sheet, row and reason, and nothing is written."""

import io

import pytest

from indicators.models import Indicator, ScorecardEntry
from indicators.workbook import export, read
from indicators.workbook.check import parse_month
from indicators.workbook.load import WorkbookRejected, load_plan
from indicators.workbook.sheets import ACTIVITIES, INDICATORS, PLAN, PROJECTS, SHEETS
from plans.models import Officer, Plan, ProgrammeBoard, Project
from tests.indicators.plan_workbooks import sheets_of


@pytest.fixture
def rows(seed_plan):
    """The seed plan's workbook rows, renamed 2020-21 so that its code is free."""
    rows = export.plan_rows(seed_plan)
    rows[PLAN.name][0]["code"] = "2020-21"
    return rows


def rejected(rows):
    plans, indicators, entries = Plan.objects.count(), Indicator.objects.count(), ScorecardEntry.objects.count()
    projects = Project.objects.count()
    with pytest.raises(WorkbookRejected) as caught:
        load_plan(sheets_of(rows))
    assert (Plan.objects.count(), Indicator.objects.count(), ScorecardEntry.objects.count()) == (
        plans,
        indicators,
        entries,
    )
    assert Project.objects.count() == projects
    return [(p.sheet, p.row, p.reason) for p in caught.value.problems]


def test_a_good_workbook_loads_as_a_draft_listing_existing_measures(rows):
    plan, checked = load_plan(sheets_of(rows))
    assert plan.is_draft and plan.code == "2020-21"
    assert checked.counts()["Projects"] == 28
    # the seed's codes exist: the same measures are listed in the new plan, their series continue
    assert Indicator.objects.count() == 69
    assert ScorecardEntry.objects.filter(plan=plan).count() == 69
    entry = ScorecardEntry.objects.get(plan=plan, number="1")
    assert entry.indicator.code == "ind-01" and entry.indicator.plan.code == "2018-19"
    assert entry.outcome.plan == plan


def test_missing_sheet(rows):
    del rows["Themes"]
    sheets = sheets_of(rows)
    del sheets["Themes"]
    with pytest.raises(WorkbookRejected) as caught:
        load_plan(sheets)
    problems = [(p.sheet, p.row, p.reason) for p in caught.value.problems]
    assert problems == [("Themes", None, "The workbook has no sheet named “Themes”.")]  # not every project too
    assert not Plan.objects.filter(code="2020-21").exists()


def test_missing_column(rows):
    sheets = sheets_of(rows)
    sheets["Projects"]["columns"].remove("title")
    with pytest.raises(WorkbookRejected) as caught:
        load_plan(sheets)
    assert [(p.sheet, p.row, p.reason) for p in caught.value.problems] == [
        ("Projects", 1, "The header row has no “Title” column.")
    ]


def test_blank_required_cell(rows):
    rows["Projects"][2]["title"] = None
    assert rejected(rows) == [("Projects", 4, "Title is blank; it is required.")]


def test_bad_month(rows):
    rows["Activities"][0]["timescale"] = "Novembre-17"
    assert rejected(rows) == [
        ("Activities", 2, "Timescale 'Novembre-17' does not start with a month; write it as Nov-17.")
    ]


def test_bad_date(rows):
    rows["Plan"][0]["adopted_on"] = "the 23rd"
    assert rejected(rows) == [("Plan", 2, "Adopted on: 'the 23rd' is not a date; write it as 01/04/2018.")]


def test_unknown_choice(rows):
    rows["Projects"][0]["status"] = "Nearly"
    reason = "Status 'Nearly' is not one of: Not started, On track, At risk, Delayed, Complete."
    assert rejected(rows) == [("Projects", 2, reason)]


def test_unknown_board(rows):
    rows["Boards"] = []
    rows["Indicators"][0]["lead_board"] = "Nobody's PB"
    assert rejected(rows) == [
        (
            "Indicators",
            2,
            'Lead board "Nobody\'s PB" is not a board of the site: add it in the admin, or on the Boards sheet.',
        )
    ]


def test_duplicate_number(rows):
    rows["Projects"][1]["number"] = "1.1"
    problems = rejected(rows)
    assert problems[0] == ("Projects", 3, "Duplicate: row 2 has the same number 1.1.")


def test_project_whose_theme_is_absent(rows):
    rows["Themes"] = [row for row in rows["Themes"] if row["number"] != 6]
    problems = rejected(rows)
    assert problems and all(p[0] == "Projects" and p[2] == "No theme 6 on the Themes sheet." for p in problems)


def test_activity_whose_project_is_absent(rows):
    rows["Activities"][0]["project"] = "9.9"
    assert rejected(rows) == [("Activities", 2, "No project 9.9 on the Projects sheet.")]


def test_indicator_whose_outcome_is_absent(rows):
    rows["Indicators"][0]["outcome"] = 7
    assert rejected(rows) == [("Indicators", 2, "No outcome 7 on the Outcomes sheet.")]


def test_plan_code_taken(rows, seed_plan):
    rows["Plan"][0]["code"] = "2018-19"
    assert rejected(rows) == [("Plan", 2, "Code '2018-19' is taken: the site has a plan 2018-19.")]


def test_ends_before_starts(rows):
    rows["Plan"][0]["ends_on"] = rows["Plan"][0]["starts_on"]
    assert rejected(rows) == [("Plan", 2, "Ends on must be after starts on.")]


def test_completed_month_without_complete_status(rows):
    rows["Activities"][0]["status"] = "In progress"
    rows["Activities"][0]["completed"] = "Nov-17"
    assert rejected(rows) == [("Activities", 2, "A completed month is given but the status is not Complete.")]


def test_a_later_revised_month_needs_its_reason(rows):
    rows["Activities"][0]["revised"] = "Mar-18"
    reason = "The revised month is later than the timescale: give the revision reason."
    assert rejected(rows) == [("Activities", 2, reason)]
    rows["Activities"][0]["revision_reason"] = "Waiting for the new system"
    plan, _checked = load_plan(sheets_of(rows))
    activity = Project.objects.get(plan=plan, number="1.1").activities.get(order=1)
    assert (activity.due.isoformat(), activity.revised_due.isoformat()) == ("2017-11-01", "2018-03-01")


def test_every_problem_at_once_and_nothing_written(rows):
    rows["Activities"][3]["project"] = "9.9"
    rows["Indicators"][5]["unit"] = "Apples"
    rows["Projects"][0]["theme"] = "one"
    problems = rejected(rows)
    assert [p[:2] for p in problems] == [("Projects", 2), ("Activities", 5), ("Indicators", 7)]


def test_new_officers_are_made_and_new_boards_from_the_boards_sheet(rows):
    rows["Boards"].append({"short_name": "NEW PB", "name": "A New Programme Board"})
    rows["Projects"][0]["lead_board"] = "NEW PB"
    rows["Projects"][0]["lead_officers"] = "Lynne Thomas; A. New Person"
    rows["Indicators"][0]["code"] = "ind-new"
    plan, checked = load_plan(sheets_of(rows))
    project = Project.objects.get(plan=plan, number="1.1")
    assert project.lead_board == ProgrammeBoard.objects.get(short_name="NEW PB")
    assert sorted(o.name for o in project.lead_officers.all()) == ["A. New Person", "Lynne Thomas"]
    assert Officer.objects.filter(name="A. New Person").count() == 1
    assert Indicator.objects.get(code="ind-new").plan == plan  # a new measure, at home in the new plan
    assert checked.notes["Indicators"][2] == "New measure."
    assert checked.notes["Projects"][2] == "New officer: A. New Person."


def test_unreadable_files_are_refused(settings):
    with pytest.raises(read.ImportFileError, match="Excel workbook"):
        read.read_workbook(io.BytesIO(b"a,b\n1,2\n"), "plan.csv")
    with pytest.raises(read.ImportFileError, match="text, not an Excel workbook"):
        read.read_workbook(io.BytesIO(b"a,b\n1,2\n"), "plan.xlsx")
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(read.ImportFileError, match="largest accepted"):
        read.read_workbook(io.BytesIO(b"x" * 200), "plan.xlsx")


def test_timescales_as_the_plans_write_them():
    import datetime

    assert parse_month("Nov-17") == datetime.date(2017, 11, 1)
    assert parse_month("Sept-18") == datetime.date(2018, 9, 1)
    assert parse_month("Jun-18 – delayed due to issues") == datetime.date(2018, 6, 1)
    assert parse_month("November 2017") == datetime.date(2017, 11, 1)
    assert parse_month("Ongoing") is None


def test_the_template_names_each_sheet_once():
    assert len({sheet.name for sheet in SHEETS}) == len(SHEETS)
    assert {PROJECTS.name, ACTIVITIES.name, INDICATORS.name} <= {sheet.name for sheet in SHEETS}


def test_too_long_and_too_large_cells(rows):
    rows["Projects"][0]["lead_as_written"] = "x" * 300
    rows["Responsibilities"][0]["order"] = 99_999
    assert rejected(rows) == [
        ("Responsibilities", 2, "Order must be at most 32,767, not 99,999."),
        ("Projects", 2, "Lead as written is 300 characters long; the most it takes is 255."),
    ]


def test_an_existing_measure_keeps_its_own_unit_and_the_preview_says_so(rows):
    rows["Indicators"][0].update(unit="Percentage", title="Something else")
    _plan, checked = load_plan(sheets_of(rows))
    assert checked.notes["Indicators"][2] == (
        "Existing measure: listed in this plan, its series continues. Unlike this row, its unit stays Count; "
        "its title stays as the measure's."
    )
    assert Indicator.objects.get(code="ind-01").unit == Indicator.Unit.COUNT


def test_a_failure_part_way_through_the_load_leaves_nothing_written(rows, monkeypatch):
    from django.db import IntegrityError

    from plans.models import Activity

    rows["Projects"][0]["lead_officers"] = "Somebody New"

    def fail(*args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(Activity.objects, "bulk_create", fail)
    rejected(rows)
    assert not Officer.objects.filter(name="Somebody New").exists()
    assert not Plan.objects.filter(code="2020-21").exists()


def test_a_zip_bomb_is_refused_before_it_is_opened(settings):
    import zipfile

    settings.IMPORT_MAX_BYTES = 100_000
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 3_000_000)
    with pytest.raises(read.ImportFileError, match="would expand to"):
        read.read_workbook(io.BytesIO(content.getvalue()), "plan.xlsx")


def test_a_workbook_with_too_many_rows_is_refused(seed_plan, settings):
    content = export.workbook_bytes(seed_plan)
    settings.IMPORT_MAX_ROWS = 100
    with pytest.raises(read.ImportFileError, match="more than 100 rows"):
        read.read_workbook(io.BytesIO(content), "plan.xlsx")
