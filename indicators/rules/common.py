"""What every scorecard rule shares: numbers in one decimal context, the polarities, labelled choices."""

from decimal import ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, InvalidOperation, Overflow
from enum import StrEnum

from core import numbers

# --------------------------------------------------------------------------- numbers and polarity

HIGHER_IS_BETTER = "higher_is_better"
LOWER_IS_BETTER = "lower_is_better"
NEITHER = "neither"
POLARITIES = frozenset({HIGHER_IS_BETTER, LOWER_IS_BETTER, NEITHER})

ZERO = Decimal(0)

_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow])
"""The one decimal context every calculation here runs in, so results never depend on the caller's."""


def to_decimal(number) -> Decimal:
    """``number`` (an int, float or Decimal) as a Decimal, by core.numbers.to_decimal.

    A float goes through its shortest ``repr`` (``0.1`` becomes ``Decimal("0.1")``, not the binary
    fraction nearest to it). None, booleans, strings and other types raise ``TypeError`` (the rules need
    a figure); NaN and infinities raise ``ValueError``.
    """
    if number is None:
        raise TypeError("Expected an int, float or Decimal, not None")
    return numbers.to_decimal(number)


def _check_polarity(polarity) -> None:
    if polarity not in POLARITIES:
        raise ValueError(f"Unknown polarity {polarity!r}: expected one of {sorted(POLARITIES)}")


class _LabelledEnum(StrEnum):
    """A StrEnum whose members carry the words shown beside them, as Django's TextChoices do.

    Declare members as ``RED = "red", "Red"``: the value is ``"red"`` and ``RED.label`` is ``"Red"``.
    """

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member
