"""The values service: the only way an IndicatorValue, a Target or a Comparator is written or deleted.

The grid, the import, the admin and the commands build the rows they want (unsaved changes to a
row, or a new row) and hand them to `save()` as Edits, or to `delete()`. In one transaction, all of
them or none:

1. each existing row is read again and locked (SELECT ... FOR UPDATE);
2. its version is compared with the version the person's page or preview showed (`Edit.base`): if
   someone else changed it since, nothing is saved and ValuesConflict names who changed what;
3. the sign-off locks are checked for the row's old period and its new one (locks.Locks);
4. the row is validated by `validate()`, the same for every caller;
5. every row is written in bulk with its history (django-simple-history), under one change reason.

A row that would not change is not written and gets no history. ValuesInvalid lists the problems
(a lock, a model rule) by the caller's name for each row (`Edit.where`); an IntegrityError (someone
inserted the same row at the same moment) is left to the caller, which may check again.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .. import datacache
from ..ahead import request_pages_ahead
from ..models import Comparator, IndicatorValue, Target
from ..tasks import request_commentary_for
from .locks import Locks, frozen_message, row_period
from .numbers import agrees, plain_number, takes_fraction

BATCH_SIZE = 500
CHUNK = 900  # ids per query: below SQLite's limit on parameters

# What a person sees of a row: a change to any of these since their page was drawn is a conflict.
VERSIONED = {
    IndicatorValue: (
        "indicator_id",
        "category_id",
        "period_start",
        "period_end",
        "value",
        "numerator",
        "denominator",
        "note",
        "is_provisional",
    ),
    Target: ("indicator_id", "period_start", "period_end", "value", "tolerance", "note"),
    Comparator: ("indicator_id", "area", "period_start", "period_end", "value", "source"),
}
# One row per key: the database's unique constraints.
KEYS = {
    IndicatorValue: ("indicator_id", "period_start", "period_end", "category_id"),
    Target: ("indicator_id", "period_start", "period_end"),
    Comparator: ("indicator_id", "period_start", "period_end", "area"),
}
MODELS = tuple(VERSIONED)
FIGURES = (IndicatorValue, Target)  # what can make an indicator an exception (indicators/curve.py)

# The one place where the history's change reason is worded.
REASONS = {
    "grid": "Entered in the browser",
    "admin": "Changed in the admin",
    "admin_delete": "Deleted in the admin",
}


def change_reason(source, filename=None):
    """The history's change reason for a write from `source`: "grid", "admin", "admin_delete" or "import"."""
    if source == "import":
        return f"Imported from {filename}" if filename else "Imported from a file"
    return REASONS[source]


# --------------------------------------------------------------------------- versions


def _cell(value):
    if isinstance(value, Decimal):
        return plain_number(value)
    return "" if value is None else str(value)


def version(row):
    """A short fingerprint of what a person sees of `row`; "" for no row. Pages and previews carry it."""
    if row is None or row.pk is None:
        return ""
    state = "\x1f".join(_cell(getattr(row, name)) for name in VERSIONED[type(row)])
    return hashlib.sha256(state.encode()).hexdigest()[:20]


def _state(row):
    return (*(_cell(getattr(row, name)) for name in VERSIONED[type(row)]), row.is_demo)


def key_of(row):
    return (type(row), *(getattr(row, name) for name in KEYS[type(row)]))


# --------------------------------------------------------------------------- the figure rule


def set_figure(row, value, numerator=None, denominator=None):
    """Give an IndicatorValue a new value (and numerator and denominator, if given).

    A value given on its own keeps a stored numerator and denominator only if they still give it
    (to 1 decimal place); otherwise they are removed. Returns True when they are removed.
    """
    row.value = value
    if numerator is not None and denominator is not None:
        row.numerator, row.denominator = numerator, denominator
        return False
    if row.numerator is None and row.denominator is None:
        return False
    unit = row.indicator.unit
    still_true = (
        takes_fraction(unit)
        and row.numerator is not None
        and row.denominator is not None
        and row.denominator > 0
        and agrees(unit, value, row.numerator, row.denominator)
    )
    if not still_true:
        row.numerator = row.denominator = None
        return True
    return False


