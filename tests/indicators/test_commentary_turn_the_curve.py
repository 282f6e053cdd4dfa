"""Commentary as Outcomes-Based Accountability asks for it, kept in versions, written only by the lead board."""

import datetime

import pytest
from django.urls import reverse

from indicators.actions import request_commentary
from indicators.models import Commentary, CommentaryRequest
from tests.conftest import signed_in_client
from tests.indicators.curve_data import APRIL, curve_data, monthly  # noqa: F401 (the fixture)
from tests.indicators.factories import CommentaryFactory
from tests.pages import form_fields, page

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

INDICATOR_URL = reverse("indicators:indicator", args=["16"])
ADD_URL = reverse("indicators:add_commentary", args=["16"])
STORY = "Assessments slowed while two teams merged in the spring."
PARTNERS = "Police, health visitors and schools refer; the front door triages."
WHAT_WORKS = "Daily triage meetings halved the wait in Gateshead."
ACTIONS = "Agency social workers until September; a weekly triage meeting."


def edit_url(commentary):
    return reverse("indicators:edit_commentary", args=["16", commentary.pk])


def oba(curve, **changes):
    data = {
        "commentary-period": APRIL.code,
        "commentary-story": STORY,
        "commentary-partners": PARTNERS,
        "commentary-what_works": WHAT_WORKS,
        "commentary-actions": ACTIONS,
        "commentary-projects": [curve["project"].pk],
    }
    data.update(changes)
    return data


def written(curve, author, story="Referrals fell after the summer."):
    return CommentaryFactory(
        indicator=curve["red"], period_start=APRIL.start, period_end=APRIL.end, author=author, story=story
    )


def edit_form(browser, commentary):
    response = browser.get(edit_url(commentary))
    assert response.status_code == 200
    [form] = [f for f in page(response).find_all("form") if "commentary-seen_version" in form_fields(f)]
    return form_fields(form)


# --------------------------------------------------------------------------- the form


def test_oba_commentary_saves_and_shows_on_the_indicator_page(curve):
    ann = signed_in_client(curve["ann"])

    response = ann.post(ADD_URL, oba(curve))

    assert response.status_code == 302
    commentary = Commentary.objects.get()
    assert (commentary.story, commentary.partners, commentary.what_works, commentary.actions) == (
        STORY,
        PARTNERS,
        WHAT_WORKS,
        ACTIONS,
    )
    assert list(commentary.projects.all()) == [curve["project"]]
    text = page(ann.get(INDICATOR_URL)).find("article", aria_labelledby=f"commentary-{commentary.pk}").text
    assert f"The story behind the baseline: {STORY}" in text
    assert f"Partners with a role to play: {PARTNERS}" in text
    assert f"What works: {WHAT_WORKS}" in text
    assert f"The action plan: {ACTIONS}" in text
    assert "Through the business-plan projects: 2.1 Embed the assessment framework" in text
    assert "Version 1 by Ann Member" in text


def test_oba_form_asks_the_four_questions_in_order(curve):
    root = page(signed_in_client(curve["ann"]).get(INDICATOR_URL))
    form = next(f for f in root.find_all("form") if f.attrs.get("action") == ADD_URL).text
    questions = [
        "The story behind the baseline",
        "Partners with a role to play",
        "What works",
        "The action plan",
        "Business-plan projects the action plan runs through",
        "2.1 Embed the assessment framework",
    ]

    positions = [form.index(question) for question in questions]

    assert positions == sorted(positions)
    assert "Next year's work" not in form  # a project of another plan is not offered


def test_oba_form_refuses_a_project_of_another_plan(curve):
    response = signed_in_client(curve["ann"]).post(
        ADD_URL, oba(curve, **{"commentary-projects": [curve["other_plan_project"].pk]})
    )

    assert response.status_code == 200
    assert response.context["commentary_form"].errors["projects"] == [
        "Choose projects of this indicator's business plan."
    ]
    assert not Commentary.objects.exists()


def test_oba_form_refuses_partners_too_long_with_the_message_beside_it(curve):
    response = signed_in_client(curve["ann"]).post(ADD_URL, oba(curve, **{"commentary-partners": "p" * 2001}))

    assert response.status_code == 200
    assert response.context["commentary_form"].errors["partners"] == [
        "Keep this to 2,000 characters or fewer: it has 2001 characters."
    ]
    assert not Commentary.objects.exists()


# --------------------------------------------------------------------------- versions


