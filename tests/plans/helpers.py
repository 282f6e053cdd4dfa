"""What the business plan's page tests share: the seed's project 2.3, its update form, the project tables.

The seed plan (fixtures/sscb_plan_2018_19.json) is used wherever its people matter: Lynne Thomas leads
2.3 (with the L&WFD PB Officer) and 3.3; Nicola Morrow alone leads 4.3.
"""

import datetime
import io
import re
from zoneinfo import ZoneInfo

from django.core.management import call_command

from plans.models import Activity, Project, StatusUpdate
from tests.pages import Node, form_fields, page

LONDON = ZoneInfo("Europe/London")
PROJECT_23 = "/projects/2.3/"
UPDATE_23 = "/projects/2.3/update/"


def london(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


def update_form(response):
    """The project update form on the page (not the sign-out form in the header)."""
    forms = [form for form in page(response).find_all("form") if form.find_all(name="revision")]
    assert len(forms) == 1, "the page has no project update form"
    return form_fields(forms[0])


def update_post(response, changes=None):
    """The update form as rendered (its initial data, management form and hidden activity ids), then `changes`."""
    data = update_form(response)
    data.update(changes or {})
    return data


def project_rows(response):
    """The rows of the project tables: [number, title, lead board, lead officers, status, next due, overdue]."""
    rows = []
    for tr in page(response).find_all("tr"):
        cells = [cell.text for cell in tr.children if isinstance(cell, Node) and cell.tag in {"td", "th"}]
        if cells and re.fullmatch(r"\d+\.\d+", cells[0]):
            rows.append(cells)
    return rows


def project_numbers(response):
    return [row[0] for row in project_rows(response)]


def run(command, *args, **options):
    """Run a management command; what it printed."""
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def snapshot():
    """Everything an update could write: project rows, activity rows, the update log and the history."""
    return (
        list(Project.objects.order_by("pk").values("pk", "status", "revision")),
        list(Activity.objects.order_by("pk").values("pk", "status", "completed_on", "revised_due", "revision_reason")),
        StatusUpdate.objects.count(),
        Project.history.count(),
        Activity.history.count(),
    )


def activity_ids():
    first, second = Activity.objects.filter(project__number="2.3").order_by("order")
    other = Activity.objects.get(project__number="3.3", order=1)
    return {"first": first.pk, "second": second.pk, "other": other.pk}
