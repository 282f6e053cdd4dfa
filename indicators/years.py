"""The scorecard's part in starting, carrying into and adopting the next plan year (plans.years' signals).

- a new draft lists the same indicators as the plan it follows, under the same numbers and lead boards, with
  the outcomes mapped to the draft's copies; each indicator is also linked to the draft's copies of the
  service priorities and focus areas it was linked to;
- a project carried forward aims to move the same indicators as the project it carries;
- on adoption, each indicator the new plan lists takes that listing as its own (its home: `Indicator.plan`,
  number, outcome, lead board); an indicator the new plan does not list keeps its old listing.

Connected from IndicatorsConfig.ready(); plans never imports this.
"""

from plans.years import plan_adopted, plan_started, project_carried

from .models import Indicator, ScorecardEntry


def copy_scorecard(sender, previous, draft, outcome_map, priority_map, focus_map, **kwargs):
    entries = list(ScorecardEntry.objects.filter(plan=previous).order_by("sort_key"))
    listed = {entry.indicator_id for entry in entries}
    # An indicator whose home is the previous plan is listed there even where its entry was never written
    # (rows inserted without save()): take its listing from the indicator itself, writing nothing there.
    for indicator in Indicator.objects.filter(plan=previous).exclude(pk__in=listed):
        entries.append(
            ScorecardEntry(
                indicator=indicator,
                number=indicator.number,
                outcome_id=indicator.outcome_id,
                lead_board_id=indicator.lead_board_id,
            )
        )
    for entry in entries:
        ScorecardEntry(
            plan=draft,
            indicator_id=entry.indicator_id,
            number=entry.number,
            outcome=outcome_map[entry.outcome_id],
            lead_board_id=entry.lead_board_id,
        ).save()
    indicator_ids = [entry.indicator_id for entry in entries]
    _link_copies(Indicator.service_priorities.through, "servicepriority_id", priority_map, indicator_ids)
    _link_copies(Indicator.focus_areas.through, "focusarea_id", focus_map, indicator_ids)


def _link_copies(through, column, copies, indicator_ids):
    links = through.objects.filter(indicator_id__in=indicator_ids, **{f"{column}__in": list(copies)})
    through.objects.bulk_create(
        [through(indicator_id=link.indicator_id, **{column: copies[getattr(link, column)].pk}) for link in links],
        ignore_conflicts=True,
    )


def link_carried_project(sender, project, copy, **kwargs):
    through = Indicator.projects.through
    through.objects.bulk_create(
        [
            through(indicator_id=indicator_id, project_id=copy.pk)
            for indicator_id in through.objects.filter(project_id=project.pk).values_list("indicator_id", flat=True)
        ],
        ignore_conflicts=True,
    )


def move_home_listings(sender, plan, previous, **kwargs):
    """Each indicator the adopted plan lists takes that listing as its own; history and caches follow save()."""
    entries = ScorecardEntry.objects.filter(plan=plan).select_related("indicator")
    for entry in entries:
        indicator = entry.indicator
        listing = {"number": entry.number, "outcome_id": entry.outcome_id, "lead_board_id": entry.lead_board_id}
        if indicator.plan_id == plan.pk and all(getattr(indicator, k) == v for k, v in listing.items()):
            continue
        for name, value in listing.items():
            setattr(indicator, name, value)
        indicator._change_reason = f"Listed in {plan.code} on its adoption"
        indicator.save()


def connect():
    plan_started.connect(copy_scorecard, dispatch_uid="indicators.years.copy_scorecard")
    project_carried.connect(link_carried_project, dispatch_uid="indicators.years.link_carried_project")
    plan_adopted.connect(move_home_listings, dispatch_uid="indicators.years.move_home_listings")
