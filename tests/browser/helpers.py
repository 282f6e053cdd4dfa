"""What the accessibility and keyboard tests share: axe-core, the people in each role, signing in."""

import json
from dataclasses import dataclass

from django.contrib.auth.models import Group

from core import permissions as roles
from plans.models import Officer, ProgrammeBoard
from tests.conftest import write_demo_values

from .axe import axe_violations

__all__ = ["PEOPLE", "axe_violations", "describe_violations", "make_person", "sign_in", "write_demo_values"]

PASSWORD = "accessible-to-everyone-2018"


def describe_violations(where, violations):
    """The violations as a person reads them: rule, impact, what to do, and each element at fault."""
    lines = [f"{where}:"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:10]:
            target = " ".join(json.dumps(t) if not isinstance(t, str) else t for t in node["target"])
            lines.append(f"      at {target}")
            lines.append(f"         {node['html'][:200]}")
            for line in node.get("failureSummary", "").splitlines():
                lines.append(f"         {line.strip()}")
        if len(violation["nodes"]) > 10:
            lines.append(f"      and {len(violation['nodes']) - 10} more elements")
    return "\n".join(lines)


# --------------------------------------------------------------------------- people in each role


@dataclass(frozen=True)
class Person:
    role: str  # the test's name for the role
    username: str
    group: str
    officer: str | None = None  # the seed officer the account is linked to
    staff: bool = False


PEOPLE = {
    "viewer": Person("viewer", "vera", roles.VIEWER),
    "lead_officer": Person("lead_officer", "lynne", roles.LEAD_OFFICER, officer="Lynne Thomas"),
    "data_officer": Person("data_officer", "dana", roles.DATA_OFFICER),
    "board_member": Person("board_member", "bobby", roles.PROGRAMME_BOARD_MEMBER),
    "board_administrator": Person("board_administrator", "brenda", roles.BOARD_ADMINISTRATOR, staff=True),
}

# The programme board the board member sits on: it leads indicators 1 to 12, among them 4 (with a breakdown).
MEMBER_BOARD = "P&QA PB"


def make_person(django_user_model, person):
    names = person.username.title(), "Tester"
    if person.officer:
        names = tuple(person.officer.split(" ", 1))
    user = django_user_model.objects.create_user(
        person.username,
        password=PASSWORD,
        first_name=names[0],
        last_name=names[1],
        email=f"{person.username}@example.org",
        is_staff=person.staff,
    )
    user.groups.set([Group.objects.get(name=person.group)])
    if person.officer:
        Officer.objects.filter(name=person.officer).update(user=user)
    if person.role == "board_member":
        ProgrammeBoard.objects.get(short_name=MEMBER_BOARD).members.add(user)
    return user


def sign_in(page, base_url, username, password=PASSWORD):
    """Sign in through the sign-in page; the session cookie stays in the page's browser context."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")
