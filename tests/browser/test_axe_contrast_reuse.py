"""The accessibility battery measures colour contrast in main content once per distinct content.

These tests show the shortcut never hides a contrast failure: main content that differs is measured
again, and the rest of the page is always measured.
"""

import pytest

from .helpers import axe_violations

PAGE = """<!doctype html><html lang="en"><head><title>Page</title></head><body>
<header><p style="color:{header}">Site name</p></header>
<main><h1>Heading</h1><p style="color:{body}">Body text</p></main></body></html>"""


def contrast_failures(page):
    return [violation for violation in axe_violations(page) if violation["id"] == "color-contrast"]


@pytest.fixture
def blank(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_low_contrast_in_main_content_is_found_after_other_main_content_was_clean(blank):
    blank.set_content(PAGE.format(header="#000", body="#000"))
    assert contrast_failures(blank) == []
    blank.set_content(PAGE.format(header="#000", body="#ccc"))
    assert contrast_failures(blank), "pale text in main content was not found"


def test_low_contrast_outside_main_is_found_on_main_content_already_checked(blank):
    blank.set_content(PAGE.format(header="#000", body="#111"))
    assert contrast_failures(blank) == []
    blank.set_content(PAGE.format(header="#ddd", body="#111"))
    found = contrast_failures(blank)
    assert found, "pale text in the header was not found"
    assert all("header" in str(node["target"]) or "Site name" in node["html"] for node in found[0]["nodes"])


def test_same_main_content_again_still_runs_every_other_rule(blank):
    blank.set_content(PAGE.format(header="#000", body="#222"))
    assert axe_violations(blank) == []
    blank.set_content(PAGE.format(header="#000", body="#222").replace("<h1>Heading</h1>", "<h1></h1>"))
    # The same main content apart from an empty heading: measured again, and the empty heading reported.
    assert "empty-heading" in {violation["id"] for violation in axe_violations(blank)}
