"""The annual report summary of a plan year: what the business plan delivered, and the scorecard by outcome.

Business plan, theme by theme:

- completed: projects whose status is complete (with the date of the status update that made them
  complete, else their last activity's completion date), and activities completed by the plan's last
  day (with their completion dates);
- carried forward: activities not complete at the plan's end (or, while the year runs, not complete
  yet), each with a reason: the latest status update about that activity (its revision reason, else
  its note), else the activity's recorded revision reason, else the project's latest status update
  note, else "No reason recorded". An activity completed after the plan's end is carried forward too,
  and says when it was completed.

The scorecard, outcome by outcome, for the plan's last month (or the latest month with figures
before it): how many indicators, how many green, amber and red, how many improving and worsening
against the same period a year before, and the exceptions, by number and title.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from indicators import rules
from indicators.listing import listed_indicators
from indicators.periods import MONTHLY, Period
from indicators.scorecard import build_scorecard, latest_month_with_data
from plans.models import Activity, Project, Status, StatusUpdate, StrategicOutcome, Theme

NO_REASON = "No reason recorded"


@dataclass
class CarriedForward:
    activity: Activity
    reason: str
    reason_source: str  # where the reason comes from, in words ("" when there is none)


@dataclass
class ThemeDelivery:
    theme: Theme
    projects: int = 0
    completed_projects: list = field(default_factory=list)  # [(project, date or None)]
    completed_activities: list = field(default_factory=list)  # [Activity]
    carried_forward: list = field(default_factory=list)  # [CarriedForward]


@dataclass
class OutcomeSummary:
    outcome: StrategicOutcome
    indicators: int = 0
    green: int = 0
    amber: int = 0
    red: int = 0
    improving: int = 0
    worsening: int = 0
    exceptions: list = field(default_factory=list)  # [IndicatorRow]

    @property
    def no_rating(self):
        return self.indicators - self.green - self.amber - self.red


@dataclass
class AnnualReport:
    plan: object
    today: datetime.date
    themes: list
    outcomes: list
    as_at: Period | None  # the month the scorecard figures run up to

    @property
    def plan_ended(self):
        return self.today > self.plan.ends_on

    @property
    def totals(self):
        return {
            "completed_projects": sum(len(t.completed_projects) for t in self.themes),
            "completed_activities": sum(len(t.completed_activities) for t in self.themes),
            "carried_forward": sum(len(t.carried_forward) for t in self.themes),
            "indicators": sum(o.indicators for o in self.outcomes),
            "exceptions": sum(len(o.exceptions) for o in self.outcomes),
        }


def _date_text(day):
    return f"{day:%-d %B %Y}"


def carried_forward_reason(activity, activity_updates, project_updates):
    """(reason, where it comes from) for an activity carried forward; updates are newest first."""
    for update in activity_updates:
        text = update.reason or update.note
        if text:
            when = _date_text(timezone.localdate(update.created_at))
            if update.reason and update.revised_due:
                return text, f"Timescale revised to {update.revised_due:%B %Y} on {when}"
            return text, f"Status update of {when}"
    if activity.revision_reason:
        return activity.revision_reason, "Reason recorded for the revised timescale"
    for update in project_updates:
        if update.note:
            return update.note, f"Latest project update, {_date_text(timezone.localdate(update.created_at))}"
    return NO_REASON, ""


def delivery_by_theme(plan):
    themes = list(
        Theme.objects.filter(plan=plan).prefetch_related(
            Prefetch(
                "projects",
                queryset=Project.objects.order_by("sort_key").prefetch_related(
                    Prefetch("activities", queryset=Activity.objects.order_by("order"))
                ),
            )
        )
    )
    by_project, by_activity, completed_at = {}, {}, {}
    for update in StatusUpdate.objects.filter(project__plan=plan).order_by("-created_at", "-id"):
        by_project.setdefault(update.project_id, []).append(update)
        if update.activity_id:
            by_activity.setdefault(update.activity_id, []).append(update)
        if update.status == Status.COMPLETE and update.status_from != Status.COMPLETE:
            completed_at.setdefault(update.project_id, timezone.localdate(update.created_at))  # the newest such update

    result = []
    for theme in themes:
        delivery = ThemeDelivery(theme=theme)
        for project in theme.projects.all():
            delivery.projects += 1
            activities = list(project.activities.all())
            if project.status == Status.COMPLETE:
                finished = [a.completed_on for a in activities if a.completed_on]
                delivery.completed_projects.append(
                    (project, completed_at.get(project.pk) or max(finished, default=None))
                )
            for activity in activities:
                done = activity.status == Activity.Status.COMPLETE
                if done and (activity.completed_on is None or activity.completed_on <= plan.ends_on):
                    delivery.completed_activities.append(activity)
                    continue
                reason, source = carried_forward_reason(
                    activity, by_activity.get(activity.pk, []), by_project.get(project.pk, [])
                )
                delivery.carried_forward.append(CarriedForward(activity, reason, source))
        result.append(delivery)
    return result


def year_end_month(plan):
    """The plan's last month with figures: the plan's final month, or the latest month with a value before it."""
    return latest_month_with_data(plan, up_to=plan.ends_on) or Period.containing(plan.ends_on, MONTHLY)


def scorecard_by_outcome(plan, today):
    as_at = year_end_month(plan)
    card = build_scorecard(listed_indicators(plan), as_at=as_at, today=today)
    summaries = {outcome.pk: OutcomeSummary(outcome) for outcome in StrategicOutcome.objects.filter(plan=plan)}
    for row in card.rows:
        summary = summaries[row.indicator.outcome_id]
        summary.indicators += 1
        if row.rag == rules.RAG.GREEN:
            summary.green += 1
        elif row.rag == rules.RAG.AMBER:
            summary.amber += 1
        elif row.rag == rules.RAG.RED:
            summary.red += 1
        if row.direction_year == rules.Direction.IMPROVING:
            summary.improving += 1
        elif row.direction_year == rules.Direction.WORSENING:
            summary.worsening += 1
        if row.is_exception:
            summary.exceptions.append(row)
    has_figures = any(row.latest for row in card.rows)
    return sorted(summaries.values(), key=lambda s: s.outcome.number), (card.as_at if has_figures else None)


def build_annual_report(plan, today):
    outcomes, as_at = scorecard_by_outcome(plan, today)
    return AnnualReport(plan=plan, today=today, themes=delivery_by_theme(plan), outcomes=outcomes, as_at=as_at)
