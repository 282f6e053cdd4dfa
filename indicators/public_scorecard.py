"""The public scorecard: what anyone may read, without signing in (pages in indicators.views.published).

build_public_scorecard() takes the figures from build_scorecard(), so they agree with the board's own
scorecard, then runs every figure through indicators.suppression and keeps only words: the rows it
returns hold formatted, already suppressed text and nothing else. The page and the CSV file are both
written from these rows, so neither can show a number the rules withhold, and neither ever sees a
numerator, a denominator, a breakdown by category, an SPC verdict, a user's name or commentary not marked public
(commentary is internal unless someone ticks it for publication).
"""

from dataclasses import dataclass, field

from django.db import transaction

from core.downloads import safe_cell

from .listing import listed_indicators
from .models import PUBLICATION_SETTINGS_PK, Commentary, Comparator, Indicator, IndicatorValue, PublicationSettings
from .scorecard import build_scorecard, format_value, group_by_outcome
from .suppression import (
    NO_FIGURE,
    complementary,
    public_direction,
    public_figure,
    public_rag,
    rag_is_withheld,
    withheld_as_complement,
)


@dataclass(frozen=True)
class PublicCommentary:
    period: str
    story: str
    actions: str


@dataclass(frozen=True)
class PublicRow:
    """One published indicator, as text ready to show."""

    number: str
    title: str
    unit: str
    lead_board: str
    latest_period: str
    latest: str
    previous_period: str
    previous: str
    direction: str
    target: str
    rag: str
    rag_key: str  # "red", "amber", "green", "none" or "withheld": how the page colours the words
    comparators: tuple  # ((area label, text), ...) in Comparator.Area order
    commentary: PublicCommentary | None = None
    latest_status: str = ""  # "provisional" (it may still be revised), "final", or "" for no figure
    previous_status: str = ""


@dataclass(frozen=True)
class PublicOutcome:
    number: int
    title: str
    rows: list = field(default_factory=list)


@dataclass(frozen=True)
class PublicScorecard:
    as_at: str  # the month the figures run up to, or "" when there are none
    outcomes: list  # [PublicOutcome], in outcome order

    @property
    def rows(self):
        return [row for outcome in self.outcomes for row in outcome.rows]


def published_indicators(plan):
    """The plan's published indicators as its scorecard lists them (indicators.listing)."""
    return listed_indicators(plan, Indicator.objects.filter(is_published=True))


def build_public_scorecard(plan, *, today=None):
    """The plan's published indicators, grouped by outcome, with every figure suppressed as the rules say."""
    card = build_scorecard(published_indicators(plan), today=today)
    parts = _numerators_and_denominators(card.rows)
    figures = {
        (row.indicator.pk, which): _figure(row, getattr(row, which), parts)
        for row in card.rows
        for which in ("latest", "previous")
    }
    _withhold_complements(card.rows, figures)
    commentaries = _public_commentaries(card.rows)
    outcomes = [
        PublicOutcome(
            number=outcome.number,
            title=outcome.title,
            rows=[_public_row(row, figures, commentaries.get(row.indicator.pk)) for row in rows],
        )
        for outcome, rows in group_by_outcome(card.rows)
    ]
    return PublicScorecard(as_at=card.as_at.label if card.as_at else "", outcomes=outcomes)


def _withhold_complements(rows, figures):
    """Rule 6 of indicators.suppression, for each total's parts on the page, period by period, in place.

    A part counts only by the figures the page shows of it (its latest and previous): a part not
    published, or with no figure shown for a period, is hidden there already.
    """
    groups = {}
    for row in rows:
        if row.indicator.total_group:
            groups.setdefault(row.indicator.total_group.strip().casefold(), []).append(row)
    for members in groups.values():
        shown = {}  # period → {(indicator id, which): (value, suppressed)}
        for row in members:
            for which in ("latest", "previous"):
                figure = getattr(row, which)
                if figure is not None:
                    public = figures[(row.indicator.pk, which)]
                    shown.setdefault(figure.period, {})[(row.indicator.pk, which)] = (
                        figure.value,
                        public.is_suppressed,
                    )
        for seen in shown.values():
            parts = {key[0]: value for key, value in seen.items()}
            for row in members:
                parts.setdefault(row.indicator.pk, (None, False))
            for pk in complementary(parts):
                key = next(key for key in seen if key[0] == pk)
                figures[key] = withheld_as_complement()


def _numerators_and_denominators(rows):
    """{(indicator id, period start, period end): (numerator, denominator)} for each latest and previous figure."""
    wanted = {
        (row.indicator.pk, figure.period.start, figure.period.end)
        for row in rows
        for figure in (row.latest, row.previous)
        if figure is not None
    }
    if not wanted:
        return {}
    values = IndicatorValue.objects.filter(
        indicator_id__in={key[0] for key in wanted},
        period_start__in={key[1] for key in wanted},
        category__isnull=True,
    ).values_list("indicator_id", "period_start", "period_end", "numerator", "denominator")
    return {(pk, start, end): (num, den) for pk, start, end, num, den in values if (pk, start, end) in wanted}


