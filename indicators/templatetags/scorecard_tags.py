"""The one place that maps a rating, direction or signal to its colour, its symbol and its words."""

from functools import cache

from django import template
from django.utils.html import format_html

from core.datacache import cached
from core.dates import today
from indicators import datacache, rules
from indicators.charts import decorate_rows
from indicators.listing import listed_or_own
from indicators.scorecard import build_scorecard
from plans import datacache as plans_datacache

from .mdc_icons import assurance_svg, variation_svg

register = template.Library()

RAG_STYLES = {rules.RAG.RED: "text-bg-danger", rules.RAG.AMBER: "text-bg-warning", rules.RAG.GREEN: "text-bg-success"}

VARIATION_STYLES = {
    rules.Variation.COMMON_CAUSE: ("text-bg-secondary", "~"),
    rules.Variation.IMPROVING: ("text-bg-primary", "▲"),
    rules.Variation.CONCERNING: ("text-bg-warning", "▼"),
    rules.Variation.HIGH: ("text-bg-info", "H"),
    rules.Variation.LOW: ("text-bg-info", "L"),
}

ASSURANCE_STYLES = {
    rules.Assurance.PASSES: ("text-bg-primary", "P"),
    rules.Assurance.HIT_AND_MISS: ("text-bg-secondary", "?"),
    rules.Assurance.FAILS: ("text-bg-warning", "F"),
}

DIRECTION_SYMBOLS = {
    rules.Direction.IMPROVING: "↑",
    rules.Direction.WORSENING: "↓",
    rules.Direction.NO_CHANGE: "→",
    rules.Direction.UP: "↑",
    rules.Direction.DOWN: "↓",
}


def rag_badge(rag):
    """The words, colour and symbol of a RAG rating (None: no rating)."""
    if rag is None:
        return {"label": "No rating", "css": "text-bg-light border", "symbol": ""}
    return {"label": rag.label, "css": RAG_STYLES[rag], "symbol": ""}


def variation_badge(variation, note=""):
    """The variation's words, colour and symbol; ``note`` is the SPC result's note (IndicatorRow.spc_note).

    A rare event is not judged, so it shows only its note; provisional limits add "provisional (N points)".
    """
    if note == rules.RARE_EVENT_LABEL:
        return {"label": note, "css": "text-bg-light border", "symbol": ""}
    if variation is None:
        return {"label": "No figures", "css": "text-bg-light border", "symbol": ""}
    css, symbol = VARIATION_STYLES[variation]
    return {"label": f"{variation.label}, {note}" if note else variation.label, "css": css, "symbol": symbol}


def assurance_badge(assurance):
    if assurance is None:
        return {"label": "No assurance", "css": "text-bg-light border", "symbol": ""}
    css, symbol = ASSURANCE_STYLES[assurance]
    return {"label": assurance.label, "css": css, "symbol": symbol}


@cache
def badge_html(kind, value, *extra):
    """A badge as HTML: its words, its colour, and a symbol hidden from screen readers (the words say it).

    Made once for each of the few ratings there are (and each provisional count), not rendered from a
    template for every row.
    """
    badge = kind(value, *extra)
    if badge["symbol"]:
        return format_html(
            '<span class="badge {}"><span aria-hidden="true">{} </span>{}</span>',
            badge["css"],
            badge["symbol"],
            badge["label"],
        )
    return format_html('<span class="badge {}">{}</span>', badge["css"], badge["label"])


@register.simple_tag(name="rag_badge")
def rag_badge_tag(rag):
    return badge_html(rag_badge, rag)


@register.simple_tag(name="variation_badge")
def variation_badge_tag(variation, note=""):
    return badge_html(variation_badge, variation, note)


@register.simple_tag(name="assurance_badge")
def assurance_badge_tag(assurance):
    return badge_html(assurance_badge, assurance)


