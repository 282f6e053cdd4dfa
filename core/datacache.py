"""Results computed once per change of the data they are made from, and kept until that data next changes.

A page's heavy parts (a scorecard's SPC, a plan's progress, a rendered table) take far longer to compute
than to read back. Each is kept under a key that begins with a *data version*: a random token held in the
database (the "versions" cache of settings.CACHES, a table every process reads) and replaced by every
write to the models it watches. A new token makes every result kept under the old one unreachable at
once, in every process, so no page can show a figure older than the data. Each app names its own
version and the models behind it (indicators.datacache, plans.datacache).

- The token is replaced inside the writing transaction, so it changes exactly when the data does; a
  reader reads the token *before* the data, so what it keeps under a token is never older than it.
- Writes through model.save() and delete() replace it by signal (DataVersion.watch, at start-up);
  bulk writes (QuerySet.update, bulk_create) send no signal and call bump() themselves.
- A lost token (a cleared cache table) is simply replaced by a new one: nothing kept is then reachable.
- Computed results (cached()) are kept in each process's memory: each worker computes each once per
  version. A small result (one indicator's or one project's) may also be kept, pickled, in the store every
  process on the machine shares (shared=True; core.cache): a worker that has not computed it reads what
  another did, instead of computing it again. Rendered fragments are kept with the template's {% cache %}
  tag under fragment_key(), in this process's memory and in a folder every process on the machine reads
  (core.cache).
- Within a request (versions_per_request, a middleware), the first token read reads every app's token in
  one query, and the request keeps them: a page that reads three versions, or one version twice, makes one
  query. That is as safe as reading each when it is needed, since each is still read before the data it
  keys. A write in the request (bump) drops what the request kept, so it reads the new tokens after.
- Within one transaction, a token replaced and not read since is not replaced again by the next write
  (a fixture's or a restore's thousands of rows, an update of a project and its activities): until the
  commit no other connection sees the new token, and nothing here has kept a result under it. A token read
  in the transaction, or one whose replacement was rolled back (with a savepoint or the whole
  transaction), is replaced again by the next write.
"""

import contextvars
import hashlib
import threading
import uuid

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db import connections, router
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import get_script_prefix

VERSIONS = "versions"  # the shared, database-held cache of settings.CACHES
MAX_RESULTS = 200  # per process and kind: scorecards by filter and month, charts, spreadsheets
SHARED_TIMEOUT = 86_400  # seconds a result shared between processes is kept (the keys change with the data)

_results = {}  # {kind: (version, {parts: result})}, this process's kept results
_versions = {}  # {key: DataVersion}, every version the apps declare
_request_tokens = contextvars.ContextVar("data_version_tokens", default=None)  # {key: token} inside a request
_unread = threading.local()  # .markers: {key: _Replaced}, this thread's tokens replaced in its open transaction


class _Replaced:
    """A token replaced in the open transaction and not read since: an on_commit callback that does nothing.

    Django drops the callbacks of a transaction or savepoint that is rolled back, so while this one is still
    waiting in the connection's list, the replacement it stands for has not been undone.
    """

    def __call__(self):
        pass


