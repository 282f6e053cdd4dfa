"""The scorecard's models, one module per part; every model is importable from indicators.models."""

from .base import PeriodModel, period_check
from .curve import CommentaryRequest, CommentaryRequestEmail
from .entry import ScorecardEntry
from .imports import ImportBatch, PlanWorkbookUpload
from .indicator import Breakdown, BreakdownCategory, Indicator, ListedIndicatorSaved
from .publication import PUBLICATION_SETTINGS_PK, PublicationSettings
from .review import Commentary, ProcessChange
from .signoff import PeriodLock, PeriodLocked, SignOffEvent
from .values import Comparator, IndicatorValue, Target, demo_data_exists

__all__ = [
    "PUBLICATION_SETTINGS_PK",
    "Breakdown",
    "BreakdownCategory",
    "Commentary",
    "CommentaryRequest",
    "CommentaryRequestEmail",
    "Comparator",
    "ImportBatch",
    "Indicator",
    "IndicatorValue",
    "ListedIndicatorSaved",
    "PeriodLock",
    "PeriodLocked",
    "PeriodModel",
    "PlanWorkbookUpload",
    "ProcessChange",
    "PublicationSettings",
    "ScorecardEntry",
    "SignOffEvent",
    "Target",
    "demo_data_exists",
    "period_check",
]
