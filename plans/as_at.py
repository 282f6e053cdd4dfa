"""The business plan as it stood at a cut-off: project statuses and activities read back from the history.

A board pack reports plan progress as at its cut-off date (papers.forms), not as at the day it is made,
so a status changed after the cut-off does not show. The cut-off is a date; the plan is read as it stood
at the end of that day in the site's time zone (`cutoff_moment`).

What the history can reconstruct. django-simple-history keeps every save of a project and of an activity
(the update form, the admin, an action); the log of status updates (StatusUpdate) keeps each status
change with the status it replaced. So for every row:

1. no recorded change after the cut-off: the row as it is now is how it stood (this also covers rows
   loaded from the seed fixture, which are saved without history);
2. otherwise, the last recorded version at or before the cut-off;
3. otherwise (its history starts after the cut-off): a project takes the status its first later status
   update replaced; a row first saved after the cut-off is taken as it was entered (the history cannot say
   whether it existed before, or in what state); failing both, the row as it is now, marked as not known
   (`status_known` False), and the pack says so.

An activity recorded as complete with a completion date after the cut-off counts as not yet complete.
An activity completed before the cut-off but only recorded after it counts as not complete: the pack
shows what was on record at the cut-off. The history cannot bring back a row deleted since (deletions of
projects and activities are refused while they have updates), nor a change written around the history
(a raw database write).

The rules here are plain functions on plain values (`state_at`, `activity_counts`); `projects_as_at`
reads the history rows for a set of projects in two queries.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from .models import Activity, Project, StatusUpdate, end_of_month, first_of_month

DUE_SOON_DAYS = 14


def cutoff_moment(day):
    """The end of `day` in the site's time zone: a change logged on the cut-off day counts."""
    start_of_next = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(start_of_next) - datetime.timedelta(microseconds=1)


@dataclass(frozen=True)
class Record:
    """One saved version of a row: when, whether it was the row's creation, and the values it held."""

    at: datetime.datetime
    created: bool
    values: dict


@dataclass(frozen=True)
class Reading:
    values: dict
    known: bool = True


def state_at(moment, current, records, replaced=None):
    """The row's values at `moment` (see the module's notes, steps 1 to 3).

    `current` is the row now, `records` its recorded versions (any order), `replaced` the values the
    first change after the moment is recorded to have replaced, when a log says a change was made after
    it (None otherwise).
    """
    later = sorted((r for r in records if r.at > moment), key=lambda r: r.at)
    if not later and replaced is None:
        return Reading(current)
    earlier = [r for r in records if r.at <= moment]
    if earlier:
        return Reading({**current, **max(earlier, key=lambda r: r.at).values})
    if replaced is not None:
        return Reading({**current, **replaced})
    if later and later[0].created:
        return Reading({**current, **later[0].values})
    return Reading(current, known=False)


def is_complete(activity, day):
    """Complete at the end of `day`: recorded complete, and not completed after it."""
    if activity.status != Activity.Status.COMPLETE:
        return False
    return activity.completed_on is None or activity.completed_on <= day


def is_overdue(activity, day):
    """The overdue rule (plans.models.overdue_q) for an activity as it stood on `day`."""
    due = activity.current_due
    return bool(due) and not is_complete(activity, day) and due < first_of_month(day)


def is_due_soon(activity, day, days=DUE_SOON_DAYS):
    """The due-soon rule (plans.models.due_soon_q): not complete, its due month ends within `days` days."""
    due = activity.current_due
    if not due or is_complete(activity, day) or due < first_of_month(day):
        return False
    return end_of_month(due) <= day + datetime.timedelta(days=days)


@dataclass(frozen=True)
class ActivityCounts:
    total: int
    done: int
    overdue: int
    due_soon: int


def activity_counts(activities, day, days=DUE_SOON_DAYS):
    """How many of the activities were done, overdue and due soon on `day`."""
    activities = list(activities)
    return ActivityCounts(
        total=len(activities),
        done=sum(is_complete(a, day) for a in activities),
        overdue=sum(is_overdue(a, day) for a in activities),
        due_soon=sum(is_due_soon(a, day, days) for a in activities),
    )


# --------------------------------------------------------------------------- reading the history

PROJECT_FIELDS = ("status",)
ACTIVITY_FIELDS = ("status", "completed_on", "due", "revised_due", "revision_reason")


def _records(history_model, key, fields, pks, moment):
    """The recorded versions of the rows `pks` that state_at reads at `moment`: of each row, its last version at
    or before the moment and its first one after it (whether any came after, and whether that one was the row's
    creation). One query, numbering each row's versions from the moment outwards: a row updated every day for
    years costs no more to read than one updated once."""
    is_after = ExpressionWrapper(Q(history_date__gt=moment), output_field=BooleanField())
    partition = [F(key), is_after]
    rows = (
        history_model.objects.filter(**{f"{key}__in": pks})
        .annotate(
            is_after=is_after,
            nth_after=Window(RowNumber(), partition_by=partition, order_by=[F("history_date"), F("history_id")]),
            nth_before=Window(
                RowNumber(), partition_by=partition, order_by=[F("history_date").desc(), F("history_id").desc()]
            ),
        )
        .filter(Q(is_after=True, nth_after=1) | Q(is_after=False, nth_before=1))
        .values(key, "history_date", "history_type", *fields)
    )
    by_row = {}
    for row in rows:
        record = Record(row["history_date"], row["history_type"] == "+", {name: row[name] for name in fields})
        by_row.setdefault(row[key], []).append(record)
    return by_row


