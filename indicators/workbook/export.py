"""A plan as its workbook: the rows of every sheet (also kept as a revision's snapshot) and the XLSX file.

rows = plan_rows(plan)             # {sheet name: [row dict]}, dates as dates
snapshot = jsonable(rows)          # the same with dates as ISO text, for a JSONField
content = workbook_bytes(plan)     # the .xlsx, which load.load_plan reads back to the same plan
"""

import datetime
import io

from django.db.models import Prefetch

from core.downloads import DATE_FORMAT, safe_cell
from plans.models import (
    Activity,
    FocusArea,
    ProgrammeBoard,
    Project,
    ServicePriority,
    ValueTheme,
)

from ..models import BreakdownCategory, ScorecardEntry
from . import sheets as s

SEPARATOR = f"{s.LIST_SEPARATOR} "


def month_text(day):
    """1 November 2017 as the plans write a timescale: "Nov-17"."""
    return f"{day:%b-%y}" if day else None


def _join(names):
    return SEPARATOR.join(str(name) for name in names) or None


def _plan_sheet(plan):
    return [
        {
            "code": plan.code,
            "title": plan.title,
            "version": plan.version,
            "version_note": plan.version_note,
            "adopted_by": plan.adopted_by,
            "adopted_on": plan.adopted_on,
            "starts_on": plan.starts_on,
            "ends_on": plan.ends_on,
            "business_starts_on": plan.business_starts_on,
            "business_ends_on": plan.business_ends_on,
            "mission": plan.mission,
        }
    ]


def _projects(plan):
    projects = (
        Project.objects.filter(plan=plan)
        .select_related("theme", "lead_board")
        .prefetch_related("joint_lead_boards", "lead_officers")
        .order_by("sort_key")
    )
    return list(projects)


def _project_rows(projects):
    return [
        {
            "number": project.number,
            "theme": project.theme.number,
            "title": project.title,
            "lead_board": project.lead_board.short_name,
            "joint_lead_boards": _join(sorted(board.short_name for board in project.joint_lead_boards.all())),
            "lead_as_written": project.lead_as_written,
            "lead_officers": _join(sorted(officer.name for officer in project.lead_officers.all())),
            "status": project.get_status_display(),
        }
        for project in projects
    ]


def _activity_rows(plan):
    activities = Activity.objects.filter(project__plan=plan).select_related("project")
    return [
        {
            "project": activity.project.number,
            "order": activity.order,
            "description": activity.description,
            "timescale": activity.due_text or month_text(activity.due),
            "status": activity.get_status_display(),
            "completed": activity.completed_on,
            "revised": activity.revised_due,
            "revision_reason": activity.revision_reason,
        }
        for activity in activities.order_by("project__sort_key", "order")
    ]


def _entries(plan):
    return list(
        ScorecardEntry.objects.filter(plan=plan)
        .select_related("indicator", "indicator__breakdown", "outcome", "lead_board")
        .prefetch_related(
            Prefetch(
                "indicator__service_priorities",
                queryset=ServicePriority.objects.filter(plan=plan),
                to_attr="in_plan_priorities",
            ),
            Prefetch(
                "indicator__focus_areas",
                queryset=FocusArea.objects.filter(service_priority__plan=plan).select_related("service_priority"),
                to_attr="in_plan_focus_areas",
            ),
            Prefetch("indicator__projects", queryset=Project.objects.filter(plan=plan), to_attr="in_plan_projects"),
        )
        .order_by("sort_key")
    )


def _indicator_rows(entries):
    rows = []
    for entry in entries:
        indicator = entry.indicator
        rows.append(
            {
                "number": entry.number,
                "code": indicator.code,
                "title": indicator.title,
                "unit": indicator.get_unit_display(),
                "polarity": indicator.get_polarity_display(),
                "frequency": indicator.get_frequency_display(),
                "outcome": entry.outcome.number,
                "lead_board": entry.lead_board.short_name,
                "breakdown": indicator.breakdown.name if indicator.breakdown else None,
                "definition": indicator.definition,
                "source": indicator.source,
                "numerator_label": indicator.numerator_label,
                "denominator_label": indicator.denominator_label,
                "data_deadline_days": indicator.data_deadline_days,
                "service_priorities": _join(sorted(p.order for p in indicator.in_plan_priorities)),
                "focus_areas": _join(
                    sorted(f"{a.service_priority.order}.{a.order}" for a in indicator.in_plan_focus_areas)
                ),
                "projects": _join(
                    project.number for project in sorted(indicator.in_plan_projects, key=lambda p: p.sort_key)
                ),
            }
        )
    return rows


