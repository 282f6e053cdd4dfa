"""What the value entry tests share: its periods, reading the grid's boxes and errors, the stored values."""

import datetime
from html.parser import HTMLParser

from indicators.models import BreakdownCategory, Indicator, IndicatorValue

ENTRY = "/scorecard/entry/"
APRIL = {"start": datetime.date(2018, 4, 1), "end": datetime.date(2018, 4, 30)}
Q1 = {"start": datetime.date(2018, 4, 1), "end": datetime.date(2018, 6, 30)}
YEAR = {"start": datetime.date(2018, 4, 1), "end": datetime.date(2019, 3, 31)}

MONTHLY_NUMBERS = [str(n) for n in range(1, 23)]
ANNUAL_NUMBERS = ["23", "24", "25", "26", "56a"]


# --------------------------------------------------------------------------- helpers


class Elements(HTMLParser):
    """Every element with an id: {id: (tag, attrs, text inside it)}. Enough to check one cell of the grid."""

    VOID = {"input", "br", "img", "meta", "link", "hr", "col", "source"}

    def __init__(self, html):
        super().__init__()
        self.by_id = {}
        self.labels = {}
        self._open = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.VOID:
            if "id" in attrs:
                self.by_id[attrs["id"]] = (tag, attrs, "")
            return
        self._open.append([tag, attrs, []])

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self._open:
            open_tag, attrs, text = self._open.pop()
            joined = " ".join(" ".join(text).split())
            if self._open:
                self._open[-1][2].append(joined)
            if "id" in attrs:
                self.by_id[attrs["id"]] = (open_tag, attrs, joined)
            if open_tag == "label" and "for" in attrs:
                self.labels[attrs["for"]] = joined
            if open_tag == "textarea" and "id" in attrs:
                self.by_id[attrs["id"]] = (open_tag, {**attrs, "value": " ".join(text)}, joined)
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self._open:
            self._open[-1][2].append(data)


def page(response):
    return Elements(response.content.decode())


def ind(number):
    return Indicator.objects.select_related("breakdown").get(plan__code="2018-19", number=number)


def category(breakdown, name):
    return BreakdownCategory.objects.get(breakdown__name=breakdown, name=name)


def field(indicator, part="value", cat=None):
    """The grid's name for a box, as the page writes it: i<indicator id>-<category id or all>-<part>."""
    return f"i{indicator.pk}-{cat.pk if cat else 'all'}-{part}"


def note_field(indicator):
    return f"i{indicator.pk}-note"


def url(period, board=None):
    params = f"?period={period}"
    if board is not None:
        params += f"&board={board.pk}"
    return ENTRY + params


def values_in(period):
    return IndicatorValue.objects.filter(period_start=period["start"], period_end=period["end"])


def stored(indicator, period, cat=None):
    return values_in(period).get(indicator=indicator, category=cat)


def row_numbers(response):
    return [row.indicator.number for row in response.context["grid"].rows]


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def assert_cell_error(response, name, message, typed):
    """The box keeps what was typed, is marked invalid, and its error (linked by aria-describedby) is beside it."""
    elements = page(response)
    box_id = f"id_{name}"
    _, attrs, _ = elements.by_id[box_id]
    assert attrs.get("value", "") == typed
    assert attrs.get("aria-invalid") == "true"
    error_id = f"{box_id}_error"
    assert error_id in attrs.get("aria-describedby", "").split()
    _, _, error_text = elements.by_id[error_id]
    assert message in error_text
    # The error summary at the top links to the box.
    summary = response.context["error_summary"]
    assert any(anchor == box_id and message in text for anchor, text in summary)
    assert f'href="#{box_id}"' in response.content.decode()
