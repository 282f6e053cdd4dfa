"""Small-number suppression for the published scorecard, as official children's statistics do it.

Plain Python with no Django and no database, so the rules can be read and tested on their own (numbers
are read and written by core.numbers). The public scorecard (indicators.public_scorecard) runs every
figure through here before anything is formatted for a page or a file: nothing downstream ever sees a
suppressed number.

The rules
---------
A *small number* is a count from 1 to 5 (any figure above 0 and below 6). Zero is not small: "none"
discloses nothing about an individual child.

1. A count that is a small number is published as "fewer than 6". 0 is published as 0, and 6 or
   more as the number itself.
2. A figure worked out from a small number is withheld ("withheld: small number"): one whose
   numerator is from 1 to 5, or whose denominator is from 1 to 5 (a percentage of 3 children, even
   0%, tells the reader about each of the 3). This holds for every unit: percentages, rates,
   average days and ratios alike. A count whose own numerator is recorded as small is withheld too.
3. A figure published without its numerator and denominator cannot be checked, and is shown as
   entered: data officers should record the numerator and denominator of every percentage and rate.
   The value entry page takes an average number of days as the total days and the number of cases,
   like a percentage, so the number of cases is on record and a small one withholds the average; the
   publishing page's preview is where a board administrator sees what is public before it is.
4. Direction of travel compares two of the indicator's own figures: when either the latest or the
   previous figure is suppressed, the direction is withheld too ("improving" from 4 to 2 would give
   away their order).
5. The RAG rating compares the latest figure with its target: when the latest figure is suppressed,
   the rating is withheld (green against a target of 3 would narrow "fewer than 6" to 1, 2 or 3).
   A suppressed previous figure does not affect the rating, which never uses it.
6. Commentary is words, which these rules cannot read: it is published only when marked for
   publication (Commentary.is_public), never by default.

Targets and comparators are not suppressed: a target is the board's own aim, and the comparators are
England, regional and statistical-neighbour figures that are already published as they are.
"""

from dataclasses import dataclass
from enum import StrEnum

from core.numbers import format_number, to_decimal

SMALL_NUMBER_LIMIT = 6
"""A figure above 0 and below this is a small number."""

COUNT = "count"
"""The unit of a count (as indicators.models.Indicator.Unit.COUNT)."""

NO_FIGURE = "—"
FEWER_THAN = "fewer than 6"
WITHHELD = "withheld: small number"
DIRECTION_WITHHELD = "— (withheld: small number)"
NO_RATING = "No rating"


class Disclosure(StrEnum):
    SHOWN = "shown"
    FEWER_THAN = "fewer_than"
    WITHHELD = "withheld"
    MISSING = "missing"


def is_small(number) -> bool:
    """Whether ``number`` is a small number: above 0 and below 6. None (not recorded) is not."""
    number = to_decimal(number)
    return number is not None and 0 < number < SMALL_NUMBER_LIMIT


def disclosure(value, unit, numerator=None, denominator=None) -> Disclosure:
    """How a figure may be published, by the rules above.

    ``value`` is the figure in its ``unit`` (a string such as "count" or "percentage");
    ``numerator`` and ``denominator`` are what it was worked out from, where recorded.
    """
    if value is None:
        return Disclosure.MISSING
    if unit == COUNT and is_small(value):
        return Disclosure.FEWER_THAN
    if is_small(numerator) or is_small(denominator):
        return Disclosure.WITHHELD
    return Disclosure.SHOWN


@dataclass(frozen=True)
class PublicFigure:
    """A figure as it may be published: only its words, never the number behind a suppressed one."""

    text: str
    disclosure: Disclosure

    @property
    def is_suppressed(self) -> bool:
        return self.disclosure in (Disclosure.FEWER_THAN, Disclosure.WITHHELD)


def _plain(value, unit):
    return format_number(value)


def public_figure(value, unit, numerator=None, denominator=None, *, fmt=_plain) -> PublicFigure:
    """The figure's public text: ``fmt(value, unit)`` when it may be shown, words otherwise."""
    state = disclosure(value, unit, numerator, denominator)
    if state == Disclosure.MISSING:
        return PublicFigure(NO_FIGURE, state)
    if state == Disclosure.FEWER_THAN:
        return PublicFigure(FEWER_THAN, state)
    if state == Disclosure.WITHHELD:
        return PublicFigure(WITHHELD, state)
    return PublicFigure(fmt(value, unit), state)


def public_direction(label, latest: PublicFigure, previous: PublicFigure) -> str:
    """The direction of travel's words (``label``, or None when there is none), withheld by rule 4."""
    if latest.is_suppressed or previous.is_suppressed:
        return DIRECTION_WITHHELD
    return label or NO_FIGURE


def rag_is_withheld(latest: PublicFigure) -> bool:
    """Rule 5: no rating beside a suppressed latest figure."""
    return latest.is_suppressed


def public_rag(label, latest: PublicFigure) -> str:
    """The RAG rating's words (``label``, or None when unrated), withheld by rule 5."""
    if rag_is_withheld(latest):
        return WITHHELD
    return label or NO_RATING
