"""Board meetings the papers know of: the dates packs were made or asked for.

Registered with indicators.curve in PapersConfig.ready(), so that commentary can be due before the
next meeting without indicators importing papers.
"""

from .models import BoardPack, BoardPackRequest


def meeting_dates(plan, on_or_after):
    """The meeting dates of the plan's packs and pack requests on or after a day."""
    packs = BoardPack.objects.filter(plan=plan, meeting_date__gte=on_or_after).values_list("meeting_date", flat=True)
    asked = BoardPackRequest.objects.filter(plan=plan, meeting_date__gte=on_or_after).values_list(
        "meeting_date", flat=True
    )
    return set(packs) | set(asked)
