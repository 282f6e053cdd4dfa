"""Dates as the site reads them: "today" in the site's time zone, and calendar-month arithmetic."""

import calendar
import datetime

from django.utils import timezone


def today():
    """Today's date in the site's time zone (settings.TIME_ZONE), never the server's."""
    return timezone.localdate()


def first_day(year, month):
    """The first day of a month; ValueError naming the year for one no date can hold."""
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise ValueError(f"{year} is not a year a period can be in: write a year such as 2018.")
    return datetime.date(year, month, 1)


def month_end(day):
    """The last day of the month of `day`."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day, months):
    """The first day of the month `months` after (or before) the month of `day`."""
    index = day.year * 12 + (day.month - 1) + months
    return first_day(index // 12, index % 12 + 1)


def months_before(moment, months):
    """The same date (or time of day) `months` calendar months earlier; the 31st becomes the month's last day."""
    first = add_months(moment, -months)
    day = min(moment.day, month_end(first).day)
    return moment.replace(year=first.year, month=first.month, day=day)
