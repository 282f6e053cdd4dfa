"""A board administrator's home names the people who sign in with no role, linking to the admin to give them one."""

import pytest

from core.permissions import DATA_OFFICER, LEAD_OFFICER, PROGRAMME_BOARD_MEMBER, VIEWER
from plans.home import PEOPLE_LISTED
from tests.conftest import signed_in_client
from tests.core.factories import UserFactory
from tests.core.home_pages import above_plan_overview, home, home_queries, section
from tests.plans.factories import PlanFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

HEADING = "people-without-role-heading"


@pytest.fixture(autouse=True)
def plan(db):
    return PlanFactory(is_current=True)


def test_board_administrator_sees_people_without_a_role_with_links_to_give_them_one(board_admin_user, viewer_user):
    newcomer = UserFactory(username="newcomer", first_name="Nia", last_name="Newcomer")
    UserFactory(username="gone", is_active=False)  # can no longer sign in
    UserFactory(username="root", superuser=True)  # needs no role

    response, root = home(board_admin_user)

    panel = section(root, HEADING)
    assert above_plan_overview(response, HEADING)
    links = {node.text: node.attrs["href"] for node in panel.find_all("a")}
    assert links == {
        "Give Nia Newcomer (newcomer) a role": f"/admin/auth/user/{newcomer.pk}/change/",
        "People without a role, in the admin's list of users": "/admin/auth/user/?groups__isnull=True",
    }
    assert "1 person signs in with no role" in panel.text


def test_the_admin_list_the_panel_links_to_shows_only_people_without_a_role(board_admin_user, viewer_user):
    UserFactory(username="newcomer")

    listed = signed_in_client(board_admin_user).get("/admin/auth/user/?groups__isnull=True")

    assert listed.status_code == 200
    text = listed.content.decode()
    assert "newcomer" in text
    assert ">vera<" not in text and ">brenda<" not in text  # both have a role


def test_a_long_list_names_the_first_few_and_counts_them_all(board_admin_user):
    for n in range(PEOPLE_LISTED + 3):
        UserFactory(username=f"person{n:02d}")

    panel = section(home(board_admin_user)[1], HEADING)

    assert len(panel.find("ul").find_all("li")) == PEOPLE_LISTED
    assert f"{PEOPLE_LISTED + 3} people sign in with no role" in panel.text
    assert f"All {PEOPLE_LISTED + 3} people without a role, in the admin's list of users" in panel.text


def test_nothing_needs_the_board_administrator_when_everyone_has_a_role(board_admin_user, viewer_user):
    panel = section(home(board_admin_user)[1], HEADING)

    assert "Nothing needs you here: everyone who signs in has a role." in panel.text


@pytest.mark.parametrize("role", [VIEWER, LEAD_OFFICER, DATA_OFFICER, PROGRAMME_BOARD_MEMBER])
def test_other_roles_do_not_see_people_without_a_role(make_role_user, role):
    UserFactory(username="newcomer")

    assert section(home(make_role_user("someone", role))[1], HEADING) is None


def test_people_panel_queries_do_not_grow_with_the_people(board_admin_user, django_assert_max_num_queries):
    UserFactory(username="newcomer")
    small = home_queries(board_admin_user, django_assert_max_num_queries, 30)
    for n in range(40):
        UserFactory(username=f"person{n:02d}")

    assert home_queries(board_admin_user, django_assert_max_num_queries, 30) == small