def _public_commentaries(rows):
    """{indicator id: the newest commentary marked public for the row's latest period}: one query."""
    latest = {row.indicator.pk: row.latest.period for row in rows if row.latest}
    if not latest:
        return {}
    found = {}
    commentaries = Commentary.objects.filter(
        indicator_id__in=latest,
        period_start__in={period.start for period in latest.values()},
        is_public=True,
    ).order_by("created_at", "id")
    for commentary in commentaries.only("indicator_id", "period_start", "period_end", "story", "actions"):
        period = latest[commentary.indicator_id]
        if (commentary.period_start, commentary.period_end) == (period.start, period.end):
            found[commentary.indicator_id] = PublicCommentary(period.label, commentary.story, commentary.actions)
    return found


def _figure(row, figure, parts):
    if figure is None:
        return public_figure(None, row.indicator.unit)
    numerator, denominator = parts.get((row.indicator.pk, figure.period.start, figure.period.end), (None, None))
    return public_figure(
        figure.value,
        row.indicator.unit,
        numerator,
        denominator,
        fmt=format_value,
        publish_without_numerator=row.indicator.publish_without_numerator,
    )


def _status(figure):
    """A figure's status in words: "provisional", "final", or "" where there is no figure."""
    if figure is None:
        return ""
    return "provisional" if figure.is_provisional else "final"


def _public_row(row, figures, commentary):
    indicator = row.indicator
    unit = indicator.unit
    latest = figures[(indicator.pk, "latest")]
    previous = figures[(indicator.pk, "previous")]
    direction = row.direction_previous.label if row.direction_previous else None
    rag_label = row.rag.label if row.rag else None
    rag_key = row.rag.value if row.rag else "none"
    if rag_is_withheld(latest):
        rag_key = "withheld"
    return PublicRow(
        number=indicator.number,
        title=indicator.title,
        unit=indicator.get_unit_display(),
        lead_board=indicator.lead_board.name,
        latest_period=row.latest.period.label if row.latest else NO_FIGURE,
        latest=latest.text,
        previous_period=row.previous.period.label if row.previous else NO_FIGURE,
        previous=previous.text,
        direction=public_direction(direction, latest, previous),
        target=format_value(row.target.value, unit) if row.target is not None else NO_FIGURE,
        rag=public_rag(rag_label, latest),
        rag_key=rag_key,
        comparators=tuple(
            (label, format_value(row.comparators.get(area), unit)) for area, label in Comparator.Area.choices
        ),
        commentary=commentary,
        latest_status=_status(row.latest),
        previous_status=_status(row.previous),
    )


# --------------------------------------------------------------------------- choosing what is published


def save_publishing(*, is_enabled, title, introduction, indicators, chosen, user, without_numerator=None):
    """Save the switch, the words and the choice of each of `indicators`: all of it or none of it.

    `chosen` are the indicators to publish; the others among `indicators` are withdrawn. With
    `without_numerator` (indicators), those are marked safe to publish without a numerator and the
    others among `indicators` are not. Each indicator whose choice changes is saved on its own, so its
    history records who published or withdrew it. Returns the number of indicators whose choice changed.
    """
    chosen = {indicator.pk for indicator in chosen}
    safe = None if without_numerator is None else {indicator.pk for indicator in without_numerator}
    with transaction.atomic():
        publication, _ = PublicationSettings.objects.select_for_update().get_or_create(pk=PUBLICATION_SETTINGS_PK)
        publication.is_enabled = is_enabled
        publication.title = title
        publication.introduction = introduction
        publication.updated_by = user
        publication.save()
        changed = 0
        for indicator in Indicator.objects.filter(pk__in=[i.pk for i in indicators]).select_for_update():
            wanted = {"is_published": indicator.pk in chosen}
            if safe is not None:
                wanted["publish_without_numerator"] = indicator.pk in safe
            fields = [name for name, state in wanted.items() if getattr(indicator, name) != state]
            if fields:
                for name in fields:
                    setattr(indicator, name, wanted[name])
                indicator.save(update_fields=fields)
                changed += 1
    return changed


# --------------------------------------------------------------------------- the CSV file

CSV_HEADER = [
    "outcome",
    "indicator",
    "title",
    "unit",
    "lead_board",
    "latest_period",
    "latest",
    "previous_period",
    "previous",
    "direction_of_travel",
    "target",
    "rag",
    *(f"comparator_{area}" for area, _ in Comparator.Area.choices),
    "commentary_period",
    "commentary",
    "actions",
    "latest_status",
    "previous_status",
]


def csv_rows(scorecard):
    """The CSV file's rows after its header: the same public rows as the page, as plain text."""
    for outcome in scorecard.outcomes:
        for row in outcome.rows:
            commentary = row.commentary
            yield [
                safe_cell(str(text))
                for text in (
                    f"{outcome.number}. {outcome.title}",
                    row.number,
                    row.title,
                    row.unit,
                    row.lead_board,
                    row.latest_period,
                    row.latest,
                    row.previous_period,
                    row.previous,
                    row.direction,
                    row.target,
                    row.rag,
                    *(text for _, text in row.comparators),
                    commentary.period if commentary else "",
                    commentary.story if commentary else "",
                    commentary.actions if commentary else "",
                    row.latest_status,
                    row.previous_status,
                )
            ]
