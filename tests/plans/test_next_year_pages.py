"""The pages of starting the next year: the start form, the decisions, the draft and its adoption.

Only board administrators may use them; bad input is refused beside the field or the row it is about and
nothing is saved.
"""

import datetime

import pytest

from plans.actions import update_project
from plans.models import Plan, Project, ProjectDecision
from plans.years import adopt, decide, start_next_plan
from tests.pages import assert_error_beside_field, form_fields, page

pytestmark = pytest.mark.django_db

START = "/plan-years/start/"


def the_form(response):
    """What the page's own form (not the sign-out form in the header) would send as it stands."""
    forms = [f for f in page(response).find_all("form") if "logout" not in f.attrs.get("action", "")]
    assert forms, "no form on the page"
    return form_fields(forms[0])


@pytest.fixture
def draft(seed_plan, board_admin_user):
    return start_next_plan(
        seed_plan,
        code="2019-20",
        title="Strategic Plan 2019-20",
        starts_on=datetime.date(2019, 4, 1),
        ends_on=datetime.date(2020, 3, 31),
        by=board_admin_user,
    )


def decision_post(response, choices):
    """The decisions form as rendered, with {project number: (decision, reason)} chosen."""
    data = the_form(response)
    numbers = {p.pk: p.number for p in Project.objects.filter(plan__code="2018-19")}
    for pk, number in numbers.items():
        if number in choices:
            data[f"p{pk}-decision"], data[f"p{pk}-reason"] = choices[number]
    return data


def test_only_board_administrators_may_start_the_next_year(seed_plan, viewer_client, lynne_client):
    for browser in (viewer_client, lynne_client):
        response = browser.get(START)
        assert response.status_code == 403
        assert "Only board administrators can start, load, revise and adopt plans." in response.content.decode()
    assert "Start the next year" not in viewer_client.get("/").content.decode()


def test_the_overview_offers_the_start_and_the_form_is_prefilled_a_year_on(seed_plan, board_admin_client):
    assert 'href="/plan-years/start/"' in board_admin_client.get("/").content.decode()

    data = the_form(board_admin_client.get(START))

    assert data["code"] == "2019-20"
    assert data["title"] == "Strategic Plan April 2019 – March 2020 & SSCB Business Plan 2018 - 2020"
    assert (data["starts_on"], data["ends_on"]) == ("2019-04-01", "2020-03-31")
    assert (data["business_starts_on"], data["business_ends_on"]) == ("2018-04-01", "2020-03-31")


def test_starting_makes_the_draft_and_leads_to_the_decisions(seed_plan, board_admin_client):
    data = the_form(board_admin_client.get(START))

    response = board_admin_client.post(START, data, follow=True)

    draft = Plan.objects.get(code="2019-20")
    assert draft.is_draft and draft.previous == seed_plan
    assert response.redirect_chain[-1][0] == "/plan-years/2019-20/decisions/"
    assert "Plan 2019-20 started from 2018-19" in response.content.decode()
    assert 'href="/plan-years/2019-20/"' in board_admin_client.get("/").content.decode()
    assert board_admin_client.get(START).url == "/plan-years/2019-20/"


def test_a_taken_code_is_refused_beside_the_field(seed_plan, board_admin_client):
    data = the_form(board_admin_client.get(START))
    data["code"] = "2018-19"

    response = board_admin_client.post(START, data)

    assert_error_beside_field(page(response), "id_code", "There is already a plan 2018-19: choose another code.")
    assert Plan.objects.count() == 1


def test_decisions_are_saved_all_at_once_or_not_at_all_with_errors_beside_the_row(draft, board_admin_client):
    url = "/plan-years/2019-20/decisions/"
    response = board_admin_client.get(url)
    assert len(page(response).find_all("fieldset")) == 24  # the seed's 28 but 1.1, 2.5, 2.7 and 4.1, complete

    bad = decision_post(response, {"2.3": ("carried_forward", "Website not yet live."), "4.3": ("dropped", "")})
    response = board_admin_client.post(url, bad)

    pk = Project.objects.get(plan__code="2018-19", number="4.3").pk
    assert_error_beside_field(page(response), f"id_p{pk}-reason", "Give the reason project 4.3 is dropped.")
    assert not ProjectDecision.objects.exists() and not Project.objects.filter(plan=draft).exists()

    good = decision_post(response, {"4.3": ("dropped", "Replaced by the neglect audit.")})
    response = board_admin_client.post(url, good, follow=True)

    assert response.redirect_chain[-1][0] == "/plan-years/2019-20/"
    assert "Decisions saved: 2 of 24 unfinished projects decided." in response.content.decode()
    assert Project.objects.get(plan=draft, number="2.3").carried_from.plan.code == "2018-19"
    assert ProjectDecision.objects.get(project__number="4.3").reason == "Replaced by the neglect audit."


