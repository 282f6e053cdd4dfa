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
3. A percentage, rate, average or ratio whose numerator is not recorded cannot be checked for small
   numbers, so it is withheld ("withheld: numerator not recorded"), unless a board administrator has
   marked the indicator as safe to publish without one (Indicator.publish_without_numerator: a rate
   over the whole child population, or a figure copied from national statistics already suppressed).
   The value entry page and the import take an average number of days as the total days and the
   number of cases, like a percentage, so the number of cases is on record and a small one withholds
   the average.
4. Direction of travel compares two of the indicator's own figures: when either the latest or the
   previous figure is suppressed, the direction is withheld too ("improving" from 4 to 2 would give
   away their order).
5. The RAG rating compares the latest figure with its target: when the latest figure is suppressed,
   the rating is withheld (green against a target of 3 would narrow "fewer than 6" to 1, 2 or 3).
   A suppressed previous figure does not affect the rating, which never uses it.
6. Complementary suppression: where indicators count the parts of one total (Indicator.total_group)
   and one part is suppressed for a period, the smallest other part shown for that period is withheld
   too ("withheld: would reveal a small number"), so that the suppressed count cannot be worked out
   by subtracting the other parts from the total (see complementary()).
7. Commentary is words, which these rules cannot read: it is published only when marked for
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
WITHHELD_NO_NUMERATOR = "withheld: numerator not recorded"
WITHHELD_COMPLEMENT = "withheld: would reveal a small number"
DIRECTION_WITHHELD = "— (withheld: small number)"
NO_RATING = "No rating"


class Disclosure(StrEnum):
    SHOWN = "shown"
    FEWER_THAN = "fewer_than"
    WITHHELD = "withheld"
    NO_NUMERATOR = "no_numerator"
    """Rule 3: a figure worked out from a numerator that is not recorded."""
    COMPLEMENT = "complement"
    """Rule 6: shown, it would give away a suppressed part of the same total."""
    MISSING = "missing"


# Each suppressed state and its words: the figure's own text, and the reason given beside a direction or a rating.
WITHHELD_WORDS = {
    Disclosure.FEWER_THAN: WITHHELD,
    Disclosure.WITHHELD: WITHHELD,
    Disclosure.NO_NUMERATOR: WITHHELD_NO_NUMERATOR,
    Disclosure.COMPLEMENT: WITHHELD_COMPLEMENT,
}


def is_small(number) -> bool:
    """Whether ``number`` is a small number: above 0 and below 6. None (not recorded) is not."""
    number = to_decimal(number)
    return number is not None and 0 < number < SMALL_NUMBER_LIMIT


def disclosure(value, unit, numerator=None, denominator=None, *, publish_without_numerator=False) -> Disclosure:
    """How a figure may be published, by the rules above.

    ``value`` is the figure in its ``unit`` (a string such as "count" or "percentage");
    ``numerator`` and ``denominator`` are what it was worked out from, where recorded;
    ``publish_without_numerator`` is the indicator's own mark that it is safe without one (rule 3).
    """
    if value is None:
        return Disclosure.MISSING
    if unit == COUNT and is_small(value):
        return Disclosure.FEWER_THAN
    if is_small(numerator) or is_small(denominator):
        return Disclosure.WITHHELD
    if unit != COUNT and numerator is None and not publish_without_numerator:
        return Disclosure.NO_NUMERATOR
    return Disclosure.SHOWN


@dataclass(frozen=True)
class PublicFigure:
    """A figure as it may be published: only its words, never the number behind a suppressed one."""

    text: str
    disclosure: Disclosure

    @property
    def is_suppressed(self) -> bool:
        return self.disclosure in WITHHELD_WORDS

    @property
    def withheld_reason(self) -> str:
        """Why it is held back ("withheld: small number"), or "" when it is not."""
        return WITHHELD_WORDS.get(self.disclosure, "")


def _plain(value, unit):
    return format_number(value)


def public_figure(
    value, unit, numerator=None, denominator=None, *, fmt=_plain, publish_without_numerator=False
) -> PublicFigure:
    """The figure's public text: ``fmt(value, unit)`` when it may be shown, words otherwise."""
    state = disclosure(value, unit, numerator, denominator, publish_without_numerator=publish_without_numerator)
    if state == Disclosure.MISSING:
        return PublicFigure(NO_FIGURE, state)
    if state == Disclosure.FEWER_THAN:
        return PublicFigure(FEWER_THAN, state)
    if state in WITHHELD_WORDS:
        return PublicFigure(WITHHELD_WORDS[state], state)
    return PublicFigure(fmt(value, unit), state)


def withheld_as_complement() -> PublicFigure:
    """A figure held back by rule 6: never its number, only the words."""
    return PublicFigure(WITHHELD_COMPLEMENT, Disclosure.COMPLEMENT)


def complementary(parts) -> set:
    """Rule 6 for the parts of one total in one period: the keys of the parts to withhold as well.

    ``parts`` maps a key (an indicator, say) to ``(value, suppressed)``: the part's figure as it would
    be shown, or None where no figure of it is shown for the period, and whether rules 1-3 already hold
    it back. A part with no figure shown, or already suppressed, hides itself. When exactly one part is
    hidden and it is suppressed, the total less the parts shown would give it away: the smallest part
    shown (the first in ``parts``' order among equals) is withheld too. When two or more parts are
    hidden, only their sum can be worked out, and nothing more is withheld.
    """
    hidden = [key for key, (value, suppressed) in parts.items() if suppressed or value is None]
    if len(hidden) != 1 or not parts[hidden[0]][1]:
        return set()
    shown = [
        (to_decimal(value), index, key) for index, (key, (value, _)) in enumerate(parts.items()) if key not in hidden
    ]
    if not shown:
        return set()
    return {min(shown)[2]}


def public_direction(label, latest: PublicFigure, previous: PublicFigure) -> str:
    """The direction of travel's words (``label``, or None when there is none), withheld by rule 4."""
    for figure in (latest, previous):
        if figure.is_suppressed:
            if figure.withheld_reason == WITHHELD:
                return DIRECTION_WITHHELD
            return f"{NO_FIGURE} ({figure.withheld_reason})"
    return label or NO_FIGURE


def rag_is_withheld(latest: PublicFigure) -> bool:
    """Rule 5: no rating beside a suppressed latest figure."""
    return latest.is_suppressed


def public_rag(label, latest: PublicFigure) -> str:
    """The RAG rating's words (``label``, or None when unrated), withheld by rule 5."""
    if rag_is_withheld(latest):
        return latest.withheld_reason
    return label or NO_RATING
