"""Downloads of the scorecard and the business plan (Excel and CSV): same rows as the page, safe cells."""

import codecs
import csv
import datetime
import io
from decimal import Decimal
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from openpyxl import load_workbook

from core import downloads as spreadsheets
from core.downloads import safe_cell
from indicators.models import BreakdownCategory, Commentary, Comparator, Indicator, IndicatorValue, Target
from indicators.periods import Period
from plans.actions import update_project
from plans.models import Activity, Project

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
SCORECARD_XLSX = "/scorecard/export.xlsx"
SCORECARD_CSV = "/scorecard/export.csv"
PLAN_XLSX = "/business-plan/export.xlsx"
PLAN_CSV = "/business-plan/export.csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INJECTIONS = ['=HYPERLINK("http://example.com/x","Click")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def demo(seed_plan):
    """The seed plan with five years of demonstration values, targets and comparators."""
    with override_settings(DEBUG=True):  # demonstration data is refused with DEBUG off
        call_command("generate_demo_values", stdout=io.StringIO())
    return seed_plan


# --------------------------------------------------------------------------- reading the files


def workbook_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="')
    return load_workbook(io.BytesIO(response.content))


def csv_of(response):
    """The CSV's rows (header first); the file must start with a UTF-8 byte order mark."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response.content.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def scorecard_cells(workbook):
    """(header, [row of cells]) of the "Scorecard" sheet's indicator rows: no title or outcome heading."""
    sheet = workbook["Scorecard"]
    header = [cell.value for cell in sheet[2]]
    rows = [
        cells
        for cells in sheet.iter_rows(min_row=3)
        if any(cell.value not in (None, "") for cell in cells[1:])  # an outcome heading has its first cell only
    ]
    return header, rows


def scorecard_dicts(workbook):
    header, rows = scorecard_cells(workbook)
    return [dict(zip(header, (cell.value for cell in cells), strict=True)) for cells in rows]


