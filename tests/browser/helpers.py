"""What the accessibility and keyboard tests share: axe-core, the people in each role, signing in.

axe-core comes from the axe-playwright-python package, which ships axe.min.js: nothing is fetched.
It is put into the page with page.evaluate, which a Content Security Policy does not block.
"""

import hashlib
import io
import json
from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import override_settings

from core import permissions as roles
from plans.models import Officer, ProgrammeBoard

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, as the Public Sector Bodies Accessibility Regulations require,
# and axe's best practices (landmarks, heading order, one h1), which catch what a screen reader user trips on.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": [*WCAG_TAGS, "best-practice"]}, "resultTypes": ["violations"]}

PASSWORD = "accessible-to-everyone-2018"

AXE = Axe()


# Colour contrast is by far the costliest rule (about 80% of axe's time on the scorecard and the board pack).
# A colour depends only on the element, its ancestors and the style sheets, so main content already found
# clean, byte for byte the same inside the same ancestors (as when another role opens the same page), need
# not be measured again: only the rest of the page is. Every other rule still runs on the whole page.
_CLEAN_CONTRAST: set[str] = set()

_MAIN_FINGERPRINT = """() => {
  const main = document.querySelector("main");
  if (!main) return null;
  const copy = main.cloneNode(true);
  for (const input of copy.querySelectorAll("input[name=csrfmiddlewaretoken]")) input.removeAttribute("value");
  const chain = [];
  for (let el = main; el; el = el.parentElement) {
    chain.push(`${el.tagName}.${el.className}[${el.getAttribute("style")}]`);
  }
  const sheets = [...document.styleSheets].map((sheet) => sheet.href || sheet.ownerNode.textContent).join("|");
  return [innerWidth, innerHeight, chain.join("<"), sheets, copy.outerHTML].join("|");
}"""


def _run(page, context, rules):
    options = {**AXE_OPTIONS, **rules}
    return AXE.run(page, context=context, options=options).response["violations"]


def axe_violations(page):
    """axe-core's violations on the page as it is now (WCAG 2.2 AA and best practices)."""
    fingerprint = page.evaluate(_MAIN_FINGERPRINT)
    key = fingerprint and hashlib.sha256(fingerprint.encode()).hexdigest()
    if key not in _CLEAN_CONTRAST:
        violations = _run(page, None, {})
        if key and not any(violation["id"] == "color-contrast" for violation in violations):
            _CLEAN_CONTRAST.add(key)
        return violations
    everything_else = _run(page, None, {"rules": {"color-contrast": {"enabled": False}}})
    outside_main = _run(page, {"exclude": [["main"]]}, {"runOnly": {"type": "rule", "values": ["color-contrast"]}})
    return everything_else + outside_main


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


def write_demo_values():
    """Five years of demonstration figures, targets and comparators, so every scorecard page is full."""
    with override_settings(DEBUG=True):  # demonstration data is refused with DEBUG off
        call_command("generate_demo_values", verbosity=0, stdout=io.StringIO())


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
