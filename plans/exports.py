"""The business plan as a spreadsheet: one row per activity, with its project and the project's latest update.

The projects are those the business plan page shows for the same filters (plans.views.business_plan.filtered_projects).
Overdue follows the one rule of the site (Activity.is_overdue, the same as overdue_q). Every cell goes
through core.downloads, which defuses text that a spreadsheet could run as a formula.
"""

from collections import defaultdict

from django.db.models import OuterRef, Subquery

from core.dates import today as site_today
from core.downloads import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    MONTH_FORMAT,
    safe_filename,
    set_column_widths,
    write_only_cell,
)

from .models import Activity, Project, StatusUpdate
from .queries import lead_officer_names

# (header, width in characters, number format for dates)
COLUMNS = [
    ("Theme", 36, None),
    ("Project number", 9, None),
    ("Project", 60, None),
    ("Lead board", 28, None),
    ("Lead officers", 30, None),
    ("Project status", 14, None),
    ("Activity number", 9, None),
    ("Activity", 60, None),
    ("Activity status", 14, None),
    ("Original due", 11, MONTH_FORMAT),
    ("Original due as written", 18, None),
    ("Revised due", 11, MONTH_FORMAT),
    ("Reason for the revision", 40, None),
    ("Overdue", 9, None),
    ("Completed on", 12, DATE_FORMAT),
    ("Last update", 17, DATETIME_FORMAT),
    ("Last update by", 20, None),
    ("Last update note", 50, None),
]
HEADER = [header for header, _, _ in COLUMNS]


def _person(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def activity_rows(projects, today):
    """The rows, in the order of `projects` (a queryset or list), then activity order.

    A project without activities still has a row, with the activity's cells blank. Three queries
    besides `projects` itself, whatever the number of projects.
    """
    projects = list(projects)
    ids = [project.pk for project in projects]
    activities = defaultdict(list)
    for activity in Activity.objects.filter(project_id__in=ids).order_by("project_id", "order"):
        activities[activity.project_id].append(activity)
    latest_id = StatusUpdate.objects.filter(project=OuterRef("pk")).order_by("-created_at", "-id").values("pk")[:1]
    latest = {
        update.project_id: update
        for update in StatusUpdate.objects.filter(
            pk__in=Project.objects.filter(pk__in=ids).annotate(latest=Subquery(latest_id)).values("latest")
        ).select_related("author")
    }
    officers = lead_officer_names(projects)

    rows = []
    for project in projects:
        update = latest.get(project.pk)
        project_cells = [
            str(project.theme),
            project.number,
            project.title,
            project.lead_board.name,
            ", ".join(officers.get(project.pk, [])),
            project.get_status_display(),
        ]
        update_cells = [
            update.created_at if update else None,
            _person(update.author) if update else "",
            update.note if update else "",
        ]
        for activity in activities.get(project.pk) or [None]:
            if activity is None:
                activity_cells = [None, "", "", None, "", None, "", "", None]
            else:
                activity_cells = [
                    activity.order,
                    activity.description,
                    activity.get_status_display(),
                    activity.due,
                    activity.due_text,
                    activity.revised_due,
                    activity.revision_reason,
                    "Yes" if activity.is_overdue(today) else "No",
                    activity.completed_on,
                ]
            rows.append(project_cells + activity_cells + update_cells)
    return rows


def filename(plan, extension, today=None):
    """business-plan-2018-19-2018-06-15.xlsx: the plan and the day it was downloaded."""
    return safe_filename("business-plan", plan.code, (today or site_today()).isoformat(), extension=extension)


def workbook(rows):
    """An XLSX workbook of the rows under a bold, frozen header; dates as dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Business plan")
    sheet.freeze_panes = "A2"
    set_column_widths(sheet, [width for _, width, _ in COLUMNS])
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append([write_only_cell(sheet, header, font=bold, alignment=wrap) for header in HEADER])
    formats = [number_format for _, _, number_format in COLUMNS]
    for row in rows:
        sheet.append(
            [
                None if value is None else write_only_cell(sheet, value, number_format=number_format)
                for value, number_format in zip(row, formats, strict=True)
            ]
        )
    return book
