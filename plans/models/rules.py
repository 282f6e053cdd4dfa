"""The business plan's date rules as query filters: overdue and due soon.

Every page, count, export and reminder asks these two functions, so the rule is written once.
"""

import datetime

from django.db.models import Q


def first_of_month(day):
    return day.replace(day=1)


def end_of_month(day):
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def overdue_q(today, prefix=""):
    """The overdue rule as a filter: the activity's current due month has ended and it is not complete.

    The current due month is the revised one where the timescale was revised, else the original.
    Due dates are held as the first day of a month, so "the month has ended" means the due date
    falls before the first day of today's month. `prefix` lets a project query ask about its
    activities ("activities__").
    """
    cutoff = first_of_month(today)
    revised_past = Q(**{f"{prefix}revised_due__lt": cutoff})
    original_past = Q(**{f"{prefix}revised_due__isnull": True, f"{prefix}due__lt": cutoff})
    return (revised_past | original_past) & ~Q(**{f"{prefix}status": "complete"})


def due_soon_q(today, days, prefix=""):
    """Not complete, and the current due month ends (its deadline falls) within `days` days from today.

    An activity due "Jun-18" has until 30 June 2018; it is due soon from 16 June when `days` is 14.
    """
    months = []
    month = first_of_month(today)
    while end_of_month(month) <= today + datetime.timedelta(days=days):
        months.append(month)
        month = end_of_month(month) + datetime.timedelta(days=1)
    revised = Q(**{f"{prefix}revised_due__in": months})
    original = Q(**{f"{prefix}revised_due__isnull": True, f"{prefix}due__in": months})
    return (revised | original) & ~Q(**{f"{prefix}status": "complete"})
