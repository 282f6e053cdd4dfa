"""Saving a checked import through the values service: every row, or none.

    counts = apply(result, plan=plan, user=user)   # ImportRejected if any row is bad; ImportConflict if
                                                   # a previewed row was changed by someone else since

The rows are checked again first, in the same transaction as the save: values and locks may have
changed since the preview.
"""

from django.db import IntegrityError, transaction

from ..models import Comparator, IndicatorValue
from ..values import service
from . import check
from .check import CHANGED, ERROR, NEW, ImportPreview, ImportRejected
from .read import VALUES


class ImportConflict(Exception):
    """Previewed rows changed by someone else before the confirmation: nothing was saved.

    `conflicts` are the values service's Conflicts, whose `where` is "Row 7"; `preview` is the file
    checked again against the rows as they are now.
    """

    def __init__(self, conflicts, preview):
        self.conflicts = conflicts
        self.preview = preview
        shown = "; ".join(f"{c.where}: {c.message}" for c in conflicts[:5])
        super().__init__(f"{len(conflicts)} row(s) changed since the preview; nothing has been saved. {shown}")


def where(row):
    return f"Row {row.row_number}"


def _value_row(row):
    value_row = row.existing or IndicatorValue(period_start=row.period.start, period_end=row.period.end)
    # The checked rows' own instances, so that validation looks nothing up again.
    value_row.indicator = row.indicator
    value_row.category = row.category
    service.set_figure(value_row, row.new_value, row.numerator, row.denominator)
    if row.note:
        value_row.note = row.note
    if row.provisional is not None:
        value_row.is_provisional = row.provisional
    value_row.is_demo = False
    return value_row


def _comparator_row(row):
    comparator = row.existing or Comparator(
        area=row.area_code, period_start=row.period.start, period_end=row.period.end
    )
    comparator.indicator = row.indicator
    comparator.value = row.new_value
    if row.note:
        comparator.source = row.note
    comparator.is_demo = False
    return comparator


def _mark_errors(result, problems):
    by_where = {where(row): row for row in result.rows}
    for problem in problems:
        row = by_where[problem.where]
        reason = problem.message.rstrip(".")
        if row.kind == ERROR:
            row.reason = f"{row.reason}; {reason[:1].lower()}{reason[1:]}"
        else:
            row.kind = ERROR
            row.reason = reason
        row.message = f"Row {row.row_number}: {row.reason[:1].lower()}{row.reason[1:]}"


def _check_and_save(rows, plan, kind, user, reason, bases):
    with transaction.atomic():
        result = check.preview(rows, plan=plan, kind=kind)
        if not result.is_valid:
            raise ImportRejected(result)
        build = _value_row if kind == VALUES else _comparator_row
        edits = [
            service.Edit(build(row), None if bases is None else bases.get(row.row_number, ""), where(row))
            for row in result.rows
            if row.kind in (NEW, CHANGED)
        ]
        try:
            service.save(edits, user=user, reason=reason)
        except service.ValuesConflict as conflict:
            raise ImportConflict(conflict.conflicts, result) from None
        except service.ValuesInvalid as invalid:
            _mark_errors(result, invalid.problems)
            raise ImportRejected(result) from None
    return result


def apply(result_or_rows, *, plan, user=None, kind=None, filename=None, bases=None):
    """Save every row, or nothing: checks the rows again first and raises ImportRejected if any is bad.

    `result_or_rows` is an ImportPreview (its rows are checked again, and each is compared with the
    version of the stored row it was previewed against: ImportConflict if someone changed it since)
    or the rows from read_table(). `bases` ({row number: version}, as kept on an ImportBatch) gives
    those versions for rows. The history's change reason names `filename`.

    Returns the counts: {"new": 3, "changed": 1, "unchanged": 5, "error": 0, "total": 9}.
    """
    if isinstance(result_or_rows, ImportPreview):
        rows = result_or_rows.source_rows
        kind = kind or result_or_rows.kind
        if bases is None:
            bases = {row.row_number: row.base for row in result_or_rows.rows}
    else:
        rows = list(result_or_rows)
    kind = kind or VALUES
    reason = service.change_reason("import", filename)
    user = user if user is not None and getattr(user, "is_authenticated", False) else None
    try:
        result = _check_and_save(rows, plan, kind, user, reason, bases)
    except IntegrityError:
        # Someone saved one of these rows between the check and the save: check again, once.
        result = _check_and_save(rows, plan, kind, user, reason, bases)
    counts = result.counts
    counts["total"] = result.total
    return counts