def test_the_draft_page_lists_what_was_copied_and_adoption_waits_for_every_decision(draft, board_admin_client):
    root = page(board_admin_client.get("/plan-years/2019-20/"))
    rows = [[cell.text for cell in tr.find_all() if cell.tag in ("th", "td")] for tr in root.find_all("tr")]
    assert ["Strategic outcomes", "3", "Edit strategic outcomes in the admin"] in rows
    assert ["Indicators on the scorecard", "69", ""] in rows
    text = root.text
    assert "24 unfinished projects still need a decision" in text

    adoption = {"adopted_on": "2019-04-23", "adopted_by": "The board", "version": "1"}
    response = board_admin_client.post("/plan-years/2019-20/adopt/", adoption)

    assert "Decide what becomes of every unfinished project of 2018-19 first: 1.2, 1.3" in page(response).text
    draft.refresh_from_db()
    assert draft.is_draft


def test_adopting_makes_the_new_plan_current(draft, board_admin_client):
    for project in Project.objects.filter(plan__code="2018-19"):
        ProjectDecision.objects.create(plan=draft, project=project, decision=ProjectDecision.Decision.COMPLETED)
    adoption = {"adopted_on": "2019-04-23", "adopted_by": "The board", "version": "1"}

    response = board_admin_client.post("/plan-years/2019-20/adopt/", adoption, follow=True)

    assert "Plan 2019-20 adopted: it is now the current plan; 2018-19 is closed" in response.content.decode()
    assert Plan.objects.current().code == "2019-20"
    assert Plan.objects.get(code="2018-19").closed_on == datetime.date(2019, 4, 23)
    assert board_admin_client.get("/plan-years/2019-20/").status_code == 404


def test_a_carried_project_links_back_to_the_earlier_one_and_shows_its_history(draft, board_admin_client):
    old = Project.objects.get(plan__code="2018-19", number="2.3")
    user = draft.history.first().history_user
    update_project(
        project_id=old.pk, author=user, expected_revision=old.revision, status="delayed", note="Provider withdrew."
    )
    decide(draft, old, ProjectDecision.Decision.CARRIED_FORWARD, "The new website is not yet live.", by=user)

    before = page(board_admin_client.get("/projects/2.3/"))
    assert "In 2019-20 Carried forward as project 2.3 of 2019-20: “The new website is not yet live.”" in before.text
    assert before.find("a", href="/plans/2019-20/projects/2.3/")

    for project in Project.objects.filter(plan__code="2018-19").exclude(pk=old.pk).exclude(status="complete"):
        decide(draft, project, ProjectDecision.Decision.COMPLETED, by=user)
    adopt(draft, adopted_on=datetime.date(2019, 4, 23), adopted_by="The board", by=user)

    after = page(board_admin_client.get("/projects/2.3/"))
    carried = after.find("p", data_carried_from="")
    text = " ".join(carried.text.split())
    assert text == "Carried forward from 2018-19 project 2.3: The new website is not yet live."
    assert carried.find("a").attrs["href"] == "/plans/2018-19/projects/2.3/"
    earlier = " ".join(after.text.split())
    assert "History in 2018-19, as project 2.3" in earlier and "Provider withdrew." in earlier


def test_the_decisions_page_reads_a_fixed_number_of_rows(draft, board_admin_client, django_assert_max_num_queries):
    for project in Project.objects.filter(plan__code="2018-19").exclude(status="complete")[:5]:
        decide(draft, project, ProjectDecision.Decision.CARRIED_FORWARD, "Not finished.", by=None)

    with django_assert_max_num_queries(20):
        response = board_admin_client.get("/plan-years/2019-20/decisions/")

    assert response.status_code == 200


def test_the_draft_is_edited_in_the_browser(draft, board_admin_client):
    edit = f"/plan-years/{draft.code}/edit/"
    assert page(board_admin_client.get(f"/plan-years/{draft.code}/")).find("a", href=edit)
    data = the_form(board_admin_client.get(edit))
    data.update(
        title="Strategic Plan April 2019 – March 2020",
        version_note="as agreed at the April board",
        mission="Working together to keep children safe",
    )

    response = board_admin_client.post(edit, data)

    assert response.status_code == 302 and response["Location"] == f"/plan-years/{draft.code}/"
    saved = Plan.objects.get(pk=draft.pk)
    assert (saved.title, saved.version_note, saved.mission) == (
        "Strategic Plan April 2019 – March 2020",
        "as agreed at the April board",
        "Working together to keep children safe",
    )
    assert saved.status == Plan.Status.DRAFT and saved.starts_on == datetime.date(2019, 4, 1)
    assert saved.history.first().history_change_reason == "Draft edited"


def test_a_draft_ending_before_it_starts_is_refused_beside_the_field(draft, board_admin_client):
    edit = f"/plan-years/{draft.code}/edit/"
    data = the_form(board_admin_client.get(edit))
    data.update(title="Changed", ends_on="2019-03-01")

    response = board_admin_client.post(edit, data)

    assert response.status_code == 200
    assert_error_beside_field(page(response), "id_ends_on", "The plan must end after it starts.")
    assert Plan.objects.get(pk=draft.pk).title == "Strategic Plan 2019-20"


def test_only_a_draft_is_edited_here_and_only_by_those_who_manage_plans(draft, board_admin_client, viewer_client):
    assert board_admin_client.get("/plan-years/2018-19/edit/").status_code == 404
    assert viewer_client.get(f"/plan-years/{draft.code}/edit/").status_code == 403
    assert viewer_client.post(f"/plan-years/{draft.code}/edit/", {"title": "x"}).status_code == 403
    assert Plan.objects.get(pk=draft.pk).title == "Strategic Plan 2019-20"