def plan_rows(plan):
    """Every sheet of the plan's workbook as rows of python values, in the template's columns."""
    projects = _projects(plan)
    entries = _entries(plan)
    boards = {project.lead_board_id for project in projects} | {entry.lead_board_id for entry in entries}
    boards |= {board.pk for project in projects for board in project.joint_lead_boards.all()}
    breakdowns = {entry.indicator.breakdown_id for entry in entries if entry.indicator.breakdown_id}
    themes = ValueTheme.objects.filter(plan=plan).prefetch_related("values").order_by("number")
    priorities = [("strategic", p) for p in plan.strategic_priorities.order_by("order")]
    priorities += [("service", p) for p in plan.service_priorities.order_by("order")]
    rows = {
        s.PLAN.name: _plan_sheet(plan),
        s.BOARDS.name: [
            {"short_name": board.short_name, "name": board.name}
            for board in ProgrammeBoard.objects.filter(pk__in=boards).order_by("short_name")
        ],
        s.VALUES.name: [
            {"theme_number": theme.number, "theme_name": theme.name, "value": value.name}
            for theme in themes
            for value in theme.values.all()
        ],
        s.RESPONSIBILITIES.name: [
            {"order": r.order, "title": r.title, "description": r.description}
            for r in plan.responsibilities.order_by("order")
        ],
        s.PRIORITIES.name: [
            {"kind": kind, "order": p.order, "name": p.name, "description": getattr(p, "description", "")}
            for kind, p in priorities
        ],
        s.FOCUS_AREAS.name: [
            {"service_priority": area.service_priority.order, "order": area.order, "name": area.name}
            for area in FocusArea.objects.filter(service_priority__plan=plan)
            .select_related("service_priority")
            .order_by("service_priority__order", "order")
        ],
        s.OUTCOMES.name: [{"number": o.number, "title": o.title} for o in plan.outcomes.order_by("number")],
        s.THEMES.name: [{"number": t.number, "title": t.title} for t in plan.themes.order_by("number")],
        s.PROJECTS.name: _project_rows(projects),
        s.ACTIVITIES.name: _activity_rows(plan),
        s.INDICATORS.name: _indicator_rows(entries),
        s.BREAKDOWNS.name: [
            {"breakdown": category.breakdown.name, "order": category.order, "category": category.name}
            for category in BreakdownCategory.objects.filter(breakdown__in=breakdowns)
            .select_related("breakdown")
            .order_by("breakdown__name", "order")
        ],
    }
    return {
        name: [{key: (None if value == "" else value) for key, value in row.items()} for row in sheet_rows]
        for name, sheet_rows in rows.items()
    }


def jsonable(rows):
    """The rows with dates as ISO text, as a JSONField keeps them."""

    def cell(value):
        return value.isoformat() if isinstance(value, datetime.date) else value

    return {
        name: [{key: cell(value) for key, value in row.items()} for row in sheet_rows]
        for name, sheet_rows in rows.items()
    }


def write_workbook(rows):
    """The .xlsx bytes of rows laid out as the template: a sheet each, a header row, one row per thing."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in s.SHEETS:
        worksheet = workbook.create_sheet(sheet.name)
        worksheet.append(sheet.headers)
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        for row in rows.get(sheet.name, []):
            worksheet.append([safe_cell(row.get(column.key)) for column in sheet.columns])
            for column, cell in zip(sheet.columns, worksheet[worksheet.max_row], strict=True):
                if column.kind == s.DATE and isinstance(cell.value, datetime.date):
                    cell.number_format = DATE_FORMAT
        for index, column in enumerate(sheet.columns, start=1):
            width = 12 if column.kind in (s.INTEGER, s.DATE) else 30
            worksheet.column_dimensions[worksheet.cell(1, index).column_letter].width = width
        worksheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def workbook_bytes(plan):
    return write_workbook(plan_rows(plan))
