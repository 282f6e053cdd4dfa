"""Which indicator a row of an import names: by its code, or by its number in the plan of the row's period.

An indicator keeps its series across plans, but each plan numbers it in its own scorecard (ScorecardEntry):
indicator 5 of 2018-19 may be 7 in 2019-20, and 5 there may be another measure. So a row's `indicator` is read

- as a code ("ind-56a", shown on the indicator's page) when it is one: that indicator, whatever its number;
- else as a number in the plan whose strategic span (starts_on to ends_on) holds the start of the row's
  period; a period before every plan is read in the earliest plan, one after every plan in the current plan.
  A number that plan does not list is refused: "indicator 69 is not on the 2018-19 scorecard".

The period is read by the indicator's frequency, so each plan that has the number is tried with its measure's.
Two queries: the plans and every plan's entries.
"""

from plans.models import Plan

from ..listing import as_listed, plan_holding
from ..models import ScorecardEntry
from ..periods import Period
from .read import normalise


class Indicators:
    def __init__(self, plan=None):
        self.plans = list(Plan.objects.order_by("starts_on", "pk"))
        adopted = [item for item in self.plans if not item.is_draft]
        current = [item for item in adopted if item.is_current]
        self.current = (current or adopted or self.plans or [plan])[-1]  # as plan_holding finds it
        by_pk = {item.pk: item for item in self.plans}
        self.by_number = {}  # normalised number → {plan id: indicator as that plan lists it}
        self.by_code = {}  # normalised code → {plan id: indicator as that plan lists it}
        self.home = {}  # indicator id → plan id of its own listing
        entries = ScorecardEntry.objects.select_related("indicator__breakdown", "outcome", "lead_board").order_by(
            "plan_id", "sort_key"
        )
        for entry in entries:
            indicator = as_listed(entry, by_pk[entry.plan_id])
            self.by_number.setdefault(normalise(entry.number), {})[entry.plan_id] = indicator
            self.by_code.setdefault(normalise(indicator.code), {})[entry.plan_id] = indicator
            if indicator.plan_id == entry.plan_id or indicator.pk not in self.home:
                self.home[indicator.pk] = entry.plan_id

    def breakdown_ids(self):
        return {
            indicator.breakdown_id
            for listings in self.by_code.values()
            for indicator in listings.values()
            if indicator.breakdown_id
        }

    def plan_for(self, day):
        """The plan whose strategic span holds `day`; the earliest before every plan, else the current plan."""
        return plan_holding(self.plans, day) or self.current

    def resolve(self, text, period_text, read_period):
        """(indicator or None, the problem naming it or None, Period or PeriodError or None for no period).

        `read_period(text, frequency)` reads a period for an indicator of that frequency (None: any kind).
        """
        if not text:
            return None, None, read_period(period_text, None) if period_text else None
        by_code = self.by_code.get(normalise(text))
        if by_code is not None:
            first = next(iter(by_code.values()))
            period = read_period(period_text, first.frequency) if period_text else None
            if isinstance(period, Period):
                listed = by_code.get(self.plan_for(period.start).pk)
                if listed is not None:
                    return listed, None, period
            return by_code.get(self.home[first.pk], first), None, period
        candidates = self.by_number.get(normalise(text))
        if not candidates:
            return (
                None,
                f"there is no indicator {text} in this plan",
                read_period(period_text, None) if period_text else None,
            )
        if not period_text:
            return candidates.get(self.current.pk, next(iter(candidates.values()))), None, None
        refused = None
        for plan_pk, indicator in candidates.items():
            period = read_period(period_text, indicator.frequency)
            if isinstance(period, Period):
                holder = self.plan_for(period.start)
                if holder.pk == plan_pk:
                    return indicator, None, period
                refused = refused or (holder, period)
        if refused is not None:
            holder, period = refused
            return None, f"indicator {text} is not on the {holder.code} scorecard", period
        indicator = candidates.get(self.current.pk, next(iter(candidates.values())))
        return indicator, None, read_period(period_text, indicator.frequency)