class DataVersion:
    """A token replaced by every write to the models it watches."""

    def __init__(self, key):
        self.key = key
        self._ignored_fields = {}
        _versions[key] = self

    def current(self):
        """The current token, made on first use. One query; inside a request, one query for every version."""
        _markers().pop(self.key, None)  # read: the next write replaces it again
        kept = _request_tokens.get()
        if kept is None:
            return self._read()
        if not kept:
            kept.update(caches[VERSIONS].get_many(list(_versions)))
            kept[_READ] = True
        if self.key not in kept:
            kept[self.key] = self._read()  # not made yet
        return kept[self.key]

    def _read(self):
        versions = caches[VERSIONS]
        version = versions.get(self.key)
        if version is None:
            version = uuid.uuid4().hex
            # add(), not set(): where two processes make the first token at once, both then read the same one.
            if not versions.add(self.key, version, None):
                version = versions.get(self.key) or version
        return version

    def bump(self):
        """A new token: every result kept under the old one is unreachable from now on.

        Not again in the same transaction while the token it made there has not been read (see above).
        """
        versions = caches[VERSIONS]
        database = connections[router.db_for_write(versions.cache_model_class)]
        markers = _markers()
        marker = markers.get(self.key)
        # Django keeps each on_commit callback as (savepoint ids, callback, robust) until the commit.
        if marker is not None and any(waiting[1] is marker for waiting in database.run_on_commit):
            return
        versions.set(self.key, uuid.uuid4().hex, None)
        kept = _request_tokens.get()
        if kept is not None:
            kept.clear()  # the request reads the tokens again, after its write
        if database.in_atomic_block:
            markers[self.key] = marker = _Replaced()
            database.on_commit(marker)
        else:
            markers.pop(self.key, None)

    def changed(self, sender, **kwargs):
        """A signal receiver: a new token."""
        self.bump()

    def saved(self, sender, update_fields=None, **kwargs):
        """A post_save receiver: a new token, unless the save wrote only fields this version ignores."""
        ignored = self._ignored_fields.get(sender)
        if ignored and update_fields is not None and set(update_fields) <= ignored:
            return
        self.bump()

    def watch(self, models, through_models=(), ignored_fields=None):
        """Replace the token on every save or delete of `models`, and every change of `through_models`' rows.

        `ignored_fields` ({model: {field name, ...}}) names, for some of `models`, fields that nothing made
        under this version shows: a save(update_fields=...) that writes only those leaves the token as it
        is. Any other save of the model, update_fields or not, replaces it.
        """
        for model, fields in (ignored_fields or {}).items():
            self._ignored_fields.setdefault(model, set()).update(fields)
        for model in models:
            uid = f"{self.key}.{model._meta.label_lower}"
            post_save.connect(self.saved, sender=model, weak=False, dispatch_uid=f"{uid}.save")
            post_delete.connect(self.changed, sender=model, weak=False, dispatch_uid=f"{uid}.delete")
        for through in through_models:
            m2m_changed.connect(
                self.changed, sender=through, weak=False, dispatch_uid=f"{self.key}.{through._meta.label_lower}"
            )


_READ = object()  # marks a request's tokens as read


def _markers():
    try:
        return _unread.markers
    except AttributeError:
        _unread.markers = {}
        return _unread.markers


def versions_per_request(get_response):
    """Middleware: the data versions a request reads are read once, together, and kept for that request."""

    def middleware(request):
        reset = _request_tokens.set({})
        try:
            return get_response(request)
        finally:
            _request_tokens.reset(reset)

    return middleware


def cached(kind, version, parts, compute, *, shared=False):
    """compute() once per (kind, version, parts) in this process; the same result after, until a write.

    `version` is a token, or a tuple of tokens for a result made from several apps' data. Results are
    kept as objects in this process's memory, not pickled into a cache backend: reading back a
    scorecard's rows from pickle costs about as long as a page should take. Of each kind only the
    results of the current version are kept; the first reader of a new version drops the rest.

    With `shared`, a result this process does not hold is looked for in the store the processes share
    (the default cache's shared level, core.cache) before it is computed, and one computed here is kept
    there too: for results small enough that reading one back costs far less than computing it (one
    indicator's rows, tables and commentary; one project's). The key holds the version, so no process
    reads a result older than the data.
    """
    kept_version, results = _results.get(kind, (None, None))
    if kept_version != version:
        results = {}
        _results[kind] = (version, results)
    key = repr(parts)
    try:
        return results[key]
    except KeyError:
        pass
    result = _computed_or_shared(kind, version, key, compute) if shared else compute()
    if len(results) >= MAX_RESULTS:
        results.pop(next(iter(results)), None)  # the oldest
    results[key] = result
    return result


def _computed_or_shared(kind, version, key, compute):
    """The result another process kept in the shared store, else compute() kept there for the others."""
    store = caches[DEFAULT_CACHE_ALIAS]
    get, put = getattr(store, "get_shared", store.get), getattr(store, "set_shared", store.set)
    name = "kept:" + hashlib.sha256(f"{kind}|{version!r}|{key}".encode()).hexdigest()
    result = get(name, _NOT_KEPT)
    if result is _NOT_KEPT:
        result = compute()
        put(name, result, SHARED_TIMEOUT)
    return result


_NOT_KEPT = object()


def forget_kept():
    """Drop every result this process keeps (cached()), so that each is computed again on its next use."""
    _results.clear()


def fragment_key(*parts):
    """A key for a rendered fragment kept with {% cache %}: the data versions and what else it depends on.

    The URL prefix is always part of it: the same plan is read at / and at /plans/<code>/, and the
    links inside a fragment carry the prefix of the page they were rendered for.
    """
    return ":".join([*(str(part) for part in parts), get_script_prefix()])
