"""Property-based tests of the business plan's pages: the project update form and the business plan's
filters never answer with a server error (500), whatever text they are sent.

Hypothesis chooses the inputs: locally new ones each run, in CI (CI=true) the same ones every run.
"""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from plans.models import Activity, Officer, ProgrammeBoard, Status
from tests.strategies import answered, browser_data, like, near

# Each test renders a page for every one of Hypothesis's examples: seconds, not milliseconds.
pytestmark = pytest.mark.slow

PROJECT = "2.3"  # led by Lynne Thomas (the lynne_client fixture)


@pytest.mark.django_db
@given(data=st.data())
def test_project_update_page_never_fails_whatever_is_posted(lynne_client, data):
    url = reverse("plans:project_update", args=[PROJECT])
    page = answered(lynne_client.get(url))
    valid = browser_data(page.context["form"], page.context["formset"])
    activities = [str(pk) for pk in Activity.objects.filter(project__number=PROJECT).values_list("pk", flat=True)]
    choices = {
        "status": Status.values,
        "note": ["A short note."],
        "revise_activity": activities,
        "revised_due": ["2019-01", "2017-01", "01/2019", "2101-01"],
        "revision_reason": ["Supplier delay."],
        "revision": [valid["revision"], "0", "-1", "99999999999999999999"],
        "activities-TOTAL_FORMS": ["0", "1", "1001", "-1"],
        "activities-0-status": Activity.Status.values,
        "activities-0-completed_on": ["2018-05-01", "2999-01-01", "01/05/2018"],
        "activities-0-activity_id": [*activities, "0", "99999999999999999999"],
    }
    post = data.draw(near(valid, choices), label="post")
    answered(lynne_client.post(url, post))


@pytest.mark.django_db
@given(data=st.data())
def test_business_plan_filters_never_fail(seed_plan, viewer_client, data):
    themes = [str(pk) for pk in seed_plan.themes.values_list("pk", flat=True)]
    officers = [str(pk) for pk in Officer.objects.values_list("pk", flat=True)[:5]]
    query = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                "theme": like(*themes, "0"),
                "lead_board": like(*[str(pk) for pk in ProgrammeBoard.objects.values_list("pk", flat=True)]),
                "lead_officer": like(*officers),
                "status": like(*Status.values),
                "overdue": like("true", "false", "unknown"),
                "due_before": like("2018-09", "09/2018", "0000-01", "2018-13"),
            },
        ),
        label="query",
    )
    answered(viewer_client.get(reverse("plans:business_plan"), query))
