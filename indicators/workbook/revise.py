"""Plan revisions: keep the plan as it stands as an earlier version, and what changed between versions.

    revise_plan(plan, version_note=..., reason=..., adopted_on=..., adopted_by=..., by=user)
    versions(plan)                      # [Version], oldest first; the last is the plan as it is now
    changes(older.rows, newer.rows)     # {sheet name: SheetChanges}, sheets with no change left out

A revision stores the plan's workbook rows (export.plan_rows, as JSON) on a plans.PlanRevision, then
the plan takes its new version number, note and adoption date. The revised content is then edited in the
browser or the admin as usual: "what changed" compares each version with the next (the latest with the plan
as it is now), row by row and field by field, leaving out the statuses that move through the year.
"""

from dataclasses import dataclass, field

from django.db import transaction

from plans.models import Plan, PlanRevision

from . import sheets as s
from .export import jsonable, plan_rows


@transaction.atomic
def revise_plan(plan, *, version_note, reason, adopted_on, adopted_by, by=None):
    """Keep the plan as it stands as version N (a PlanRevision), and make the plan version N + 1."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    revision = PlanRevision(
        plan=plan,
        version=plan.version,
        version_note=plan.version_note,
        adopted_on=plan.adopted_on,
        adopted_by=plan.adopted_by,
        replaced_on=adopted_on,
        replaced_because=reason,
        snapshot=jsonable(plan_rows(plan)),
    )
    revision._history_user = by
    revision.save()
    plan.version += 1
    plan.version_note = version_note
    plan.adopted_on = adopted_on
    plan.adopted_by = adopted_by
    plan._history_user = by
    plan._change_reason = f"Version {plan.version}: {reason}"[:100]
    plan.save()
    return revision


@dataclass
class Version:
    number: int
    note: str
    adopted_on: object
    adopted_by: str
    rows: dict
    revision: PlanRevision | None = None  # None for the plan as it is now

    @property
    def is_current(self):
        return self.revision is None


def versions(plan):
    """Every version of the plan, oldest first: its revisions, then the plan as it is now."""
    found = [
        Version(r.version, r.version_note, r.adopted_on, r.adopted_by, r.snapshot, r)
        for r in plan.revisions.order_by("version")
    ]
    found.append(Version(plan.version, plan.version_note, plan.adopted_on, plan.adopted_by, jsonable(plan_rows(plan))))
    return found


@dataclass
class SheetChanges:
    sheet: object
    added: list = field(default_factory=list)  # rows, in words
    removed: list = field(default_factory=list)  # rows, in words
    changed: list = field(default_factory=list)  # (key text, [(column header, before, after)])

    @property
    def count(self):
        return len(self.added) + len(self.removed) + len(self.changed)


def _key(sheet, row):
    return tuple(str(row.get(k)).strip().lower() for k in sheet.key)


def key_text(sheet, row):
    return ", ".join(f"{sheet.column(k).header} {row.get(k)}" for k in sheet.key)


def row_text(sheet, row):
    """A row in words for "added" and "removed": its filled-in cells, in the template's order (a snapshot
    kept in PostgreSQL's jsonb does not keep the order of its keys)."""
    values = (row.get(column.key) for column in sheet.columns)
    return " · ".join(str(value) for value in values if value not in (None, ""))


def changes(older, newer):
    """What changed from one version's rows to the next's, per sheet (statuses and completions left out)."""
    found = {}
    for sheet in s.SHEETS:
        if sheet is s.PLAN:
            compared = [
                c for c in sheet.columns if c.key not in ("version", "version_note", "adopted_on", "adopted_by")
            ]
        else:
            compared = [c for c in sheet.columns if not c.progress]
        before = {_key(sheet, row): row for row in older.get(sheet.name, [])}
        after = {_key(sheet, row): row for row in newer.get(sheet.name, [])}
        result = SheetChanges(sheet)
        result.added = [row_text(sheet, row) for key, row in after.items() if key not in before]
        result.removed = [row_text(sheet, row) for key, row in before.items() if key not in after]
        for key, row in after.items():
            if key in before:
                fields = [
                    (c.header, before[key].get(c.key), row.get(c.key))
                    for c in compared
                    if (before[key].get(c.key) or None) != (row.get(c.key) or None)
                ]
                if fields:
                    result.changed.append((key_text(sheet, row), fields))
        if result.count:
            found[sheet.name] = result
    return found
