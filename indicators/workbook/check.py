"""Checking a plan workbook's rows: every problem with its sheet, row and reason, and the rows made ready to load.

    checked = check(sheets)    # sheets as read.read_workbook gives them; a sheets.Checked

Nothing is written here; the database is only read (codes taken, boards, officers, breakdowns and measures
that exist). A row with a problem is left out of checked.rows; load refuses a workbook with any problem.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from indicators.importer.read import normalise
from plans.models import (
    Activity,
    Officer,
    Plan,
    ProgrammeBoard,
    Project,
    Responsibility,
    ServicePriority,
    StrategicOutcome,
    Theme,
    Value,
    ValueTheme,
)

from ..models import Breakdown, Indicator
from . import sheets as s
from .sheets import Checked, Problem

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTH_TEXT = re.compile(r"^(?P<month>[A-Za-z]{3,9})\.?[\s\-/]*(?P<year>\d{4}|\d{2})(?!\d)")
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
PRIORITY_KINDS = (("strategic", "Strategic"), ("service", "Service"))
CHOICES = {
    (s.PRIORITIES.name, "kind"): PRIORITY_KINDS,
    (s.PROJECTS.name, "status"): Project.Status.choices,
    (s.ACTIVITIES.name, "status"): Activity.Status.choices,
    (s.INDICATORS.name, "unit"): Indicator.Unit.choices,
    (s.INDICATORS.name, "polarity"): Indicator.Polarity.choices,
    (s.INDICATORS.name, "frequency"): Indicator.Frequency.choices,
}
DEFAULTS = {
    (s.PROJECTS.name, "status"): Project.Status.NOT_STARTED,
    (s.ACTIVITIES.name, "status"): Activity.Status.NOT_STARTED,
    (s.INDICATORS.name, "polarity"): Indicator.Polarity.NEITHER,
    (s.INDICATORS.name, "frequency"): Indicator.Frequency.QUARTERLY,
}


LONGEST_SMALL_NUMBER = 32_767  # the largest order or number the database keeps


def _max_lengths():
    """{(sheet name, column key): the most characters the model's field takes}."""
    fields = {
        s.PLAN: {
            "code": (Plan, "code"),
            "title": (Plan, "title"),
            "version_note": (Plan, "version_note"),
            "adopted_by": (Plan, "adopted_by"),
        },
        s.BOARDS: {"short_name": (ProgrammeBoard, "short_name"), "name": (ProgrammeBoard, "name")},
        s.VALUES: {"theme_name": (ValueTheme, "name"), "value": (Value, "name")},
        s.RESPONSIBILITIES: {"title": (Responsibility, "title")},
        s.PRIORITIES: {"name": (ServicePriority, "name")},
        s.FOCUS_AREAS: {"name": (ServicePriority, "name")},
        s.OUTCOMES: {"title": (StrategicOutcome, "title")},
        s.THEMES: {"title": (Theme, "title")},
        s.PROJECTS: {"number": (Project, "number"), "lead_as_written": (Project, "lead_as_written")},
        s.INDICATORS: {
            "number": (Indicator, "number"),
            "code": (Indicator, "code"),
            "source": (Indicator, "source"),
            "numerator_label": (Indicator, "numerator_label"),
            "denominator_label": (Indicator, "denominator_label"),
            "breakdown": (Breakdown, "name"),
        },
        s.BREAKDOWNS: {"breakdown": (Breakdown, "name"), "category": (Breakdown, "name")},
    }
    return {
        (sheet.name, key): model._meta.get_field(name).max_length
        for sheet, columns in fields.items()
        for key, (model, name) in columns.items()
    }


class CellError(ValueError):
    pass


def parse_month(text):
    """The first day of the month a timescale starts with ("Nov-17", "Sept-18", "November 2017"), or None."""
    if isinstance(text, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        day = datetime.date.fromisoformat(text)
        return day.replace(day=1)
    match = MONTH_TEXT.match(str(text).strip())
    if not match:
        return None
    name = match["month"].lower()
    month = next((i for i, full in enumerate(MONTHS, start=1) if full.startswith(name)), None)
    if month is None:
        return None
    year = int(match["year"])
    return datetime.date(year + 2000 if year < 100 else year, month, 1)


def parse_date(value, *, months=False):
    text = str(value).strip()
    try:
        if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
            return datetime.date.fromisoformat(text)
        if match := DAY_MONTH_YEAR.match(text):
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        pass
    if months and (day := parse_month(text)):
        return day
    raise CellError(f"{text!r} is not a date; write it as 01/04/2018" + (" or as a month, Nov-17." if months else "."))


def parse_choice(value, choices):
    wanted = normalise(value)
    for stored, label in choices:
        if wanted in (normalise(stored), normalise(label)):
            return stored
    allowed = ", ".join(str(label) for _, label in choices)
    raise CellError(f"{value!r} is not one of: {allowed}.")


def _cell(sheet, column, value):
    """A cell as the loader wants it; CellError saying why not."""
    if value is None:
        if column.required:
            raise CellError(f"{column.header} is blank; it is required.")
        if column.kind == s.LIST:
            return []
        return DEFAULTS.get((sheet.name, column.key), None if column.kind != s.TEXT else "")
    if column.kind == s.INTEGER:
        if (isinstance(value, int) and value >= 0) or (isinstance(value, str) and value.strip().isdigit()):
            number = int(value)
            if number <= LONGEST_SMALL_NUMBER:
                return number
            raise CellError(f"{column.header} must be at most {LONGEST_SMALL_NUMBER:,}, not {number:,}.")
        raise CellError(f"{column.header} must be a whole number, not {value!r}.")
    if column.kind == s.DATE:
        try:
            day = parse_date(value, months=column.key in ("completed", "revised"))
            return day.replace(day=1) if column.key == "revised" else day
        except CellError as error:
            raise CellError(f"{column.header}: {error}") from None
    if column.kind == s.MONTH:
        day = parse_month(value)
        if day is None:
            raise CellError(f"{column.header} {value!r} does not start with a month; write it as Nov-17.")
        return day
    if column.kind == s.CHOICE:
        try:
            return parse_choice(value, CHOICES[(sheet.name, column.key)])
        except CellError as error:
            raise CellError(f"{column.header} {error}") from None
    if column.kind == s.LIST:
        return [part.strip() for part in str(value).split(s.LIST_SEPARATOR) if part.strip()]
    text = str(value)
    longest = MAX_LENGTHS.get((sheet.name, column.key))
    if longest and len(text) > longest:
        raise CellError(f"{column.header} is {len(text)} characters long; the most it takes is {longest}.")
    return text


class Checker:
    def __init__(self, sheets):
        self.sheets = sheets
        self.result = Checked()
        self.boards = {}  # short name or name (normalised) -> short name
        for board in ProgrammeBoard.objects.all():
            self.boards[normalise(board.short_name)] = board.short_name
            self.boards[normalise(board.name)] = board.short_name

    def problem(self, sheet, row, reason, column=""):
        self.result.problems.append(Problem(sheet.name, row, reason, column))

    def note(self, sheet, row, text):
        self.result.notes.setdefault(sheet.name, {})[row["row"]] = text

    def rows(self, sheet):
        """The sheet's rows with every cell read; a row with a bad cell is reported and left out."""
        found = self.sheets.get(sheet.name)
        if found is None:
            if not sheet.optional:
                self.problem(sheet, None, f"The workbook has no sheet named “{sheet.name}”.")
            return []
        if not found.get("has_header", True) and not found["rows"]:
            if not sheet.optional:
                self.problem(sheet, 1, "The sheet is empty: its first row must name the columns.")
            return []
        missing = [c.header for c in sheet.columns if c.required and c.key not in found["columns"]]
        for header in missing:
            self.problem(sheet, 1, f"The header row has no “{header}” column.", header)
        if missing:
            return []
        cleaned, seen = [], {}
        for raw in found["rows"]:
            row, bad = {"row": raw["row"]}, False
            for column in sheet.columns:
                try:
                    row[column.key] = _cell(sheet, column, raw.get(column.key))
                except CellError as error:
                    self.problem(sheet, raw["row"], str(error), column.header)
                    bad = True
            if column_text := (sheet.column("timescale") if sheet is s.ACTIVITIES else None):
                text = "" if raw.get(column_text.key) is None else str(raw[column_text.key])
                row["due_text"] = f"{row['timescale']:%b-%y}" if re.match(r"^\d{4}-\d{2}-\d{2}$", text) else text
            if bad:
                continue
            key = tuple(normalise(row[k]) if isinstance(row[k], str) else row[k] for k in sheet.key)
            if key in seen:
                names = ", ".join(f"{sheet.column(k).header.lower()} {row[k]}" for k in sheet.key)
                self.problem(sheet, row["row"], f"Duplicate: row {seen[key]} has the same {names}.")
                continue
            seen[key] = row["row"]
            cleaned.append(row)
        self.result.rows[sheet.name] = cleaned
        return cleaned

    def named(self, sheet, *keys):
        """What the sheet's rows name in these columns, as text, bad rows included (so that a row that
        refers to a bad one is not reported as well)."""
        found = self.sheets.get(sheet.name)
        if found is None or any(key not in found["columns"] for key in keys):
            return None  # the sheet (or column) is missing, which is reported once: refer to it freely
        return {".".join(str(raw.get(key)).strip().lower() for key in keys) for raw in found["rows"]}

    def board(self, sheet, row, name, header):
        short_name = self.boards.get(normalise(name))
        if short_name is None:
            self.problem(
                sheet,
                row["row"],
                f"{header} {name!r} is not a board of the site: add it in the admin, or on the Boards sheet.",
                header,
            )
        return short_name

    def differences(self, row, indicator):
        """Where the row describes an existing measure otherwise than the site does (the measure is kept)."""
        found = []
        for key in ("unit", "polarity", "frequency"):
            if row[key] != getattr(indicator, key):
                label = getattr(indicator, f"get_{key}_display")()
                found.append(f"its {key} stays {label}")
        if normalise(row["title"]) != normalise(indicator.title):
            found.append("its title stays as the measure's")
        return found

    def run(self):
        self.check_plan()
        for row in self.rows(s.BOARDS):
            if normalise(row["short_name"]) in self.boards or normalise(row["name"]) in self.boards:
                self.note(s.BOARDS, row, "The site has this board already: it is left as it is.")
                row["exists"] = True
            else:
                self.note(s.BOARDS, row, "New board.")
                row["exists"] = False
                self.boards[normalise(row["short_name"])] = row["short_name"]
                self.boards[normalise(row["name"])] = row["short_name"]
        self.check_values()
        self.rows(s.RESPONSIBILITIES)
        self.rows(s.PRIORITIES)
        priorities = self.named(s.PRIORITIES, "kind", "order")
        service = None if priorities is None else {k.split(".", 1)[1] for k in priorities if k.startswith("service.")}
        for row in self.rows(s.FOCUS_AREAS):
            if service is not None and str(row["service_priority"]) not in service:
                self.problem(
                    s.FOCUS_AREAS,
                    row["row"],
                    f"No service priority {row['service_priority']} on the Priorities sheet.",
                    "Service priority order",
                )
        focus = self.named(s.FOCUS_AREAS, "service_priority", "order")
        self.rows(s.OUTCOMES)
        self.rows(s.THEMES)
        outcomes, themes = self.named(s.OUTCOMES, "number"), self.named(s.THEMES, "number")
        projects = self.check_projects(themes)
        self.check_activities(projects)
        self.check_indicators(outcomes, service, focus, projects)
        self.result.problems.sort(key=lambda p: ([x.name for x in s.SHEETS].index(p.sheet), p.row or 0))
        return self.result

    def check_plan(self):
        rows = self.rows(s.PLAN)
        if not rows:
            if s.PLAN.name in self.sheets and not self.result.problems:
                self.problem(s.PLAN, 2, "The Plan sheet has no row: give the plan's code, title and dates in row 2.")
            return
        row = rows[0]
        for extra in rows[1:]:
            self.problem(s.PLAN, extra["row"], "The Plan sheet holds one plan: only row 2 is read. Delete this row.")
        try:
            validate_slug(row["code"])
            if len(row["code"]) > 20:
                raise ValidationError("too long")
        except ValidationError:
            self.problem(
                s.PLAN,
                row["row"],
                f"Code {row['code']!r} must be up to 20 letters, digits and hyphens, such as 2020-21.",
                "Code",
            )
        if Plan.objects.filter(code=row["code"]).exists():
            self.problem(
                s.PLAN, row["row"], f"Code {row['code']!r} is taken: the site has a plan {row['code']}.", "Code"
            )
        if row["ends_on"] <= row["starts_on"]:
            self.problem(s.PLAN, row["row"], "Ends on must be after starts on.", "Ends on")
        starts, ends = row["business_starts_on"], row["business_ends_on"]
        if starts and ends and ends <= starts:
            self.problem(s.PLAN, row["row"], "Business ends on must be after business starts on.", "Business ends on")
        row["version"] = row["version"] or 1

    def check_values(self):
        names = {}
        for row in self.rows(s.VALUES):
            name = names.setdefault(row["theme_number"], (row["theme_name"], row["row"]))
            if normalise(name[0]) != normalise(row["theme_name"]):
                self.problem(
                    s.VALUES,
                    row["row"],
                    f"Theme {row['theme_number']} is named {name[0]!r} in row "
                    f"{name[1]}: give one name for each theme number.",
                    "Theme name",
                )

    def check_projects(self, themes):
        officers = {normalise(name) for name in Officer.objects.values_list("name", flat=True)}
        for row in self.rows(s.PROJECTS):
            if themes is not None and str(row["theme"]) not in themes:
                self.problem(s.PROJECTS, row["row"], f"No theme {row['theme']} on the Themes sheet.", "Theme")
            elif not row["number"].startswith(f"{row['theme']}."):
                self.problem(
                    s.PROJECTS,
                    row["row"],
                    f"A project in theme {row['theme']} is numbered "
                    f"{row['theme']}.1, {row['theme']}.2 and so on, not {row['number']}.",
                    "Number",
                )
            row["lead_board"] = self.board(s.PROJECTS, row, row["lead_board"], "Lead board")
            row["joint_lead_boards"] = [
                self.board(s.PROJECTS, row, n, "Joint lead board") for n in row["joint_lead_boards"]
            ]
            new = [name for name in row["lead_officers"] if normalise(name) not in officers]
            if new:
                self.note(s.PROJECTS, row, "New officer: " + ", ".join(new) + ".")
        return self.named(s.PROJECTS, "number")

    def check_activities(self, projects):
        for row in self.rows(s.ACTIVITIES):
            if projects is not None and row["project"].lower() not in projects:
                self.problem(s.ACTIVITIES, row["row"], f"No project {row['project']} on the Projects sheet.", "Project")
            moved_later = row["revised"] and row["timescale"] and row["revised"] > row["timescale"]
            if moved_later and not row["revision_reason"].strip():
                self.problem(
                    s.ACTIVITIES,
                    row["row"],
                    "The revised month is later than the timescale: give the revision reason.",
                    "Revision reason",
                )
            if row["completed"] and row["status"] != Activity.Status.COMPLETE:
                self.problem(
                    s.ACTIVITIES,
                    row["row"],
                    "A completed month is given but the status is not Complete.",
                    "Completed month",
                )

    def check_indicators(self, outcomes, service, focus, projects):
        existing = {indicator.code.lower(): indicator for indicator in Indicator.objects.all()}
        breakdowns = {normalise(name) for name in Breakdown.objects.values_list("name", flat=True)}
        breakdowns |= {normalise(row["breakdown"]) for row in self.rows(s.BREAKDOWNS)}
        codes = {}
        for row in self.rows(s.INDICATORS):
            where = s.INDICATORS, row["row"]
            if outcomes is not None and str(row["outcome"]) not in outcomes:
                self.problem(*where, f"No outcome {row['outcome']} on the Outcomes sheet.", "Outcome")
            row["lead_board"] = self.board(s.INDICATORS, row, row["lead_board"], "Lead board")
            if row["breakdown"] and normalise(row["breakdown"]) not in breakdowns:
                self.problem(
                    *where,
                    f"Breakdown {row['breakdown']!r} is not one the site has: add it on the Breakdowns sheet.",
                    "Breakdown",
                )
            code = row["code"].strip().lower()
            if code:
                if code in codes:
                    self.problem(*where, f"Duplicate: row {codes[code]} has the same code {row['code']}.", "Code")
                codes[code] = row["row"]
                try:
                    validate_slug(code)
                except ValidationError:
                    self.problem(*where, f"Code {row['code']!r} must be letters, digits and hyphens.", "Code")
            row["existing"] = code in existing
            row["code"] = existing[code].code if row["existing"] else code
            if row["existing"]:
                kept = self.differences(row, existing[code])
                note = "Existing measure: listed in this plan, its series continues."
                self.note(s.INDICATORS, row, note + (f" Unlike this row, {'; '.join(kept)}." if kept else ""))
            else:
                self.note(s.INDICATORS, row, "New measure.")
            for text in row["service_priorities"]:
                if service is not None and text not in service:
                    self.problem(*where, f"No service priority {text} on the Priorities sheet.", "Service priorities")
            for text in row["focus_areas"]:
                if focus is not None and text.lower() not in focus:
                    self.problem(
                        *where,
                        f"No focus area {text} on the Focus areas sheet (write service priority "
                        "order.focus area order, such as 1.3).",
                        "Focus areas",
                    )
            for text in row["projects"]:
                if projects is not None and text.lower() not in projects:
                    self.problem(*where, f"No project {text} on the Projects sheet.", "Projects")


MAX_LENGTHS = _max_lengths()


def check(sheets):
    """Every problem of the workbook's rows, and the rows ready to load (see sheets.Checked)."""
    return Checker(sheets).run()