# --------------------------------------------------------------------------- what callers hand in and get back


@dataclass
class Edit:
    """One row to write: `row` as it should be, `base` the version its page or preview showed.

    `base` is "" when the page showed no row, and None when no version is known (a command reading a
    file has shown nobody anything): then it is not checked.
    """

    row: object
    base: str | None = None
    where: str = ""
    delete: bool = False


@dataclass
class Problem:
    where: str
    field: str | None
    message: str
    code: str = "invalid"


class ValuesInvalid(Exception):
    """Rows that cannot be written: nothing was saved. `problems` are Problem objects."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(f"{p.where}: {p.message}" for p in problems[:5]))

    @property
    def locked(self):
        return [problem for problem in self.problems if problem.code == "locked"]


@dataclass
class Conflict:
    """A row someone else changed (or removed) after the person's page or preview showed it."""

    where: str
    row: object  # the row as it is now; None if it has been removed
    wanted: object
    changed_by: object = None
    changed_at: object = None

    @property
    def now_text(self):
        if self.row is None:
            return "removed"
        return plain_number(self.row.value)

    @property
    def who(self):
        if self.changed_by is None:
            return "Someone else"
        return self.changed_by.get_full_name() or self.changed_by.get_username()

    @property
    def message(self):
        when = f" at {timezone.localtime(self.changed_at):%H:%M on %-d %B %Y}" if self.changed_at else ""
        if self.row is None:
            return f"{self.who} removed this figure{when}, after your page was opened."
        note = ""
        if getattr(self.row, "note", ""):
            note = f" (note: {self.row.note[:80]}{'…' if len(self.row.note) > 80 else ''})"
        return f"{self.who} changed this to {self.now_text}{note}{when}, after your page was opened."


class ValuesConflict(Exception):
    """Someone else changed rows after the person's page showed them: nothing was saved."""

    def __init__(self, conflicts):
        self.conflicts = conflicts
        super().__init__("; ".join(f"{c.where}: {c.message}" for c in conflicts[:5]))


@dataclass
class Saved:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    deleted: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.created) + len(self.updated) + len(self.deleted)


# --------------------------------------------------------------------------- checks


def validate(row):
    """The model's own rules (full_clean), the same for every caller.

    Related rows already attached are not looked up again, and uniqueness is left to save() and the
    database's constraints: so checking 50,000 rows takes no query per row.
    """
    exclude = [f.name for f in row._meta.concrete_fields if f.is_relation and f.is_cached(row)]
    row.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


def lock_problems(row, before=None, *, locks=None, where=""):
    """Problems for writing `row` (from `before`, its stored state) where a sign-off freezes it."""
    locks = locks if locks is not None else Locks.load()
    model = type(row)
    problems = []
    for period in dict.fromkeys(p for p in (row_period(before), row_period(row)) if p is not None):
        lock = locks.freezing(model, period)
        if lock is not None:
            message = frozen_message(lock, model, period)
            problems.append(Problem(where, None, message[:1].upper() + message[1:] + ".", "locked"))
    return problems


def current_rows(model, pks, *, for_update=False):
    """{pk: row} for the stored rows among `pks`, read in chunks, locked if asked."""
    rows = {}
    pks = sorted(pk for pk in pks if pk is not None)
    for start in range(0, len(pks), CHUNK):
        query = model.objects.filter(pk__in=pks[start : start + CHUNK]).order_by("pk")
        if for_update:
            query = query.select_for_update()
        rows.update((row.pk, row) for row in query)
    return rows


def last_change(model, pk):
    """(who, when) of the newest history record of a row, or (None, None)."""
    record = model.history.filter(id=pk).select_related("history_user").order_by("-history_date").first()
    return (record.history_user, record.history_date) if record else (None, None)


