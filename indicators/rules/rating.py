"""RAG ratings against a target and the direction of travel between two figures."""

from decimal import localcontext

from .common import _CONTEXT, HIGHER_IS_BETTER, NEITHER, ZERO, _check_polarity, _LabelledEnum, to_decimal

# --------------------------------------------------------------------------- RAG rating


class RAG(_LabelledEnum):
    """A red, amber or green rating against a target; the label is shown beside every colour."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


def rag(value, target, tolerance, polarity) -> RAG | None:
    """Rate ``value`` against ``target``, allowing ``tolerance`` either side before it turns red.

    higher_is_better: GREEN when value >= target, AMBER when value >= target - tolerance, else RED.
    lower_is_better: GREEN when value <= target, AMBER when value <= target + tolerance, else RED.
    Both tolerance boundaries are inclusive (a value exactly ``tolerance`` short of the target is AMBER).

    ``None`` when value or target is None or the polarity is "neither" (no colour without a direction).
    A tolerance of None means 0 (so a miss is RED at once). The polarity and the tolerance are checked
    first: an unknown polarity or a negative tolerance raises ``ValueError`` even when there is no value.
    """
    _check_polarity(polarity)
    tolerance = ZERO if tolerance is None else to_decimal(tolerance)
    if tolerance < 0:
        raise ValueError(f"A tolerance cannot be negative: {tolerance}")
    if value is None or target is None or polarity == NEITHER:
        return None
    value, target = to_decimal(value), to_decimal(target)
    with localcontext(_CONTEXT):
        if polarity == HIGHER_IS_BETTER:
            met, within_tolerance = value >= target, value >= target - tolerance
        else:
            met, within_tolerance = value <= target, value <= target + tolerance
    if met:
        return RAG.GREEN
    return RAG.AMBER if within_tolerance else RAG.RED


# --------------------------------------------------------------------------- direction of travel


class Direction(_LabelledEnum):
    """Which way a figure moved since an earlier one; up and down are for the "neither" polarity."""

    IMPROVING = "improving", "Improving"
    WORSENING = "worsening", "Worsening"
    NO_CHANGE = "no_change", "No change"
    UP = "up", "Up"
    DOWN = "down", "Down"


def direction(current, previous, polarity) -> Direction | None:
    """The direction of travel from ``previous`` to ``current``.

    The caller picks ``previous``: the period before, or the same period a year before.
    ``None`` when either is None; NO_CHANGE when they are equal (for every polarity); UP or DOWN when the
    polarity is "neither"; otherwise IMPROVING or WORSENING according to the polarity.
    """
    _check_polarity(polarity)
    if current is None or previous is None:
        return None
    current, previous = to_decimal(current), to_decimal(previous)
    if current == previous:
        return Direction.NO_CHANGE
    rising = current > previous
    if polarity == NEITHER:
        return Direction.UP if rising else Direction.DOWN
    better = rising if polarity == HIGHER_IS_BETTER else not rising
    return Direction.IMPROVING if better else Direction.WORSENING
