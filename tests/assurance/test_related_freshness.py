"""The assurance section of the project and indicator pages is read once per change, and never shows less
than what was saved: a decision, an action, its update, a risk or a renamed officer shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Indicator
from plans.models import Project
from tests.assurance.factories import ActionFactory, AgendaItemFactory, DecisionFactory, RiskFactory

pytestmark = pytest.mark.django_db

PROJECT = reverse("plans:project", args=["2.3"])
INDICATOR = reverse("indicators:indicator", args=["1"])


def section(client, url):
    page = client.get(url).content.decode()
    return page[page.index("Assurance: decisions, actions and risks") :]


def test_each_new_decision_action_and_risk_shows_on_the_project_page_at_once(seed_plan, viewer_client):
    project = Project.objects.get(number="2.3")
    assert "Pilot the new pathway" not in section(viewer_client, PROJECT)

    DecisionFactory(item=AgendaItemFactory(project=project), text="Pilot the new pathway in two schools.")
    assert "Pilot the new pathway" in section(viewer_client, PROJECT)

    action = ActionFactory(project=project, title="Write the pathway's evaluation plan")
    assert "Write the pathway&#x27;s evaluation plan" in section(viewer_client, PROJECT)

    assert "<td>Dropped</td>" not in section(viewer_client, PROJECT)
    action.status = action.Status.DROPPED
    action.save()
    assert "<td>Dropped</td>" in section(viewer_client, PROJECT)

    risk = RiskFactory(title="The schools withdraw from the pilot")
    assert "The schools withdraw" not in section(viewer_client, PROJECT)
    risk.projects.add(project)  # only the link is written
    assert "The schools withdraw" in section(viewer_client, PROJECT)


def test_an_officer_renamed_shows_in_the_section_at_once(seed_plan, viewer_client):
    action = ActionFactory(indicator=Indicator.objects.get(number="1"))
    assert str(action.owner) in section(viewer_client, INDICATOR)

    action.owner.name = "Renamed Officer"
    action.owner.save()

    assert "Renamed Officer" in section(viewer_client, INDICATOR)


def test_the_section_is_read_once_until_something_changes(seed_plan, viewer_client):
    project = Project.objects.get(number="2.3")
    ActionFactory(project=project)
    viewer_client.get(PROJECT)
    with CaptureQueriesContext(connection) as first:
        viewer_client.get(PROJECT)
    assert not [query for query in first if "assurance_action" in query["sql"]]

    ActionFactory(project=project)
    with CaptureQueriesContext(connection) as after_a_write:
        viewer_client.get(PROJECT)
    assert [query for query in after_a_write if "assurance_action" in query["sql"]]