def conflict_for(edit, now):
    """A Conflict if the row changed since `edit.base` was read, or None."""
    if edit.base is None or version(now) == edit.base:
        return None
    if now is not None and not edit.delete and _state(now) == _state(edit.row):
        return None  # someone else already made the same change
    model = type(edit.row)
    pk = now.pk if now is not None else edit.row.pk
    user, when = last_change(model, pk) if pk else (None, None)
    return Conflict(edit.where, now, edit.row, user, when)


# --------------------------------------------------------------------------- writing


def save(edits, *, user=None, reason):
    """Write every edit (see the module docstring), or none; returns a Saved."""
    edits = list(edits)
    user = user if user is not None and getattr(user, "is_authenticated", False) else None
    result = Saved()
    with transaction.atomic():
        stored = {}
        for model in MODELS:
            pks = [edit.row.pk for edit in edits if type(edit.row) is model and edit.row.pk is not None]
            if pks:
                stored.update(((model, pk), row) for pk, row in current_rows(model, pks, for_update=True).items())
        locks = Locks.load()
        conflicts, problems, keys = [], [], {}
        writes = []
        for edit in edits:
            row = edit.row
            now = stored.get((type(row), row.pk)) if row.pk is not None else None
            if row.pk is not None and now is None:
                conflicts.append(conflict_for(Edit(row, "removed", edit.where), None))
                continue
            if (conflict := conflict_for(edit, now)) is not None:
                conflicts.append(conflict)
                continue
            if edit.delete:
                problems += lock_problems(now, now, locks=locks, where=edit.where)
                writes.append(edit)
                continue
            if now is not None and _state(now) == _state(row):
                result.unchanged.append(row)
                continue
            row_problems = lock_problems(row, now, locks=locks, where=edit.where)
            try:
                validate(row)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    row_problems += [Problem(edit.where, None if name == "__all__" else name, m) for m in messages]
            key = key_of(row)
            if key in keys:
                row_problems.append(Problem(edit.where, None, f"It repeats {keys[key]}."))
            keys.setdefault(key, edit.where)
            problems += row_problems
            writes.append(edit)
        if conflicts:
            raise ValuesConflict(conflicts)
        if problems:
            raise ValuesInvalid(problems)
        _write(writes, user, reason, result)
        _after_commit(result)
    return result


def _after_commit(result):
    """Once the write is committed, ask in the background for commentary on any exception it made, then for the
    indicator pages to be made ahead for their first readers (indicators.ahead)."""
    written = result.created + result.updated + result.deleted
    ids = sorted({row.indicator_id for row in written if type(row) in FIGURES})
    if ids:
        # robust: a failure to queue is logged, not raised after the values are saved; the daily run catches up.
        transaction.on_commit(lambda: request_commentary_for.enqueue(ids), robust=True)
    if written:
        request_pages_ahead()


def _write(writes, user, reason, result):
    now = timezone.now()
    for edit in writes:
        if edit.delete:
            row = edit.row
            row._change_reason = reason
            row._history_user = user
            row.delete()
            result.deleted.append(row)
            continue
        if isinstance(edit.row, IndicatorValue):
            edit.row.entered_by = user
            edit.row.entered_at = now
        (result.updated if edit.row.pk is not None else result.created).append(edit.row)
    for model in MODELS:
        created = [row for row in result.created if type(row) is model]
        updated = [row for row in result.updated if type(row) is model]
        if created:
            bulk_create_with_history(
                created, model, batch_size=BATCH_SIZE, default_user=user, default_change_reason=reason
            )
        if updated:
            fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
            bulk_update_with_history(
                updated, model, fields, batch_size=BATCH_SIZE, default_user=user, default_change_reason=reason
            )
    if writes:
        datacache.bump()  # bulk writes send no signal: the scorecard's kept figures are now out of date


def delete(rows, *, user=None, reason, bases=None):
    """Delete rows (each with its history), or none if a sign-off freezes any; `bases` as Edit.base."""
    rows = list(rows)
    bases = bases or {}
    edits = [Edit(row, bases.get(row.pk), str(row), delete=True) for row in rows]
    return save(edits, user=user, reason=reason)
