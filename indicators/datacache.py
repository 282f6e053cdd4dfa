"""The scorecard's data version (core.datacache): its figures are computed once per change of its data.

The scorecard's rows (SPC, ratings, exceptions), its charts and its spreadsheet are kept under this
version, replaced by every write to what a scorecard shows: values, targets, comparators, commentary
and the requests for it, process changes, the indicators themselves and their links (projects,
priorities), each plan's listing of them (ScorecardEntry) and the outcomes and boards they hang
under, the breakdowns an indicator page tabulates, and the accounts named as commentary's writers
(not a sign-in's last_login). Writes through save() and delete() replace it by signal
(connect_signals, at start-up); bulk writes (indicators.values.service, the demo data) call bump().
What is kept under it is kept with core.datacache.cached() and fragment_key().
"""

from core.datacache import DataVersion

VERSION = DataVersion("indicators:data-version")
data_version = VERSION.current
bump = VERSION.bump


def watched_models():
    """Every model whose rows a scorecard figure, rating, chart or text, or an indicator page's table, is made from."""
    from plans.models import ProgrammeBoard, StrategicOutcome

    from .models import (
        Breakdown,
        BreakdownCategory,
        Commentary,
        CommentaryRequest,
        Comparator,
        Indicator,
        IndicatorValue,
        ProcessChange,
        ScorecardEntry,
        Target,
    )

    return [
        Indicator,
        Breakdown,  # the indicator page's breakdown table, by category
        BreakdownCategory,
        ScorecardEntry,  # a plan's numbers, outcomes and boards (indicators.listing)
        IndicatorValue,
        Target,
        Comparator,
        Commentary,
        CommentaryRequest,  # the indicator page's requests for commentary, and the periods open to it
        ProcessChange,
        StrategicOutcome,
        ProgrammeBoard,
    ]


def connect_signals():
    """Replace the data version on every save or delete of a watched model (called once, at start-up)."""
    from django.contrib.auth import get_user_model

    from .models import Commentary, Indicator

    # The links of an indicator (the projects that aim to move it, its priorities) and of a commentary (the
    # projects it names).
    links = [field.remote_field.through for model in (Indicator, Commentary) for field in model._meta.many_to_many]
    # The accounts whose names the rows show as the writers of commentary; signing in saves only last_login.
    user = get_user_model()
    VERSION.watch([*watched_models(), user], links, ignored_fields={user: {"last_login"}})
