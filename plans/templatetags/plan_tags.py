"""The one place that maps a status to its colour and its words."""

from django import template
from django.utils.html import format_html

from plans.models import Activity, Status
from plans.viewing import url_in_plan

register = template.Library()

# Bootstrap colour classes chosen for contrast (WCAG AA) with the text colour beside them.
STATUS_STYLES = {
    Status.NOT_STARTED: "text-bg-secondary",
    Status.ON_TRACK: "text-bg-success",
    Status.AT_RISK: "text-bg-warning",
    Status.DELAYED: "text-bg-danger",
    Status.COMPLETE: "text-bg-primary",
    Activity.Status.IN_PROGRESS: "text-bg-info",
}
LABELS = {**dict(Status.choices), **dict(Activity.Status.choices)}


@register.simple_tag
def status_badge(status):
    """A status in its words, on its colour. Written here, not by a template: a listing shows one a row."""
    return format_html(
        '<span class="badge {}">{}</span>', STATUS_STYLES.get(status, "text-bg-light"), LABELS.get(status, status)
    )


@register.filter
def month(value):
    """A due month as the plan writes it in full: "June 2018"."""
    return value.strftime("%B %Y") if value else ""


@register.filter
def overdue_on(activity, today):
    return activity.is_overdue(today)


@register.simple_tag
def plan_url(plan, viewname, *args):
    """{% plan_url plan "plans:project" project.number %}: the page at `plan`'s year address (bookmarkable)."""
    return url_in_plan(plan, viewname, *args)