def _first_replaced_status(projects, moment):
    """For each project, the status its first status update after `moment` replaced (where logged)."""
    replaced = {}
    updates = StatusUpdate.objects.filter(project__in=projects, created_at__gt=moment).exclude(status_from="")
    for project_id, status_from in updates.order_by("-created_at", "-id").values_list("project_id", "status_from"):
        replaced[project_id] = {"status": status_from}  # newest first: the earliest one is kept
    return replaced


def projects_as_at(projects, moment):
    """Copies of `projects` as they stood at `moment`, in the same order.

    Each copy's `status` is its status at the moment, `status_known` says whether the history could
    tell it, and `activities_as_at` holds copies of its activities as they stood (status, completion,
    due and revised due months). The rows themselves are not changed. Four queries besides the projects'
    own: their history, their status updates after the moment, their activities and the activities' history.
    """
    projects = list(projects)
    pks = [p.pk for p in projects]
    project_records = _records(Project.history.model, "id", PROJECT_FIELDS, pks, moment)
    replaced = _first_replaced_status(pks, moment)
    activities = {pk: [] for pk in pks}
    for activity in Activity.objects.filter(project_id__in=pks).order_by("project_id", "order"):
        activities[activity.project_id].append(activity)
    activity_records = _records(
        Activity.history.model, "id", ACTIVITY_FIELDS, [a.pk for acts in activities.values() for a in acts], moment
    )
    result = []
    for project in projects:
        reading = state_at(
            moment,
            {name: getattr(project, name) for name in PROJECT_FIELDS},
            project_records.get(project.pk, []),
            replaced.get(project.pk),
        )
        then = _copy(project)
        then.status = reading.values["status"]
        then.status_known = reading.known
        then.activities_as_at = [
            _activity_as_at(a, moment, activity_records.get(a.pk, [])) for a in activities[project.pk]
        ]
        result.append(then)
    return result


def later_history(plan_id, moment):
    """What reading a plan's projects at `moment` (projects_as_at) depends on besides the rows' names and the
    projects' activities: how many recorded versions of the plan's projects and of their activities date from at or
    before the moment, how many of those rows have a version recorded after it, and how many of the projects a
    status update after it logged the status it replaced. One query.

    Once the moment has passed, only a row's first save after it changes what the history says of the row then
    (the module's notes, steps 1 and 3): every later save of that row leaves these counts, and the reading, as they
    are. So a reading kept under them and under the plan's structure (plans.datacache.STRUCTURE, which every new,
    deleted or renamed row replaces) is never stale, while a lead officer's later updates leave it kept.

    Written in SQL: the page that reads it does so on every request, and the ORM took longer to build the query
    than the database to answer it.
    """
    tables = {
        "project": Project._meta.db_table,
        "project_history": Project.history.model._meta.db_table,
        "activity": Activity._meta.db_table,
        "activity_history": Activity.history.model._meta.db_table,
        "status_update": StatusUpdate._meta.db_table,
    }
    # Only the tables' own names, quoted, are written into the SQL; the values are passed as parameters.
    t = {key: connection.ops.quote_name(table) for key, table in tables.items()}
    projects = f"SELECT id FROM {t['project']} WHERE plan_id = %(plan)s"  # noqa: S608
    activities = f"SELECT id FROM {t['activity']} WHERE project_id IN ({projects})"  # noqa: S608
    # A row with later versions is counted by EXISTS, which stops at the first one it meets, so a row saved every
    # day since the moment costs little more to count than one saved once; the versions at or before the moment
    # no longer grow once it has passed.
    sql = f"""SELECT
        (SELECT COUNT(*) FROM {t["project_history"]} WHERE id IN ({projects}) AND history_date <= %(moment)s),
        (SELECT COUNT(*) FROM {t["project"]} p WHERE plan_id = %(plan)s
            AND EXISTS (SELECT 1 FROM {t["project_history"]} h WHERE h.id = p.id AND h.history_date > %(moment)s)),
        (SELECT COUNT(*) FROM {t["activity_history"]} WHERE id IN ({activities}) AND history_date <= %(moment)s),
        (SELECT COUNT(*) FROM {t["activity"]} a WHERE project_id IN ({projects})
            AND EXISTS (SELECT 1 FROM {t["activity_history"]} h WHERE h.id = a.id AND h.history_date > %(moment)s)),
        (SELECT COUNT(*) FROM {t["project"]} p WHERE plan_id = %(plan)s
            AND EXISTS (SELECT 1 FROM {t["status_update"]} s
                WHERE s.project_id = p.id AND s.created_at > %(moment)s AND s.status_from <> ''))"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, {"plan": plan_id, "moment": connection.ops.adapt_datetimefield_value(moment)})
        return tuple(cursor.fetchone())


def _copy(row):
    """A copy of a model instance to set the values of another moment on, for reading only. It shares the row's
    loaded relations: copy.copy() would copy each of its caches, which costs more than the rest of the reading."""
    then = row.__class__.__new__(row.__class__)
    then.__dict__.update(row.__dict__)
    return then


def _activity_as_at(activity, moment, records):
    reading = state_at(moment, {name: getattr(activity, name) for name in ACTIVITY_FIELDS}, records)
    then = _copy(activity)
    for name, value in reading.values.items():
        setattr(then, name, value)
    then.state_known = reading.known
    if then.status == Activity.Status.COMPLETE and not is_complete(then, timezone.localdate(moment)):
        # Recorded complete, but completed after the cut-off: not yet complete then.
        then.status = Activity.Status.IN_PROGRESS
        then.completed_on = None
    return then
