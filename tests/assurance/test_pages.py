"""The assurance pages as people use them: the audit cycle and returns, an action from a finding on its owner's
"My actions", progress on it, the action list's filters and downloads, a risk on the heat map, a meeting's decision."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from assurance.models import Action, ActionUpdate, AuditReturn, Decision, Meeting, Risk
from plans.models import Officer, ProgrammeBoard, Project
from tests.assurance.factories import ActionFactory, AuditFactory, RiskFactory
from tests.core.spreadsheet_files import csv_of, sheet_dicts, workbook_of
from tests.pages import page
from tests.plans.factories import AgencyFactory
from tests.plans.helpers import LONDON

pytestmark = pytest.mark.django_db
NOV_1 = datetime.datetime(2018, 11, 1, 12, tzinfo=LONDON)


@pytest.fixture
def cycles(seed_plan):
    call_command("loaddata", "assurance_audit_cycles", verbosity=0)


@pytest.fixture
def section_11(cycles):
    from assurance.models import AuditCycle

    police, health, council = (
        AgencyFactory(name="Northumbria Police"),
        AgencyFactory(name="City Hospitals Sunderland"),
        AgencyFactory(name="Sunderland City Council"),
    )
    return (
        AuditFactory(
            cycle=AuditCycle.objects.get(name="2018-19 audit cycle"),
            title="Section 11 self-assessment 2018",
            return_deadline=datetime.date(2018, 10, 31),
            agencies=[police, health],
        ),
        police,
        health,
        council,
    )


def test_audit_cycle_page_lists_the_seeded_audits(cycles, viewer_client):
    from assurance.models import AuditCycle

    cycle = AuditCycle.objects.get(name="2018-19 audit cycle")

    text = page(viewer_client.get(f"/assurance/audits/cycles/{cycle.pk}/")).text

    assert "Multi-agency audit of early help and neglect cases" in text
    assert "JTAI methodology" in text
    assert "Section 11 Audit 2017" not in text  # the 2017-18 cycle's


@time_machine.travel(NOV_1, tick=False)
def test_board_administrator_records_two_returns_and_the_third_is_shown_overdue(section_11, board_admin_client):
    audit, police, health, _council = section_11
    url = f"/assurance/audits/{audit.pk}/returns/"

    first = board_admin_client.post(
        url, {"agency": police.pk, "submitted_on": "2018-10-20", "summary": "All met", **RATINGS_MANAGEMENT}
    )
    text = page(board_admin_client.get(f"/assurance/audits/{audit.pk}/")).text

    assert first.status_code == 302
    assert "In 20 October 2018" in text
    assert "Overdue (due 31 October 2018)" in text  # City Hospitals has not returned
    board_admin_client.post(url, {"agency": health.pk, "submitted_on": "2018-11-01", **RATINGS_MANAGEMENT})
    assert AuditReturn.objects.filter(audit=audit, submitted_on__isnull=False).count() == 2
    assert "Overdue" not in page(board_admin_client.get(f"/assurance/audits/{audit.pk}/")).text


def test_return_from_an_agency_not_in_the_audit_is_refused_beside_the_field(section_11, board_admin_client):
    audit, _police, _health, council = section_11

    response = board_admin_client.post(
        f"/assurance/audits/{audit.pk}/returns/", {"agency": council.pk, "submitted_on": "2018-10-20"}
    )

    assert response.status_code == 400
    root = page(response)
    message = "Sunderland City Council is not taking part in this audit: add it to the audit's agencies first."
    assert message in root.find(id="error_1_id_agency").text
    assert not AuditReturn.objects.exists()


def test_only_board_administrators_record_returns(section_11, lynne_client):
    audit, police, _health, _council = section_11

    response = lynne_client.post(
        f"/assurance/audits/{audit.pk}/returns/", {"agency": police.pk, "submitted_on": "2018-10-20"}
    )

    assert response.status_code == 403
    assert not AuditReturn.objects.exists()


@time_machine.travel(NOV_1, tick=False)
def test_action_raised_from_a_finding_is_on_its_owners_my_actions(section_11, board_admin_client, lynne_client):
    audit, *_ = section_11
    lynne = Officer.objects.get(name="Lynne Thomas")

    refused = board_admin_client.post(
        f"/assurance/audits/{audit.pk}/actions/new/",
        {"title": "Refresh the safer recruitment policy", "owner": lynne.pk, "due": "2018-10-01"},
    )
    raised = board_admin_client.post(
        f"/assurance/audits/{audit.pk}/actions/new/",
        {"title": "Refresh the safer recruitment policy", "finding": "Standard 6 partly met", "owner": lynne.pk,
         "due": "2019-01-31"},
    )  # fmt: skip

    assert refused.status_code == 400
    assert "The due date cannot be before the action was raised (01 November 2018)." in page(refused).text
    assert raised.status_code == 302
    action = Action.objects.get()
    assert (action.source, action.audit, action.project) == (Action.Source.AUDIT, audit, None)
    mine = page(lynne_client.get("/assurance/actions/mine/"))
    assert mine.find("a", href=f"/assurance/actions/{action.pk}/").text == "Refresh the safer recruitment policy"
    assert "Refresh the safer recruitment policy" in page(board_admin_client.get(f"/assurance/audits/{audit.pk}/")).text


def test_owner_records_progress_and_others_may_not(seed_plan, lynne_client, nicola_client, viewer_client):
    action = ActionFactory(owner=Officer.objects.get(name="Lynne Thomas"))
    url = f"/assurance/actions/{action.pk}/update/"
    data = {"status": "done", "note": "Policy signed off", "evidence": "Minutes of 12 Dec"}

    assert nicola_client.post(url, data).status_code == 403
    assert viewer_client.post(url, data).status_code == 403
    assert lynne_client.post(url, {"status": "done", "note": ""}).status_code == 400
    response = lynne_client.post(url, data)

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.evidence) == ("done", "Minutes of 12 Dec")
    assert ActionUpdate.objects.get().note == "Policy signed off"
    assert action.history.count() == 2
    assert "Policy signed off" in page(viewer_client.get(f"/assurance/actions/{action.pk}/")).text


def test_action_list_filters_by_agency_and_downloads_what_it_shows(seed_plan, viewer_client):
    police = AgencyFactory(name="Northumbria Police")
    lynne = Officer.objects.get(name="Lynne Thomas")
    lynne.agency = police
    lynne.save()
    ActionFactory(title="=HYPERLINK(x)", owner=lynne)
    ActionFactory(title="Someone else's", owner=Officer.objects.get(name="Nicola Morrow"))

    listed = page(viewer_client.get("/assurance/actions/", {"agency": police.pk})).text
    rows = csv_of(viewer_client.get("/assurance/actions/export.csv", {"agency": police.pk}))
    sheet = sheet_dicts(workbook_of(viewer_client.get("/assurance/actions/export.xlsx")).active)

    assert "Someone else's" not in listed
    assert "1 action match these filters" in listed
    assert rows[0][:5] == ["Action", "Source", "From", "Owner", "Agency"]
    assert [row[0] for row in rows[1:]] == ["'=HYPERLINK(x)"]
    assert rows[1][4] == "Northumbria Police"
    assert len(sheet) == 2


def test_action_list_filters_by_board(section_11, viewer_client):
    audit, *_ = section_11
    ActionFactory(title="From the audit", source=Action.Source.AUDIT, audit=audit)
    ActionFactory(title="Challenge on the budget")

    text = page(viewer_client.get("/assurance/actions/", {"board": audit.lead_board.pk})).text

    assert "From the audit" in text
    assert "Challenge on the budget" not in text


def test_risk_linked_to_project_27_is_on_the_heat_map(seed_plan, board_admin_client, viewer_client):
    data = {
        "title": "Budget contributions fall", "owner": Officer.objects.get(name="Paul Ennals").pk,
        "cause": "Partners' budgets under pressure", "effect": "Audit programme cut", "likelihood": "4",
        "impact": "5", "review_on": "2019-03-01", "projects": [Project.objects.get(number="2.7").pk],
    }  # fmt: skip

    refused = board_admin_client.post("/assurance/risks/new/", {**data, "likelihood": "6"})
    saved = board_admin_client.post("/assurance/risks/new/", data)

    assert refused.status_code == 400
    assert page(refused).find(id="error_1_id_likelihood").text.strip() == "Score from 1 to 5."
    assert saved.status_code == 302
    assert list(Risk.objects.get().projects.values_list("number", flat=True)) == ["2.7"]
    root = page(viewer_client.get("/assurance/risks/"))
    heat_map = root.table("Heat map")
    impact_5 = next(row for row in heat_map.find_all("tr") if row.find("th") and row.find("th").text == "5")
    assert "Budget contributions fall" in impact_5.find_all("td")[3].text  # likelihood 4
    assert "20 (4 x 5, very high)" in root.text


def test_only_board_administrators_add_risks(seed_plan, lynne_client):
    assert lynne_client.get("/assurance/risks/new/").status_code == 403


def test_risk_review_overdue_is_flagged(seed_plan, viewer_client):
    with time_machine.travel(datetime.datetime(2019, 3, 5, 12, tzinfo=LONDON), tick=False):
        RiskFactory(title="Staffing", review_on=datetime.date(2019, 3, 1))
        text = page(viewer_client.get("/assurance/risks/")).text

    assert "Review overdue" in text


def test_meeting_with_a_decision_on_project_44_is_answered_from_the_audit_and_meeting(
    cycles, board_admin_client, viewer_client
):
    police, health = AgencyFactory(name="Northumbria Police"), AgencyFactory(name="City Hospitals")
    data = {
        "board": ProgrammeBoard.objects.get(short_name="SSCB").pk, "held_on": "2018-07-12", "quorum": "3",
        "present": [police.pk, health.pk], "item_title": "Learning from published SCRs",
        "project": Project.objects.get(number="4.4").pk, "decision": "Agreed the SCR audit report",
    }  # fmt: skip

    response = board_admin_client.post("/assurance/meetings/new/", data)
    again = board_admin_client.post("/assurance/meetings/new/", data)

    assert response.status_code == 302
    assert again.status_code == 400
    assert "already has a meeting on this day" in page(again).text
    meeting = Meeting.objects.get()
    assert Decision.objects.get().item.project.number == "4.4"
    text = page(viewer_client.get(f"/assurance/meetings/{meeting.pk}/")).text
    assert "Not quorate" in text  # 2 agencies, quorum 3
    assert "Decided: Agreed the SCR audit report" in text


# --------------------------------------------------------------------------- who may post


@pytest.mark.parametrize(
    ("role", "expected"),
    [("board_admin", 302), ("lead_lynne", 403), ("data_officer", 403), ("board_member", 403), ("viewer", 403)],
)
def test_recording_a_return_is_for_board_administrators(request, section_11, role, expected):
    from tests.conftest import CLIENT_FIXTURES

    audit, police, *_ = section_11
    browser = request.getfixturevalue(CLIENT_FIXTURES[role])

    response = browser.post(
        f"/assurance/audits/{audit.pk}/returns/",
        {"agency": police.pk, "submitted_on": "2018-10-20", **RATINGS_MANAGEMENT},
    )

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("board_admin", 302), ("lead_lynne", 302), ("lead_nicola", 403), ("data_officer", 403), ("viewer", 403)],
)
def test_progress_on_an_action_is_for_its_owner_and_board_administrators(request, seed_plan, role, expected):
    from tests.conftest import CLIENT_FIXTURES

    action = ActionFactory(owner=Officer.objects.get(name="Lynne Thomas"))
    browser = request.getfixturevalue(CLIENT_FIXTURES[role])

    response = browser.post(f"/assurance/actions/{action.pk}/update/", {"status": "in_progress", "note": "Started"})

    assert response.status_code == expected


# --------------------------------------------------------------------------- on other pages


def test_decision_action_and_risk_show_on_the_project_page(cycles, viewer_client):
    from tests.assurance.factories import AgendaItemFactory, DecisionFactory

    project = Project.objects.get(number="4.4")
    DecisionFactory(item=AgendaItemFactory(title="SCR learning", project=project), text="Agreed the SCR audit report")
    ActionFactory(title="Publish the learning briefing", source=Action.Source.PROJECT, project=project)
    RiskFactory(title="Learning not embedded").projects.add(project)

    text = page(viewer_client.get("/projects/4.4/")).text

    assert "SCR learning: Agreed the SCR audit report" in text
    assert "Publish the learning briefing" in text
    assert "Learning not embedded" in text
    assert "SCR audit (2017-18 audit cycle)" in text  # the seeded audit that delivers 4.4


def test_decision_about_an_indicator_shows_on_its_page(demo, viewer_client):
    from indicators.models import Indicator
    from tests.assurance.factories import AgendaItemFactory, DecisionFactory

    indicator = Indicator.objects.get(number="1", plan=demo)
    DecisionFactory(item=AgendaItemFactory(title="Contacts", indicator=indicator), text="Asked for a deep dive")

    assert "Contacts: Asked for a deep dive" in page(viewer_client.get("/scorecard/indicators/1/")).text


@time_machine.travel(NOV_1, tick=False)
def test_home_page_shows_overdue_returns_to_the_lead_and_overdue_actions_to_the_owner(section_11, lynne_client):
    audit, police, _health, _council = section_11
    lynne = Officer.objects.get(name="Lynne Thomas")
    audit.lead_officer = lynne
    audit.save()
    AuditReturn.objects.create(audit=audit, agency=police, submitted_on=datetime.date(2018, 10, 30))
    with time_machine.travel(datetime.datetime(2018, 8, 1, 12, tzinfo=LONDON), tick=False):
        ActionFactory(title="Refresh the policy", owner=lynne, due=datetime.date(2018, 9, 15))

    panel = page(lynne_client.get("/")).find("section", aria_labelledby="assurance-overdue-heading").text

    assert "City Hospitals Sunderland: Section 11 self-assessment 2018" in panel
    assert "Northumbria Police" not in panel
    assert "Refresh the policy" in panel


@time_machine.travel(NOV_1, tick=False)
def test_home_pages_kept_assurance_panel_changes_with_the_actions_and_the_officers_agency(section_11, lynne_client):
    """The panel is kept between requests (assurance.related.overdue_panel): each write changes the next page."""
    _audit, police, health, _council = section_11
    lynne = Officer.objects.get(name="Lynne Thomas")

    def panel():
        found = page(lynne_client.get("/")).find_all("section", aria_labelledby="assurance-overdue-heading")
        return found[0].text if found else ""

    assert panel() == ""
    with time_machine.travel(datetime.datetime(2018, 8, 1, 12, tzinfo=LONDON), tick=False):
        action = ActionFactory(title="Refresh the policy", owner=lynne, due=datetime.date(2018, 9, 15))
    assert "Refresh the policy" in panel()

    action.status = Action.Status.DONE
    action.save()
    assert panel() == ""

    lynne.agency = health  # an agency that owes the Section 11 return, overdue since 31 October
    lynne.save()
    assert "City Hospitals Sunderland: Section 11 self-assessment 2018" in panel()
    assert police.name not in panel()


def test_home_page_has_no_assurance_panel_when_nothing_is_overdue(seed_plan, lynne_client):
    assert "Overdue actions and audit returns" not in page(lynne_client.get("/")).text


RATINGS_MANAGEMENT = {"ratings-TOTAL_FORMS": "3", "ratings-INITIAL_FORMS": "0"}


def test_section_11_return_records_a_rating_per_standard(section_11, board_admin_client, viewer_client):
    audit, police, *_ = section_11
    data = {
        "agency": police.pk, "submitted_on": "2018-10-20", **RATINGS_MANAGEMENT,
        "ratings-0-standard": "Standard 1: senior management commitment", "ratings-0-rating": "met",
        "ratings-0-evidence": "Board minutes", "ratings-0-rated_on": "2018-10-15",
        "ratings-1-standard": "Standard 6: safer recruitment", "ratings-1-rating": "partly_met",
        "ratings-1-rated_on": "2018-10-15",
    }  # fmt: skip

    response = board_admin_client.post(f"/assurance/audits/{audit.pk}/returns/", data)

    assert response.status_code == 302
    item = AuditReturn.objects.get()
    assert sorted(item.ratings.values_list("standard", "rating")) == [
        ("Standard 1: senior management commitment", "met"),
        ("Standard 6: safer recruitment", "partly_met"),
    ]
    text = page(viewer_client.get(f"/assurance/audits/{audit.pk}/")).text
    assert "Standard 6: safer recruitment: Partly met" in text


def test_a_standard_without_its_rating_is_refused_beside_the_field_and_nothing_saved(section_11, board_admin_client):
    audit, police, *_ = section_11
    data = {
        "agency": police.pk, "submitted_on": "2018-10-20", **RATINGS_MANAGEMENT,
        "ratings-0-standard": "Standard 5: training", "ratings-0-rated_on": "2018-10-15",
    }  # fmt: skip

    response = board_admin_client.post(f"/assurance/audits/{audit.pk}/returns/", data)

    assert response.status_code == 400
    error = page(response).find(id="error_1_id_ratings-0-rating").text
    assert "Rate the standard: met, partly met or not met." in error
    assert not AuditReturn.objects.exists()
