"""Figures computed once per change of the scorecard's data, and kept until the data next changes.

The scorecard's rows (SPC, ratings, exceptions), its charts and its spreadsheet take far longer to
compute than to read back. They are kept under a key that begins with the *data version*: a random
token held in the database (the "versions" cache of settings.CACHES, a table every process reads) and
replaced by every write to what a scorecard shows: values, targets, comparators, commentary, process
changes, the indicators themselves, each plan's listing of them (ScorecardEntry) and the outcomes and
boards they hang under. A new token makes every kept result unreachable at once, in every process, so
no page can show a figure older than the data.

- The token is replaced inside the writing transaction, so it changes exactly when the data does; a
  reader reads the token *before* the data, so what it keeps under a token is never older than it.
- Writes through model.save() and delete() replace it by signal (connect_signals, at start-up); bulk
  writes (indicators.values.service, the demo data) call bump() themselves.
- A lost token (a cleared cache table) is simply replaced by a new one: nothing kept is then reachable.
- The computed results are kept in each process's memory: each worker computes each once per version.
"""

import uuid

from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "indicators:data-version"
VERSIONS = "versions"  # the shared, database-held cache of settings.CACHES
MAX_RESULTS = 200  # per process and version: scorecards by filter and month, charts, spreadsheets

_results = {}  # {version: {(kind, parts): result}}, this process's kept results


def data_version():
    """The current data version (a token), made on first use. One query."""
    versions = caches[VERSIONS]
    version = versions.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        # add(), not set(): where two processes make the first token at once, both then read the same one.
        if not versions.add(VERSION_KEY, version, None):
            version = versions.get(VERSION_KEY) or version
    return version


def bump():
    """A new data version: every result kept under the old one is unreachable from now on."""
    caches[VERSIONS].set(VERSION_KEY, uuid.uuid4().hex, None)


def cached(kind, version, parts, compute):
    """compute() once per (kind, version, parts) in this process; the same result after, until a write.

    Results are kept as objects in this process's memory, not pickled into a cache backend: reading
    back a scorecard's rows from pickle costs about as long as a page should take. Only results of the
    current version are kept; the first reader of a new version drops the rest.
    """
    results = _results.get(version)
    if results is None:
        _results.clear()
        results = _results[version] = {}
    key = (kind, repr(parts))
    try:
        return results[key]
    except KeyError:
        pass
    result = compute()
    if len(results) >= MAX_RESULTS:
        results.pop(next(iter(results)), None)  # the oldest
    results[key] = result
    return result


def _changed(sender, raw=False, **kwargs):
    bump()


def watched_models():
    """Every model whose rows a scorecard figure, rating, chart or text is made from."""
    from plans.models import ProgrammeBoard, StrategicOutcome

    from .models import Commentary, Comparator, Indicator, IndicatorValue, ProcessChange, ScorecardEntry, Target

    return [
        Indicator,
        ScorecardEntry,  # a plan's numbers, outcomes and boards (indicators.listing)
        IndicatorValue,
        Target,
        Comparator,
        Commentary,
        ProcessChange,
        StrategicOutcome,
        ProgrammeBoard,
    ]


def connect_signals():
    """Replace the data version on every save or delete of a watched model (called once, at start-up)."""
    for model in watched_models():
        uid = f"indicators.datacache.{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}.delete")
    for through in _watched_through_models():
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"indicators.datacache.{through._meta.label_lower}")


def _watched_through_models():
    from .models import Commentary

    return [field.remote_field.through for field in Commentary._meta.many_to_many]
