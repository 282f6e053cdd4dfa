"""Downloads: the spreadsheet helpers, formula injection defused in every export, and who may download."""

import csv
import datetime
import io
from decimal import Decimal
from urllib.parse import quote

import openpyxl
import pytest
import time_machine

from core import downloads as spreadsheets
from core.downloads import safe_cell
from indicators.models import BreakdownCategory, Commentary, Indicator, IndicatorValue
from plans.actions import update_project
from plans.models import Project
from tests.core.spreadsheet_files import (
    INJECTIONS,
    PLAN_CSV,
    PLAN_XLSX,
    SCORECARD_CSV,
    SCORECARD_XLSX,
    as_text,
    csv_dicts,
    csv_of,
    every_formula_cell,
    scorecard_dicts,
    sheet_dicts,
    workbook_of,
)

pytestmark = pytest.mark.django_db


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


# --------------------------------------------------------------------------- formula injection


@pytest.mark.slow
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


def test_workbooks_are_written_through_lxml():
    """The large exports (the scorecard's values, every value of every indicator) are written by lxml, not by
    openpyxl's slower pure-Python writer, and the file still opens with every figure in it."""
    assert openpyxl.LXML, "openpyxl is not using lxml: is lxml installed (requirements.txt) and OPENPYXL_LXML unset?"
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Values")
    for number in range(1, 101):
        sheet.append([f"Indicator {number}", datetime.date(2018, 4, 1), Decimal(number) / 4])
    read = openpyxl.load_workbook(io.BytesIO(spreadsheets.xlsx_bytes(workbook)), read_only=True)
    rows = list(read["Values"].iter_rows(values_only=True))
    assert len(rows) == 100
    assert rows[-1][0] == "Indicator 100" and rows[-1][2] == 25
    assert rows[0][1] == datetime.datetime(2018, 4, 1)
