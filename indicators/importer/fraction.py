"""A row's optional numerator and denominator: read, checked against the row's value, compared with the stored ones.

    numerator, denominator, problems = check_fraction(numerator_text, denominator_text, indicator, value)

A percentage is numerator ÷ denominator × 100, a rate per 1,000 or per 10,000 the same times 1,000 or
10,000, an average number of days the total days ÷ the number of cases (and a ratio numerator ÷
denominator): values.numbers.SCALES. The value must be what they give, rounded to the decimal places the
value is written with ("33" and "33.3" both agree with 1 / 3 as a percentage; "33.4" does not). A count
has neither. Numbers are read by the grid's own parser, as the value is.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError

from ..values.numbers import LARGEST, SCALES, parse_number, show_number, takes_fraction

# How the sum is written in a message, by unit: "45 ÷ 60 × 100 = 75".
TIMES = {
    "percentage": " × 100",
    "rate_per_1k": " × 1,000",
    "rate_per_10k": " × 10,000",
}
PART_REASONS = {
    "places": "the {part} has more than 3 decimal places: round it to 3 or fewer",
    "too_big": f"the {{part}} is too large: the largest accepted is {LARGEST:,}",
}


def _parse(text, part, problems):
    """The Decimal in a numerator or denominator cell, None if blank; False (and a problem) if unreadable."""
    if not text:
        return None
    try:
        return parse_number(text)
    except ValidationError as error:
        reason = PART_REASONS.get(error.code, "the {part} must be a number; {text!r} is not one")
        problems.append(reason.format(part=part, text=text))
        return False


def stated_places(value):
    """The decimal places `value` is written with: 2 for 75.50, 0 for 75."""
    return max(0, -Decimal(value).as_tuple().exponent)


def exact(unit, numerator, denominator):
    """What the numerator and denominator give, unrounded."""
    return SCALES[unit] * Decimal(numerator) / Decimal(denominator)


def agrees_as_stated(unit, value, numerator, denominator):
    """Whether `value` is what the numerator and denominator give, within rounding to the value's own places.

    Half a unit of the last place either way is accepted, so rounding halves up or to even both agree.
    """
    tolerance = Decimal(5).scaleb(-(stated_places(value) + 1))
    return abs(Decimal(value) - exact(unit, numerator, denominator)) <= tolerance


def sum_text(unit, numerator, denominator, places):
    """ "45 ÷ 60 × 100 = 75", the result rounded to `places` (at least 1) and shown without trailing zeros."""
    result = exact(unit, numerator, denominator).quantize(Decimal(1).scaleb(-max(places, 1)))
    if unit == "days":
        left = f"{show_number(numerator)} days ÷ {show_number(denominator)} cases"
    else:
        left = f"{show_number(numerator)} ÷ {show_number(denominator)}{TIMES.get(unit, '')}"
    return f"{left} = {show_number(result)}"


def check_fraction(numerator_text, denominator_text, indicator, value):
    """(numerator, denominator, problems) for a row; both None when the row gives neither.

    `indicator` is None when the row's indicator is unknown (reported elsewhere), `value` None when the
    value could not be read: then only the cells themselves are checked.
    """
    problems = []
    numerator = _parse(numerator_text, "numerator", problems)
    denominator = _parse(denominator_text, "denominator", problems)
    if numerator is None and denominator is None:
        return None, None, problems
    if indicator is not None and not takes_fraction(indicator.unit):
        problems.append(
            f"indicator {indicator.number} is a {indicator.get_unit_display().lower()}, which has no numerator "
            "or denominator: leave both blank"
        )
        return None, None, problems
    if numerator is not None and numerator is not False and numerator < 0:
        problems.append("the numerator cannot be negative")
    if denominator is not None and denominator is not False:
        if denominator == 0:
            problems.append("the denominator is 0: nothing can be worked out from a denominator of 0")
        elif denominator < 0:
            problems.append("the denominator must be greater than 0")
    if numerator is None:
        problems.append("the denominator is given without a numerator: give both, or neither")
    if denominator is None:
        problems.append("the numerator is given without a denominator: give both, or neither")
    if problems or indicator is None:
        return None, None, problems
    if value is not None and not agrees_as_stated(indicator.unit, value, numerator, denominator):
        problems.append(
            f"the value {show_number(value)} does not match the numerator and denominator: "
            f"{sum_text(indicator.unit, numerator, denominator, stated_places(value))}; correct the value, "
            "the numerator or the denominator"
        )
        return None, None, problems
    return numerator, denominator, problems


def fraction_text(numerator, denominator):
    return f"{show_number(numerator)} / {show_number(denominator)}"


def fraction_change(existing, numerator, denominator):
    """What the row does to a stored row's numerator and denominator, in words, or "" when nothing.

    `existing` is the stored row or None; `numerator` and `denominator` are the file's (None when not given).
    """
    if numerator is None:
        return ""
    new = fraction_text(numerator, denominator)
    if existing is None:
        return f"with the numerator and denominator {new}"
    if existing.numerator is None or existing.denominator is None:
        return f"the numerator and denominator {new} are added"
    if (existing.numerator, existing.denominator) == (numerator, denominator):
        return ""
    return (
        f"the numerator and denominator change from {fraction_text(existing.numerator, existing.denominator)} to {new}"
    )
