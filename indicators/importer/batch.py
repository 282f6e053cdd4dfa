"""The checked preview, kept on the ImportBatch once at upload (ImportBatch.checked).

The preview page shows it without checking the file again, however many rows it has; the
confirmation compares each row's kept version with the row as it is then (importer.save).
"""

from dataclasses import dataclass

from .check import CHANGED, ERROR, NEW, UNCHANGED


@dataclass
class CheckedRow:
    """One row's outcome as kept on the batch (ImportBatch.checked): what the preview page shows."""

    row_number: int
    kind: str
    indicator_number: str = ""
    period_code: str = ""
    where: str = ""  # the category (values) or the area (comparators)
    old_value_text: str = ""
    new_value_text: str = ""
    reason: str = ""
    message: str = ""
    base: str = ""

    @property
    def is_error(self):
        return self.kind == ERROR

    @property
    def outcome_label(self):
        return {NEW: "New", CHANGED: "Changed", UNCHANGED: "Unchanged", ERROR: "Error"}[self.kind]

    @property
    def category_name(self):
        return self.where

    @property
    def area(self):
        return self.where

    @classmethod
    def from_outcome(cls, row):
        return cls(
            row_number=row.row_number,
            kind=row.kind,
            indicator_number=row.indicator_number,
            period_code=row.period_code,
            where=row.area or row.category_name,
            old_value_text=row.old_value_text,
            new_value_text=row.new_value_text,
            reason=row.reason,
            message=row.message,
            base=row.base,
        )


FIELDS = ("row_number", "kind", "indicator_number", "period_code", "where", "old_value_text", "new_value_text")
FIELDS += ("reason", "message", "base")


def stored(result):
    """The preview as JSON for ImportBatch.checked: counts, and each row's outcome (errors first when shown)."""
    rows = [CheckedRow.from_outcome(row) for row in result.rows]
    return {
        "kind": result.kind,
        "counts": result.counts,
        "rows": [[getattr(row, name) for name in FIELDS] for row in rows],
    }


def checked_rows(checked):
    """The CheckedRows kept on a batch."""
    return [CheckedRow(**dict(zip(FIELDS, cells, strict=True))) for cells in checked.get("rows", [])]


def bases(checked):
    """{row number: the version each row was checked against} from a batch's kept preview."""
    index, number = FIELDS.index("base"), FIELDS.index("row_number")
    return {cells[number]: cells[index] for cells in checked.get("rows", [])}


@dataclass
class KeptPreview:
    """A batch's kept preview, as the preview page reads it."""

    kind: str
    counts: dict
    rows: list

    @classmethod
    def of(cls, batch):
        checked = batch.checked or {}
        counts = dict.fromkeys((NEW, CHANGED, UNCHANGED, ERROR), 0) | checked.get("counts", {})
        return cls(kind=checked.get("kind", batch.kind), counts=counts, rows=checked_rows(checked))

    @property
    def errors(self):
        return [row for row in self.rows if row.kind == ERROR]

    @property
    def is_valid(self):
        return not self.counts.get(ERROR)

    @property
    def total(self):
        return len(self.rows)

    def errors_first(self):
        """The rows to list: those with errors first, then the others, each in file order."""
        return sorted(self.rows, key=lambda row: row.kind != ERROR)
