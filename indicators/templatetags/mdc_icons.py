"""Making Data Count's variation and assurance icons, drawn as inline SVG.

The designs follow NHS England's published icons: a ringed circle holding a run of dots (variation)
or a letter over a target line (assurance); orange for concern, blue for improvement, purple for
special cause where neither high nor low is better, grey for common cause and hit-and-miss. The
published shades are darkened just enough to be read on white (4.5:1 for the letters, so also 3:1
for the ring and the dots, WCAG 1.4.3 and 1.4.11). Each icon is hidden from screen readers on a page: the
words beside it, the legend (indicators/_mdc_legend.html) and its title say what it means. It holds those
words in a <title> too, for a tagged PDF (papers.pdf), where every figure needs words of its own and
aria-hidden has no meaning.
"""

from django.utils.html import format_html, format_html_join

from indicators import rules

CONCERN, IMPROVEMENT, NEITHER, COMMON = "#b35900", "#0072ce", "#7030a0", "#6b6b6b"
"""Orange, blue, purple and grey: MDC's #e46c0a, #00b0f0, #7030a0 and #a6a6a6, darkened where too light."""

# Seven dots across the circle: (x, y) for a process that stays within its limits...
_FLAT = [(9, 22), (13, 25), (17, 21), (21, 24), (25, 21), (29, 25), (33, 22)]
# ...and for one whose last points run high (above the mean) or low.
_RISING = [(9, 29), (13, 31), (17, 28), (21, 30), (25, 24), (29, 21), (33, 18)]
_FALLING = [(9, 13), (13, 11), (17, 14), (21, 12), (25, 18), (29, 21), (33, 24)]

VARIATION_COLOURS = {
    rules.Variation.COMMON_CAUSE: COMMON,
    rules.Variation.IMPROVING: IMPROVEMENT,
    rules.Variation.CONCERNING: CONCERN,
    rules.Variation.HIGH: NEITHER,
    rules.Variation.LOW: NEITHER,
}

ASSURANCE_ICONS = {
    rules.Assurance.PASSES: (IMPROVEMENT, "P"),
    rules.Assurance.HIT_AND_MISS: (COMMON, "?"),
    rules.Assurance.FAILS: (CONCERN, "F"),
}


def variation_side(variation, polarity):
    """'high' or 'low' for a special cause variation (which way the latest points ran); None otherwise."""
    if variation in (rules.Variation.HIGH, rules.Variation.LOW):
        return "high" if variation == rules.Variation.HIGH else "low"
    if variation in (rules.Variation.IMPROVING, rules.Variation.CONCERNING):
        high_is_good = polarity != "lower_is_better"
        return "high" if (variation == rules.Variation.IMPROVING) == high_is_good else "low"
    return None


def _svg(colour, body, css, words):
    return format_html(
        '<svg class="mdc-icon {}" viewBox="0 0 40 40" width="36" height="36" aria-hidden="true" focusable="false">'
        '<title>{}</title><circle cx="20" cy="20" r="18" fill="#fff" stroke="{}" stroke-width="2.5"/>{}</svg>',
        css,
        words,
        colour,
        body,
    )


def _letter(letter, y, size, colour):
    return format_html(
        '<text x="20" y="{}" text-anchor="middle" font-size="{}" font-weight="700" font-family="Arial, sans-serif" '
        'fill="{}">{}</text>',
        y,
        size,
        colour,
        letter,
    )


def variation_svg(variation, polarity="", css=""):
    """The variation icon: grey dots for common cause; for a special cause, the last three in colour, and H or L."""
    colour = VARIATION_COLOURS[variation]
    side = variation_side(variation, polarity)
    dots = {"high": _RISING, "low": _FALLING}.get(side, _FLAT)
    body = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="2.2" fill="{}"/>',
        ((x, y, colour if side and index >= 4 else COMMON) for index, (x, y) in enumerate(dots)),
    )
    words = variation.label
    if side:
        letter = _letter("H", 15, 11, colour) if side == "high" else _letter("L", 33, 11, colour)
        body = format_html("{}{}", body, letter)
        if variation in (rules.Variation.IMPROVING, rules.Variation.CONCERNING):  # the others say high or low
            words = f"{words} ({'higher' if side == 'high' else 'lower'})"
    return _svg(colour, body, f"mdc-variation-{variation.value} {css}".strip(), words)


def assurance_svg(assurance, css=""):
    """The assurance icon: its letter (P, F or ?) over the target line."""
    colour, letter = ASSURANCE_ICONS[assurance]
    body = format_html(
        '{}<line x1="9" x2="31" y1="29" y2="29" stroke="{}" stroke-width="2" stroke-dasharray="3 2"/>',
        _letter(letter, 24, 17, colour),
        colour,
    )
    return _svg(colour, body, f"mdc-assurance-{assurance.value} {css}".strip(), assurance.label)
