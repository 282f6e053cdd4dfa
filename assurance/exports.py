"""The action tracker as a spreadsheet: one row per action, every cell through core.downloads."""

from core.dates import today as site_today
from core.downloads import DATE_FORMAT, safe_filename, set_column_widths, write_only_cell

COLUMNS = [
    ("Action", 50, None),
    ("Source", 18, None),
    ("From", 40, None),
    ("Owner", 24, None),
    ("Agency", 28, None),
    ("Due", 11, DATE_FORMAT),
    ("Status", 12, None),
    ("Overdue", 9, None),
    ("Raised on", 11, DATE_FORMAT),
    ("Evidence", 50, None),
]
HEADER = [header for header, _, _ in COLUMNS]


def action_rows(actions):
    rows = []
    for action in actions:
        source = action.source_object
        rows.append(
            [
                action.title,
                action.get_source_display(),
                str(source) if source else "",
                action.owner.name,
                str(action.owner.agency) if action.owner.agency else "",
                action.due,
                action.get_status_display(),
                "Yes" if action.is_overdue else "No",
                action.created_on,
                action.evidence,
            ]
        )
    return rows


def filename(extension):
    return safe_filename("actions", site_today().isoformat(), extension=extension)


def workbook(rows):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Actions")
    sheet.freeze_panes = "A2"
    set_column_widths(sheet, [width for _, width, _ in COLUMNS])
    bold = Font(bold=True)
    sheet.append([write_only_cell(sheet, header, font=bold) for header in HEADER])
    formats = [number_format for _, _, number_format in COLUMNS]
    for row in rows:
        sheet.append(
            [
                None if value is None else write_only_cell(sheet, value, number_format=number_format)
                for value, number_format in zip(row, formats, strict=True)
            ]
        )
    return book
