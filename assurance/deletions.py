"""What the assurance records keep of an officer, a board or a plan: the reasons the admin refuses to delete them.

Registered with `plans.queries.register_deletion_refusals` (apps.py).
"""

from plans.models import Officer, Plan, ProgrammeBoard
from plans.queries import counted


def deletion_refusals(obj):
    if isinstance(obj, Officer):
        held = [
            counted(count, *names)
            for count, *names in [
                (obj.actions.count(), "action"),
                (obj.risks.count(), "risk"),
                (obj.recommendations.count(), "recommendation"),
                (obj.audits.count(), "audit"),
            ]
            if count
        ]
        if held:
            return [f"{obj} owns or leads {', '.join(held)} of the assurance records: give them another owner first."]
    elif isinstance(obj, ProgrammeBoard):
        meetings = obj.meetings.count()
        if meetings:
            return [f"{obj} has {counted(meetings, 'meeting')} on record, with their decisions."]
    elif isinstance(obj, Plan):
        cycles = obj.audit_cycles.count()
        if cycles:
            return [f"{obj} holds {counted(cycles, 'audit cycle')} of the audit programme."]
    return []
