"""Loading a checked plan workbook as a draft plan: all of it in one transaction, or nothing.

    plan = load_plan(sheets, user=user)     # WorkbookRejected (its .problems) if any row has a problem

An indicator row whose code the site has is that measure listed in the new plan (a ScorecardEntry): its
values, targets and commentary run on. Its own listing (plan, number, outcome, lead board) stays in the
plan that last adopted it until this plan is adopted. A row with a new code, or none, makes a new measure.
"""

from django.db import IntegrityError, transaction

from indicators.importer.read import normalise
from plans import datacache as plans_datacache
from plans.models import (
    Activity,
    FocusArea,
    Officer,
    Plan,
    ProgrammeBoard,
    Project,
    Responsibility,
    ServicePriority,
    StrategicOutcome,
    StrategicPriority,
    Theme,
    Value,
    ValueTheme,
)

from ..models import Breakdown, BreakdownCategory, Indicator, ScorecardEntry
from . import sheets as s
from .check import check
from .sheets import Problem


class WorkbookRejected(Exception):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s) in the workbook")
        self.problems = problems


def _boards(rows):
    for row in rows.get(s.BOARDS.name, []):
        if not row["exists"]:
            ProgrammeBoard.objects.create(short_name=row["short_name"], name=row["name"])
    return {board.short_name: board for board in ProgrammeBoard.objects.all()}


def _breakdowns(rows):
    """Breakdowns the site lacks, made with their categories; breakdowns it has are left as they are."""
    known = {normalise(b.name): b for b in Breakdown.objects.all()}
    made = set()
    for row in rows.get(s.BREAKDOWNS.name, []):
        name = normalise(row["breakdown"])
        if name not in known:
            known[name] = Breakdown.objects.create(name=row["breakdown"])
            made.add(name)
        if name in made:
            breakdown = known[name]
            order = row["order"] or breakdown.categories.count() + 1
            BreakdownCategory.objects.create(breakdown=breakdown, name=row["category"], order=order)
    return known


def _plan_sections(plan, rows):
    themes = {}
    for row in rows[s.VALUES.name]:
        theme = themes.get(row["theme_number"])
        if theme is None:
            theme = themes[row["theme_number"]] = ValueTheme.objects.create(
                plan=plan, number=row["theme_number"], name=row["theme_name"]
            )
        Value.objects.create(theme=theme, name=row["value"], order=theme.values.count() + 1)
    for row in rows[s.RESPONSIBILITIES.name]:
        Responsibility.objects.create(plan=plan, order=row["order"], title=row["title"], description=row["description"])
    service = {}
    for row in rows[s.PRIORITIES.name]:
        if row["kind"] == "strategic":
            StrategicPriority.objects.create(
                plan=plan, order=row["order"], name=row["name"], description=row["description"]
            )
        else:
            service[row["order"]] = ServicePriority.objects.create(plan=plan, order=row["order"], name=row["name"])
    focus = {}
    for row in rows[s.FOCUS_AREAS.name]:
        focus[f"{row['service_priority']}.{row['order']}"] = FocusArea.objects.create(
            service_priority=service[row["service_priority"]], order=row["order"], name=row["name"]
        )
    outcomes = {
        row["number"]: StrategicOutcome.objects.create(plan=plan, number=row["number"], title=row["title"])
        for row in rows[s.OUTCOMES.name]
    }
    return service, focus, outcomes


def _business_plan(plan, rows, boards):
    themes = {
        row["number"]: Theme.objects.create(plan=plan, number=row["number"], title=row["title"])
        for row in rows[s.THEMES.name]
    }
    officers = {normalise(officer.name): officer for officer in Officer.objects.all()}
    projects = {}
    for row in rows[s.PROJECTS.name]:
        project = Project.objects.create(
            theme=themes[row["theme"]],
            number=row["number"],
            title=row["title"],
            lead_board=boards[row["lead_board"]],
            lead_as_written=row["lead_as_written"],
            status=row["status"],
        )
        project.joint_lead_boards.set([boards[name] for name in row["joint_lead_boards"]])
        leads = []
        for name in row["lead_officers"]:
            if normalise(name) not in officers:
                officers[normalise(name)] = Officer.objects.create(name=name)
            leads.append(officers[normalise(name)])
        project.lead_officers.set(leads)
        projects[project.number] = project
    Activity.objects.bulk_create(
        Activity(
            project=projects[row["project"]],
            order=row["order"],
            description=row["description"],
            due=row["timescale"],
            due_text=row["due_text"],
            status=row["status"],
            completed_on=row["completed"],
            revised_due=row["revised"],
            revision_reason=row["revision_reason"],
        )
        for row in rows[s.ACTIVITIES.name]
    )
    plans_datacache.bump()  # bulk writes send no signal: the plan pages' kept fragments are now out of date
    return projects


def _scorecard(plan, rows, boards, breakdowns, sections, projects):
    service, focus, outcomes = sections
    for row in rows[s.INDICATORS.name]:
        outcome, board = outcomes[row["outcome"]], boards[row["lead_board"]]
        if row["existing"]:
            indicator = Indicator.objects.get(code=row["code"])
            ScorecardEntry.objects.create(
                plan=plan, indicator=indicator, number=row["number"], outcome=outcome, lead_board=board
            )
        else:
            breakdown = breakdowns[normalise(row["breakdown"])] if row["breakdown"] else None
            indicator = Indicator.objects.create(
                outcome=outcome,
                number=row["number"],
                code=row["code"],
                title=row["title"],
                unit=row["unit"],
                polarity=row["polarity"],
                frequency=row["frequency"],
                lead_board=board,
                breakdown=breakdown,
                definition=row["definition"],
                source=row["source"],
                numerator_label=row["numerator_label"],
                denominator_label=row["denominator_label"],
                data_deadline_days=row["data_deadline_days"],
            )
        indicator.service_priorities.add(*[service[int(order)] for order in row["service_priorities"]])
        indicator.focus_areas.add(*[focus[text] for text in row["focus_areas"]])
        indicator.projects.add(*[projects[number] for number in row["projects"]])


def load_checked(checked, user=None):
    """Write a checked workbook as a draft plan; call inside a transaction."""
    rows = checked.rows
    fields = {k: v for k, v in rows[s.PLAN.name][0].items() if k != "row"}
    plan = Plan(status=Plan.Status.DRAFT, **fields)
    plan._history_user = user  # who loaded it, in the plan's history (the command has nobody)
    plan._change_reason = "Loaded from a workbook"
    plan.save()
    boards = _boards(rows)
    breakdowns = _breakdowns(rows)
    sections = _plan_sections(plan, rows)
    projects = _business_plan(plan, rows, boards)
    _scorecard(plan, rows, boards, breakdowns, sections, projects)
    return plan


def load_plan(sheets, *, user=None, dry_run=False):
    """Check the workbook's rows and load them as a draft plan, all or nothing.

    Returns (plan, checked); the plan is None on a dry run. Raises WorkbookRejected with every problem.
    """
    checked = check(sheets)
    if not checked.is_valid:
        raise WorkbookRejected(checked.problems)
    if dry_run:
        return None, checked
    try:
        with transaction.atomic():
            plan = load_checked(checked, user)
    except IntegrityError as error:  # a row written by someone else between the check and the load
        raise WorkbookRejected([Problem(s.PLAN.name, None, f"The plan could not be saved: {error}")]) from None
    return plan, checked
