"""Reading the home page as each person sees it: their sections of work, in order, above the plan overview."""

from tests.conftest import signed_in_client
from tests.pages import page

PLAN_OVERVIEW = "progress-heading"
"""The first heading of the plan overview ("Business plan progress"): each person's work comes above it."""


def home(user):
    """The home page as `user` sees it: (response, parsed page)."""
    browser = signed_in_client(user)
    browser.get("/")  # the first page after sign-in may refresh the session: count queries on the second
    response = browser.get("/")
    assert response.status_code == 200
    return response, page(response)


def section(root, heading_id):
    """The section labelled by the heading `heading_id`, or None if the page leaves it out."""
    found = root.find_all("section", aria_labelledby=heading_id)
    return found[0] if found else None


def headings_in_order(response):
    """The ids of the page's h2 headings, as they come."""
    return [node.attrs.get("id", "") for node in page(response).find_all("h2")]


def above_plan_overview(response, heading_id):
    """Whether the section headed `heading_id` comes before the plan overview."""
    ids = headings_in_order(response)
    return heading_id in ids and ids.index(heading_id) < ids.index(PLAN_OVERVIEW)


def home_queries(user, django_assert_max_num_queries, limit):
    """How many queries the home page takes for `user` (failing above `limit`)."""
    browser = signed_in_client(user)
    browser.get("/")
    with django_assert_max_num_queries(limit) as captured:
        response = browser.get("/")
    assert response.status_code == 200
    return len(captured)
