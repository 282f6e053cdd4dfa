"""Natural ordering of plan numbers: "1.2" before "1.10", "55" before "56a" before "56b" before "57"."""

import re

_PARTS = re.compile(r"(\d+)|(\D+)")
WIDTH = 4


def sort_key(number):
    """Return a string that sorts like the number reads.

    Each run of digits is zero-padded, so a plain text comparison (which is all a
    database ORDER BY does) gives the natural order. Letters and dots are kept.

    >>> sort_key("1.10") > sort_key("1.2")
    True
    >>> sorted(["57", "56b", "56a", "55"], key=sort_key)
    ['55', '56a', '56b', '57']
    """
    text = str(number).strip().lower()
    pieces = []
    for digits, other in _PARTS.findall(text):
        pieces.append(digits.zfill(WIDTH) if digits else other)
    return "".join(pieces)
