"""The strategic plan and the business plan.

The models live in modules by subject (plan, people, business) and the date rules in `rules`;
every name is importable from `plans.models`, as it always was.
"""

from .business import (
    Activity,
    ActivityManager,
    ActivityQuerySet,
    Project,
    ProjectManager,
    ProjectQuerySet,
    ReminderLog,
    Status,
    StatusUpdate,
    StatusUpdateQuerySet,
    Theme,
)
from .people import Agency, AgencyManager, Officer, OfficerManager, ProgrammeBoard, ProgrammeBoardManager
from .plan import (
    FocusArea,
    FocusAreaManager,
    NumberedInParentsPlan,
    OrderedPlanChildManager,
    Plan,
    PlanChildManager,
    PlanManager,
    PlanSection,
    Responsibility,
    ServicePriority,
    StrategicOutcome,
    StrategicPriority,
    Value,
    ValueManager,
    ValueTheme,
)
from .rules import due_soon_q, end_of_month, first_of_month, overdue_q

__all__ = [
    "Activity",
    "ActivityManager",
    "ActivityQuerySet",
    "Agency",
    "AgencyManager",
    "FocusArea",
    "FocusAreaManager",
    "NumberedInParentsPlan",
    "Officer",
    "OfficerManager",
    "OrderedPlanChildManager",
    "Plan",
    "PlanChildManager",
    "PlanManager",
    "PlanSection",
    "ProgrammeBoard",
    "ProgrammeBoardManager",
    "Project",
    "ProjectManager",
    "ProjectQuerySet",
    "ReminderLog",
    "Responsibility",
    "ServicePriority",
    "Status",
    "StatusUpdate",
    "StatusUpdateQuerySet",
    "StrategicOutcome",
    "StrategicPriority",
    "Theme",
    "Value",
    "ValueManager",
    "ValueTheme",
    "due_soon_q",
    "end_of_month",
    "first_of_month",
    "overdue_q",
]
