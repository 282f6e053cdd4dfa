"""Loading a plan from a workbook in the browser and from the command line; the plan's workbook download."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import PlanWorkbookUpload, ScorecardEntry
from indicators.workbook import export
from indicators.workbook.sheets import PLAN
from plans.models import Plan, Project
from tests.indicators.plan_workbooks import cells, upload

LOAD_URL = "/plan/load/"


@pytest.fixture
def workbook(seed_plan):
    rows = export.plan_rows(seed_plan)
    rows[PLAN.name][0].update(code="2020-21", title="Strategic Plan 2020-21")
    return rows


def test_upload_preview_confirm(board_admin_client, workbook):
    page = board_admin_client.get(LOAD_URL)
    assert page.status_code == 200 and b'enctype="multipart/form-data"' in page.content

    response = board_admin_client.post(LOAD_URL, {"file": upload(export.write_workbook(workbook))})
    held = PlanWorkbookUpload.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plan/load/{held.pk}/"
    assert not Plan.objects.filter(code="2020-21").exists()  # nothing until confirmed

    preview = board_admin_client.get(response["Location"])
    text = preview.content.decode()
    assert "Projects</a>: 28 rows" in text and "Activities</a>: 45 rows" in text and "Indicators</a>: 69 rows" in text
    assert "Existing measure: listed in this plan, its series continues." in text
    assert "Confirm and load the plan" in text

    done = board_admin_client.post(f"/plan/load/{held.pk}/confirm/")
    assert done.status_code == 302
    plan = Plan.objects.get(code="2020-21")
    assert plan.is_draft and Project.objects.filter(plan=plan).count() == 28
    assert plan.history.get().history_user.username == "brenda"
    assert ScorecardEntry.objects.filter(plan=plan).count() == 69
    assert done["Location"] == "/plan-years/2020-21/"  # the draft's page, where it is adopted
    assert board_admin_client.get(done["Location"]).status_code == 200
    assert "Loaded as a draft plan" in board_admin_client.get(f"/plan/load/{held.pk}/").content.decode()

    again = board_admin_client.post(f"/plan/load/{held.pk}/confirm/", follow=True)
    assert "already been loaded" in again.content.decode()
    assert Plan.objects.filter(code="2020-21").count() == 1


def test_a_bad_workbook_shows_each_problem_and_cannot_be_loaded(board_admin_client, workbook):
    workbook["Activities"][0]["project"] = "9.9"
    board_admin_client.post(LOAD_URL, {"file": upload(export.write_workbook(workbook))})
    held = PlanWorkbookUpload.objects.get()
    text = board_admin_client.get(f"/plan/load/{held.pk}/").content.decode()
    assert 'href="#activities-2">Activities, row 2</a>: No project 9.9 on the Projects sheet.' in text
    assert "Confirm and load" not in text

    refused = board_admin_client.post(f"/plan/load/{held.pk}/confirm/")
    assert refused.status_code == 409
    assert not Plan.objects.filter(code="2020-21").exists()


def test_a_file_that_is_not_a_workbook_is_refused_beside_the_field(board_admin_client, seed_plan):
    response = board_admin_client.post(LOAD_URL, {"file": upload(b"a,b\n1,2\n", "plan.csv")})
    assert response.status_code == 400
    assert "Upload the plan as an Excel workbook (.xlsx)" in response.content.decode()
    assert not PlanWorkbookUpload.objects.exists()


def test_only_board_administrators_load_plans(data_officer_client, seed_plan):
    response = data_officer_client.get(LOAD_URL)
    assert response.status_code == 403
    assert "Only board administrators can start, load, revise and adopt plans." in response.content.decode()


def test_the_plan_workbook_download(viewer_client, seed_plan):
    response = viewer_client.get("/plan/workbook.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="plan-2018-19.xlsx"'
    assert cells(response.content)["Plan"][1][0] == "2018-19"
    assert viewer_client.get("/plans/2018-19/plan/workbook.xlsx").status_code == 200
    assert 'href="/plan/workbook.xlsx"' in viewer_client.get("/business-plan/").content.decode()


def test_load_plan_command(tmp_path, workbook):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(export.write_workbook(workbook))
    out = io.StringIO()
    call_command("load_plan", str(path), "--dry-run", stdout=out)
    assert "would make the draft plan 2020-21" in out.getvalue() and "28 projects" in out.getvalue()
    assert not Plan.objects.filter(code="2020-21").exists()

    call_command("load_plan", str(path), stdout=out)
    assert Plan.objects.get(code="2020-21").is_draft


def test_load_plan_command_lists_every_problem_and_exits_1(tmp_path, workbook):
    workbook["Indicators"][0]["outcome"] = 9
    workbook["Projects"][0]["title"] = None
    path = tmp_path / "plan.xlsx"
    path.write_bytes(export.write_workbook(workbook))
    with pytest.raises(CommandError) as caught:
        call_command("load_plan", str(path))
    message = str(caught.value)
    assert "2 problem(s) in plan.xlsx; nothing has been saved" in message
    assert "Projects, row 2: Title is blank; it is required." in message
    assert "Indicators, row 2: No outcome 9 on the Outcomes sheet." in message
    assert caught.value.returncode == 1
    assert not Plan.objects.filter(code="2020-21").exists()
