"""The assurance work's rules as plain functions and query filters: overdue actions and returns, risk scores.

An action is overdue by the same rule as a business-plan activity (plans.models.rules.overdue_q): its due
month has ended and it is not finished. A return is overdue when it is not in and its audit's deadline has
passed. A risk's score is likelihood times impact, each from 1 to 5.
"""

from django.db.models import Q

from plans.models.rules import first_of_month

SCALE = range(1, 6)
"""Likelihood and impact are each scored from 1 (rare, negligible) to 5 (almost certain, severe)."""

FINISHED_ACTION_STATUSES = ("done", "dropped")


def action_overdue_q(today, prefix=""):
    """Overdue actions: the due month has ended (as for activities) and the action is neither done nor dropped."""
    return Q(**{f"{prefix}due__lt": first_of_month(today)}) & ~Q(**{f"{prefix}status__in": FINISHED_ACTION_STATUSES})


def action_is_overdue(due, status, today):
    return due is not None and due < first_of_month(today) and status not in FINISHED_ACTION_STATUSES


def return_is_overdue(deadline, submitted_on, today):
    """A return not in by its audit's deadline (a return in late is in: it is no longer overdue)."""
    return submitted_on is None and deadline is not None and deadline < today


def score(likelihood, impact):
    """A risk's score, 1 to 25, or None while either part is unscored."""
    if likelihood is None or impact is None:
        return None
    return likelihood * impact


def band(value):
    """The band of a score on the usual 5 x 5 matrix: low (1-4), medium (5-9), high (10-16), very high (20-25)."""
    if value is None:
        return None
    if value <= 4:
        return "low"
    if value <= 9:
        return "medium"
    if value <= 16:
        return "high"
    return "very high"


def heat_map(risks, *, residual=False):
    """The 5 x 5 grid of risks by likelihood (columns) and impact (rows, 5 at the top).

    Each row is (impact, [(likelihood, score, band, [risk, ...]), ...]); a risk without both scores is left out.
    """
    cells = {}
    for risk in risks:
        likelihood, impact = (
            (risk.residual_likelihood, risk.residual_impact) if residual else (risk.likelihood, risk.impact)
        )
        if likelihood is None or impact is None:
            continue
        cells.setdefault((likelihood, impact), []).append(risk)
    return [
        (impact, [(lk, lk * impact, band(lk * impact), cells.get((lk, impact), [])) for lk in SCALE])
        for impact in reversed(SCALE)
    ]
