"""The board pack: what it holds, how it is put together, and how it is stored.

A board administrator picks the meeting date, the scorecard's reporting month and the cut-off for plan
progress ("Plan progress as at", by default the reporting month's last day: papers.forms). The
scorecard is read as it is stored at generation; the business plan as the status history says it
stood at the end of the cut-off day (plans.as_at): a status change or a completion logged after the
cut-off does not show. Everything is kept with the pack (papers.models.BoardPack):

1. the cover: board, meeting date, reporting period, the cut-off, plan, when and by whom it was
   generated, and a warning when demonstration figures are stored;
2. plan progress by theme as at the cut-off: each theme's projects by status and the share complete
   (plans.queries.theme_progress);
3. projects overdue or changed since the previous pack: a project is listed when one of its
   activities was overdue at the cut-off (the rule of plans.models.overdue_q), or when it has a status
   update logged after the previous pack's cut-off and by this one's. The previous pack is the latest
   one generated for an earlier meeting of the same plan, so a pack generated again for the same
   meeting covers the same changes. For the plan's first pack, "since" is the later of the plan's
   start and three months before the cut-off (FIRST_PACK_WINDOW_MONTHS);
4. the exception report for the reporting month, as /scorecard/exceptions/ shows it: the same rows
   (templates/indicators/_exception_row.html) and the same server-side SVG charts (indicators.charts),
   with "Commentary due <date>" or "Commentary overdue" where the lead board's commentary asked for
   (indicators.curve) is not yet written, as on the day of generation;
5. an appendix with the whole scorecard, every indicator's figures and ratings written in words.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from assurance.queries import pack_summary
from core.dates import months_before
from indicators import curve
from indicators.charts import decorate_rows
from indicators.listing import listed_indicators
from indicators.models import Comparator, demo_data_exists
from indicators.scorecard import build_scorecard, format_value, group_by_outcome, group_by_outcome_and_board
from plans.as_at import activity_counts, cutoff_moment, projects_as_at
from plans.models import Project, Status, StatusUpdate
from plans.queries import theme_progress

from .models import BoardPack

BOARD_NAME = "Sunderland Safeguarding Children Board"
FIRST_PACK_WINDOW_MONTHS = 3
FIGURES_VERSION = 1


def user_name(user):
    if user is None:
        return "someone"
    return user.get_full_name() or user.get_username()


def changes_since(plan, meeting_date, now):
    """(moment, is_first_pack): a status update after the moment counts as a change (see the module's notes).

    `now` is this pack's cut-off moment; the previous pack's is the end of its cut-off day, or the
    moment it was generated for a pack made before cut-offs were kept.
    """
    previous = (
        BoardPack.objects.filter(plan=plan, meeting_date__lt=meeting_date)
        .order_by("-generated_at")
        .values("generated_at", "progress_as_at")
        .first()
    )
    if previous is not None:
        if previous["progress_as_at"] is None:
            return previous["generated_at"], False
        return cutoff_moment(previous["progress_as_at"]), False
    plan_start = timezone.make_aware(datetime.datetime.combine(plan.starts_on, datetime.time.min))
    return max(plan_start, months_before(now, FIRST_PACK_WINDOW_MONTHS)), True


# --------------------------------------------------------------------------- projects


@dataclass
class ProjectEntry:
    """A project listed in the pack, with why it is listed and what changed."""

    project: Project
    overdue_activities: list = field(default_factory=list)
    updates: list = field(default_factory=list)  # StatusUpdates since the previous pack, oldest first
    latest_note: StatusUpdate | None = None  # the newest update with a note, whenever it was made
    revised_activities: list = field(default_factory=list)
    since: datetime.datetime | None = None
    counts: object = None  # plans.as_at.ActivityCounts at the cut-off

    @property
    def reasons(self):
        reasons = []
        if self.overdue_activities:
            count = len(self.overdue_activities)
            reasons.append(f"{count} activit{'y' if count == 1 else 'ies'} overdue")
        if self.updates:
            count = len(self.updates)
            since = timezone.localtime(self.since)
            reasons.append(f"{count} status update{'' if count == 1 else 's'} since {since:%-d %B %Y %H:%M}")
        return reasons


def project_entries(plan, *, today, since, until):
    """Every project of the plan as a ProjectEntry, in plan order, as it stood at `until` (the cut-off
    moment, whose day is `today`), with a fixed number of queries."""
    projects = projects_as_at(
        Project.objects.filter(plan=plan)
        .select_related("theme", "lead_board")
        .prefetch_related("lead_officers")
        .order_by("sort_key"),
        until,
    )
    entries = {project.pk: ProjectEntry(project=project, since=since) for project in projects}
    for project in projects:
        entry = entries[project.pk]
        activities = project.activities_as_at
        entry.overdue_activities = [a for a in activities if a.is_overdue(today)]
        entry.revised_activities = [a for a in activities if a.is_revised]
        entry.counts = activity_counts(activities, today)
    updates = StatusUpdate.objects.filter(project__plan=plan, created_at__lte=until).select_related(
        "author", "activity"
    )
    for update in updates.order_by("created_at", "id"):
        entry = entries[update.project_id]
        if update.created_at > since:
            entry.updates.append(update)
        if update.note:
            entry.latest_note = update  # ordered oldest first: the last one kept is the newest
    return [entries[project.pk] for project in projects]


# --------------------------------------------------------------------------- figures


def _figure(figure, unit):
    if figure is None:
        return None
    return {
        "period": figure.period.code,
        "label": figure.period.label,
        "value": str(figure.value),
        "text": format_value(figure.value, unit),
        "is_provisional": figure.is_provisional,
    }


def _label(member):
    return member.label if member is not None else None


def _commentary_due(due):
    if due is None:
        return None
    return {"due_on": due.due_on.isoformat(), "is_overdue": due.is_overdue, "text": due.text}


def indicator_figures(row):
    unit = row.indicator.unit
    commentary = row.commentary
    return {
        "number": row.indicator.number,
        "title": row.indicator.title,
        "outcome": row.indicator.outcome.number,
        "lead_board": row.indicator.lead_board.short_name,
        "unit": unit,
        "polarity": row.indicator.polarity,
        "latest": _figure(row.latest, unit),
        "previous": _figure(row.previous, unit),
        "year_before": _figure(row.year_before, unit),
        "target": None
        if row.target is None
        else {
            "value": str(row.target.value),
            "tolerance": str(row.target.tolerance),
            "text": format_value(row.target.value, unit),
            "period": row.target.period.code,
        },
        "rag": row.rag.value if row.rag else None,
        "rag_label": _label(row.rag),
        "direction_previous": _label(row.direction_previous),
        "direction_year": _label(row.direction_year),
        "variation": _label(row.variation),
        "variation_text": row.variation_text,
        "assurance": _label(row.assurance),
        "signals": [signal.label for signal in row.latest_signals],
        "is_missing": row.is_missing,
        "expected_period": row.expected_period.code if row.expected_period else None,
        "missing_periods": [period.code for period in row.missing_periods],
        "is_exception": row.is_exception,
        "reasons": list(row.reasons),
        "commentary_due": _commentary_due(getattr(row, "commentary_due", None)),
        "comparators": {
            area: {"value": str(value), "text": format_value(value, unit)}
            for area, value in sorted(row.comparators.items())
        },
        "commentary": None
        if commentary is None
        else {
            "period": commentary.period.code,
            "story": commentary.story,
            "partners": commentary.partners,
            "what_works": commentary.what_works,
            "actions": commentary.actions,
            "author": user_name(commentary.author),
            "created_at": commentary.created_at.isoformat(),
        },
    }


def project_figures(entry, listed):
    project = entry.project
    return {
        "number": project.number,
        "title": project.title,
        "theme": project.theme.number,
        "status": project.status,
        "status_label": project.get_status_display(),
        "status_known": project.status_known,
        "activities": {
            "total": entry.counts.total,
            "done": entry.counts.done,
            "overdue": entry.counts.overdue,
            "due_soon": entry.counts.due_soon,
        },
        "listed": listed,
        "reasons": entry.reasons,
        "overdue_activities": [
            {
                "order": a.order,
                "description": a.description,
                "due": a.current_due.isoformat() if a.current_due else None,
            }
            for a in entry.overdue_activities
        ],
        "updates_since": [
            {
                "at": u.created_at.isoformat(),
                "by": user_name(u.author),
                "status_from": u.status_from,
                "status": u.status,
                "note": u.note,
                "revised_due": u.revised_due.isoformat() if u.revised_due else None,
                "reason": u.reason,
            }
            for u in entry.updates
        ],
        "latest_note": None
        if entry.latest_note is None
        else {"at": entry.latest_note.created_at.isoformat(), "note": entry.latest_note.note},
        "revised_timescales": [
            {
                "order": a.order,
                "due": a.due.isoformat() if a.due else None,
                "revised_due": a.revised_due.isoformat(),
                "reason": a.revision_reason,
            }
            for a in entry.revised_activities
        ],
    }


# --------------------------------------------------------------------------- the pack


@dataclass
class PackContent:
    context: dict
    figures: dict


def build_board_pack(
    plan, *, meeting_date, as_at, generated_at, generated_by, since, first_pack=False, progress_as_at=None
):
    """Everything the pack shows: the template's context and the figures to store.

    The plan's progress is read as at the end of `progress_as_at` (the cut-off), or at `generated_at`
    when none is given; the scorecard as stored now.
    """
    today = timezone.localdate(generated_at)
    cutoff = cutoff_moment(progress_as_at) if progress_as_at else generated_at
    progress_day = timezone.localdate(cutoff)
    demo = demo_data_exists()
    themes = theme_progress(plan, as_at=cutoff)
    entries = project_entries(plan, today=progress_day, since=since, until=cutoff)
    listed = [entry for entry in entries if entry.reasons]

    card = build_scorecard(listed_indicators(plan), as_at=as_at, today=today)
    rows = decorate_rows(card.rows)
    exceptions = [row for row in rows if row.is_exception]
    curve.attach_commentary_due(exceptions, today=today)

    context = {
        "board_name": BOARD_NAME,
        "plan": plan,
        "meeting_date": meeting_date,
        "as_at": card.as_at,
        "generated_at": generated_at,
        "generated_on": today,
        "progress_as_at": progress_day,
        "unknown_statuses": [entry.project for entry in entries if not entry.project.status_known],
        "unknown_activities": sum(not a.state_known for e in entries for a in e.project.activities_as_at),
        "generated_by_name": user_name(generated_by),
        "demo": demo,
        "since": since,
        "first_pack": first_pack,
        "statuses": list(Status),
        "themes": themes,
        "projects": listed,
        "exception_groups": group_by_outcome_and_board(exceptions),
        "exception_count": len(exceptions),
        "indicator_count": len(rows),
        "appendix_groups": group_by_outcome(rows),
        "areas": Comparator.Area.choices,
        "assurance": pack_summary(progress_day),
    }
    figures = {
        "version": FIGURES_VERSION,
        "board": BOARD_NAME,
        "plan": {"code": plan.code, "title": plan.title, "version": plan.version},
        "meeting_date": meeting_date.isoformat(),
        "reporting_period": {"code": card.as_at.code, "label": card.as_at.label},
        "generated_at": generated_at.isoformat(),
        "generated_by": user_name(generated_by),
        "progress_as_at": progress_day.isoformat(),
        "demo_data": demo,
        "changes_since": since.isoformat(),
        "first_pack": first_pack,
        "themes": [
            {
                "number": theme.number,
                "title": theme.title,
                "projects": theme.n_total,
                "by_status": {status.value: count for status, count in theme.by_status},
                "share_complete": theme.share_complete,
            }
            for theme in themes
        ],
        "projects": [project_figures(entry, bool(entry.reasons)) for entry in entries],
        "indicators": [indicator_figures(row) for row in rows],
        "exception_count": len(exceptions),
        "assurance": context["assurance"],
    }
    return PackContent(context=context, figures=figures)


def render_board_pack(content):
    """The pack's HTML: the content shared by the printable page and the PDF."""
    return render_to_string("papers/_board_pack.html", content.context)


def generate_board_pack(*, plan, meeting_date, as_at, user, origin="", progress_as_at=None, meeting=None):
    """Build, render and store a pack; returns the saved BoardPack.

    `progress_as_at` is the cut-off date for plan progress (None: as at generation). The figures are
    read and the PDF rendered before the write, so no write lock is held while WeasyPrint works; the
    row is then saved in one transaction.
    """
    generated_at = timezone.now()
    cutoff = cutoff_moment(progress_as_at) if progress_as_at else generated_at
    since, first_pack = changes_since(plan, meeting_date, cutoff)
    content = build_board_pack(
        plan,
        meeting_date=meeting_date,
        as_at=as_at,
        generated_at=generated_at,
        generated_by=user,
        since=since,
        first_pack=first_pack,
        progress_as_at=progress_as_at,
    )
    html = render_board_pack(content)
    from .pdf import render_pdf  # WeasyPrint needs Pango: only the pages that make PDFs load it

    pdf = render_pdf(html, title=f"Board pack, {meeting_date:%-d %B %Y}", origin=origin)
    with transaction.atomic():
        return BoardPack.objects.create(
            plan=plan,
            meeting_date=meeting_date,
            reporting_period_start=content.context["as_at"].start,
            reporting_period_end=content.context["as_at"].end,
            changes_since=since,
            progress_as_at=progress_as_at,
            generated_at=generated_at,
            generated_by=user,
            contains_demo_data=content.context["demo"],
            html=html,
            figures=content.figures,
            pdf=pdf,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            meeting=meeting,
        )
