"""The business plan's downloads: one row per activity, the overdue rule, the last update, the page's filters."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from plans.actions import update_project
from plans.models import Activity, Project
from tests.core.spreadsheet_files import PLAN_CSV, PLAN_XLSX, as_text, csv_dicts, csv_of, sheet_dicts, workbook_of
from tests.plans.helpers import LONDON

pytestmark = pytest.mark.django_db


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
    listed = re.findall(r"<tr>\s*<td>(\d+\.\d+)</td>", page.content.decode())  # the page's project table

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
