"""Reading commentary with its versions: every save of a commentary is a version, kept by simple-history."""

from collections import defaultdict

from .models import Commentary


def with_versions(commentaries):
    """The commentaries (a queryset or list), each given `versions`: its history rows oldest first, each
    numbered (`number`, from 1) with its writer's name (`writer`). Two queries, however many commentaries."""
    commentaries = list(commentaries)
    by_id = defaultdict(list)
    rows = (
        Commentary.history.filter(id__in=[c.pk for c in commentaries])
        .exclude(history_type="-")
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    for row in rows:
        by_id[row.id].append(row)
    for commentary in commentaries:
        versions = by_id.get(commentary.pk, [])
        for number, version in enumerate(versions, start=1):
            version.number = number
            version.writer = writer_name(version.history_user)
        commentary.versions = versions
        commentary.latest_version = versions[-1] if versions else None
        commentary.earlier_versions = list(reversed(versions[:-1]))
    return commentaries


def writer_name(user):
    """How a version's writer is named on the page: their full name, else their sign-in name."""
    if user is None:
        return "someone"
    return user.get_full_name() or user.get_username()
