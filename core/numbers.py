"""Numbers as the site reads and writes them: one conversion to Decimal, one way to print a figure."""

from decimal import Decimal


def to_decimal(number):
    """``number`` (an int, float or Decimal) as a Decimal; None stays None.

    A float goes through its shortest ``repr`` (``0.1`` becomes ``Decimal("0.1")``, not the binary
    fraction nearest to it). Booleans, strings and other types raise ``TypeError``; NaN and infinities
    raise ``ValueError``.
    """
    if number is None:
        return None
    if isinstance(number, bool) or not isinstance(number, int | float | Decimal):
        raise TypeError(f"Expected an int, float or Decimal, not {type(number).__name__}: {number!r}")
    result = Decimal(repr(number)) if isinstance(number, float) else Decimal(number)
    if not result.is_finite():
        raise ValueError(f"Expected a finite number, not {number!r}")
    return result


def format_number(value, *, places=None, grouping=True, blank=""):
    """A figure as people write it.

    With ``places`` it is rounded to that many decimal places (``1,234.5`` for 1); without, it keeps
    exactly its own digits, with no trailing zeros and never an exponent (``12.5``, ``1,200``). Thousands
    are grouped with commas unless ``grouping`` is false (for files read back by machines). None gives
    ``blank``.
    """
    if value is None:
        return blank
    value = to_decimal(value)
    comma = "," if grouping else ""
    if places is not None:
        return f"{value:{comma}.{places}f}"
    text = f"{value:{comma}.0f}" if value == value.to_integral_value() else f"{value.normalize():{comma}f}"
    return "0" if text == "-0" else text


def spreadsheet_number(value):
    """A Decimal as a spreadsheet number: an int when whole, else a float; None stays None."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
