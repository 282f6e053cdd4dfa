"""The scorecard's downloads: its workbook (scorecard and values sheets) and CSV, with the page's filters."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from indicators.models import Comparator, Indicator, IndicatorValue, Target
from indicators.periods import Period
from tests.core.spreadsheet_files import (
    SCORECARD_CSV,
    SCORECARD_XLSX,
    as_text,
    csv_dicts,
    csv_of,
    page_numbers,
    scorecard_cells,
    scorecard_dicts,
    sheet_dicts,
    workbook_of,
)

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- the scorecard workbook


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
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
            # As at June 2018, the latest finished academic year (27), calendar year (40) and school term (28).
            "Academic year 2016-17",
            "Calendar year 2017",
            "Spring term 2018 (Jan–Apr 2018)",
        }


@pytest.mark.slow
@time_machine.travel(datetime.date(2019, 5, 20))
def test_scorecard_csv_same_rows_as_xlsx_scorecard_sheet(demo, viewer_client):
    workbook = workbook_of(viewer_client.get(SCORECARD_XLSX))
    rows = csv_of(viewer_client.get(SCORECARD_CSV))

    header, cells = scorecard_cells(workbook)
    assert rows[0] == header
    assert rows[1:] == [[as_text(cell.value) for cell in line] for line in cells]
    periods = [row[header.index("Latest period")] for row in rows[1:]]
    assert any("–" in period for period in periods)  # "2018-19 Q4 (Jan–Mar 2019)": UTF-8 text comes through


@pytest.mark.slow
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


@pytest.mark.slow
@time_machine.travel(datetime.date(2019, 5, 20))
def test_scorecard_values_sheet_only_the_filtered_indicators(demo, viewer_client):
    board = Indicator.objects.order_by("number").values_list("lead_board", flat=True).first()
    numbers = set(Indicator.objects.filter(lead_board=board).values_list("number", flat=True))

    rows = sheet_dicts(workbook_of(viewer_client.get(f"{SCORECARD_XLSX}?lead_board={board}"))["Values"])

    assert {row["Number"] for row in rows} == {
        number for number in numbers if IndicatorValue.objects.filter(indicator__number=number).exists()
    }
    assert len(rows) == IndicatorValue.objects.filter(indicator__lead_board=board).count()


@pytest.mark.slow
@time_machine.travel(datetime.date(2019, 5, 20))
def test_scorecard_values_sheet_stops_at_the_reporting_month_asked_for(demo, viewer_client):
    rows = sheet_dicts(workbook_of(viewer_client.get(f"{SCORECARD_XLSX}?period=2018-06"))["Values"])

    assert rows
    assert max(row["Period end"] for row in rows) <= datetime.datetime(2018, 6, 30)


@pytest.mark.slow
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