@cache
def icon_html(svg, label, note=""):
    """An MDC icon with its words: read aloud, in its title, and shown or hidden by the page's style (a wide table
    shows the icon and its legend; a card shows both). A note ("provisional (8 points)") is always shown."""
    if note:
        return format_html(
            '<span class="mdc" title="{}, {}">{}<span class="mdc-words">{},</span> '
            '<span class="mdc-note">{}</span></span>',
            label,
            note,
            svg,
            label,
            note,
        )
    return format_html('<span class="mdc" title="{}">{}<span class="mdc-words">{}</span></span>', label, svg, label)


@register.simple_tag(name="variation_icon")
def variation_icon_tag(variation, note="", polarity=""):
    """Making Data Count's variation icon with its words; a rare event or no figures is a plain badge."""
    if variation is None or note == rules.RARE_EVENT_LABEL:
        return badge_html(variation_badge, variation, note)
    return icon_html(variation_svg(variation, polarity), variation.label, note)


@register.simple_tag(name="assurance_icon")
def assurance_icon_tag(assurance):
    """Making Data Count's assurance icon with its words; no assurance is a plain badge."""
    if assurance is None:
        return badge_html(assurance_badge, assurance)
    return icon_html(assurance_svg(assurance), assurance.label)


@register.simple_tag(name="variation_mark")
def variation_mark_tag(variation, note="", polarity=""):
    """The variation icon alone, hidden from screen readers: beside a badge that says it in words."""
    if variation is None or note == rules.RARE_EVENT_LABEL:
        return ""
    return variation_svg(variation, polarity, css="mdc-mark")


@register.simple_tag(name="assurance_mark")
def assurance_mark_tag(assurance):
    """The assurance icon alone, beside a badge that says it in words."""
    return "" if assurance is None else assurance_svg(assurance, css="mdc-mark")


COMPARATOR_SHORT = {"north_east": "North East", "statistical_neighbours": "Stat. neighbours"}


@register.simple_tag
def comparator_heading(area, label):
    """A comparator's column heading, short to keep the column narrow; its full name is read aloud."""
    short = COMPARATOR_SHORT.get(area)
    if short is None:
        return label
    return format_html('<span aria-hidden="true">{}</span><span class="visually-hidden">{}</span>', short, label)


@register.inclusion_tag("indicators/_mdc_legend.html")
def mdc_legend():
    """What each Making Data Count icon means, for the pages that show them."""
    v, a = rules.Variation, rules.Assurance
    return {
        "variation": [
            (variation_svg(v.COMMON_CAUSE), "Common cause variation: no significant change"),
            (variation_svg(v.IMPROVING, "higher_is_better"), "Special cause: improving (H: higher, L: lower)"),
            (variation_svg(v.CONCERNING, "lower_is_better"), "Special cause: concerning (H: higher, L: lower)"),
            (variation_svg(v.HIGH), "Special cause: high or low, where neither is better (an unusual change)"),
        ],
        "assurance": [(assurance_svg(assurance), assurance.label) for assurance in (a.PASSES, a.HIT_AND_MISS, a.FAILS)],
    }


@register.simple_tag
def direction_text(direction):
    if direction is None:
        return "—"
    return f"{DIRECTION_SYMBOLS[direction]} {direction.label}"


@register.inclusion_tag("indicators/_project_indicators.html")
def project_indicators(project):
    """The scorecard rows of the indicators a project aims to move, for the project's page.

    Kept until the scorecard's data (the figures, and which indicators the project aims to move) or the plans'
    structure (the plan's listing of them) next changes, per project, plan and day."""
    # Numbered as the project's plan lists them; one it does not list, as the measure's own listing.
    day = today()

    def rows():
        return decorate_rows(build_scorecard(listed_or_own(project.plan, project.indicators.all()), today=day).rows)

    # Both versions are read before the data (core.datacache).
    versions = (datacache.data_version(), plans_datacache.structure_version())
    kept = cached("project-indicators", versions, (project.pk, project.plan_id, day), rows, shared=True)
    return {"indicator_rows": kept}
