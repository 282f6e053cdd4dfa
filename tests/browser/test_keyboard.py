"""Journeys done with the keyboard alone: Tab, typing, Enter, Space and the arrow keys, never the mouse.

The skip link, a visible focus on everything that takes focus, a lead officer updating a project,
a data officer importing a file, and the error summary taking focus when a form has errors.
"""

import datetime

import pytest
from django.contrib.auth.models import Group

from core.permissions import DATA_OFFICER, LEAD_OFFICER
from indicators.models import IndicatorValue
from plans.models import Officer, Project, StatusUpdate

from .helpers import PASSWORD, write_demo_values

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  el.getAnimations().forEach((animation) => animation.finish());  // the focus style as it ends up
  const style = getComputedStyle(el), box = el.getBoundingClientRect();
  const opaque = (colour) => !/^rgba\\(.*,\\s*0\\)$/.test(colour) && colour !== "transparent";
  const shadows = style.boxShadow === "none" ? [] : style.boxShadow.split(/,(?![^(]*\\))/);
  const name = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim().slice(0, 40);
  return {
    what: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${[...el.classList].join(".")} "${name}"`,
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 && opaque(style.outlineColor),
    shadow: shadows.some((s) => opaque((s.match(/rgba?\\([^)]*\\)/) || [""])[0])
      && /[1-9]/.test(s.replace(/rgba?\\([^)]*\\)/, ""))),
    // Focus inside a control's own parts (a date box's calendar button): the browser draws that ring itself.
    own_parts: !el.matches(":focus"),
    seen: box.width > 1 && box.height > 1 && box.bottom > 0 && box.right > 0
      && box.left < innerWidth && box.top < innerHeight,
  };
}"""


def focused(page):
    """What has focus: a description, whether it shows an outline or a box-shadow, and whether it is on screen."""
    return page.evaluate(FOCUSED)


def focus_matches(page, selector):
    return page.evaluate("s => document.activeElement !== null && document.activeElement.matches(s)", selector)


def tab_to(page, selector, limit=150):
    """Press Tab until the element matching `selector` has focus; fail if it never gets it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focus_matches(page, selector):
            return
    raise AssertionError(f"Pressing Tab {limit} times never reached {selector}")


def sign_in_by_keyboard(page, base_url, username, next_path):
    page.goto(f"{base_url}/accounts/login/?next={next_path}")
    tab_to(page, "#id_username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert focus_matches(page, "#id_password")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{base_url}{next_path}"


@pytest.fixture
def lead_officer(seed_plan, django_user_model):
    user = django_user_model.objects.create_user(
        "lynne", password=PASSWORD, first_name="Lynne", last_name="Thomas", email="lynne@example.org"
    )
    user.groups.add(Group.objects.get(name=LEAD_OFFICER))
    Officer.objects.filter(name="Lynne Thomas").update(user=user)
    return user


@pytest.fixture
def data_officer(seed_plan, django_user_model):
    user = django_user_model.objects.create_user("dana", password=PASSWORD, first_name="Dana")
    user.groups.add(Group.objects.get(name=DATA_OFFICER))
    return user


# --------------------------------------------------------------------------- (a) and (b)


def test_skip_link_is_first_visible_and_moves_focus_to_main_content(page, live_server, lead_officer):
    sign_in_by_keyboard(page, live_server.url, "lynne", "/business-plan/")

    page.keyboard.press("Tab")
    first = focused(page)
    assert focus_matches(page, "a.skip-link"), f"The first Tab reached {first['what']}, not the skip link"
    assert first["seen"], "The skip link is focused but not visible on the screen"
    assert page.get_by_role("link", name="Skip to main content").is_visible()

    page.keyboard.press("Enter")
    assert focus_matches(page, "main#main-content"), f"After the skip link, focus is on {focused(page)}"

    # The next Tab goes into the main content, past the menu.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main-content').contains(document.activeElement)")
    assert not page.evaluate("document.querySelector('header').contains(document.activeElement)")


def walk_tab_order(page, limit=250):
    """Tab through the page from the top until focus leaves it; every element focused, as focused() sees it."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now is None or (seen and focus_matches(page, "a.skip-link")):
            break  # back at the start: the whole page has been walked
        seen.append(now)
    return seen


@pytest.mark.parametrize(
    "path, width",
    [("/projects/2.3/update/", 1280), ("/scorecard/", 1280), ("/scorecard/", 320)],
    ids=["update form", "scorecard", "scorecard at 320px"],
)
def test_every_focused_element_shows_a_visible_focus(page, live_server, lead_officer, path, width):
    write_demo_values()
    page.emulate_media(reduced_motion="reduce")  # no smooth scrolling: a focused element is on screen at once
    sign_in_by_keyboard(page, live_server.url, "lynne", path)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}{path}")  # a fresh page: Tab starts from the top

    stops = walk_tab_order(page)
    assert len(stops) > 10, f"Only {len(stops)} elements took focus on {path}"
    unseen = [stop["what"] for stop in stops if not (stop["outline"] or stop["shadow"] or stop["own_parts"])]
    assert not unseen, f"No visible focus indicator on {path} at {width}px: {unseen}"
    hidden = [stop["what"] for stop in stops if not stop["seen"]]
    assert not hidden, f"Focused but off screen on {path} at {width}px: {hidden}"
    if width == 320:
        # The scorecard is a card per indicator on a phone: nothing is left for the keyboard to scroll sideways to,
        # and any table still wider than its box is a scrolling region the keyboard reaches.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        wide = page.evaluate(
            """() => [...document.querySelectorAll(".table-responsive")]
                 .filter((box) => box.scrollWidth > box.clientWidth).length"""
        )
        reached = sum("table-responsive" in stop["what"] for stop in stops)
        assert reached >= wide, f"{wide} table(s) scroll sideways but only {reached} took focus"


# --------------------------------------------------------------------------- (c) and (e): the update form


def choose_delayed(page, live_server):
    sign_in_by_keyboard(page, live_server.url, "lynne", "/projects/2.3/update/")
    tab_to(page, "#id_status")
    page.keyboard.type("Delayed")  # a closed select picks the option whose label is typed
    assert page.locator("#id_status").input_value() == "delayed"


def test_lead_officer_updates_a_project_with_the_keyboard_alone(page, live_server, lead_officer):
    choose_delayed(page, live_server)
    page.keyboard.press("Tab")
    assert focus_matches(page, "#id_note")
    page.keyboard.type("Website provider withdrew; re-procuring.")

    tab_to(page, "#id_revise_activity")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # the second activity
    page.keyboard.press("Tab")
    assert focus_matches(page, "#id_revised_due")
    page.keyboard.type("9")  # September, then the year
    page.keyboard.press("ArrowRight")
    page.keyboard.type("2018")
    assert page.locator("#id_revised_due").input_value() == "2018-09"
    tab_to(page, "#id_revision_reason", limit=2)  # past the month box's calendar button
    page.keyboard.type("New provider needs three months to build the site.")

    tab_to(page, "button[type=submit]:not(.nav-link)")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Save update"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == f"{live_server.url}/projects/2.3/"
    assert "Project 2.3 updated." in page.get_by_role("status").first.inner_text()
    project = Project.objects.get(number="2.3")
    assert project.status == Project.Status.DELAYED
    update = StatusUpdate.objects.get(project=project)
    assert update.note == "Website provider withdrew; re-procuring."
    assert update.activity.order == 2
    assert update.revised_due == datetime.date(2018, 9, 1)
    assert update.reason == "New provider needs three months to build the site."


def test_error_summary_takes_focus_and_its_link_moves_focus_to_the_field(page, live_server, lead_officer):
    choose_delayed(page, live_server)
    tab_to(page, "button[type=submit]:not(.nav-link)")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The form comes back with its errors: the summary has focus, so it is read out first.
    summary = page.locator("[data-error-summary]")
    assert "Say why the project is delayed." in summary.inner_text()
    assert focus_matches(page, "[data-error-summary]"), f"Focus is on {focused(page)}, not the error summary"
    assert focused(page)["outline"], "The focused error summary shows no focus indicator"

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Say why the project is delayed."
    page.keyboard.press("Enter")
    assert focus_matches(page, "#id_note"), f"The error's link moved focus to {focused(page)}, not the note"
    page.keyboard.type("Waiting for the new provider.")
    assert page.locator("#id_note").input_value() == "Waiting for the new provider."
    assert not StatusUpdate.objects.exists()


# --------------------------------------------------------------------------- (d): the import


def test_data_officer_imports_a_file_with_the_keyboard_alone(page, live_server, data_officer, tmp_path):
    upload = tmp_path / "february.csv"
    upload.write_text(
        "indicator,period,category,value,note\n1,2019-02,,1834,\n2,2019-02,,1296,\n3,2019-02,,412,\n",
        encoding="utf-8",
    )
    sign_in_by_keyboard(page, live_server.url, "dana", "/scorecard/import/")

    tab_to(page, "input[type=file]")
    page.locator(":focus").set_input_files(str(upload))  # a file chooser is the operating system's, not the page's
    tab_to(page, "button[type=submit]:not(.nav-link)")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Upload and preview"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "/scorecard/import/" in page.url and page.get_by_role("heading", name="Check before importing").is_visible()
    assert not IndicatorValue.objects.exists()
    tab_to(page, "button[type=submit]:not(.nav-link)")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Confirm and import"
    with page.expect_navigation():
        page.keyboard.press("Space")
    page.wait_for_load_state()

    assert "Imported 3" in page.get_by_role("status").first.inner_text()
    saved = dict(IndicatorValue.objects.filter(period_start="2019-02-01").values_list("indicator__number", "value"))
    assert {number: int(value) for number, value in saved.items()} == {"1": 1834, "2": 1296, "3": 412}
