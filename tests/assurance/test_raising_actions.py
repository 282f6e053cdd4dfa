"""Actions raised in the browser from each source: agreed at a meeting, on a scorecard exception, from a project's
update, and from a learning matrix's recommendation; each lands on the one action tracker linked to its source."""

import datetime

import pytest
from django.urls import reverse

from assurance.models import Action
from core.dates import today as site_today
from indicators.models import Indicator
from plans.models import Officer, Project
from tests.assurance.factories import AuditFactory, MeetingFactory, RecommendationFactory
from tests.pages import page

pytestmark = pytest.mark.django_db


def _form(owner, **extra):
    due = site_today() + datetime.timedelta(days=30)
    return {"title": "Refresh the threshold guidance", "owner": owner.pk, "due": due.isoformat(), **extra}


@pytest.fixture
def lynne(seed_plan):
    return Officer.objects.get(name="Lynne Thomas")


def test_an_action_agreed_at_a_meeting_is_linked_to_it_and_listed_there(board_admin_client, lynne):
    meeting = MeetingFactory(held_on=datetime.date(2018, 7, 12))
    meeting_url = reverse("assurance:meeting", args=[meeting.pk])
    new_url = reverse("assurance:meeting_action", args=[meeting.pk])
    assert new_url in board_admin_client.get(meeting_url).content.decode()

    response = board_admin_client.post(new_url, _form(lynne))

    action = Action.objects.get()
    assert response["Location"] == reverse("assurance:action", args=[action.pk])
    assert (action.source, action.meeting, action.owner) == (Action.Source.MEETING, meeting, lynne)
    assert "Refresh the threshold guidance" in board_admin_client.get(meeting_url).content.decode()


def test_a_due_date_before_today_is_refused_beside_the_field_and_nothing_is_saved(board_admin_client, lynne):
    meeting = MeetingFactory()
    yesterday = site_today() - datetime.timedelta(days=1)

    response = board_admin_client.post(
        reverse("assurance:meeting_action", args=[meeting.pk]), _form(lynne, due=yesterday.isoformat(), title="")
    )

    assert response.status_code == 400
    root = page(response)
    assert "The due date cannot be before the action was raised" in root.find(id="div_id_due").text
    assert "This field is required" in root.find(id="div_id_title").text
    assert not Action.objects.exists()


def test_only_those_who_manage_assurance_record_a_meeting_action(lynne_client, viewer_client, board_admin_client):
    meeting = MeetingFactory()
    url = reverse("assurance:meeting_action", args=[meeting.pk])

    assert lynne_client.get(url).status_code == 403
    assert viewer_client.post(url, {}).status_code == 403
    assert url not in viewer_client.get(reverse("assurance:meeting", args=[meeting.pk])).content.decode()
    assert board_admin_client.get(reverse("assurance:meeting_action", args=[999999])).status_code == 404


def test_a_board_member_raises_an_action_on_an_exception_of_an_indicator_their_board_leads(
    board_member_user, board_member_client, lynne
):
    indicator = Indicator.objects.get(number="1")
    indicator.lead_board.members.add(board_member_user)
    new_url = reverse("assurance:indicator_action", args=["1"])
    assert new_url in board_member_client.get(reverse("indicators:indicator", args=["1"])).content.decode()

    response = board_member_client.post(new_url, _form(lynne, finding="Contacts above the upper limit."))

    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.source, action.indicator) == (Action.Source.EXCEPTION, indicator)
    assert action.get_source_display() == "Scorecard exception"
    indicator_page = board_member_client.get(reverse("indicators:indicator", args=["1"])).content.decode()
    assert "Refresh the threshold guidance" in indicator_page


def test_a_board_member_of_another_board_or_a_viewer_may_not_raise_one_on_the_indicator(
    board_member_client, viewer_client, lynne
):
    new_url = reverse("assurance:indicator_action", args=["1"])

    assert board_member_client.post(new_url, _form(lynne)).status_code == 403
    assert viewer_client.get(new_url).status_code == 403
    assert new_url not in viewer_client.get(reverse("indicators:indicator", args=["1"])).content.decode()
    assert not Action.objects.exists()


def test_an_action_from_a_project_update_is_linked_to_the_project(board_admin_client, lynne_client, lynne):
    project = Project.objects.get(number="2.3")
    new_url = reverse("assurance:project_action", args=["2.3"])
    assert new_url in board_admin_client.get(reverse("plans:project", args=["2.3"])).content.decode()
    assert new_url not in lynne_client.get(reverse("plans:project", args=["2.3"])).content.decode()

    board_admin_client.post(new_url, _form(lynne))

    action = Action.objects.get()
    assert (action.source, action.project) == (Action.Source.PROJECT, project)
    assert action.get_source_display() == "Project update"
    assert lynne_client.post(new_url, _form(lynne)).status_code == 403
    assert Action.objects.count() == 1


def test_an_unknown_owner_is_refused_beside_the_field(board_admin_client, seed_plan):
    response = board_admin_client.post(
        reverse("assurance:project_action", args=["2.3"]), {"title": "x", "owner": 999999, "due": "2030-01-01"}
    )

    assert response.status_code == 400
    assert "Select a valid choice" in page(response).find(id="div_id_owner").text
    assert not Action.objects.exists()


def test_a_review_recommendation_becomes_an_action_from_the_learning_matrix(board_admin_client, lynne):
    recommendation = RecommendationFactory(owner=lynne, text="Share information about risk outside the home.")
    matrix = reverse("assurance:learning_matrix")
    new_url = reverse("assurance:recommendation_action", args=[recommendation.pk])
    assert new_url in board_admin_client.get(matrix).content.decode()

    form = page(board_admin_client.get(new_url))
    assert "Share information about risk outside the home." in form.find("textarea", name="finding").text
    assert "selected" in form.find("select", name="owner").find("option", value=str(lynne.pk)).attrs

    board_admin_client.post(new_url, _form(lynne, title="Briefing on contextual safeguarding"))

    action = Action.objects.get()
    assert (action.source, action.recommendation, action.review) == (
        Action.Source.REVIEW,
        recommendation,
        recommendation.review,
    )
    assert "Briefing on contextual safeguarding" in board_admin_client.get(matrix).content.decode()


def test_an_audit_recommendation_becomes_an_action_of_the_audit(board_admin_client, lynne):
    audit = AuditFactory()
    recommendation = RecommendationFactory(source="audit", review=None, audit=audit, owner=lynne)

    board_admin_client.post(reverse("assurance:recommendation_action", args=[recommendation.pk]), _form(lynne))

    action = Action.objects.get()
    assert (action.source, action.audit, action.recommendation) == (Action.Source.AUDIT, audit, recommendation)


def test_only_those_who_manage_assurance_turn_a_recommendation_into_an_action(
    board_member_client, viewer_client, lynne
):
    recommendation = RecommendationFactory(owner=lynne)
    new_url = reverse("assurance:recommendation_action", args=[recommendation.pk])

    assert board_member_client.post(new_url, _form(lynne)).status_code == 403
    assert new_url not in viewer_client.get(reverse("assurance:learning_matrix")).content.decode()
    assert not Action.objects.exists()
