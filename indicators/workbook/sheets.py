"""The plan workbook's template, in one place: its sheets, their columns, and which columns name a row.

Every sheet has a header row (row 1) naming its columns, then one row per thing. Columns may come in any
order; a header is matched by its name without regard to case, spaces or underscores; other columns are
ignored. docs/plan-workbook.md describes each column for the people who fill the workbook in.
"""

from dataclasses import dataclass, field

TEXT, INTEGER, DATE, MONTH, CHOICE, LIST = "text", "integer", "date", "month", "choice", "list"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    kind: str = TEXT
    progress: bool = False  # a status that moves during the year: left out of "what changed" between versions


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple
    key: tuple  # the columns that name a row within the sheet (for duplicates and for "what changed")
    optional: bool = False  # may be left out of the workbook altogether
    one_row: bool = False
    notes: str = ""

    @property
    def headers(self):
        return [column.header for column in self.columns]

    def column(self, key):
        return next(column for column in self.columns if column.key == key)


def _c(key, header=None, **options):
    return Column(key, header or key.replace("_", " ").capitalize(), **options)


PLAN = Sheet(
    "Plan",
    (
        _c("code", required=True),
        _c("title", required=True),
        _c("version", kind=INTEGER),
        _c("version_note"),
        _c("adopted_by"),
        _c("adopted_on", kind=DATE),
        _c("starts_on", required=True, kind=DATE),
        _c("ends_on", required=True, kind=DATE),
        _c("business_starts_on", kind=DATE),
        _c("business_ends_on", kind=DATE),
        _c("mission"),
    ),
    key=("code",),
    one_row=True,
)
BOARDS = Sheet(
    "Boards",
    (_c("short_name", required=True), _c("name", required=True)),
    key=("short_name",),
    optional=True,
    notes="Boards the plan names that the site does not have yet; boards it has are left as they are.",
)
VALUES = Sheet(
    "Values",
    (
        _c("theme_number", required=True, kind=INTEGER),
        _c("theme_name", required=True),
        _c("value", required=True),
    ),
    key=("theme_number", "value"),
)
RESPONSIBILITIES = Sheet(
    "Responsibilities",
    (_c("order", required=True, kind=INTEGER), _c("title", required=True), _c("description")),
    key=("order",),
)
PRIORITIES = Sheet(
    "Priorities",
    (
        _c("kind", required=True, kind=CHOICE),
        _c("order", required=True, kind=INTEGER),
        _c("name", required=True),
        _c("description"),
    ),
    key=("kind", "order"),
)
FOCUS_AREAS = Sheet(
    "Focus areas",
    (
        _c("service_priority", "Service priority order", required=True, kind=INTEGER),
        _c("order", required=True, kind=INTEGER),
        _c("name", required=True),
    ),
    key=("service_priority", "order"),
)
OUTCOMES = Sheet("Outcomes", (_c("number", required=True, kind=INTEGER), _c("title", required=True)), key=("number",))
THEMES = Sheet("Themes", (_c("number", required=True, kind=INTEGER), _c("title", required=True)), key=("number",))
PROJECTS = Sheet(
    "Projects",
    (
        _c("number", required=True),
        _c("theme", required=True, kind=INTEGER),
        _c("title", required=True),
        _c("lead_board", required=True),
        _c("joint_lead_boards", kind=LIST),
        _c("lead_as_written"),
        _c("lead_officers", kind=LIST),
        _c("status", kind=CHOICE, progress=True),
    ),
    key=("number",),
)
ACTIVITIES = Sheet(
    "Activities",
    (
        _c("project", required=True),
        _c("order", required=True, kind=INTEGER),
        _c("description", required=True),
        _c("timescale", kind=MONTH),
        _c("status", kind=CHOICE, progress=True),
        _c("completed", "Completed month", kind=DATE, progress=True),
        _c("revised", "Revised month", kind=DATE, progress=True),
        _c("revision_reason", progress=True),
    ),
    key=("project", "order"),
)
INDICATORS = Sheet(
    "Indicators",
    (
        _c("number", required=True),
        _c("code"),
        _c("title", required=True),
        _c("unit", required=True, kind=CHOICE),
        _c("polarity", kind=CHOICE),
        _c("frequency", kind=CHOICE),
        _c("outcome", required=True, kind=INTEGER),
        _c("lead_board", required=True),
        _c("breakdown"),
        _c("definition"),
        _c("source"),
        _c("numerator_label"),
        _c("denominator_label"),
        _c("data_deadline_days", kind=INTEGER),
        _c("service_priorities", kind=LIST),
        _c("focus_areas", kind=LIST),
        _c("projects", kind=LIST),
    ),
    key=("number",),
)
BREAKDOWNS = Sheet(
    "Breakdowns",
    (_c("breakdown", required=True), _c("order", kind=INTEGER), _c("category", required=True)),
    key=("breakdown", "category"),
    optional=True,
    notes="Breakdowns the indicators name that the site does not have yet, one row per category.",
)

SHEETS = (
    PLAN,
    BOARDS,
    VALUES,
    RESPONSIBILITIES,
    PRIORITIES,
    FOCUS_AREAS,
    OUTCOMES,
    THEMES,
    PROJECTS,
    ACTIVITIES,
    INDICATORS,
    BREAKDOWNS,
)
BY_NAME = {sheet.name: sheet for sheet in SHEETS}
LIST_SEPARATOR = ";"


@dataclass
class Problem:
    """One reason a workbook cannot be loaded, where it is: sheet, row (1 is the header) and column."""

    sheet: str
    row: int | None
    reason: str
    column: str = ""

    def __str__(self):
        where = self.sheet + (f", row {self.row}" if self.row else "")
        return f"{where}: {self.reason}"

    def as_dict(self):
        return {"sheet": self.sheet, "row": self.row, "reason": self.reason, "column": self.column}


@dataclass
class Checked:
    """A workbook checked: every problem, and the rows as they will be written (each with its row number)."""

    problems: list = field(default_factory=list)
    rows: dict = field(default_factory=dict)  # sheet name -> [cleaned row dict]
    notes: dict = field(default_factory=dict)  # sheet name -> {row number: what the row does, in words}

    @property
    def is_valid(self):
        return not self.problems

    def counts(self):
        return {sheet.name: len(self.rows.get(sheet.name, [])) for sheet in SHEETS}
