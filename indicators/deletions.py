"""What the scorecard keeps of an indicator, a plan or a board: the reasons the admin refuses to delete them.

Registered with `plans.queries.register_deletion_refusals` (apps.py), so the plans admin's refusal
(`plans.admin.KeptOnRecordAdmin`) names them too.
"""

from plans.models import Plan, ProgrammeBoard
from plans.queries import counted

from .models import Indicator, ScorecardEntry

SERIES = [
    ("values", "value"),
    ("targets", "target"),
    ("comparators", "comparator"),
    ("commentaries", "commentary", "commentaries"),
    ("process_changes", "process change"),
]


def _plans(entries):
    return ", ".join(f"{code} (as {number})" for code, number in entries)


def deletion_refusals(obj):
    if isinstance(obj, Indicator):
        return indicator_refusals(obj)
    if isinstance(obj, ProgrammeBoard):
        return board_refusals(obj)
    if isinstance(obj, Plan):
        entries = obj.scorecard_entries.count()
        if entries:
            return [f"{obj}'s scorecard reports {counted(entries, 'indicator')}."]
    if isinstance(obj, ScorecardEntry) and not obj.plan.is_draft:
        return [
            f"{obj.plan.code} is {obj.plan.get_status_display().lower()}: its scorecard is kept as the board adopted "
            "it. Leave the indicator out of the next plan's scorecard instead (only a draft's can be changed)."
        ]
    return []


def indicator_refusals(indicator):
    reasons = []
    held = [
        counted(getattr(indicator, related).count(), *names)
        for related, *names in SERIES
        if getattr(indicator, related).exists()
    ]
    if held:
        reasons.append(
            f"Indicator {indicator.number} has {', '.join(held)} on record: its series is the board's record and "
            "runs on from plan to plan. Drop it from a later plan's scorecard, or withdraw it from the public "
            "scorecard, instead."
        )
    listed = ScorecardEntry.objects.filter(indicator=indicator).order_by("plan__starts_on")
    entries = list(listed.values_list("plan__code", "number"))
    if entries:
        reasons.append(
            f"Indicator {indicator.number} is listed on the scorecard of {_plans(entries)}: an adopted plan's "
            "scorecard is kept as it was adopted, so leave the indicator out of the next plan's instead; from a "
            "draft's, delete its scorecard entry first."
        )
    return reasons


def board_refusals(board):
    reasons = []
    indicators = list(board.indicators.order_by("sort_key").values_list("number", flat=True))
    if indicators:
        shown = ", ".join(indicators[:10]) + (", …" if len(indicators) > 10 else "")
        reasons.append(
            f"{board} leads {counted(len(indicators), 'indicator')} ({shown}): give them another lead board first."
        )
    entries = board.scorecard_entries.count()
    if entries:
        reasons.append(
            f"{board} is the lead board of {counted(entries, 'scorecard entry', 'scorecard entries')} of the "
            "plans' scorecards, which are kept as adopted."
        )
    return reasons
