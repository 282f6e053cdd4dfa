"""The cache of rendered page fragments: this process's memory first, then a store every process on the machine shares.

Page fragments ({% cache %}, core.datacache.fragment_key) are kept under keys that begin with data versions, so a
fragment is never older than the data it shows, whoever rendered it. Kept in each process's memory alone, each
gunicorn worker rendered every fragment once for itself: four workers, four renders of each indicator page after
any change. TwoLevelCache keeps each fragment in this process's memory (LOCAL, read at no cost) and in a store the
processes share (SHARED, a folder of files: settings.CACHE_DIR): a fragment one worker rendered is read from the
folder by the others, then from their own memory.

- get: LOCAL, else SHARED (then copied into LOCAL), else the default.
- set, add, touch, delete: both. clear: both.
- get_shared, set_shared: SHARED alone, for what a process keeps in its memory its own way (core.datacache.cached,
  which keeps objects, not pickles).
- A folder that cannot be read or written (missing rights, a full disk) never fails a page: the error is logged
  once per process and the fragments are kept in memory alone, as if each process had only its own.

The shared store holds pickles: only the site's own user may write to its folder (Django makes it 0700). It is
Django's file cache, which counts the files of the folder before every write to keep them under MAX_ENTRIES: with
a thousand fragments that count was most of a write's time. SharedFolderCache counts them at most once a minute in
each process; between counts the folder may pass MAX_ENTRIES by what one minute writes.
"""

import base64
import datetime
import logging
import pickle
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connections, router

_MISSING = object()
logger = logging.getLogger(__name__)

COUNT_EVERY_SECONDS = 60


class SharedFolderCache(FileBasedCache):
    """Django's file cache, counting its folder's files (to cull them) at most once every COUNT_EVERY_SECONDS."""

    def __init__(self, directory, params):
        super().__init__(directory, params)
        self._counted_at = None

    def _cull(self):
        now = time.monotonic()
        if self._counted_at is not None and now - self._counted_at < COUNT_EVERY_SECONDS:
            return
        self._counted_at = now
        super()._cull()


class VersionTokenCache(DatabaseCache):
    """Django's database cache, for the data versions' tokens (core.datacache): a token that never expires is
    written in one statement.

    Django's set() counts the table's rows (to cull them), then reads the key and updates or inserts it inside a
    savepoint: five statements on every write of the site's data that replaces a token. The table holds one row a
    version, none of which expires, so there is nothing to cull, and "insert, or update the row the key already
    has" is one statement on SQLite and PostgreSQL. Other databases, and a token with a timeout, take Django's way.
    """

    UPSERT_VENDORS = ("sqlite", "postgresql")

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        timeout = self.get_backend_timeout(timeout)
        connection = connections[router.db_for_write(self.cache_model_class)]
        if timeout is not None or connection.vendor not in self.UPSERT_VENDORS:
            return super().set(key, value, timeout, version=version)
        key = self.make_and_validate_key(key, version=version)
        quote = connection.ops.quote_name
        table, cache_key, column, expires = (quote(name) for name in (self._table, "cache_key", "value", "expires"))
        never = datetime.datetime.max.replace(microsecond=0, tzinfo=datetime.UTC if settings.USE_TZ else None)
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({cache_key}, {column}, {expires}) VALUES (%s, %s, %s) "  # noqa: S608 - names quoted
                f"ON CONFLICT ({cache_key}) DO UPDATE SET {column} = excluded.{column}, {expires} = excluded.{expires}",
                [key, encoded, connection.ops.adapt_datetimefield_value(never)],
            )
        return None


class TwoLevelCache(BaseCache):
    """A cache backend over two others, named by alias in OPTIONS: LOCAL (read first) and SHARED."""

    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._local = options["LOCAL"]
        self._shared = options["SHARED"]
        self._warned = False  # that the shared store cannot be used, once

    @property
    def local(self):
        return caches[self._local]

    @property
    def shared(self):
        return caches[self._shared]

    def _on_shared(self, action, *args, default=None, **kwargs):
        """action(*args, **kwargs) on the shared store; `default` if the store cannot be used."""
        try:
            return getattr(self.shared, action)(*args, **kwargs)
        except OSError as error:
            if not self._warned:
                self._warned = True
                logger.warning("Page fragments are kept in memory only: the shared folder cannot be used (%s).", error)
            return default

    def get(self, key, default=None, version=None):
        value = self.local.get(key, _MISSING, version=version)
        if value is not _MISSING:
            return value
        value = self._on_shared("get", key, _MISSING, version=version, default=_MISSING)
        if value is _MISSING:
            return default
        self.local.set(key, value, version=version)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.local.set(key, value, timeout, version=version)
        self._on_shared("set", key, value, timeout, version=version)

    def get_shared(self, key, default=None):
        """The value in the shared store alone (this process's memory is not read, nor filled)."""
        return self._on_shared("get", key, default, default=default)

    def set_shared(self, key, value, timeout=DEFAULT_TIMEOUT):
        """Keep the value in the shared store alone."""
        self._on_shared("set", key, value, timeout)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self.has_key(key, version=version):
            return False
        self.set(key, value, timeout, version=version)
        return True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        touched_here = self.local.touch(key, timeout, version=version)
        return self._on_shared("touch", key, timeout, version=version, default=False) or touched_here

    def has_key(self, key, version=None):
        return self.local.has_key(key, version=version) or self._on_shared(
            "has_key", key, version=version, default=False
        )

    def delete(self, key, version=None):
        deleted_here = self.local.delete(key, version=version)
        return self._on_shared("delete", key, version=version, default=False) or deleted_here

    def clear(self):
        self.local.clear()
        self._on_shared("clear")

    def close(self, **kwargs):
        self.local.close(**kwargs)
        self._on_shared("close", **kwargs)
