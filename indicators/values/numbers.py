"""Figures as people type them, and as the scorecard shows them: the one parser for the grid and the import.

Only plain ASCII digits are numbers: "12", "1,234", "75.5", "-3". Everything else is refused, in the
grid and in the import alike: "N/A", "12a", "1e3", "5_0", "NaN", "Infinity", full-width or Arabic-Indic
digits, more than 3 decimal places, 12 or more whole digits. Commas are accepted only as thousands
separators. A negative zero ("-0", "-0.000") is read as 0.

Percentages, rates and ratios may be given as a numerator and a denominator instead of the value:
the value is SCALE × numerator ÷ denominator (100 for a percentage, 10,000 for a rate per 10,000,
1,000 for a rate per 1,000, 100,000 for a rate per 100,000, 1 for a ratio), rounded to 1 decimal
place, halves rounded up.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

from ..models import Indicator

SCALES = {
    Indicator.Unit.PERCENTAGE: Decimal(100),
    Indicator.Unit.RATE_PER_10K: Decimal(10000),
    Indicator.Unit.RATE_PER_1K: Decimal(1000),
    Indicator.Unit.RATE_PER_100K: Decimal(100000),
    Indicator.Unit.RATIO: Decimal(1),
    # An average number of days: the days of every case added up, divided by the number of cases. Entered
    # this way, the number of cases is on record, so the published page can withhold an average of few children.
    Indicator.Unit.DAYS: Decimal(1),
}
ONE_PLACE = Decimal("0.1")

# IndicatorValue's, Target's and Comparator's figures: max_digits=14, decimal_places=3.
DECIMAL_PLACES = 3
WHOLE_DIGITS = 11
LARGEST = Decimal("99999999999.999")

# What a negative figure is called in its error message, by unit.
NOUNS = {
    Indicator.Unit.COUNT: "count",
    Indicator.Unit.PERCENTAGE: "percentage",
    Indicator.Unit.RATE_PER_10K: "rate",
    Indicator.Unit.RATE_PER_1K: "rate",
    Indicator.Unit.RATE_PER_100K: "rate",
    Indicator.Unit.DAYS: "number of days",
    Indicator.Unit.RATIO: "ratio",
}

NOT_A_NUMBER = "Enter a number, such as 12 or 75.5."
TOO_MANY_PLACES = f"Enter a number with no more than {DECIMAL_PLACES} decimal places."
TOO_BIG = "Enter a number below 100,000,000,000."
# [0-9], not \d: \d would also match other scripts' digits, which are refused.
_NUMBER = re.compile(r"^(?P<sign>-)?(?P<whole>[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)?(?:\.(?P<fraction>[0-9]+))?$")


def parse_number(text):
    """A Decimal from what a person typed ("12", "1,234", "75.5", "-3"); ValidationError otherwise.

    The error's code says why: "invalid" (not a number), "places" (more than 3 decimal places) or
    "too_big" (12 or more whole digits).
    """
    match = _NUMBER.match(text.strip())
    if not match or not (match["whole"] or match["fraction"]):
        raise ValidationError(NOT_A_NUMBER, code="invalid")
    whole = (match["whole"] or "0").replace(",", "")
    fraction = match["fraction"] or ""
    if len(fraction) > DECIMAL_PLACES:
        raise ValidationError(TOO_MANY_PLACES, code="places")
    if len(whole.lstrip("0")) > WHOLE_DIGITS:
        raise ValidationError(TOO_BIG, code="too_big")
    number = Decimal(f"{match['sign'] or ''}{whole}" + (f".{fraction}" if fraction else ""))
    return abs(number) if number == 0 else number  # never a negative zero


def show_number(value, *, separators=True):
    """A stored figure as people write it: 12, 1,234, 75.5 (no trailing zeros, no exponent)."""
    if value is None:
        return ""
    value = Decimal(value)
    comma = "," if separators else ""
    if value == value.to_integral_value():
        return f"{value:{comma}.0f}"
    return f"{value.normalize():{comma}f}"


def plain_number(value):
    """A figure without trailing zeros, separators or an exponent: 12.500 → "12.5", 1200 → "1200"."""
    return show_number(value, separators=False)


def takes_fraction(unit):
    """Percentages, rates, ratios and average days may be entered as a numerator and a denominator."""
    return unit in SCALES


def value_from_fraction(unit, numerator, denominator):
    """SCALE × numerator ÷ denominator, rounded to 1 decimal place (halves up): 45 / 60 as a percentage is 75.0."""
    return (SCALES[unit] * Decimal(numerator) / Decimal(denominator)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def agrees(unit, value, numerator, denominator):
    """Whether `value` is what the numerator and denominator give, to 1 decimal place."""
    computed = value_from_fraction(unit, numerator, denominator)
    return Decimal(value).quantize(ONE_PLACE, rounding=ROUND_HALF_UP) == computed


def figure_errors(indicator, value):
    """The message for a figure this indicator's unit cannot take, or None."""
    if value < 0:
        return f"A {NOUNS.get(indicator.unit, 'figure')} cannot be negative."
    errors = indicator.validate_figure(value)
    return errors.get("value")