def sheet_dicts(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def csv_dicts(rows):
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def as_text(value):
    return "" if value is None else str(value)


def page_numbers(response):
    """The indicator numbers the scorecard page lists, in its order."""
    return [row.indicator.number for _, rows in response.context["groups"] for row in rows]


def every_formula_cell(workbook):
    return [cell.coordinate for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


# --------------------------------------------------------------------------- safe_cell and the helpers


@pytest.mark.parametrize("text", INJECTIONS)
def test_safe_cell_formula_trigger_gets_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [-5, -2.5, Decimal("-2.5"), 0, 3.25, Decimal("45.600"), None, datetime.date(2019, 3, 1), "Plain text", "", "1-2"],
)
def test_safe_cell_numbers_dates_and_plain_text_unchanged(value):
    assert safe_cell(value) == value
    assert type(safe_cell(value)) is type(value)


def test_safe_filename_only_safe_characters():
    name = spreadsheets.safe_filename("business plan", '2018/19"; x=y', "2019-03", extension="csv")

    assert name == "business-plan-2018-19-x-y-2019-03.csv"


def test_csv_response_defuses_text_and_keeps_negative_numbers():
    response = spreadsheets.csv_response(
        "check.csv", ["text", "int", "decimal", "float"], [["=1+1", -3, Decimal("-2.500"), -0.5]]
    )

    assert csv_of(response) == [["text", "int", "decimal", "float"], ["'=1+1", "-3", "-2.5", "-0.5"]]


def test_xlsx_value_keeps_negative_numbers_and_defuses_text():
    assert spreadsheets.xlsx_value(-3) == -3
    assert spreadsheets.xlsx_value(Decimal("-2.500")) == -2.5
    assert spreadsheets.xlsx_value("-2+3") == "'-2+3"
    assert spreadsheets.xlsx_value("bell\x07 rings") == "bell rings"  # XLSX cannot hold control characters


# --------------------------------------------------------------------------- the scorecard workbook


@time_machine.travel(datetime.date(2019, 5, 20))
def test_scorecard_xlsx_numbers_frozen_header_and_rag_in_words_and_colour(demo, viewer_client):
    page = viewer_client.get("/scorecard/")
    workbook = workbook_of(viewer_client.get(SCORECARD_XLSX))

    sheet = workbook["Scorecard"]
    header, rows = scorecard_cells(workbook)
    col = {name: index for index, name in enumerate(header)}
    assert sheet.freeze_panes == "A3"  # the title and the header stay in view
    assert "scorecard, figures up to March 2019" in sheet["A1"].value
    assert all(cell.font.b for cell in sheet[2] if cell.value)
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    assert [cells[0].value for cells in rows] == page_numbers(page)
    assert len(rows) == page.context["row_count"] == 69

    units = dict(Indicator.objects.values_list("number", "unit"))
    latest = [cells[col["Latest value"]] for cells in rows if cells[col["Latest value"]].value is not None]
    assert latest and all(isinstance(cell.value, int | float) for cell in latest)
    for cells in rows:
        cell = cells[col["Latest value"]]
        if units[cells[0].value] == Indicator.Unit.PERCENTAGE and cell.value is not None:
            assert cell.number_format == '0.0"%"'
        if units[cells[0].value] == Indicator.Unit.COUNT and cell.value is not None:
            assert cell.number_format == "#,##0"

    rag_cells = [cells[col["RAG rating"]] for cells in rows]
    assert {cell.value for cell in rag_cells} <= {"Red", "Amber", "Green", "No rating"}
    reds = [cell for cell in rag_cells if cell.value == "Red"]
    assert reds, "the demonstration data has indicators red against their target"
    assert all(cell.fill.fgColor.rgb.endswith("FFC7CE") for cell in reds)
    assert all(cell.fill.fill_type is None for cell in rag_cells if cell.value == "No rating")


@time_machine.travel(datetime.date(2019, 5, 20))
def test_scorecard_xlsx_row_figures_match_the_page(demo, viewer_client):
    page = viewer_client.get("/scorecard/")
    rows = {row["Number"]: row for row in scorecard_dicts(workbook_of(viewer_client.get(SCORECARD_XLSX)))}

    for _, page_rows in page.context["groups"]:
        for row in page_rows:
            exported = rows[row.indicator.number]
            assert exported["Latest value"] == (pytest.approx(float(row.latest.value)) if row.latest else None)
            assert exported["Target"] == (pytest.approx(float(row.target.value)) if row.target else None)
            assert exported["RAG rating"] == (row.rag.label if row.rag else "No rating")
            assert as_text(exported["Exception reasons"]) == "; ".join(row.reasons)
            assert exported["England"] == (
                pytest.approx(float(row.comparators["england"])) if "england" in row.comparators else None
            )


@time_machine.travel(datetime.date(2019, 5, 20))
@pytest.mark.parametrize("filters", ["exceptions=true", "lead_board", "rag=red", "period=2018-06"])
def test_scorecard_exports_keep_the_page_filters(demo, viewer_client, filters):
    if filters == "lead_board":
        filters = f"lead_board={Indicator.objects.order_by('number').values_list('lead_board', flat=True).first()}"
    page = viewer_client.get(f"/scorecard/?{filters}")

    exported = scorecard_dicts(workbook_of(viewer_client.get(f"{SCORECARD_XLSX}?{filters}")))
    csv_rows = csv_dicts(csv_of(viewer_client.get(f"{SCORECARD_CSV}?{filters}")))

    assert page.context["row_count"] > 0
    if not filters.startswith("period="):
        assert page.context["row_count"] < Indicator.objects.count()
    assert [row["Number"] for row in exported] == page_numbers(page)
    assert [row["Number"] for row in csv_rows] == page_numbers(page)
    if filters == "exceptions=true":
        assert all(row["Exception reasons"] for row in exported)
    if filters == "rag=red":
        assert {row["RAG rating"] for row in exported} == {"Red"}
    if filters.startswith("period="):
        assert {row["Latest period"] for row in exported if row["Latest period"]} <= {
            "June 2018",
            "2018-19 Q1 (Apr–Jun 2018)",
            "2017-18",
        }


@time_machine.travel(datetime.date(2019, 5, 20))
def test_scorecard_csv_same_rows_as_xlsx_scorecard_sheet(demo, viewer_client):
    workbook = workbook_of(viewer_client.get(SCORECARD_XLSX))
    rows = csv_of(viewer_client.get(SCORECARD_CSV))

    header, cells = scorecard_cells(workbook)
    assert rows[0] == header
    assert rows[1:] == [[as_text(cell.value) for cell in line] for line in cells]
    periods = [row[header.index("Latest period")] for row in rows[1:]]
    assert any("–" in period for period in periods)  # "2018-19 Q4 (Jan–Mar 2019)": UTF-8 text comes through


@time_machine.travel(datetime.date(2019, 5, 20))
def test_scorecard_values_sheet_every_value_with_targets_and_comparators(demo, viewer_client):
    workbook = workbook_of(viewer_client.get(SCORECARD_XLSX))

    sheet = workbook["Values"]
    assert sheet.freeze_panes == "A2"
    rows = sheet_dicts(sheet)
    category = "Category (blank: the overall figure)"
    expected = {
        (number, Period(start, end).code, name or None): value
        for number, start, end, name, value in IndicatorValue.objects.values_list(
            "indicator__number", "period_start", "period_end", "category__name", "value"
        )
    }
    assert IndicatorValue.objects.filter(category__isnull=False).exists()
    assert len(rows) == len(expected)
    exported = {(row["Number"], row["Period"], row[category]): row for row in rows}
    assert exported.keys() == expected.keys()
    for key, value in expected.items():
        assert isinstance(exported[key]["Value"], int | float)
        assert exported[key]["Value"] == pytest.approx(float(value))
    assert all(isinstance(row["Period start"], datetime.datetime) for row in rows)
    assert all(isinstance(row["Period end"], datetime.datetime) for row in rows)

    targets = list(Target.objects.values_list("indicator__number", "period_start", "period_end", "value", "tolerance"))
    assert targets
    for (number, _, name), row in exported.items():
        if name is not None:
            continue
        start, end = row["Period start"].date(), row["Period end"].date()
        covering = [t for t in targets if t[0] == number and t[1] <= start and end <= t[2]]
        if covering:
            assert row["Target"] == pytest.approx(float(covering[0][3]))
            assert row["Tolerance"] == pytest.approx(float(covering[0][4]))
        else:
            assert row["Target"] is None

    labels = dict(Comparator.Area.choices)
    checked = 0
    for comparator in Comparator.objects.select_related("indicator"):
        key = (comparator.indicator.number, comparator.period.code, None)
        if key in exported:
            assert exported[key][labels[comparator.area]] == pytest.approx(float(comparator.value))
            checked += 1
    assert checked > 0


@time_machine.travel(datetime.date(2019, 5, 20))
def test_scorecard_values_sheet_only_the_filtered_indicators(demo, viewer_client):
    board = Indicator.objects.order_by("number").values_list("lead_board", flat=True).first()
    numbers = set(Indicator.objects.filter(lead_board=board).values_list("number", flat=True))

    rows = sheet_dicts(workbook_of(viewer_client.get(f"{SCORECARD_XLSX}?lead_board={board}"))["Values"])

    assert {row["Number"] for row in rows} == {
        number for number in numbers if IndicatorValue.objects.filter(indicator__number=number).exists()
    }
    assert len(rows) == IndicatorValue.objects.filter(indicator__lead_board=board).count()


@time_machine.travel(datetime.date(2019, 5, 20))
def test_scorecard_values_sheet_stops_at_the_reporting_month_asked_for(demo, viewer_client):
    rows = sheet_dicts(workbook_of(viewer_client.get(f"{SCORECARD_XLSX}?period=2018-06"))["Values"])

    assert rows
    assert max(row["Period end"] for row in rows) <= datetime.datetime(2018, 6, 30)


@time_machine.travel(datetime.date(2019, 5, 20))
def test_scorecard_export_queries_do_not_grow_with_indicators(demo, viewer_client):
    boards = list(
        Indicator.objects.values("lead_board").annotate(n=Count("pk")).order_by("n").values_list("lead_board", "n")
    )
    (small, few), (large, many) = boards[0], boards[-1]
    assert few < many
    viewer_client.get(SCORECARD_XLSX)  # the session is read and touched once

    counts = []
    for board in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert viewer_client.get(f"{SCORECARD_XLSX}?lead_board={board}").status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 15


def test_scorecard_export_bad_filter_sends_back_to_the_page(demo, viewer_client):
    response = viewer_client.get(f"{SCORECARD_CSV}?period=2019-13")

    assert response.status_code == 302
    assert response["Location"] == "/scorecard/?period=2019-13"
    page = viewer_client.get(response["Location"])
    assert "Correct the filters to download this scorecard." in page.content.decode()


@time_machine.travel(datetime.date(2019, 5, 20))
def test_scorecard_export_filename_names_the_month(demo, viewer_client):
    assert viewer_client.get(SCORECARD_XLSX)["Content-Disposition"] == 'attachment; filename="scorecard-2019-03.xlsx"'
    response = viewer_client.get(f"{SCORECARD_CSV}?period=2018-06")
    assert response["Content-Disposition"] == 'attachment; filename="scorecard-2018-06.csv"'


def test_scorecard_page_links_carry_the_filters(demo, viewer_client):
    board = Indicator.objects.values_list("lead_board", flat=True).first()
    query = f"exceptions=true&lead_board={board}&rag=red"

    body = viewer_client.get(f"/scorecard/?{query}").content.decode()

    assert f'href="{SCORECARD_XLSX}?{escape(query)}"' in body
    assert f'href="{SCORECARD_CSV}?{escape(query)}"' in body
    assert "Download this scorecard" in body


# --------------------------------------------------------------------------- the business plan


@time_machine.travel(datetime.datetime(2018, 6, 15, 12, tzinfo=LONDON), tick=False)
def test_business_plan_exports_one_row_per_activity_with_dates_as_dates(seed_plan, viewer_client):
    workbook = workbook_of(viewer_client.get(PLAN_XLSX))
    rows = csv_of(viewer_client.get(PLAN_CSV))

    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    exported = sheet_dicts(sheet)
    assert len(exported) == len(rows) - 1 == Activity.objects.count() == 45
    assert [
        [as_text(value.date() if isinstance(value, datetime.datetime) else value) for value in row.values()]
        for row in exported
    ] == rows[1:]
    with_due = [row for row in exported if row["Original due"] is not None]
    assert with_due and all(isinstance(row["Original due"], datetime.datetime) for row in with_due)
    first = Activity.objects.select_related("project").order_by("project__sort_key", "order").first()
    assert exported[0]["Project number"] == first.project.number
    assert exported[0]["Activity"] == first.description
    assert exported[0]["Original due as written"] == first.due_text
    assert exported[0]["Activity number"] == first.order
    assert viewer_client.get(PLAN_XLSX)["Content-Disposition"] == (
        'attachment; filename="business-plan-2018-19-2018-06-15.xlsx"'
    )


@time_machine.travel(datetime.datetime(2018, 6, 15, 12, tzinfo=LONDON), tick=False)
def test_business_plan_export_overdue_by_the_overdue_rule(seed_plan, viewer_client):
    today = datetime.date(2018, 6, 15)
    moved = Activity.objects.overdue(today).order_by("project__sort_key", "order").first()
    Activity.objects.filter(pk=moved.pk).update(revised_due=datetime.date(2018, 9, 1), revision_reason="Waiting")

    rows = csv_dicts(csv_of(viewer_client.get(PLAN_CSV)))

    overdue = {(a.project.number, a.order) for a in Activity.objects.overdue(today).select_related("project")}
    assert overdue and len(overdue) < len(rows)
    assert {(row["Project number"], int(row["Activity number"])) for row in rows if row["Overdue"] == "Yes"} == overdue
    assert {row["Overdue"] for row in rows} == {"Yes", "No"}
    for activity in Activity.objects.select_related("project"):
        [row] = [
            r
            for r in rows
            if (r["Project number"], int(r["Activity number"])) == (activity.project.number, activity.order)
        ]
        assert row["Overdue"] == ("Yes" if activity.is_overdue(today) else "No")
    [moved_row] = [
        r for r in rows if r["Activity"] == moved.description and r["Project number"] == moved.project.number
    ]
    assert (moved_row["Revised due"], moved_row["Reason for the revision"], moved_row["Overdue"]) == (
        "2018-09-01",
        "Waiting",
        "No",
    )


def test_business_plan_export_last_update_and_who(seed_plan, viewer_client, lynne_user):
    project = Project.objects.get(number="2.3")
    with time_machine.travel(datetime.datetime(2018, 6, 15, 12, 30, tzinfo=LONDON), tick=False):
        update_project(
            project_id=project.pk, author=lynne_user, expected_revision=project.revision, status="at_risk", note="Late"
        )

    workbook_rows = sheet_dicts(workbook_of(viewer_client.get(PLAN_XLSX)).active)
    csv_rows = csv_dicts(csv_of(viewer_client.get(PLAN_CSV)))

    updated = [row for row in workbook_rows if row["Project number"] == "2.3"]
    assert updated
    for row in updated:
        assert row["Last update"] == datetime.datetime(2018, 6, 15, 12, 30)  # London time, as the site shows it
        assert row["Last update by"] == "Lynne Thomas"
        assert row["Last update note"] == "Late"
        assert row["Project status"] == "At risk"
    assert all(row["Last update"] is None for row in workbook_rows if row["Project number"] != "2.3")
    assert {row["Last update"] for row in csv_rows if row["Project number"] == "2.3"} == {"2018-06-15 12:30"}


@time_machine.travel(datetime.datetime(2018, 6, 15, 12, tzinfo=LONDON), tick=False)
@pytest.mark.parametrize("filters", ["lead_board", "overdue=true", "status=on_track"])
def test_business_plan_exports_keep_the_page_filters(seed_plan, viewer_client, filters):
    if filters == "lead_board":
        filters = f"lead_board={Project.objects.get(number='2.3').lead_board_id}"
    page = viewer_client.get(f"/business-plan/?{filters}")
    listed = [project.number for project in page.context["projects"]]

    exported = sheet_dicts(workbook_of(viewer_client.get(f"{PLAN_XLSX}?{filters}")).active)
    csv_rows = csv_dicts(csv_of(viewer_client.get(f"{PLAN_CSV}?{filters}")))

    assert 0 < len(listed) < Project.objects.count()
    assert list(dict.fromkeys(row["Project number"] for row in exported)) == listed
    assert [row["Project number"] for row in csv_rows] == [row["Project number"] for row in exported]
    assert len(exported) == Activity.objects.filter(project__number__in=listed).count()


def test_business_plan_export_bad_filter_sends_back_to_the_page(seed_plan, viewer_client):
    response = viewer_client.get(f"{PLAN_XLSX}?due_before=soon")

    assert response.status_code == 302
    assert response["Location"] == "/business-plan/?due_before=soon"
    assert "Correct the filters to download" in viewer_client.get(response["Location"]).content.decode()


def test_business_plan_page_links_carry_the_filters(seed_plan, viewer_client):
    query = "status=on_track&overdue=true"

    body = viewer_client.get(f"/business-plan/?{query}").content.decode()

    assert f'href="{PLAN_XLSX}?{escape(query)}"' in body
    assert f'href="{PLAN_CSV}?{escape(query)}"' in body


def test_business_plan_export_queries_do_not_grow_with_projects(seed_plan, viewer_client, lynne_user):
    for number in ("1.1", "2.3", "3.3"):
        project = Project.objects.get(number=number)
        update_project(project_id=project.pk, author=lynne_user, expected_revision=project.revision, status="on_track")
    boards = list(
        Project.objects.values("lead_board").annotate(n=Count("pk")).order_by("n").values_list("lead_board", "n")
    )
    (small, few), (large, many) = boards[0], boards[-1]
    assert few < many
    viewer_client.get(PLAN_XLSX)

    counts = []
    for board in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert viewer_client.get(f"{PLAN_XLSX}?lead_board={board}").status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 10


# --------------------------------------------------------------------------- formula injection


@time_machine.travel(datetime.date(2019, 5, 20))
def test_formula_injection_defused_in_every_export(demo, viewer_client, lynne_user):
    hyperlink, plus, minus, at = INJECTIONS[:4]
    project = Project.objects.get(number="2.3")
    Project.objects.filter(pk=project.pk).update(title=hyperlink)
    update_project(
        project_id=project.pk, author=lynne_user, expected_revision=project.revision, status="on_track", note=plus
    )
    indicator = Indicator.objects.get(number="1")
    Indicator.objects.filter(pk=indicator.pk).update(title=minus)
    latest = IndicatorValue.objects.filter(indicator=indicator, category__isnull=True).latest("period_start")
    Commentary.objects.create(
        indicator=indicator,
        author=lynne_user,
        period_start=latest.period_start,
        period_end=latest.period_end,
        story=at,
        actions=hyperlink,
    )
    IndicatorValue.objects.filter(pk=latest.pk).update(note=plus)
    category_value = (
        IndicatorValue.objects.filter(category__isnull=False).select_related("indicator", "category").first()
    )
    BreakdownCategory.objects.filter(pk=category_value.category_id).update(name=at)

    scorecard_book = workbook_of(viewer_client.get(SCORECARD_XLSX))
    plan_book = workbook_of(viewer_client.get(PLAN_XLSX))
    scorecard_csv = csv_dicts(csv_of(viewer_client.get(SCORECARD_CSV)))
    plan_csv = csv_dicts(csv_of(viewer_client.get(PLAN_CSV)))
    indicator_csv = viewer_client.get(f"/scorecard/indicators/{category_value.indicator.number}/data.csv")

    assert every_formula_cell(scorecard_book) == every_formula_cell(plan_book) == []
    [row] = [r for r in scorecard_dicts(scorecard_book) if r["Number"] == "1"]
    [csv_row] = [r for r in scorecard_csv if r["Number"] == "1"]
    for exported in (row, csv_row):
        assert exported["Indicator"] == "'" + minus
        assert exported["Commentary on the latest period"] == "'" + at
        assert exported["What is being done"] == "'" + hyperlink
    assert isinstance(row["Latest value"], int | float) and row["Latest value"] == pytest.approx(float(latest.value))
    assert csv_row["Latest value"] == as_text(row["Latest value"])

    values = sheet_dicts(scorecard_book["Values"])
    assert {r["Indicator"] for r in values if r["Number"] == "1"} == {"'" + minus}
    [latest_row] = [r for r in values if r["Number"] == "1" and r["Period end"].date() == latest.period_end]
    assert latest_row["Note"] == "'" + plus
    assert "'" + at in {r["Category (blank: the overall figure)"] for r in values}
    assert all(isinstance(r["Value"], int | float) for r in values)

    for rows in (sheet_dicts(plan_book.active), plan_csv):
        mine = [r for r in rows if r["Project number"] == "2.3"]
        assert mine and all(r["Project"] == "'" + hyperlink and r["Last update note"] == "'" + plus for r in mine)

    lines = list(csv.reader(io.StringIO(indicator_csv.content.decode())))
    assert "'" + at in {line[4] for line in lines[1:]}
    assert all(not line[4].startswith(("=", "+", "-", "@")) for line in lines[1:])


# --------------------------------------------------------------------------- who may download


@pytest.mark.parametrize("url", [SCORECARD_XLSX, SCORECARD_CSV, PLAN_XLSX, PLAN_CSV])
def test_export_anonymous_sent_to_sign_in(seed_plan, client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(url)}"


@pytest.mark.parametrize("role", ["viewer_client", "lynne_client", "data_officer_client", "board_admin_client"])
@pytest.mark.parametrize("url", [SCORECARD_XLSX, SCORECARD_CSV, PLAN_XLSX, PLAN_CSV])
def test_export_any_signed_in_role_may_download(request, seed_plan, role, url):
    response = request.getfixturevalue(role).get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
