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


# --------------------------------------------------------------------------- whole pages known clean, across runs


@pytest.fixture
def known(tmp_path, monkeypatch):
    """A fresh store of what was found clean, in a folder of its own; known(...) starts another run over it.

    The store is kept whatever AXE_KNOWN_CLEAN says in the environment the tests run in (a test that turns it
    off says so itself).
    """
    from . import axe
    from .known_clean import KnownClean

    monkeypatch.delenv("AXE_KNOWN_CLEAN", raising=False)

    static = tmp_path / "static"
    static.mkdir()
    (static / "site.css").write_text("p { color: #000 }")

    def new_run():
        store = KnownClean(store=tmp_path / "store", ingredients=[static])
        monkeypatch.setattr(axe, "_KNOWN", store)
        return store

    new_run.static = static
    new_run.store = tmp_path / "store"
    return new_run


def checked(page, problems=()):
    """checked_once with a check that records that it ran and reports axe's violations and `problems`."""
    from .axe import checked_once

    ran = []

    def check(page, violations):
        ran.append(True)
        return [violation["id"] for violation in violations] + list(problems)

    found, measured = checked_once(page, check)
    assert measured == bool(ran)
    return found, measured


def test_a_page_clean_in_an_earlier_run_is_not_measured_again_until_it_changes(blank, known):
    known()
    blank.set_content(page_html())
    assert checked(blank) == ([], True)

    known()  # the next run, as CI's PostgreSQL run after its SQLite one
    blank.set_content(page_html())
    assert checked(blank) == ([], False)
    blank.set_content(page_html(main='<p style="color:#ddd">Body text</p>'))
    assert checked(blank) == (["color-contrast"], True), "a change in the page was taken as known"
    blank.set_content(page_html().replace("<title>Page</title>", "<title></title>"))
    assert checked(blank)[1], "a change in the head was taken as known"


def test_a_page_with_a_problem_is_measured_every_time(blank, known):
    known()
    blank.set_content(page_html())
    assert checked(blank, problems=["scrolls sideways"]) == (["scrolls sideways"], True)
    known()
    assert checked(blank, problems=["scrolls sideways"]) == (["scrolls sideways"], True)
    assert checked(blank, problems=["scrolls sideways"]) == (["scrolls sideways"], True)


def test_a_change_to_a_static_file_measures_every_page_again(blank, known):
    known()
    blank.set_content(page_html())
    checked(blank)
    (known.static / "site.css").write_text("p { color: #eee }")
    known()
    blank.set_content(page_html())
    assert checked(blank) == ([], True)
    assert len(list(known.store.iterdir())) == 1, "the older generation was kept"


def test_known_clean_can_be_turned_off(blank, known, monkeypatch):
    monkeypatch.setenv("AXE_KNOWN_CLEAN", "off")
    known()
    blank.set_content(page_html())
    assert checked(blank) == ([], True)
    assert checked(blank) == ([], False), "within one run a page already measured is known"
    known()
    assert checked(blank) == ([], True), "with AXE_KNOWN_CLEAN=off a later run measures again"
    assert not known.store.exists()
