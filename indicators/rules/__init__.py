"""The scorecard's rules: RAG ratings, direction of travel and statistical process control (SPC).

Plain Python with no Django and no database, so the rules can be read, tested and reused on their own.
Every name is importable from ``indicators.rules``; the modules are:

- ``common``: numbers and polarity. Every figure may be an ``int``, a ``float`` or a ``Decimal``; each is
  converted to ``Decimal`` first (see :func:`to_decimal`) and all arithmetic is done in ``Decimal``, in a
  fixed context of 28 significant digits rounding half to even, whatever decimal context the caller has
  set. A float is converted through its shortest ``repr``, so ``0.1`` is exactly one tenth. Means and
  limits are returned unrounded; rounding is for display. Polarity is one of ``"higher_is_better"``,
  ``"lower_is_better"`` or ``"neither"`` (the members of ``Indicator.Polarity``); any other raises
  ``ValueError``.
- ``rating``: the RAG rating against a target and the direction of travel.
- ``spc``: the XmR chart as NHSRplotthedots (the NHS-R community's implementation of NHS England's
  "Making Data Count") computes it: screened moving ranges, limits per phase, provisional limits for a
  phase of fewer than 12 points, gaps, rare events, and the variation and assurance icons.
- ``signals``: its four rules for special cause variation.
"""

from .common import (
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    NEITHER,
    POLARITIES,
    ZERO,
    _check_polarity,
    _LabelledEnum,
    to_decimal,
)
from .rating import RAG, Direction, direction, rag
from .signals import HIGH, LOW, RUN_LENGTH, _side, _two_of_three
from .spc import (
    _RULES,
    MIN_POINTS,
    RARE_EVENT_LABEL,
    SCREEN_FACTOR,
    SIGMA_FACTOR,
    SIGNAL_ORDER,
    Assurance,
    Limits,
    Phase,
    Signal,
    SPCPoint,
    SPCResult,
    Variation,
    is_rare_event,
    normalise_phase_starts,
    process_limits,
    spc,
    two_thirds_lines,
)

__all__ = [
    "HIGH",
    "HIGHER_IS_BETTER",
    "LOW",
    "LOWER_IS_BETTER",
    "MIN_POINTS",
    "NEITHER",
    "POLARITIES",
    "RAG",
    "RARE_EVENT_LABEL",
    "RUN_LENGTH",
    "SCREEN_FACTOR",
    "SIGMA_FACTOR",
    "SIGNAL_ORDER",
    "ZERO",
    "_RULES",
    "Assurance",
    "Direction",
    "Limits",
    "Phase",
    "SPCPoint",
    "SPCResult",
    "Signal",
    "Variation",
    "_LabelledEnum",
    "_check_polarity",
    "_side",
    "_two_of_three",
    "direction",
    "is_rare_event",
    "normalise_phase_starts",
    "process_limits",
    "rag",
    "spc",
    "to_decimal",
    "two_thirds_lines",
]
