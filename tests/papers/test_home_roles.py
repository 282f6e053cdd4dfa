"""A person with several roles lands on each of their sections of work, in a fixed order, above the plan overview."""

import datetime
import itertools

import pytest
import time_machine
from django.contrib.auth.models import Group

from core.permissions import BOARD_ADMINISTRATOR, DATA_OFFICER, LEAD_OFFICER, PROGRAMME_BOARD_MEMBER, VIEWER
from tests.core.home_pages import PLAN_OVERVIEW, headings_in_order, home
from tests.indicators.factories import IndicatorFactory
from tests.pages import page
from tests.plans.factories import (
    ActivityFactory,
    OfficerFactory,
    PlanFactory,
    ProgrammeBoardFactory,
    ProjectFactory,
    StrategicOutcomeFactory,
    ThemeFactory,
)
from tests.plans.helpers import london

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

WORK = [
    "lead-officer-work-heading",
    "missing-figures-heading",
    "board-exceptions-heading",
    "sign-off-ready-heading",
    "packs-to-make-heading",
    "people-without-role-heading",
]


@pytest.fixture
def plan(db):
    plan = PlanFactory(code="2018-19", is_current=True)
    board = ProgrammeBoardFactory()
    IndicatorFactory(outcome=StrategicOutcomeFactory(plan=plan), lead_board=board)
    project = ProjectFactory(theme=ThemeFactory(plan=plan), lead_board=board)
    ActivityFactory(project=project, due=datetime.date(2018, 5, 1))
    return {"plan": plan, "board": board, "project": project}


def with_roles(make_role_user, plan, *roles):
    officer = OfficerFactory()
    plan["project"].lead_officers.set([officer])
    user = make_role_user("many", roles[0], officer=officer)
    user.groups.set(Group.objects.filter(name__in=roles))
    plan["board"].members.add(user)
    return user


@time_machine.travel(london(2018, 6, 20, 12), tick=False)
def test_a_person_in_every_role_sees_each_section_in_order_above_the_plan_overview(plan, make_role_user):
    user = with_roles(make_role_user, plan, LEAD_OFFICER, DATA_OFFICER, PROGRAMME_BOARD_MEMBER, BOARD_ADMINISTRATOR)

    response = home(user)[0]

    ids = headings_in_order(response)
    assert [heading for heading in ids if heading in WORK] == WORK
    assert ids.index(WORK[-1]) < ids.index(PLAN_OVERVIEW)


@time_machine.travel(london(2018, 6, 20, 12), tick=False)
def test_a_lead_officer_who_is_also_a_data_officer_sees_both_and_nothing_of_the_others(plan, make_role_user):
    user = with_roles(make_role_user, plan, LEAD_OFFICER, DATA_OFFICER)

    ids = headings_in_order(home(user)[0])

    assert [heading for heading in ids if heading in WORK] == WORK[:2]


@pytest.mark.parametrize(
    "roles", [(VIEWER,), (LEAD_OFFICER, DATA_OFFICER, PROGRAMME_BOARD_MEMBER, BOARD_ADMINISTRATOR)]
)
@time_machine.travel(london(2018, 6, 20, 12), tick=False)
def test_headings_go_down_one_level_at_a_time(plan, make_role_user, roles):
    user = with_roles(make_role_user, plan, *roles)

    levels = [
        int(node.tag[1]) for node in page(home(user)[0]).find("main").iter() if node.tag in {"h1", "h2", "h3", "h4"}
    ]

    assert levels[0] == 1
    assert all(after <= before + 1 for before, after in itertools.pairwise(levels))
