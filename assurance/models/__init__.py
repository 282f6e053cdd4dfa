"""The board's assurance work: audits, actions, meetings and risks; every name importable from assurance.models."""

from .actions import Action, ActionQuerySet, ActionUpdate
from .audits import Audit, AuditCycle, AuditReturn, StandardRating
from .meetings import AgendaItem, Attendance, Decision, Meeting
from .reviews import Recommendation, Review
from .risks import Risk, RiskQuerySet

__all__ = [
    "Action",
    "ActionQuerySet",
    "ActionUpdate",
    "AgendaItem",
    "Attendance",
    "Audit",
    "AuditCycle",
    "AuditReturn",
    "Decision",
    "Meeting",
    "Recommendation",
    "Review",
    "Risk",
    "RiskQuerySet",
    "StandardRating",
]
