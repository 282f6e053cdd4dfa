"""What the published scorecard's tests share: its addresses, the figures it shows, reading its page and CSV."""

import csv
import datetime
import io
import re
from decimal import Decimal
from html.parser import HTMLParser

from indicators.models import IndicatorValue
from indicators.periods import Period
from tests.indicators.factories import ComparatorFactory

PAGE = "/published/"
CSV_URL = "/published/scorecard.csv"
PUBLISHING = "/scorecard/publishing/"
SIGN_IN = "/accounts/login/"

MAY = Period.month(2018, 5)
JUNE = Period.month(2018, 6)


# --------------------------------------------------------------------------- figures for the page tests


def put(indicator, period, value, numerator=None, denominator=None):
    return IndicatorValue.objects.create(
        indicator=indicator,
        period_start=period.start,
        period_end=period.end,
        value=Decimal(value),
        numerator=None if numerator is None else Decimal(numerator),
        denominator=None if denominator is None else Decimal(denominator),
    )


def year_target(indicator, value, tolerance="0"):
    indicator.targets.create(
        period_start=datetime.date(2018, 4, 1),
        period_end=datetime.date(2019, 3, 31),
        value=Decimal(value),
        tolerance=Decimal(tolerance),
    )


def england(indicator, period, value):
    ComparatorFactory(indicator=indicator, period_start=period.start, period_end=period.end, value=Decimal(value))


PUBLISHED = {"1", "2", "14", "16", "17", "58"}


class PageText(HTMLParser):
    """The visible text and every link of a page."""

    def __init__(self):
        super().__init__()
        self.hrefs = []
        self.parts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    @property
    def text(self):
        return re.sub(r"\s+", " ", "".join(self.parts))


def read_page(response):
    parser = PageText()
    parser.feed(response.content.decode())
    parser.close()
    return parser


def read_csv(response):
    assert response.content.startswith("\ufeff".encode()), "a CSV download starts with a byte-order mark"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def csv_row(rows, number):
    header = rows[0]
    [row] = [row for row in rows[1:] if row[header.index("indicator")] == number]
    return dict(zip(header, row, strict=True))