def test_edit_keeps_each_version_with_who_wrote_it(curve):
    commentary = written(curve, curve["ann"])
    commentary.history.update(history_user=curve["ann"])
    ben = signed_in_client(curve["ben"])
    data = edit_form(ben, commentary)
    data["commentary-story"] = "Referrals fell, then rose again in the autumn."

    response = ben.post(edit_url(commentary), data)

    assert response.status_code == 302
    commentary.refresh_from_db()
    assert commentary.story == "Referrals fell, then rose again in the autumn."
    assert [(v.story, v.history_user) for v in commentary.history.order_by("history_id")] == [
        ("Referrals fell after the summer.", curve["ann"]),
        ("Referrals fell, then rose again in the autumn.", curve["ben"]),
    ]
    article = page(ben.get(INDICATOR_URL)).find("article", aria_labelledby=f"commentary-{commentary.pk}")
    assert "Version 2 by Ben Member on" in article.text
    earlier = article.find("details")
    assert "Earlier versions (1)" in earlier.find("summary").text
    assert "Version 1 by Ann Member on" in earlier.text
    assert "Referrals fell after the summer." in earlier.text


def test_edit_from_an_out_of_date_page_is_refused_keeping_the_text_typed(curve):
    commentary = written(curve, curve["ann"])
    ann, ben = signed_in_client(curve["ann"]), signed_in_client(curve["ben"])
    anns_page = edit_form(ann, commentary)
    bens_page = edit_form(ben, commentary)
    bens_page["commentary-story"] = "Ben's words."
    assert ben.post(edit_url(commentary), bens_page).status_code == 302
    anns_page["commentary-story"] = "Ann's words, typed at length."

    response = ann.post(edit_url(commentary), anns_page)

    assert response.status_code == 409
    root = page(response)
    assert "Ben Member changed this commentary at" in root.find(cls="error-summary").text
    assert root.find("textarea", name="commentary-story").text == "Ann's words, typed at length."
    commentary.refresh_from_db()
    assert commentary.story == "Ben's words."

    again = form_fields(next(f for f in root.find_all("form") if f.find_all("textarea")))
    assert ann.post(edit_url(commentary), again).status_code == 302  # saved knowingly, as version 3
    commentary.refresh_from_db()
    assert commentary.story == "Ann's words, typed at length."
    assert commentary.history.count() == 3


# --------------------------------------------------------------------------- who may write


@pytest.mark.parametrize("who", ["olga", "vera"])
def test_commentary_refused_to_anyone_but_the_lead_boards_members(curve, who):
    commentary = written(curve, curve["ann"])
    browser = signed_in_client(curve[who])
    data = {"commentary-story": "Not mine to write.", "commentary-seen_version": ""}

    added = browser.post(ADD_URL, oba(curve))
    opened = browser.get(edit_url(commentary))
    edited = browser.post(edit_url(commentary), data)

    assert (added.status_code, opened.status_code, edited.status_code) == (403, 403, 403)
    assert "Only members of the Performance and Quality Assurance Programme Board" in added.content.decode()
    assert list(Commentary.objects.values_list("story", flat=True)) == ["Referrals fell after the summer."]
    assert 'href="' + edit_url(commentary) not in browser.get(INDICATOR_URL).content.decode()


def test_board_administrator_may_edit_any_commentary(curve, board_admin_client):
    commentary = written(curve, curve["ann"])
    data = edit_form(board_admin_client, commentary)
    data["commentary-story"] = "Corrected by the business manager."

    assert board_admin_client.post(edit_url(commentary), data).status_code == 302
    commentary.refresh_from_db()
    assert commentary.story == "Corrected by the business manager."


def test_admin_refuses_a_project_of_another_plan(curve, admin_client):
    commentary = written(curve, curve["ann"])

    response = admin_client.post(
        reverse("admin:indicators_commentary_change", args=[commentary.pk]),
        {
            "indicator": curve["red"].pk,
            "period_start": APRIL.start.isoformat(),
            "period_end": APRIL.end.isoformat(),
            "story": "Moved to next year's work.",
            "projects": [curve["other_plan_project"].pk],
            "seen_version": str(commentary.history.get().history_id),
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["projects"] == [
        "Choose projects of the indicator's business plan."
    ]
    commentary.refresh_from_db()
    assert commentary.story == "Referrals fell after the summer."
    assert not commentary.projects.exists()


def test_commentary_can_answer_a_request_about_a_missing_figure(curve, settings):
    late = monthly(curve["red"].outcome, curve["board"], "18", "Return interviews offered", "60", "50", "5")
    late.values.update(period_start=datetime.date(2018, 3, 1), period_end=datetime.date(2018, 3, 31))
    request_commentary(today=datetime.date(2018, 6, 4))  # April's figure is past its deadline
    ann = signed_in_client(curve["ann"])

    response = ann.post(
        reverse("indicators:add_commentary", args=["18"]),
        oba(curve, **{"commentary-story": "The April return was not sent: the system was being replaced."}),
    )

    assert response.status_code == 302
    assert Commentary.objects.get(indicator=late).period == APRIL
    assert not CommentaryRequest.objects.open().filter(indicator=late).exists()
