"""The accessibility battery measures contrast, links in text and target size once per distinct part of a page.

These tests show the shortcut (tests/browser/axe.py) never hides a failure: a part that differs in itself, in its
place, in its ancestors or in the style sheets is measured again, and every other rule runs on the whole page.
"""

import pytest

from .axe import axe_violations

PAGE = """<!doctype html><html lang="en"><head><title>Page</title>{head}</head><body>
<header><p style="color:{header}">Site name</p></header>
<main><h1>Heading</h1>{main}</main></body></html>"""


def page_html(header="#000", main='<p style="color:#111">Body text</p>', head=""):
    return PAGE.format(header=header, main=main, head=head)


def contrast_failures(page):
    return [violation for violation in axe_violations(page) if violation["id"] == "color-contrast"]


def failing_text(page):
    return sorted(node["html"] for violation in contrast_failures(page) for node in violation["nodes"])


@pytest.fixture
def blank(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_low_contrast_in_main_content_is_found_after_other_main_content_was_clean(blank):
    blank.set_content(page_html(main='<p style="color:#000">Body text</p>'))
    assert contrast_failures(blank) == []
    blank.set_content(page_html(main='<p style="color:#ccc">Body text</p>'))
    assert contrast_failures(blank), "pale text in main content was not found"


def test_low_contrast_outside_main_is_found_on_main_content_already_checked(blank):
    blank.set_content(page_html())
    assert contrast_failures(blank) == []
    blank.set_content(page_html(header="#ddd"))
    found = contrast_failures(blank)
    assert found, "pale text in the header was not found"
    assert all("header" in str(node["target"]) or "Site name" in node["html"] for node in found[0]["nodes"])


def test_same_content_again_still_runs_every_other_rule(blank):
    blank.set_content(page_html(main='<p style="color:#222">Body text</p>'))
    assert axe_violations(blank) == []
    blank.set_content(page_html(main='<p style="color:#222">Body text</p>').replace("<h1>Heading</h1>", "<h1></h1>"))
    # The same content apart from an empty heading: the empty heading is reported.
    assert "empty-heading" in {violation["id"] for violation in axe_violations(blank)}


def test_a_new_row_in_a_table_already_checked_is_measured(blank):
    rows = "".join(f'<tr><td style="color:#000">Row {n}</td></tr>' for n in range(3))
    blank.set_content(page_html(main=f"<table><tbody>{rows}</tbody></table>"))
    assert contrast_failures(blank) == []
    pale = '<tr><td style="color:#ddd">Pale row</td></tr>'
    blank.set_content(page_html(main=f"<table><tbody>{rows}{pale}</tbody></table>"))
    assert failing_text(blank) == ['<td style="color:#ddd">Pale row</td>']


def test_the_same_text_on_another_background_is_measured_again(blank):
    white_text = '<p style="color:#fff">White words</p>'
    blank.set_content(page_html(main=f'<div style="background:#000">{white_text}</div>'))
    assert contrast_failures(blank) == []
    blank.set_content(page_html(main=f'<div style="background:#ccc">{white_text}</div>'))
    assert failing_text(blank) == [white_text], "the same words moved onto pale grey were not measured again"


def test_the_same_markup_under_another_style_sheet_is_measured_again(blank):
    markup = "<p>Plain words</p>"
    blank.set_content(page_html(main=markup, head="<style>p { color: #000 }</style>"))
    assert contrast_failures(blank) == []
    blank.set_content(page_html(main=markup, head="<style>p { color: #eee }</style>"))
    assert failing_text(blank) == [markup], "the style sheet changed, and the paragraph was not measured again"


def test_a_page_seen_twice_reports_its_failure_twice(blank):
    blank.set_content(page_html(main='<p style="color:#ddd">Pale words</p>'))
    assert failing_text(blank) == ['<p style="color:#ddd">Pale words</p>']
    blank.set_content(page_html(main='<p style="color:#ddd">Pale words</p>'))
    assert failing_text(blank) == ['<p style="color:#ddd">Pale words</p>'], "a failing part was taken as clean"
